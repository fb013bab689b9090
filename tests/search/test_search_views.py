"""The search page and the JSON API over the embedded engine, with demo pages and a staff document."""

import re
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model

from search.engine import reset_engine
from tests.factories import UserFactory
from tests.search import files
from tests.services.elasticsearch import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_indexing")]


def upload(name, data, title, capture):
    """Upload as the admin does: the extraction and indexing tasks run once the upload commits."""
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(data), save=False)
    with capture(execute=True):
        document.save()
    return document


@pytest.fixture(scope="module")
def built_library(module_db, tmp_path_factory):
    """The demo pages, indexed as `make run` does, and one staff-only PDF: built once for the module, in
    its own index file."""
    index = tmp_path_factory.mktemp("library") / "search.sqlite3"
    search = {**settings.SEARCH, "ENGINE": "embedded", "EMBEDDED_PATH": str(index)}
    with override_settings(SEARCH=search, SEARCH_LIVE_INDEXING=True):
        reset_engine()
        try:
            call_command("load_demo", "--only", "core", stdout=StringIO())
            call_command("search_index", "rebuild", "--no-progress", stdout=StringIO())
            pdf = files.pdf([["Rapport interne sur la réintégration des rapatriés à Conakry."]])
            document = upload("rapport.pdf", pdf, "Rapport interne Conakry", TestCase.captureOnCommitCallbacks)
        finally:
            reset_engine()
    return index, document.pk


@pytest.fixture
def library(built_library, db, tmp_path):
    """`built_library` for one test: its database changes are rolled back and it searches a copy of the
    index, so what one test indexes never reaches the next."""
    index, pk = built_library
    shutil.copyfile(index, settings.SEARCH["EMBEDDED_PATH"])
    reset_engine()
    return get_document_model().objects.get(pk=pk)


def api(client, **params):
    return client.get("/api/v1/search", params)


def test_uploaded_document_is_extracted_and_indexed_for_staff_only(client, library):
    library.refresh_from_db()
    assert library.extraction_status == "ok"
    assert library.language == "fr"
    assert "Conakry" in library.extracted_text
    # Anonymous readers never see the staff document…
    assert api(client, q="Conakry").json()["total"] == 0
    # …staff do, by an unaccented, singular query.
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name="Staff"))
    client.force_login(staff)
    body = api(client, q="reintegration rapatrie").json()
    assert [hit["id"] for hit in body["results"] if not hit["found_via"]] == [f"document:{library.pk}"]


def test_corrupt_upload_keeps_the_file_and_says_why(django_capture_on_commit_callbacks):
    document = upload("broken.pdf", b"%PDF-1.7 this is not really a pdf", "Broken", django_capture_on_commit_callbacks)
    document.refresh_from_db()
    assert document.extraction_status == "corrupt"
    assert document.extraction_message
    assert document.file.read().startswith(b"%PDF-1.7")


def test_api_returns_results_facets_and_versions(client, library):
    body = api(client, q="network", lang="en").json()
    assert body["total"] == 1
    (hit,) = body["results"]
    assert hit["kind"] == "page" and hit["language"] == "en"
    assert hit["url"].endswith("/en/about/")
    assert "<mark>network</mark>" in hit["snippet"].lower()
    assert sorted(version["language"] for version in hit["also_in"]) == ["ar", "fr", "nl"]
    assert {"kind", "language", "country", "theme", "organisation", "year"} <= set(body["facets"])
    assert body["took_ms"] >= 0


