"""Figures entered once: a country's key figures and trend are one set of rows that every language version of its
page shows, each language writing the numbers its own way and keeping them in order in Arabic; the admin refuses
what is not a number or not yet known; the migration carried each language's figures over without loss."""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from cms_pages.blocks import KeyFigureBlock
from cms_pages.figures import FigureSeries, KeyFigure, PlaceFigures, parse_number
from kms.taxonomy.models import Country
from tests.cms_pages.conftest import build_homes
from tests.factories import cms_pages as make

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

NBSP = "\u00a0"
LANGUAGES = ("en", "fr", "ar", "nl")


@pytest.fixture(scope="module")
def shared_place(module_db):
    """Tunisia's figures (11 200 people assisted, a trend) and its page in the four languages, built once."""
    home, _arabic = build_homes()
    tunisia = Country.objects.get(code="TN")
    figures = PlaceFigures.objects.create(country=tunisia)
    KeyFigure.objects.create(
        place=figures,
        value=Decimal("11200"),
        as_of=datetime.date(2024, 12, 31),
        label_en="people assisted",
        label_fr="personnes accompagnées",
        label_ar="شخصًا تلقوا المساعدة",
        label_nl="mensen geholpen",
        source_en="Network monitoring",
        source_fr="Suivi du réseau",
        source_ar="رصد الشبكة",
        source_nl="Monitoring van het netwerk",
    )
    FigureSeries.objects.create(
        place=figures, points="2023: 9800\n2024: 11200", title_en="People assisted per year", title_ar="المساعدة سنويًا"
    )
    region = make.region_page(home, figures=False)
    country = make.country_page(region, country=tunisia)
    pages = {"en": country}
    for code in ("fr", "ar", "nl"):
        pages[code] = make.translate(country, code, title=f"Tunisie {code}")
    return {"figures": figures, "pages": pages}


@pytest.fixture
def place(shared_place, db):
    return shared_place


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("chiffres", "chiffres@example.org", "mot-de-passe-sûr")
    client.force_login(user)
    return client


