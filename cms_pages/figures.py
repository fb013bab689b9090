"""Key figures and figures over time of a country or region: entered once, shown by every language version of
its page.

The numbers, their unit and their as-of date are stored once per place; what a figure counts and where it comes
from are written beside it in each site language (the taxonomy's way with names). Pages never copy them, so a
figure updated once is updated for every reader, and the charts draw the same rows.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, Panel
from wagtail.models import Orderable

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)

# Arabic-Indic and Eastern Arabic-Indic digits read as the digits 0-9; the Arabic thousands separator as a space.
_DIGITS = {**{0x0660 + n: str(n) for n in range(10)}, **{0x06F0 + n: str(n) for n in range(10)}, 0x066C: " "}
ARABIC_DECIMAL_SEPARATOR = "\u066b"
# Left-to-right isolate around a number drawn in SVG text: "11 200" never shows as "200 11" in Arabic.
LRI, PDI = "\u2066", "\u2069"


class FigureUnit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percentage")


def parse_number(text, decimal_separator=None):
    """`text` as a Decimal, read the way the active language writes numbers; ValueError when it is not one.

    Digits may be Western or Arabic-Indic; groups of three may be separated by spaces or by the language's
    thousands separator (the one of "," and "." that is not its decimal separator). A group separator followed
    by anything but three digits is refused rather than guessed, so "37.5" typed in French is an error, not
    375.
    """
    decimal_separator = decimal_separator or get_format("DECIMAL_SEPARATOR")
    group = "," if decimal_separator != "," else "."
    text = str(text).translate(_DIGITS).replace(ARABIC_DECIMAL_SEPARATOR, decimal_separator)
    text = re.sub(r"\s+", " ", text.strip())
    match = re.fullmatch(
        rf"(-?)(\d{{1,3}}(?:[ {re.escape(group)}]\d{{3}})+|\d+)(?:{re.escape(decimal_separator)}(\d+))?", text
    )
    if not match:
        raise ValueError(text)
    sign, whole, fraction = match.groups()
    try:
        digits = re.sub(r"\D", "", whole)
        return Decimal(f"{sign}{digits}.{fraction or 0}")
    except InvalidOperation as error:
        raise ValueError(text) from error


def plain(value):
    """A Decimal without trailing zeros or exponent: 11200.00 -> 11200, 37.50 -> 37.5."""
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def format_number(value, unit=FigureUnit.NUMBER):
    """`value` written the active language's way: 11,200 in English, 11 200 in French and Arabic, 11.200 in
    Dutch; a percentage with the language's sign and spacing."""
    text = number_format(plain(value), force_grouping=True)
    if unit == FigureUnit.PERCENT:
        text = _("%(number)s%%") % {"number": text}
    return text


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(
            _("The as-of date %(date)s is in the future: a figure counts what has already happened."),
            params={"date": value.isoformat()},
            code="future",
        )


class FigureNumberField(forms.DecimalField):
    """A number typed the way the editor's language writes it (see `parse_number`), with an error that says how."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(plain(value))
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(value)
        except ValueError:
            example = number_format(Decimal("12400.5"), 1, force_grouping=True)
            raise ValidationError(
                _(
                    "“%(value)s” is not a number. Write the figure with digits only, for example %(example)s; "
                    "what it counts goes in its own field."
                ),
                params={"value": value, "example": example},
                code="invalid",
            ) from None

    def validate(self, value):
        forms.Field.validate(self, value)


class FigureValueField(models.DecimalField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": FigureNumberField, **kwargs})


def in_language(obj, field, language=None):
    """`obj.<field>_<language>`, else the English text, else the first language that has one."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    for candidate in [code, settings.LANGUAGE_CODE, *LANGUAGE_CODES]:
        value = getattr(obj, f"{field}_{candidate}", "") if candidate in LANGUAGE_CODES else ""
        if value:
            return value
    return ""


def _text_fields(name, verbose_name, max_length, help_text=""):
    """One text field per site language (label_en, label_fr, label_ar, label_nl), following settings.LANGUAGES.

    Added to a model's class body with `locals().update(...)`."""
    return {
        f"{name}_{code}": models.CharField(
            format_lazy("{} ({})", verbose_name, LANGUAGE_NAMES[code]),
            max_length=max_length,
            blank=True,
            help_text=help_text if code == settings.LANGUAGE_CODE else "",
        )
        for code in LANGUAGE_CODES
    }


