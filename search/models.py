import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexingFailure(models.Model):
    """The latest engine failures seen by indexing tasks, for `search_index status` and editors."""

    key = models.CharField(max_length=100)
    error = models.TextField()
    attempt = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


def new_feed_token():
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """A search a person asked to follow: new matches reach them by email digest and by a private feed.

    `query` holds the search page's parameters, normalised (sorted, no paging), so the same search saved
    twice is one row. The audiences are never stored: every run uses the owner's audiences at that
    moment, so a revoked membership stops results from leaking.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    SEEN_IDS_KEPT = 500

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(max_length=2000, help_text="Normalised urlencoded search parameters, no page.")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, help_text="Site language when saved.")
    frequency = models.CharField(
        _("email frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    active = models.BooleanField(default=True, help_text="False once unsubscribed from the emails.")
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True, help_text="The last digest run that checked it.")
    last_sent_at = models.DateTimeField(null=True, blank=True)
    seen_until = models.DateTimeField(default=timezone.now, help_text="Matches dated a day before are not new.")
    seen_ids = models.JSONField(default=list, blank=True, help_text="Record ids already announced, capped.")
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "query"], name="saved_search_unique_per_user")]
        indexes = [models.Index(fields=["frequency", "active", "checked_at"])]

    def __str__(self):
        return self.name