def page_text(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def shown_figure(html):
    return re.search(r'<span class="figure-value"><bdi dir="ltr">([^<]*)</bdi></span>', html).group(1)


def test_each_language_writes_the_shared_figure_its_own_way_isolated_left_to_right(client, place):
    shown = {code: shown_figure(page_text(client, page)) for code, page in place["pages"].items()}
    assert shown == {"en": "11,200", "fr": f"11{NBSP}200", "ar": f"11{NBSP}200", "nl": "11.200"}


def test_each_language_shows_its_own_label_and_source(client, place):
    arabic = page_text(client, place["pages"]["ar"])
    assert "شخصًا تلقوا المساعدة" in arabic and "رصد الشبكة" in arabic and 'dir="rtl"' in arabic
    french = page_text(client, place["pages"]["fr"])
    assert "personnes accompagnées" in french and "Source : Suivi du réseau, au 31 décembre 2024" in french


def test_the_chart_reads_the_shared_series_in_the_readers_language(client, place):
    arabic = page_text(client, place["pages"]["ar"])
    assert "<title>المساعدة سنويًا</title>" in arabic
    # Inside the SVG the numbers are isolated with U+2066 and U+2069, in the table with <bdi>.
    assert f">\u206611{NBSP}200\u2069</text>" in arabic
    assert f'<td><bdi dir="ltr">9{NBSP}800</bdi></td>' in arabic
    # French has no title of its own: it falls back to the English one rather than showing nothing.
    assert "<title>People assisted per year</title>" in page_text(client, place["pages"]["fr"])


def edit_form(figures, **changes):
    """The admin edit form's data for `figures` (one key figure, one series), with `changes` to the figure."""
    figure, series = figures.key_figures.get(), figures.series.get()
    data = {
        "country": figures.country_id,
        "region": "",
        "notes": "",
        "key_figures-TOTAL_FORMS": "1",
        "key_figures-INITIAL_FORMS": "1",
        "key_figures-MIN_NUM_FORMS": "0",
        "key_figures-MAX_NUM_FORMS": "1000",
        "key_figures-0-id": figure.pk,
        "key_figures-0-ORDER": "1",
        "key_figures-0-value": "11200",
        "key_figures-0-unit": "number",
        "key_figures-0-as_of": "2024-12-31",
        "series-TOTAL_FORMS": "1",
        "series-INITIAL_FORMS": "1",
        "series-MIN_NUM_FORMS": "0",
        "series-MAX_NUM_FORMS": "2",
        "series-0-id": series.pk,
        "series-0-ORDER": "1",
        "series-0-unit": "number",
        "series-0-points": series.points,
    }
    for code in LANGUAGES:
        data[f"key_figures-0-label_{code}"] = getattr(figure, f"label_{code}")
        data[f"key_figures-0-source_{code}"] = getattr(figure, f"source_{code}")
        data[f"series-0-title_{code}"] = getattr(series, f"title_{code}")
        data[f"series-0-source_{code}"] = getattr(series, f"source_{code}")
    data.update({f"key_figures-0-{name}": value for name, value in changes.items()})
    return data


def edit_url(figures):
    return reverse("wagtailsnippets_cms_pages_placefigures:edit", args=[figures.pk])


def test_a_figure_changed_once_in_the_admin_is_changed_in_all_four_languages(admin_client, place):
    figures = place["figures"]
    response = admin_client.post(edit_url(figures), edit_form(figures, value="12 650", as_of="2025-06-30"))
    assert response.status_code == 302
    admin_client.logout()
    shown = {code: shown_figure(page_text(admin_client, page)) for code, page in place["pages"].items()}
    assert shown == {"en": "12,650", "fr": f"12{NBSP}650", "ar": f"12{NBSP}650", "nl": "12.650"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": "lots"}, "value", "« lots » n’est pas un nombre"),
        ({"value": "37.5"}, "value", "« 37.5 » n’est pas un nombre"),  # in French a point groups thousands
        ({"as_of": "2099-01-01"}, "as_of", "La date de référence 2099-01-01 est dans le futur"),
        ({f"label_{code}": "" for code in LANGUAGES}, "label_en", "Dites ce que compte le chiffre"),
    ],
)
def test_the_admin_refuses_what_is_not_a_figure_and_keeps_what_was_typed(admin_client, place, changes, field, message):
    figures = place["figures"]
    response = admin_client.post(edit_url(figures), edit_form(figures, **changes), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    formset = response.context["form"].formsets["key_figures"]
    assert message in " ".join(formset.forms[0].errors[field])
    if "value" in changes:
        assert changes["value"] in response.content.decode()  # the editor's text is still in the box
    assert KeyFigure.objects.get(place=figures).value == Decimal("11200")


def test_a_series_line_that_is_not_a_value_is_named_and_a_french_decimal_is_stored_neutrally(admin_client, place):
    figures = place["figures"]
    data = edit_form(figures)
    data["series-0-points"] = "2023: 9 800\n2024: beaucoup"
    response = admin_client.post(edit_url(figures), data)
    assert "Line 2, “2024: beaucoup”" in " ".join(response.context["form"].formsets["series"].forms[0].errors["points"])

    data["series-0-points"] = "2023: 9 800\n2024: 37,5"
    response = admin_client.post(edit_url(figures), data, HTTP_ACCEPT_LANGUAGE="fr")  # the admin in French
    assert response.status_code == 302
    series = FigureSeries.objects.get(place=figures)
    assert series.points == "2023: 9800\n2024: 37.5"
    assert series.rows() == [("2023", Decimal("9800")), ("2024", Decimal("37.5"))]


def test_the_editor_is_warned_when_the_languages_texts_disagree(admin_client, place):
    figures = place["figures"]
    data = edit_form(figures, label_en="people assisted in 2024", label_fr="personnes accompagnées en 2023")
    response = admin_client.post(edit_url(figures), data, follow=True)
    warnings = [str(message) for message in response.context["messages"]]
    assert any("mention different numbers" in warning and "2023" in warning for warning in warnings)


def test_the_figures_screens_open(admin_client, place):
    assert admin_client.get(reverse("wagtailsnippets_cms_pages_placefigures:list")).status_code == 200
    assert admin_client.get(reverse("wagtailsnippets_cms_pages_placefigures:add")).status_code == 200
    html = admin_client.get(edit_url(place["figures"])).content.decode()
    assert 'name="key_figures-0-value"' in html and 'dir="ltr"' in html


def test_the_country_page_editor_shows_the_shared_figures_and_where_to_change_them(admin_client, place):
    page = place["pages"]["ar"]
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = response.content.decode()
    assert edit_url(place["figures"]) in html and "11,200" in html


def test_numbers_are_read_the_way_the_editors_language_writes_them():
    with translation.override("en"):
        assert parse_number("12,400.5") == Decimal("12400.5")
        assert parse_number("١١٬٢٠٠") == Decimal("11200")
    with translation.override("nl"):
        assert parse_number("12.400,5") == Decimal("12400.5")
    with translation.override("fr"):
        assert parse_number(f"12{NBSP}400,5") == Decimal("12400.5")
        for text in ("lots", "12,4,5", "1 2", "37.5", ""):
            with pytest.raises(ValueError):
                parse_number(text)


def test_a_figure_typed_into_a_page_body_must_be_a_number_known_today():
    block = KeyFigureBlock()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    value = block.to_python({"value": "lots", "label": "personnes", "source": "Suivi", "as_of": tomorrow.isoformat()})
    with pytest.raises(ValidationError) as refused:
        block.clean(value)
    assert set(refused.value.block_errors) == {"value", "as_of"}
    block.clean(block.to_python({"value": "37 %", "label": "femmes", "source": "Suivi", "as_of": "2024-12-31"}))


# --- The migration that moved each language's figures into the shared ones ----------------------------------

migration = importlib.import_module("cms_pages.migrations.0008_place_figures")


def old_figure(value, label, as_of="2024-12-31", source="Suivi"):
    return {"value": value, "label": label, "source": source, "as_of": as_of}


def test_the_migration_keeps_every_languages_words_and_the_latest_number():
    series = {"title": "Retours", "source": "Suivi", "points": [{"label": "2023", "value": 9800.0}]}
    versions = [
        (
            "en",
            "Tunisia",
            [old_figure("12 650", "people assisted", "2025-06-30"), old_figure("37 %", "women")],
            [{**series, "title": "Returns"}],
        ),
        (
            "fr",
            "Tunisie",
            [old_figure("11 200", "personnes accompagnées"), old_figure("37 %", "femmes")],
            [{**series, "points": [{"label": "2023", "value": 9000.0}]}],
        ),
        ("ar", "تونس", [old_figure("11٬200", "شخصًا"), old_figure("كثير", "نساء")], []),
        ("nl", "Tunesië", [old_figure("12.650", "mensen", "2025-06-30")], []),
    ]
    figures, series_rows, notes = migration.merge_place(versions)

    assert [(row["value"], row["unit"], row["as_of"]) for row in figures] == [
        (Decimal("12650"), "number", "2025-06-30"),
        (Decimal("37"), "percent", "2024-12-31"),
    ]
    assert [figures[0][f"label_{code}"] for code in LANGUAGES] == [
        "people assisted",
        "personnes accompagnées",
        "شخصًا",
        "mensen",
    ]
    assert figures[1]["label_ar"] == "نساء" and "label_nl" not in figures[1]
    assert series_rows == [
        {
            "points": "2023: 9800",
            "title_en": "Returns",
            "source_en": "Suivi",
            "title_fr": "Retours",
            "source_fr": "Suivi",
        }
    ]
    # What could not be kept is written down for the editors, word for word.
    text = "\n".join(notes)
    assert "Tunisie (fr), figure 1: 11 200 as of 2024-12-31" in text and "تونس (ar), figure 1: 11٬200" in text
    assert "“كثير” is not a number" in text
    assert "Tunisie (fr), series 1: 2023: 9000.0" in text
