"""The "who does what where" pages, their filters, the server-drawn map and the open data, in en and ar."""

import csv
import io
import re

import pytest

from cms_pages.mapping import geo
from cms_pages.mapping.models import Service
from cms_pages.mapping.opendata import COLUMNS

MARK = re.compile(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="\d+" data-country="([A-Z]{2})">')
PATH = re.compile(r'<path(?: class="focus")? data-country="([A-Z]{2})" d="([^"]+)"/>')


def _names(response):
    return {service.pk for service in response.context["services_page"].object_list}


def _expected(**filters):
    return set(Service.objects.filter(**filters).values_list("pk", flat=True))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_page_lists_every_service_with_a_map(client, services, language):
    response = client.get(f"/{language}/services/", {"view": "table"})
    assert response.status_code == 200
    assert response.context["count"] == Service.objects.count() >= 40
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert len(MARK.findall(html)) == Service.objects.exclude(latitude=None).count()
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]


@pytest.mark.parametrize(
    ("params", "filters"),
    [
        ({"country": "TN"}, {"country__code": "TN"}),
        ({"region": "west-africa"}, {"country__region__slug": "west-africa"}),
        ({"type": "legal_counselling"}, {"service_type": "legal_counselling"}),
        (
            {"country": "LY", "type": "psychosocial_support"},
            {"country__code": "LY", "service_type": "psychosocial_support"},
        ),
    ],
)
def test_filters_by_country_region_and_type(client, services, params, filters):
    response = client.get("/en/services/", {**params, "view": "table"})
    assert _names(response) == _expected(**filters) != set()


def test_filters_by_population_group_and_language_spoken(client, services):
    returnees = client.get("/ar/services/", {"group": "returnees", "view": "table"})
    expected = {service.pk for service in Service.objects.all() if "returnees" in service.population_groups}
    assert _names(returnees) == expected != set()
    # Hausa is spoken in Niger, at the Sabha desk in Libya and nowhere in Belgium.
    hausa = client.get("/ar/services/", {"language": "ha", "view": "table"})
    countries = {service.country.code for service in hausa.context["services_page"].object_list}
    assert {"NE", "LY"} <= countries and "BE" not in countries
    nothing = client.get("/en/services/", {"language": "ha", "country": "BE"})
    assert nothing.context["count"] == 0 and "No service matches these filters." in nothing.content.decode()


def test_a_wrong_filter_is_reported_and_the_others_still_apply(client, services):
    response = client.get("/en/services/", {"type": "haircuts", "country": "EG", "view": "table"})
    assert response.status_code == 200
    assert "type" in response.context["filter_form"].errors
    assert _names(response) == _expected(country__code="EG")


def test_the_list_is_paginated_and_the_table_shows_everything(client, services):
    listed = client.get("/en/services/")
    assert len(listed.context["services_page"].object_list) == 20
    assert 'rel="next"' in listed.content.decode()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_mark_lies_inside_its_countrys_shape(client, services, language):
    # Check in the drawn SVG itself: each mark's point against the path drawn for its country.
    html = client.get(f"/{language}/services/").content.decode()
    shapes = {}
    for code, d in PATH.findall(html):
        shapes[code] = geo.parse_path(d)
    marks = MARK.findall(html)
    assert len(marks) >= 40
    for x, y, code in marks:
        assert any(geo.point_in_ring(float(x), float(y), ring) for ring in shapes[code]), (code, x, y)


def test_the_map_is_not_mirrored_in_arabic(client, services):
    # Right to left applies to text, never to geography: Tunis is drawn west of Cairo in every language.
    def x_of(language, country):
        html = client.get(f"/{language}/services/", {"country": country}).content.decode()
        return [float(x) for x, _y, _code in MARK.findall(html)]

    both = {}
    for language in ("en", "ar"):
        html = client.get(f"/{language}/services/", {"region": "north-africa"}).content.decode()
        marks = {(float(x), float(y)) for x, y, _code in MARK.findall(html)}
        both[language] = marks
        assert 'dir="rtl"' in html if language == "ar" else 'dir="ltr"' in html
    assert both["en"] == both["ar"]
    tunis = Service.objects.filter(place_en="Tunis").first()
    cairo = Service.objects.filter(place_en="Cairo").first()
    html = client.get("/ar/services/", {"region": "north-africa"}).content.decode()
    position = {
        m.group(1): float(m.group(2)) for m in re.finditer(r'href="/ar/services/(\d+)/"><circle cx="([\d.]+)"', html)
    }
    assert position[str(tunis.pk)] < position[str(cairo.pk)]
    assert x_of("en", "EG")


def test_each_demo_place_is_inside_its_country_in_the_shapes_file(services):
    for service in Service.objects.exclude(latitude=None):
        assert geo.in_country(service.country.code, float(service.longitude), float(service.latitude)), service.place_en