@pytest.mark.parametrize(
    "params,message",
    [
        ({"page": "0"}, "page must be between"),
        ({"page": "two"}, "page must be a whole number"),
        ({"page_size": "1000"}, "page_size must be between"),
        ({"sort": "random"}, "sort must be one of"),
        ({"year": "last"}, "year must be a four-digit year"),
    ],
)
def test_api_bad_parameters_are_a_clear_400(client, params, message):
    response = api(client, **params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_is_rate_limited(client, settings, monkeypatch):
    monkeypatch.setattr("search.views.API_RATE", (3, 60))
    codes = [api(client, q="x").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_api_rate_limit_counts_each_visitor_behind_a_proxy(client, settings, monkeypatch):
    """Behind a reverse proxy every request comes from the proxy: the limit follows the address the proxy
    appended last, and whatever a visitor wrote earlier in the header is ignored."""
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    monkeypatch.setattr("search.views.API_RATE", (2, 60))

    def from_visitor(address):
        return client.get("/api/v1/search", {"q": "x"}, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {address}").status_code

    first = [from_visitor("203.0.113.7") for _ in range(3)]
    other = from_visitor("198.51.100.4")
    assert first == [200, 200, 429]
    assert other == 200


def test_search_page_works_without_javascript(client, library):
    response = client.get("/fr/search/", {"q": "réseau"})
    content = response.content.decode()
    assert response.status_code == 200
    # Facets are plain checkboxes in a GET form: no script needed to filter.
    assert 'type="checkbox" name="lang" value="fr"' in content
    # The one script is the deferred suggestions enhancement (static/js/suggest.js); the form needs none.
    assert re.findall(r"<script[^>]*>", content) == ['<script src="/static/js/suggest.js" defer>']
    assert "<mark>réseau</mark>" in content
    filtered = client.get("/fr/search/", {"q": "réseau", "lang": "en"}).content.decode()
    assert "0 résultat" in filtered


def test_search_page_in_arabic_is_right_to_left(client, library):
    response = client.get("/ar/search/", {"q": "الشبكة"})
    content = response.content.decode()
    assert 'dir="rtl"' in content
    assert "عن الشبكة" in content


def test_a_misspelt_query_shows_the_suggestions_results_and_a_way_back(client, library):
    content = client.get("/en/search/", {"q": "netwrk"}).content.decode()
    assert "Showing results for <strong>network</strong>." in content
    assert "Nothing matched" not in content
    assert re.search(r'<a href="\?q=netwrk&amp;correct=0">Search instead for “netwrk”</a>', content)
    assert 'value="netwrk"' in content  # the box keeps what was typed


def test_as_typed_the_empty_results_give_help_and_a_suggestion(client, library):
    content = client.get("/en/search/", {"q": "netwrk", "correct": "0"}).content.decode()
    assert "Nothing matched" in content
    assert "?q=network" in content
    assert "Showing results for" not in content


def test_the_api_says_when_it_searched_for_the_suggestion(client, library):
    corrected = api(client, q="netwrk").json()
    assert corrected["corrected_from"] == "netwrk" and corrected["searched_for"] == "network"
    assert corrected["total"] > 0 and corrected["suggestion"] == ""
    assert all("keyword" in hit["found_by"] for hit in corrected["results"][:1])
    typed = api(client, q="netwrk", correct="0").json()
    assert typed["corrected_from"] is None and typed["searched_for"] == "netwrk"
    assert typed["total"] == 0 and typed["suggestion"] == "network"
    assert api(client, q="netwrk", correct="maybe").status_code == 400
    # Words the index knows are never replaced.
    assert api(client, q="network").json()["corrected_from"] is None


def test_the_names_of_the_thesaurus_are_not_corrected(client, library):
    # No English text of the demo says "DTM" (the suggester offers "des"), nor "IDP", whose names in the
    # other languages find a text.
    for name in ("DTM", "IDP"):
        found = api(client, q=name).json()
        assert found["corrected_from"] is None and found["searched_for"] == name
    assert api(client, q="IDP").json()["results"][0]["found_by"] == ["thesaurus"]
    # A suggestion that would change the name ("network in" for "netwrk IDP") is only offered.
    offered = api(client, q="netwrk IDP").json()
    assert offered["searched_for"] == "netwrk IDP" and offered["suggestion"] == "network in"


def test_engine_down_is_said_plainly_and_the_site_keeps_working(client, demo_site, settings):
    # A real Elasticsearch client pointed at a port where nothing listens.
    settings.SEARCH = {
        **settings.SEARCH,
        "ENGINE": "elasticsearch",
        "ELASTICSEARCH": {
            **settings.SEARCH["ELASTICSEARCH"],
            "url": f"http://127.0.0.1:{free_port()}",
            "timeout": 1,
            "retries": 0,
        },
    }
    reset_engine()
    response = client.get("/en/search/", {"q": "network"})
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert api(client, q="network").status_code == 503
    assert client.get("/en/").status_code == 200


def test_api_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    parameters = {p["name"] for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert parameters == {
        *("q", "lang", "kind", "country", "theme", "organisation", "year", "page", "page_size", "sort"),
        *("from", "to", "keyword", "thesaurus", "semantic", "correct"),
    }


def test_api_token_carries_the_owner_audiences(client, library):
    from wagtail.models import APIToken

    staff = UserFactory()
    staff.groups.add(Group.objects.get(name="Staff"))
    token, key = APIToken.create_token(user=staff, name="Research team script")
    response = client.get("/api/v1/search", {"q": "Conakry"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.json()["total"] == 1
    token.revoke()
    response = client.get("/api/v1/search", {"q": "Conakry"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]
    # A session does not lend its audiences to a request carrying a bad token.
    client.force_login(staff)
    response = client.get("/api/v1/search", {"q": "Conakry"}, HTTP_AUTHORIZATION="Bearer wagtail_not-a-token")
    assert response.status_code == 401


def test_autocomplete_api_offers_titles_the_caller_may_see(client, library):
    body = client.get("/api/v1/autocomplete", {"q": "about the net"}).json()
    assert [s["title"] for s in body["suggestions"]] == ["About the network"]
    assert client.get("/api/v1/autocomplete", {"q": "rapport int"}).json()["suggestions"] == []


def test_editors_see_why_a_file_could_not_be_read(client, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    document = upload(
        "scan.pdf", files.encrypted_pdf(files.pdf([["Texte protégé"]])), "Scan", django_capture_on_commit_callbacks
    )
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
    client.force_login(admin)
    content = client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert 'data-status="encrypted"' in content
    assert "Password-protected" in content
    assert "protected by a password" in content


def test_results_found_through_a_translation_say_which(client, library, django_capture_on_commit_callbacks):
    # The Dutch page speaks of "terugkeerders"; an English reader searching "returnee" finds it
    # through the thesaurus, and is told so.
    from cms_pages.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="nl")
    page = StandardPage(title="Begeleiding van terugkeerders in Guinee", slug="begeleiding", intro="Opleiding en werk.")
    with django_capture_on_commit_callbacks(execute=True):
        home.add_child(instance=page)
        page.save_revision().publish()
    body = api(client, q="returnee").json()
    (hit,) = [hit for hit in body["results"] if hit["id"] == f"page:{page.pk}"]
    assert hit["found_via"] == {"language": "nl", "term": "terugkeerder"}
    content = client.get("/en/search/", {"q": "returnee"}).content.decode()
    assert "Found through the Dutch term “terugkeerder”" in content
    french = client.get("/fr/search/", {"q": "returnee"}).content.decode()
    assert "Trouvé grâce au terme «\u00a0terugkeerder\u00a0» (Néerlandais)" in french


def test_a_search_reads_the_database_a_bounded_number_of_times(client, library, django_assert_max_num_queries):
    """The engine answers a search; the database is read only for who is asking: an anonymous reader's search
    not at all (the thesaurus is kept in memory), a member's for their session, account and audiences."""
    api(client, q="reintegration")  # the first search of a process reads the thesaurus
    with django_assert_max_num_queries(0):
        assert api(client, q="returnees Conakry").status_code == 200
    client.force_login(UserFactory())
    # The session, the account, the staff groups, the moderators' group and the memberships.
    with django_assert_max_num_queries(5):
        assert api(client, q="returnees Conakry").status_code == 200
