"""The figures of countries and regions, entered once: new tables, and the figures each language version of a
country or region page held copied into them.

Each place's figures come from its pages in every language, matched by position: the number and as-of date
of the most recent version (the site's default language when dates tie), and each language's own label,
source and series title. Whatever could not be carried over (a figure that is not a number, a version that
disagreed with the one kept, a second page in the same language) is written into the place's notes for
editors, so nothing typed is lost. Reversed, each page gets back the figures in its language.
"""

import re
from decimal import Decimal, InvalidOperation

import cms_pages.figures
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "fr", "ar", "nl")
_DIGITS = {**{0x0660 + n: str(n) for n in range(10)}, **{0x06F0 + n: str(n) for n in range(10)}, 0x066C: " "}


def parse_number(text, language):
    """The number typed in a page of `language`, as (Decimal, unit) or None: "12 400", "1.350" (Dutch),
    "37 %"."""
    decimal_separator = "." if language == DEFAULT_LANGUAGE else ","
    group = "," if decimal_separator == "." else "."
    text = re.sub(r"\s+", " ", str(text or "").translate(_DIGITS).replace("\u066b", decimal_separator).strip())
    unit = "number"
    if text.endswith(("%", "\u066a")):
        text, unit = text[:-1].strip(), "percent"
    match = re.fullmatch(
        rf"(-?)(\d{{1,3}}(?:[ {re.escape(group)}]\d{{3}})+|\d+)(?:{re.escape(decimal_separator)}(\d+))?", text
    )
    if not match:
        return None
    sign, whole, fraction = match.groups()
    try:
        value = Decimal(f"{sign}{re.sub(r'[^0-9]', '', whole)}.{fraction or 0}")
    except InvalidOperation:
        return None
    if abs(value) >= Decimal(10) ** 14 or value != round(value, 2):
        return None
    return value, unit


def _plain(value):
    value = Decimal(str(value))
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def place_versions(pages):
    """The pages of one place, the ones whose figures are kept first: the default language, then the rest."""
    return sorted(pages, key=lambda page: (page.locale.language_code != DEFAULT_LANGUAGE, page.pk))


def merge_place(versions):
    """The shared figures of one place from its pages' (language, title, key_figures, trend) data.

    Returns (figures, series, notes): lists of field dicts, and the lines for the editors' notes.
    """
    notes, seen = [], set()
    usable = []
    for language, title, key_figures, trend in versions:
        if language not in LANGUAGES or language in seen:
            if key_figures or trend:
                notes.append(
                    f"{title} ({language}): a second version in this language; its figures were: "
                    + "; ".join(f"{f.get('value')} {f.get('label')} ({f.get('as_of')})" for f in key_figures)
                )
            continue
        seen.add(language)
        usable.append((language, title, key_figures, trend))

    figures = []
    for position in range(max((len(v[2]) for v in usable), default=0)):
        candidates = []
        for language, title, key_figures, _trend in usable:
            if position < len(key_figures):
                candidates.append((language, title, key_figures[position]))
        parsed = [
            (language, title, figure, parse_number(figure.get("value"), language))
            for language, title, figure in candidates
        ]
        numbers = [item for item in parsed if item[3] is not None]
        for language, title, figure, number in parsed:
            if number is None:
                notes.append(
                    f"{title} ({language}), figure {position + 1}: “{figure.get('value')}” is not a "
                    f"number ({figure.get('label')}, {figure.get('source')}, as of {figure.get('as_of')})."
                )
        if not numbers:
            continue
        # The most recent as-of date wins; on a tie, the default language (it comes first).
        kept = max(numbers, key=lambda item: (str(item[2].get("as_of") or ""), -numbers.index(item)))
        value, unit = kept[3]
        row = {"value": value, "unit": unit, "as_of": kept[2].get("as_of")}
        for language, title, figure, number in parsed:
            row[f"label_{language}"] = (figure.get("label") or "")[:150]
            row[f"source_{language}"] = (figure.get("source") or "")[:200]
            if number is not None and (number != kept[3] or figure.get("as_of") != kept[2].get("as_of")):
                notes.append(
                    f"{title} ({language}), figure {position + 1}: {figure.get('value')} as of "
                    f"{figure.get('as_of')}; the shared figure keeps {kept[2].get('value')} as of "
                    f"{kept[2].get('as_of')} ({kept[0]})."
                )
        figures.append(row)

    series = []
    for position in range(min(2, max((len(v[3]) for v in usable), default=0))):
        candidates = [
            (language, title, trend[position]) for language, title, _k, trend in usable if position < len(trend)
        ]
        kept_language, kept_title, kept = candidates[0]
        points = [(str(p.get("label") or "").strip()[:20], p.get("value")) for p in kept.get("points") or []]
        row = {"points": "\n".join(f"{label}: {_plain(value)}" for label, value in points if value is not None)}
        for language, title, one in candidates:
            row[f"title_{language}"] = (one.get("title") or "")[:150]
            row[f"source_{language}"] = (one.get("source") or "")[:200]
            theirs = [(str(p.get("label") or "").strip()[:20], p.get("value")) for p in one.get("points") or []]
            if theirs != points:
                notes.append(
                    f"{title} ({language}), series {position + 1}: "
                    + ", ".join(f"{label}: {value}" for label, value in theirs)
                    + f"; the shared series keeps the values of the {kept_language} version."
                )
        series.append(row)
    return figures, series, notes