def test_a_service_has_a_stable_page_in_each_language(client, services):
    service = Service.objects.get(organisation__slug="egyptian-red-crescent", service_type="psychosocial_support")
    english = client.get(f"/en/services/{service.pk}/")
    arabic = client.get(f"/ar/services/{service.pk}/")
    assert english.status_code == arabic.status_code == 200
    assert "Psychosocial support in Asyut" in english.content.decode()
    assert "الدعم النفسي والاجتماعي في أسيوط" in arabic.content.decode()
    assert len(MARK.findall(arabic.content.decode())) == 1
    assert client.get("/en/services/999999/").status_code == 404


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_csv_carries_hxl_hashtags_and_the_filtered_rows(client, services, language):
    response = client.get(f"/{language}/services/services.csv", {"country": "TN"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    headings, tags, *data = rows
    assert headings[:3] == ["id", "name", "type of service"]
    # HXL: every cell of the second row is a hashtag with optional +attributes.
    assert all(re.fullmatch(r"#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*", tag) for tag in tags)
    assert {"#org+name", "#country+code", "#geo+lat", "#geo+lon", "#sector+code", "#status"} <= set(tags)
    assert {int(row[0]) for row in data} == _expected(country__code="TN")
    column = dict(zip(tags, zip(*data, strict=True), strict=True))
    assert set(column["#country+code"]) == {"TN"}
    if language == "ar":
        assert "صفاقس" in column["#loc+name"]
    assert all(url.startswith("http://testserver/" + language + "/services/") for url in column["#meta+url"])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_json_matches_the_csv_and_the_openapi_document(client, services, language):
    data = client.get(f"/{language}/services/services.json", {"group": "children"}).json()
    assert data["language"] == language
    assert data["count"] == len(data["services"]) > 0
    assert all("children" in item["population_groups"] for item in data["services"])
    rows = _csv(client.get(f"/{language}/services/services.csv", {"group": "children"}))
    assert [str(item["id"]) for item in data["services"]] == [row[0] for row in rows[2:]]
    schema = client.get("/api/v1/openapi.json").json()
    documented = schema["paths"]["/{lang}/services/services.json"]["get"]
    item = documented["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["services"]["items"]
    assert set(item["properties"]) == set(data["services"][0]) == {key for key, _heading, _tag in COLUMNS}
    assert {param["name"] for param in documented["parameters"]} >= {"country", "region", "type", "group", "language"}


def test_country_and_region_pages_show_their_services(client, services):
    from wagtail.models import Locale

    from cms_pages.models import CountryPage, HomePage, RegionPage
    from kms.taxonomy.models import Country, Region

    home = HomePage.objects.get(locale__language_code="ar")
    north_africa = Region.objects.get(slug="north-africa")
    region = home.add_child(instance=RegionPage(title="شمال أفريقيا", slug="north-africa", region=north_africa))
    tunisia = region.add_child(
        instance=CountryPage(title="تونس", slug="tunisia", country=Country.objects.get(code="TN"))
    )
    assert tunisia.locale == Locale.objects.get(language_code="ar")
    html = client.get(tunisia.url).content.decode()
    assert "صفاقس" in html and "/ar/services/?country=TN" in html
    assert MARK.search(html)
    html = client.get(region.url).content.decode()
    count = Service.objects.filter(country__region=north_africa).count()
    assert "/ar/services/?region=north-africa" in html and str(count) in html


def test_a_service_page_lists_the_knowledge_that_names_its_organisation_or_place(client, services):
    from cms_pages.models import HomePage
    from kms.taxonomy.models import Country
    from tests.factories import cms_pages as pages
    from tests.factories.communities import PublishedLessonFactory

    tunisia = Country.objects.get(code="TN")
    service = Service.objects.get(organisation__slug="terre-dasile-tunisie", place_en="Sfax")
    library = pages.library_page(HomePage.objects.get(locale__language_code="en"))
    named = pages.document_page(library, title="Referral pathways in Sfax", slug="sfax", countries=[tunisia])
    own = pages.document_page(
        library, title="Annual report", slug="annual", countries=[tunisia], organisation=service.organisation
    )
    elsewhere = pages.document_page(
        library, title="Shelter in Gabès", slug="gabes", countries=[tunisia], summary="Abris à Gabès · مأوى في قابس"
    )
    lesson = PublishedLessonFactory(title="Peer groups in Sfax after the summer of 2023")
    lesson.countries.set([tunisia])
    unrelated = PublishedLessonFactory(title="Peer groups in Tataouine", context="<p>À Tataouine · في تطاوين</p>")
    unrelated.countries.set([tunisia])
    html = client.get(f"/en/services/{service.pk}/").content.decode()
    assert named.title in html and own.title in html and lesson.title in html
    assert elsewhere.title not in html and unrelated.title not in html
    # Documents are shown in the reader's language only: the Arabic page has no English document.
    arabic = client.get(f"/ar/services/{service.pk}/").content.decode()
    assert named.title not in arabic and lesson.title in arabic


@pytest.mark.parametrize("view", ["list", "table"])
def test_the_query_count_does_not_grow_with_services(client, services, view):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/ar/services/", {"view": view, "region": "north-africa"}).status_code == 200
        return len(context)

    queries()  # fills the caches (site root, locales) every later request shares
    before = queries()
    template = Service.objects.filter(country__code="EG").first()
    for number in range(5):
        template.pk = None
        template.name_en = f"Service {number}"
        template.save()
    assert queries() == before
