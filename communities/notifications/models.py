from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_LESSON = "new_lesson", _("New lesson")
    REPLY = "reply", _("Reply")
    MEMBERSHIP_DECISION = "membership_decision", _("Membership decision")
    MODERATION_OUTCOME = "moderation_outcome", _("Moderation outcome")
    REVIEW_REQUESTED = "review_requested", _("Lesson waiting for review")
    POST_FLAGGED = "post_flagged", _("Message flagged")
    JOIN_REQUESTED = "join_requested", _("Request to join")
    REVIEW_REMINDER = "review_reminder", _("Reminder of what waits for review")
    MENTIONED = "mentioned", _("Mentioned you")
    FOLLOWED_REPLY = "followed_reply", _("New reply in a discussion you follow")


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("Email me each time")
    WEEKLY = "weekly", _("One weekly digest email")
    OFF = "off", _("No email (notifications in the site only)")


class Notification(models.Model):
    """One thing one person should know about, shown in the site and emailed as they chose.

    An event, not a text: what happened (`kind`), who did it (`actor`), what it is about
    (`target`: a lesson, reply, flag or membership), where (`community`) and the facts of the
    moment (`data`: an outcome, a reason). The words are written when someone reads it, in
    the reader's language (see rendering.py): the site in the page's language, an email in
    the recipient's. `subject` and `body` hold a ready text only for notifications made
    before events (kept as they were written, in `language`) or given as text by a caller.
    """

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("To send now")
        DIGEST = "digest", _("Waiting for the weekly digest")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        OFF = "off", _("Not emailed (turned off)")
        NO_ADDRESS = "no_address", _("Not emailed (no verified address)")
        FAILED = "failed", _("Could not be sent")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(default=dict, blank=True)
    # Makes a notification once only: a second one with the same key for the same person is not made.
    key = models.CharField(max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(max_length=5)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=20, choices=Email.choices, default=Email.OFF)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey("Digest", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email", "recipient"], name="notification_email_queue"),
            models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="one_notification_per_key"
            )
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.subject or f"{self.kind} #{self.pk}"

    @property
    def is_event(self):
        """Made from references (written when read), rather than a stored text."""
        return not self.subject

    @property
    def is_unread(self):
        return self.read_at is None


class Digest(models.Model):
    """One weekly email to one person; each notification belongs to at most one digest."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=5)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")

    def __str__(self):
        return f"{self.recipient} · {self.created_at:%Y-%m-%d}"


class NotificationPreference(models.Model):
    """How one person wants to hear about community activity, and in which language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(_("emails"), max_length=20, choices=EmailChoice.choices, default=EmailChoice.IMMEDIATE)
    language = models.CharField(
        _("language of emails"),
        max_length=5,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to use the language you last used on the site."),
    )
    last_language = models.CharField(max_length=5, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user} · {self.email}"


class CommunityPreference(models.Model):
    """A person's choice for one community, overriding their general choice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_notification_preferences"
    )
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    email = models.CharField(_("emails"), max_length=20, choices=EmailChoice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="one_notification_choice_per_community")
        ]
        verbose_name = _("community notification preference")
        verbose_name_plural = _("community notification preferences")

    def __str__(self):
        return f"{self.user} · {self.community_id} · {self.email}"