def _raw(stream):
    return [block.get("value") or {} for block in (stream.raw_data if stream is not None else [])]


def copy_page_figures(apps, schema_editor):
    PlaceFigures = apps.get_model("cms_pages", "PlaceFigures")
    KeyFigure = apps.get_model("cms_pages", "KeyFigure")
    FigureSeries = apps.get_model("cms_pages", "FigureSeries")
    for model_name, place in (("CountryPage", "country"), ("RegionPage", "region")):
        model = apps.get_model("cms_pages", model_name)
        by_place = {}
        for page in model.objects.select_related("locale").order_by("pk"):
            by_place.setdefault(getattr(page, f"{place}_id"), []).append(page)
        for place_id, pages in by_place.items():
            versions = [
                (page.locale.language_code, page.title, _raw(page.key_figures), _raw(page.trend))
                for page in place_versions(pages)
            ]
            figures, series, notes = merge_place(versions)
            if not (figures or series or notes):
                continue
            shared, _created = PlaceFigures.objects.get_or_create(**{f"{place}_id": place_id})
            shared.notes = "\n".join(filter(None, [shared.notes, *notes]))
            shared.save()
            for order, row in enumerate(figures):
                KeyFigure.objects.create(place=shared, sort_order=order, **row)
            for order, row in enumerate(series):
                FigureSeries.objects.create(place=shared, sort_order=order, **row)


def restore_page_figures(apps, schema_editor):
    PlaceFigures = apps.get_model("cms_pages", "PlaceFigures")
    KeyFigure = apps.get_model("cms_pages", "KeyFigure")
    FigureSeries = apps.get_model("cms_pages", "FigureSeries")
    for model_name, place in (("CountryPage", "country"), ("RegionPage", "region")):
        model = apps.get_model("cms_pages", model_name)
        for page in model.objects.select_related("locale"):
            shared = PlaceFigures.objects.filter(**{f"{place}_id": getattr(page, f"{place}_id")}).first()
            if shared is None:
                continue
            code = page.locale.language_code

            def text(row, name, code=code):
                return getattr(row, f"{name}_{code}", "") or getattr(row, f"{name}_{DEFAULT_LANGUAGE}", "")

            page.key_figures = [
                {
                    "type": "figure",
                    "value": {
                        "value": f"{_plain(row.value)}{' %' if row.unit == 'percent' else ''}",
                        "label": text(row, "label"),
                        "source": text(row, "source"),
                        "as_of": row.as_of.isoformat(),
                    },
                }
                for row in KeyFigure.objects.filter(place=shared).order_by("sort_order", "pk")
            ]
            page.trend = [
                {
                    "type": "series",
                    "value": {
                        "title": text(row, "title"),
                        "source": text(row, "source"),
                        "points": [
                            {"label": label.strip(), "value": float(value)}
                            for label, _colon, value in (line.rpartition(":") for line in row.points.splitlines())
                        ],
                    },
                }
                for row in FigureSeries.objects.filter(place=shared).order_by("sort_order", "pk")
            ]
            page.save(update_fields=["key_figures", "trend"])


