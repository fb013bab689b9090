"""Search finds services (kind "service") by type, place and organisation, in the four languages."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from cms_pages.mapping.models import Service
from search import sources
from search.engine import reset_engine

pytestmark = [pytest.mark.both_databases]


@pytest.fixture(scope="module")
def index(module_services, tmp_path_factory):
    """The demo's services indexed by the embedded engine, once for the module, in its own file."""
    search = {**settings.SEARCH, "ENGINE": "embedded", "EMBEDDED_PATH": str(tmp_path_factory.mktemp("s") / "i.db")}
    with override_settings(SEARCH=search):
        reset_engine()
        try:
            call_command("search_index", "rebuild", "--no-progress", stdout=StringIO())
        finally:
            reset_engine()
    return search


@pytest.fixture
def engine(index, services):
    with override_settings(SEARCH=index):
        reset_engine()
        yield
    reset_engine()


def ids(client, language, q, **filters):
    body = client.get("/api/v1/search", {"q": q, "kind": "service", **filters}, HTTP_ACCEPT_LANGUAGE=language).json()
    return [(hit["id"], hit["language"]) for hit in body["results"]]


def _key(organisation, service_type, place):
    service = Service.objects.get(organisation__slug=organisation, service_type=service_type, place_en=place)
    return f"service:{service.pk}"


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("en", "legal counselling Tunis"),
        ("fr", "conseil juridique Tunis"),
        ("ar", "استشارات قانونية تونس"),
        ("nl", "juridisch advies Tunis"),
    ],
)
def test_a_service_is_found_by_type_and_place_in_each_language(client, engine, language, query):
    found = ids(client, language, query)
    expected = _key("terre-dasile-tunisie", "legal_counselling", "Tunis")
    assert any(hit.startswith(expected + "-") for hit, _language in found[:3]), found


def test_a_service_is_found_by_organisation_and_shows_once(client, engine):
    found = ids(client, "fr", "Croissant-Rouge égyptien Assiout")
    expected = _key("egyptian-red-crescent", "psychosocial_support", "Asyut")
    assert found and found[0][0].startswith(expected)
    # One result per service, not one per language.
    assert len({hit.rsplit("-", 1)[0] for hit, _language in found}) == len(found)


def test_the_search_page_shows_services_in_the_readers_language(client, engine):
    service = Service.objects.get(organisation__slug="terre-dasile-tunisie", place_en="Sfax")
    html = client.get("/ar/search/", {"q": "صفاقس", "kind": "service"}).content.decode()
    assert f'href="/ar/services/{service.pk}/"' in html and service.name_ar in html
    assert "الخدمة" in html  # the kind's label


def test_each_service_has_a_record_per_language_with_its_words(services):
    service = Service.objects.get(organisation__slug="drc", service_type="case_management")
    records = {code: sources.record_for(f"service:{service.pk}-{code}") for code in ("en", "fr", "ar", "nl")}
    assert records["ar"].title == service.name_ar and records["ar"].url == f"/ar/services/{service.pk}/"
    assert records["fr"].language == "fr" and "Gestion de cas" in records["fr"].summary
    assert records["en"].themes == ("protection",) and records["en"].organisations == ("drc",)
    assert len({record.group for record in records.values()}) == 1
    assert sources.record_for(f"service:{service.pk}-xx") is None
    assert sources.record_for("service:999999-en") is None


def test_the_admin_search_links_a_service_to_its_edit_view(client, engine):
    from django.urls import reverse

    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    service = Service.objects.get(
        organisation__slug="terre-dasile-tunisie", service_type="legal_counselling", place_en="Tunis"
    )
    html = client.get(reverse("kms_admin_search"), {"q": "legal counselling Tunis", "kind": "service"}).content.decode()
    assert f'href="{reverse("services:edit", args=[service.pk])}"' in html