def _languages_row(name, heading):
    return MultiFieldPanel([FieldPanel(f"{name}_{code}") for code in LANGUAGE_CODES], heading=heading)


class PlaceFigures(ClusterableModel):
    """The figures of one country or one region."""

    country = models.OneToOneField(
        "taxonomy.Country",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("country"),
    )
    region = models.OneToOneField(
        "taxonomy.Region",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("region"),
    )
    notes = models.TextField(
        _("notes for editors"),
        blank=True,
        help_text=_("Where the figures come from, who to ask for new ones. Not shown on the site."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("region")], heading=_("Place")),
        InlinePanel("key_figures", heading=_("Key figures"), label=_("Key figure")),
        InlinePanel("series", heading=_("Figures over time"), label=_("Series"), max_num=2),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("figures of a place")
        verbose_name_plural = _("figures of places")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country__isnull=False, region__isnull=True)
                | models.Q(country__isnull=True, region__isnull=False),
                name="place_figures_one_place",
            )
        ]

    def __str__(self):
        return str(self.country or self.region or "")

    @property
    def place(self):
        return self.country or self.region

    def clean(self):
        super().clean()
        if bool(self.country_id) == bool(self.region_id):
            raise ValidationError({"country": _("Choose a country or a region, not both.")})

    def disagreements(self):
        """What an editor should look at in the texts written per language: a figure or series with no text in
        some language (readers there see the English text), or whose texts mention different numbers."""
        warnings = []
        for item in [*self.key_figures.all(), *self.series.all()]:
            warnings.extend(item.disagreements())
        return warnings


TEXT_NAMES = {"label": _("what it counts"), "source": _("source"), "title": _("title")}


class TranslatedTexts:
    """A row with some texts written once per language (`text_names`)."""

    text_names = ()

    def disagreements(self):
        warnings = []
        name = in_language(self, self.text_names[0], settings.LANGUAGE_CODE)
        for field in self.text_names:
            texts = {code: getattr(self, f"{field}_{code}", "") for code in LANGUAGE_CODES}
            written = {code: text for code, text in texts.items() if text.strip()}
            if not written:
                continue
            missing = [str(LANGUAGE_NAMES[code]) for code in LANGUAGE_CODES if code not in written]
            if missing:
                warnings.append(
                    _("“%(name)s”: no %(field)s in %(languages)s; readers there see another language's text.")
                    % {"name": name, "field": TEXT_NAMES[field], "languages": ", ".join(missing)}
                )
            numbers = {code: sorted(re.findall(r"\d+", text.translate(_DIGITS))) for code, text in written.items()}
            if len({tuple(found) for found in numbers.values()}) > 1:
                warnings.append(
                    _("“%(name)s”: the languages' texts mention different numbers (%(numbers)s); check they agree.")
                    % {
                        "name": name,
                        "numbers": "; ".join(
                            f"{LANGUAGE_NAMES[code]}: {' '.join(found) or '–'}" for code, found in numbers.items()
                        ),
                    }
                )
        return warnings


