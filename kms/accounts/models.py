from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

AVATAR_MAX_BYTES = 2 * 1024 * 1024

# Languages people in the network commonly speak; names are translated by Django's own catalogs.
SPOKEN_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("nl", _("Dutch")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("de", _("German")),
    ("pt", _("Portuguese")),
    ("am", _("Amharic")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("ha", _("Hausa")),
    ("wo", _("Wolof")),
    ("ff", _("Fula")),
]


def validate_avatar_size(image):
    if image.size > AVATAR_MAX_BYTES:
        raise ValidationError(_("The picture is larger than 2 MB; please choose a smaller one."))


class Profile(models.Model):
    """What members tell each other about themselves; one per user, created with the user."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    organisation = models.ForeignKey(
        "taxonomy.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("organisation"),
    )
    organisation_other = models.CharField(
        _("other organisation"), max_length=200, blank=True, help_text=_("If your organisation is not in the list.")
    )
    country = models.ForeignKey(
        "taxonomy.Country", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("country")
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    avatar = models.ImageField(_("picture"), upload_to="avatars/", blank=True, validators=[validate_avatar_size])

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.display_name or public_name(self.user)

    @property
    def organisation_name(self):
        return self.organisation.name if self.organisation else self.organisation_other

    def language_names(self):
        labels = dict(SPOKEN_LANGUAGES)
        return [labels[code] for code in self.languages if code in labels]


def public_name(user):
    """What others see of a person who gave no display name: their full name, else "Member <number>".

    Never the email address or the username allauth derives from it: both would publish the
    start of a private address.
    """
    return user.get_full_name() or gettext("Member %(number)s") % {"number": user.pk}


def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


class ResearcherRequest(models.Model):
    """A member asking for the researcher role (drafting publications in the research section), and staff's answer.

    Decided in the admin (kms.accounts.researchers); the member is told by email in the language they asked in.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="researcher_requests", verbose_name=_("user")
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    reason = models.TextField(_("reason"), max_length=2000)
    language = models.CharField(_("language"), max_length=8, default="en", editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    note = models.TextField(_("note to the member"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("researcher request")
        verbose_name_plural = _("researcher requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_researcher_request"
            )
        ]

    def __str__(self):
        return f"{public_name(self.user)} · {self.get_status_display()}"
