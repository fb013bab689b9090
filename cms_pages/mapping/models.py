"""A service: what an organisation offers, where, for whom and in which languages.

The public "who does what where" pages, the map and the open data read these rows; staff edit
them in the admin, and people staff trust for an organisation (OrganisationEditor) keep that
organisation's services up to date from the public site.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kms.accounts.models import SPOKEN_LANGUAGES
from kms.taxonomy.models import LANGUAGE_CODES, TranslatedNameMixin

from .choices import THEME_OF_TYPE, ContactChannel, PopulationGroup, ServiceType, Status


@deconstructible
class CodeListValidator:
    """A JSON list whose every item is one of a controlled list's codes."""

    def __init__(self, choices, message):
        self.choices, self.message = choices, message

    def __call__(self, value):
        allowed = {code for code, _label in self.choices}
        if not isinstance(value, list) or any(code not in allowed for code in value):
            raise ValidationError(self.message)

    def __eq__(self, other):
        return isinstance(other, CodeListValidator) and self.choices == other.choices


validate_population_groups = CodeListValidator(PopulationGroup.choices, _("Choose population groups from the list."))
validate_languages = CodeListValidator(SPOKEN_LANGUAGES, _("Choose languages from the list."))


class ServiceQuerySet(models.QuerySet):
    def public(self):
        """What the public pages and open data show: every status (an ended service stays on record)."""
        return self.select_related("organisation", "country", "country__region")

    def for_population_group(self, code):
        # A JSON list of codes: matching the quoted code works alike on PostgreSQL and SQLite.
        return self.filter(population_groups__icontains=f'"{code}"')

    def speaking(self, code):
        return self.filter(languages__icontains=f'"{code}"')


class Service(TranslatedNameMixin):
    organisation = models.ForeignKey(
        "taxonomy.Organisation", on_delete=models.PROTECT, related_name="services", verbose_name=_("organisation")
    )
    service_type = models.CharField(_("type of service"), max_length=40, choices=ServiceType.choices)
    country = models.ForeignKey(
        "taxonomy.Country", on_delete=models.PROTECT, related_name="services", verbose_name=_("country")
    )
    place_en = models.CharField(_("governorate or city (English)"), max_length=120, blank=True)
    place_fr = models.CharField(_("governorate or city (French)"), max_length=120, blank=True)
    place_ar = models.CharField(_("governorate or city (Arabic)"), max_length=120, blank=True)
    place_nl = models.CharField(_("governorate or city (Dutch)"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, from -90 to 90 (north is positive)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, from -180 to 180 (east is positive)."),
    )
    population_groups = models.JSONField(
        _("population groups"), default=list, blank=True, validators=[validate_population_groups]
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True, validators=[validate_languages])
    contact_channel = models.CharField(_("contact channel"), max_length=20, choices=ContactChannel.choices)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("A public phone number, address or web page.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["country__name_en", "place_en", "name_en"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            errors[field] = _("Give both the latitude and the longitude, or neither.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("mapping:detail", kwargs={"pk": self.pk})

    @property
    def place(self):
        code = (get_language() or "en").split("-")[0]
        value = getattr(self, f"place_{code}", "") if code in LANGUAGE_CODES else ""
        return value or self.place_en

    @property
    def theme_slug(self):
        return THEME_OF_TYPE[self.service_type]

    def population_group_labels(self):
        labels = dict(PopulationGroup.choices)
        return [labels[code] for code in self.population_groups if code in labels]

    def language_labels(self):
        labels = dict(SPOKEN_LANGUAGES)
        return [labels[code] for code in self.languages if code in labels]


class OrganisationEditor(models.Model):
    """A person staff trust to keep one organisation's services up to date.

    Granted by staff, never by the person: the organisation on a member's profile is their own
    word, so it does not by itself let them edit that organisation's services.
    """

    organisation = models.ForeignKey(
        "taxonomy.Organisation",
        on_delete=models.CASCADE,
        related_name="service_editors",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="service_organisations",
        verbose_name=_("person"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_editor_grant_per_organisation")
        ]
        verbose_name = _("service editor")
        verbose_name_plural = _("service editors")

    def __str__(self):
        return f"{self.user} — {self.organisation}"
