import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
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


class Concept(models.Model):
    """A concept of the field with its names in each site language: a query naming it also finds the others.

    The reviewed list in search/data/thesaurus.json is copied in after migrate; staff add and edit
    concepts in the admin. Each language holds one name per line, the preferred name first, then the
    acronyms and variants. `search.thesaurus` reads these rows (cached until one is saved or deleted).
    """

    LANGUAGES = ("en", "fr", "ar", "nl")
    MAX_LABEL_CHARS = 200
    LABELS_HELP = _("One name per line: the preferred name first, then acronyms and variants.")

    key = models.SlugField(
        _("identifier"), max_length=100, unique=True, help_text=_("A short English name in lower case, with hyphens.")
    )
    labels_en = models.TextField(_("names in English"), help_text=LABELS_HELP)
    labels_fr = models.TextField(_("names in French"), help_text=LABELS_HELP)
    labels_ar = models.TextField(_("names in Arabic"), help_text=LABELS_HELP)
    labels_nl = models.TextField(_("names in Dutch"), help_text=LABELS_HELP)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("thesaurus concept")
        verbose_name_plural = _("thesaurus concepts")

    def __str__(self):
        return next(iter(self.labels("en")), self.key)

    def labels(self, language):
        """The names in `language`, preferred first, without blank lines or repeats."""
        names = (line.strip() for line in getattr(self, f"labels_{language}").splitlines())
        return list(dict.fromkeys(name for name in names if name))

    def clean(self):
        from . import textanalysis

        errors = {}
        for language in self.LANGUAGES:
            field = f"labels_{language}"
            labels = self.labels(language)
            if not labels:
                errors[field] = _("Give at least one name in this language.")
                continue
            too_long = [label for label in labels if len(label) > self.MAX_LABEL_CHARS]
            unsearchable = [label for label in labels if not textanalysis.analyze(label, language)]
            if too_long:
                errors[field] = _("A name has at most %(count)d characters: “%(name)s…”.") % {
                    "count": self.MAX_LABEL_CHARS,
                    "name": too_long[0][:40],
                }
            elif unsearchable:
                errors[field] = _("“%(name)s” has no word a search can match (only common words or signs).") % {
                    "name": unsearchable[0]
                }
            else:
                setattr(self, field, "\n".join(labels))
        if errors:
            raise ValidationError(errors)
