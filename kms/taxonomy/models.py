"""The shared vocabulary every app tags content with: regions, countries, themes, organisations.

Names are stored once per site language (en, fr, ar, nl) on the row itself, so a
country or theme keeps one identity that every app and the search index refer
to, while readers see it in their own language.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.search import index

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class TranslatedNameMixin(models.Model):
    """A name in each site language; `name` answers in the active language."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200, blank=True)

    # The English name fills in the slug as it is typed, as a page's title does (models with no slug ignore it).
    name_panels = [
        MultiFieldPanel(
            [
                TitleFieldPanel("name_en", targets=["slug"], placeholder=None, classname=""),
                FieldPanel("name_fr"),
                FieldPanel("name_ar"),
                FieldPanel("name_nl"),
            ],
            heading=_("Names"),
        )
    ]

    class Meta:
        abstract = True

    def name_in(self, language):
        """The name in `language`, falling back to English when no translation is stored."""
        code = (language or "en").split("-")[0]
        value = getattr(self, f"name_{code}", "") if code in LANGUAGE_CODES else ""
        return value or self.name_en

    @property
    def name(self):
        return self.name_in(get_language())

    def __str__(self):
        return self.name


def _slug():
    return models.SlugField(
        _("slug"), unique=True, help_text=_("The name as it appears in web addresses; filled in from the English name.")
    )


# The order of a row no editor has placed: after the placed ones, by name (a new theme no longer comes first).
UNPLACED = 1000


def _sort_order():
    return models.PositiveSmallIntegerField(
        _("sort order"), default=UNPLACED, help_text=_("Lower numbers come first; those left at 1000 follow, by name.")
    )


# Strings, not expressions: modelcluster sorts a page's chosen themes in memory by these names.
BY_ORDER_THEN_NAME = ["sort_order", "name_en"]


class Region(TranslatedNameMixin):
    slug = _slug()
    sort_order = _sort_order()

    panels = [*TranslatedNameMixin.name_panels, FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = BY_ORDER_THEN_NAME
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Country(index.Indexed, TranslatedNameMixin):
    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region"))

    panels = [FieldPanel("code"), FieldPanel("region"), *TranslatedNameMixin.name_panels]
    search_fields = [index.SearchField("name_en"), index.SearchField("name_fr"), index.FilterField("code")]

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class Theme(TranslatedNameMixin):
    slug = _slug()
    sort_order = _sort_order()

    panels = [*TranslatedNameMixin.name_panels, FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = BY_ORDER_THEN_NAME
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Organisation(index.Indexed, TranslatedNameMixin):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        UN_AGENCY = "un_agency", _("UN agency")
        DEVELOPMENT_AGENCY = "development_agency", _("Development agency")
        GOVERNMENT = "government", _("Government")
        LED_BY_PEOPLE_ON_THE_MOVE = "led_by_people_on_the_move", _("Refugee- or migrant-led organisation")
        RESEARCH = "research", _("Research institution")
        DONOR = "donor", _("Donor")

    slug = _slug()
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    countries = models.ManyToManyField(Country, blank=True, related_name="organisations", verbose_name=_("countries"))
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )

    panels = [
        *TranslatedNameMixin.name_panels,
        FieldPanel("slug"),
        FieldPanel("acronym"),
        FieldPanel("kind"),
        FieldPanel("countries"),
        FieldPanel("website"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name_en"), index.SearchField("acronym"), index.FilterField("kind")]

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        """The full name with the acronym, as choosers and filters list it: "Danish Refugee Council (DRC)"."""
        return f"{self.name} ({self.acronym})" if self.acronym and self.acronym != self.name else self.name