class KeyFigure(TranslatedTexts, Orderable):
    """One number about a place, with what it counts and where it comes from in each language."""

    text_names = ("label", "source")

    place = ParentalKey(PlaceFigures, on_delete=models.CASCADE, related_name="key_figures")
    value = FigureValueField(
        _("figure"),
        max_digits=16,
        decimal_places=2,
        help_text=_("Digits only, for example 12 400 or 37.5; choose the unit below."),
    )
    unit = models.CharField(_("unit"), max_length=10, choices=FigureUnit.choices, default=FigureUnit.NUMBER)
    as_of = models.DateField(_("as of"), validators=[not_in_future])
    locals().update(_text_fields("label", _("what it counts"), 150, _("For example: people assisted.")))
    locals().update(_text_fields("source", _("source"), 200))

    panels = [
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit"), FieldPanel("as_of")]),
        _languages_row("label", _("What it counts, in each language")),
        _languages_row("source", _("Source, in each language")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self):
        return f"{format_number(self.value, self.unit)} {self.label}"

    def clean(self):
        super().clean()
        if not any(getattr(self, f"label_{code}", "").strip() for code in LANGUAGE_CODES):
            raise ValidationError({"label_en": _("Say what the figure counts, in at least one language.")})

    @property
    def number(self):
        """The value written the active language's way (bidi-isolate it where it is shown)."""
        return format_number(self.value, self.unit)

    @property
    def label(self):
        return in_language(self, "label")

    @property
    def source(self):
        return in_language(self, "source")


class FigureSeries(TranslatedTexts, Orderable):
    """A figure over time for one place, drawn as a bar chart with its table."""

    text_names = ("title", "source")

    place = ParentalKey(PlaceFigures, on_delete=models.CASCADE, related_name="series")
    unit = models.CharField(_("unit"), max_length=10, choices=FigureUnit.choices, default=FigureUnit.NUMBER)
    points = models.TextField(
        _("values"),
        help_text=_("One period per line: the period, a colon, then the value. For example “2023: 41 800”."),
    )
    locals().update(_text_fields("title", _("title"), 150, _("For example: People assisted per year.")))
    locals().update(_text_fields("source", _("source"), 200))

    panels = [
        _languages_row("title", _("Title, in each language")),
        FieldRowPanel([FieldPanel("unit")]),
        FieldPanel("points", widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr"})),
        _languages_row("source", _("Source, in each language")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("figures over time")
        verbose_name_plural = _("figures over time")

    def __str__(self):
        return self.title

    @property
    def title(self):
        return in_language(self, "title")

    @property
    def source(self):
        return in_language(self, "source")

    def clean(self):
        super().clean()
        errors = {}
        if not any(getattr(self, f"title_{code}", "").strip() for code in LANGUAGE_CODES):
            errors["title_en"] = _("Give the series a title, in at least one language.")
        try:
            points = read_points(self.points)
        except ValidationError as error:
            errors["points"] = error
        else:
            if len(points) < 2:
                errors["points"] = _("A series needs at least two periods.")
            # Stored in one neutral notation, so a value typed as "37,5" in French reads the same in English.
            self.points = "\n".join(f"{period}: {plain(value)}" for period, value in points)
        if errors:
            raise ValidationError(errors)

    def rows(self):
        """(period, value) pairs in time order."""
        return read_points(self.points, decimal_separator=".")


def read_points(text, decimal_separator=None):
    """The (period, value) lines of a series, with an error naming each line that is not one."""
    points, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        period, separator, value = line.rpartition("\t" if "\t" in line else ":")
        try:
            if not separator or not period.strip() or len(period.strip()) > 20:
                raise ValueError(line)
            amount = parse_number(value, decimal_separator)
            if amount < 0:
                raise ValueError(line)
        except ValueError:
            problems.append(
                ValidationError(
                    _(
                        "Line %(number)s, “%(line)s”: write the period (20 characters at most), a colon, then a "
                        "number of zero or more."
                    ),
                    params={"number": number, "line": line.strip()},
                    code="invalid",
                )
            )
            continue
        points.append((period.strip(), amount))
    if problems:
        raise ValidationError(problems)
    return points


def figures_of(page):
    """The shared figures of a country or region page, or None."""
    if getattr(page, "country_id", None):
        return PlaceFigures.objects.filter(country_id=page.country_id).first()
    if getattr(page, "region_id", None):
        return PlaceFigures.objects.filter(region_id=page.region_id).first()
    return None


def first_figures(pages):
    """Each page's first key figure (or None), read in one query for a list of country or region pages."""
    countries = {page.country_id for page in pages if getattr(page, "country_id", None)}
    regions = {page.region_id for page in pages if getattr(page, "region_id", None)}
    first = {}
    rows = KeyFigure.objects.filter(
        models.Q(place__country_id__in=countries) | models.Q(place__region_id__in=regions)
    ).select_related("place")
    for figure in rows.order_by("place_id", "sort_order", "pk"):
        key = ("country", figure.place.country_id) if figure.place.country_id else ("region", figure.place.region_id)
        first.setdefault(key, figure)
    return [
        first.get(("country", page.country_id) if getattr(page, "country_id", None) else ("region", page.region_id))
        for page in pages
    ]


class SharedFiguresPanel(Panel):
    """On a country or region page: the place's figures as every language shows them, and where to change them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms_pages/admin/shared_figures_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            figures = figures_of(self.instance)
            instance = self.instance
            context.update(
                place=(getattr(instance, "country", None) if getattr(instance, "country_id", None) else None)
                or (getattr(instance, "region", None) if getattr(instance, "region_id", None) else None),
                figures=figures,
                edit_url=reverse("wagtailsnippets_cms_pages_placefigures:edit", args=[figures.pk]) if figures else "",
                add_url=reverse("wagtailsnippets_cms_pages_placefigures:add"),
                warnings=figures.disagreements() if figures else [],
            )
            return context