class Migration(migrations.Migration):
    dependencies = [("cms_pages", "0007_librarydocument_cover_uploaded_for"), ("taxonomy", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="PlaceFigures",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "notes",
                    models.TextField(
                        blank=True,
                        help_text="Where the figures come from, who to ask for new ones. Not shown on the site.",
                        verbose_name="notes for editors",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "country",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="figures",
                        to="taxonomy.country",
                        verbose_name="country",
                    ),
                ),
                (
                    "region",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="figures",
                        to="taxonomy.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={"verbose_name": "figures of a place", "verbose_name_plural": "figures of places"},
        ),
        migrations.CreateModel(
            name="KeyFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "value",
                    cms_pages.figures.FigureValueField(
                        decimal_places=2,
                        help_text="Digits only, for example 12 400 or 37.5; choose the unit below.",
                        max_digits=16,
                        verbose_name="figure",
                    ),
                ),
                (
                    "unit",
                    models.CharField(
                        choices=[("number", "Number"), ("percent", "Percentage")],
                        default="number",
                        max_length=10,
                        verbose_name="unit",
                    ),
                ),
                ("as_of", models.DateField(validators=[cms_pages.figures.not_in_future], verbose_name="as of")),
                (
                    "label_en",
                    models.CharField(
                        blank=True,
                        help_text="For example: people assisted.",
                        max_length=150,
                        verbose_name="what it counts (English)",
                    ),
                ),
                ("label_fr", models.CharField(blank=True, max_length=150, verbose_name="what it counts (Français)")),
                ("label_ar", models.CharField(blank=True, max_length=150, verbose_name="what it counts (العربية)")),
                ("label_nl", models.CharField(blank=True, max_length=150, verbose_name="what it counts (Nederlands)")),
                ("source_en", models.CharField(blank=True, max_length=200, verbose_name="source (English)")),
                ("source_fr", models.CharField(blank=True, max_length=200, verbose_name="source (Français)")),
                ("source_ar", models.CharField(blank=True, max_length=200, verbose_name="source (العربية)")),
                ("source_nl", models.CharField(blank=True, max_length=200, verbose_name="source (Nederlands)")),
                (
                    "place",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="key_figures",
                        to="cms_pages.placefigures",
                    ),
                ),
            ],
            options={
                "verbose_name": "key figure",
                "verbose_name_plural": "key figures",
                "ordering": ["sort_order"],
                "abstract": False,
            },
            bases=(cms_pages.figures.TranslatedTexts, models.Model),
        ),
        migrations.CreateModel(
            name="FigureSeries",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "unit",
                    models.CharField(
                        choices=[("number", "Number"), ("percent", "Percentage")],
                        default="number",
                        max_length=10,
                        verbose_name="unit",
                    ),
                ),
                (
                    "points",
                    models.TextField(
                        help_text="One period per line: the period, a colon, then the value. For example “2023: 41 800”.",
                        verbose_name="values",
                    ),
                ),
                (
                    "title_en",
                    models.CharField(
                        blank=True,
                        help_text="For example: People assisted per year.",
                        max_length=150,
                        verbose_name="title (English)",
                    ),
                ),
                ("title_fr", models.CharField(blank=True, max_length=150, verbose_name="title (Français)")),
                ("title_ar", models.CharField(blank=True, max_length=150, verbose_name="title (العربية)")),
                ("title_nl", models.CharField(blank=True, max_length=150, verbose_name="title (Nederlands)")),
                ("source_en", models.CharField(blank=True, max_length=200, verbose_name="source (English)")),
                ("source_fr", models.CharField(blank=True, max_length=200, verbose_name="source (Français)")),
                ("source_ar", models.CharField(blank=True, max_length=200, verbose_name="source (العربية)")),
                ("source_nl", models.CharField(blank=True, max_length=200, verbose_name="source (Nederlands)")),
                (
                    "place",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="series", to="cms_pages.placefigures"
                    ),
                ),
            ],
            options={
                "verbose_name": "figures over time",
                "verbose_name_plural": "figures over time",
                "ordering": ["sort_order"],
                "abstract": False,
            },
            bases=(cms_pages.figures.TranslatedTexts, models.Model),
        ),
        migrations.AddConstraint(
            model_name="placefigures",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("country__isnull", False), ("region__isnull", True)),
                    models.Q(("country__isnull", True), ("region__isnull", False)),
                    _connector="OR",
                ),
                name="place_figures_one_place",
            ),
        ),
        migrations.RunPython(copy_page_figures, restore_page_figures),
    ]
