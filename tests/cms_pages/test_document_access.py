"""Library files reach only their audience: the one a search for them would show them to.

Every request goes through the site's URLs with the test client: /documents/<id>/<name>
(Wagtail's document links) and /media/documents/ (which must serve nothing).
"""

import importlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from cms_pages.permissions import can_download
from kms import media_urls
from kms import urls as site_urls
from search.sources.cms_pages import DocumentSource
from tests.factories import UserFactory, research
from tests.factories import cms_pages as make
from tests.factories.communities import MembershipFactory
from tests.search import files

document_source = DocumentSource()

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

# The site as the development server (DEBUG) wires it: uploaded media first, then everything else.
urlpatterns = [*media_urls.urlpatterns, *site_urls.urlpatterns]

PUBLIC_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, no-store"


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def library(homes):
    return make.library_page(homes[0])


@pytest.fixture
def readers():
    """Anonymous, a partner (a community member), a member of another community, and staff."""
    partner = MembershipFactory().user
    other_member = MembershipFactory().user
    return {"anonymous": None, "partner": partner, "other member": other_member, "staff": UserFactory(is_staff=True)}


def a_pdf(text="Note d'orientation — مذكرة إحالة"):
    return files.pdf([[text]])


def fetch(url, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def body(response):
    return b"".join(response.streaming_content)


def assert_staff_only(document, readers):
    for name in ("anonymous", "partner", "other member"):
        response = fetch(document.url, readers[name])
        # Not found, like an id that was never used: neither the file nor its existence leaks.
        assert response.status_code == 404, name
        assert b"%PDF" not in response.content
    response = fetch(document.url, readers["staff"])
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF")
    assert response["Cache-Control"] == PRIVATE_CACHE


def test_a_document_on_a_live_public_page_is_for_everyone_and_cached_publicly(library, readers):
    data = a_pdf()
    document = make.library_document(data)
    make.document_page(library, slug="note", document=document)
    for name, user in readers.items():
        response = fetch(document.url, user)
        assert response.status_code == 200, name
        assert body(response) == data
        assert response["Cache-Control"] == PUBLIC_CACHE


def test_a_document_whose_only_page_is_unpublished_is_for_staff(library, readers):
    document = make.library_document(a_pdf())
    make.document_page(library, slug="brouillon", document=document, live=False)
    assert_staff_only(document, readers)


def test_a_document_whose_page_is_unpublished_later_stops_being_public(library, readers):
    document = make.library_document(a_pdf())
    page = make.document_page(library, slug="retiree", document=document)
    assert fetch(document.url)["Cache-Control"] == PUBLIC_CACHE
    page.unpublish()
    assert_staff_only(document, readers)


def test_a_document_on_a_restricted_page_is_for_staff(library, readers):
    document = make.library_document(a_pdf())
    make.make_private(make.document_page(library, slug="reservee", document=document))
    assert_staff_only(document, readers)


def test_a_document_no_page_presents_is_for_staff(library, readers):
    assert_staff_only(make.library_document(a_pdf()), readers)


def test_an_imported_document_is_for_staff(library, readers, tmp_path):
    folder = tmp_path / "partage"
    folder.mkdir()
    (folder / "note-de-referencement.pdf").write_bytes(a_pdf("Note de référencement — مذكرة إحالة"))
    call_command("import_library", str(folder), "--no-progress", stdout=StringIO())
    document = get_document_model().objects.get()
    assert_staff_only(document, readers)


def test_a_live_publication_file_is_public_and_a_draft_ones_is_not(homes, readers):
    published = research.pdf_document(title="Étude publiée — دراسة منشورة")
    draft = research.pdf_document(title="Étude en préparation — دراسة قيد الإعداد")
    research.publication(primary_file=published)
    research.publication(primary_file=draft, publish=False)
    # Wagtail's reference index finds the publication page that presents the file.
    response = fetch(published.url)
    assert response.status_code == 200 and response["Cache-Control"] == PUBLIC_CACHE
    assert_staff_only(draft, readers)


def test_a_document_in_a_restricted_collection_is_not_public(library, readers):
    collection = Collection.get_first_root_node().add_child(name="Interne · داخلي")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = make.library_document(a_pdf(), collection=collection)
    make.document_page(library, slug="collection-interne", document=document)
    assert fetch(document.url).status_code != 200
    response = fetch(document.url, readers["staff"])
    assert response.status_code == 200 and response["Cache-Control"] == PRIVATE_CACHE


def test_search_and_download_agree(library, readers):
    from search import sources

    public = make.library_document(a_pdf())
    make.document_page(library, slug="publique", document=public)
    hidden = make.library_document(a_pdf(), title="Note interne · مذكرة داخلية")
    make.document_page(library, slug="cachee", document=hidden, live=False)
    # Each file's one search result: the live page that presents it, else its own record.
    results = {record.file: record for record in sources.all_records() if record.file}
    for document in (public, hidden):
        searchable_by_public = "public" in results[f"document:{document.pk}"].audiences
        assert can_download(readers["partner"], document) is searchable_by_public
        assert (fetch(document.url).status_code == 200) is searchable_by_public
    assert results[f"document:{public.pk}"].id.startswith("page:")
    assert {r.id: r.audiences for r in document_source.all_records()} == {f"document:{hidden.pk}": ("staff",)}


def test_wrong_names_and_overlong_ids_are_not_found(library, readers):
    document = make.library_document(a_pdf())
    make.document_page(library, slug="nommee", document=document)
    assert fetch(f"/documents/{document.pk}/autre-nom.pdf").status_code == 404
    assert fetch(f"/documents/{'9' * 20}/{document.filename}", readers["staff"]).status_code == 404
    assert fetch(f"/documents/{document.pk + 1000}/{document.filename}").status_code == 404


def test_files_are_stored_outside_media_and_never_served_from_there(library, settings, readers):
    public = make.library_document(a_pdf(), name="publique.pdf")
    make.document_page(library, slug="stockee", document=public)
    hidden = make.library_document(a_pdf(), name="interne.pdf")
    for document in (public, hidden):
        assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
        assert document.url.startswith(f"/documents/{document.pk}/")
        for user in readers.values():
            assert fetch(f"/media/{document.file.name}", user).status_code == 404


def test_the_development_media_route_skips_the_documents_folder(settings):
    """With DEBUG the site serves MEDIA_ROOT for images; a file left in media/documents/ stays unreachable."""
    settings.ROOT_URLCONF = __name__
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "ancien.pdf").write_bytes(a_pdf())
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "photo.png").write_bytes(files.PNG_HEADER)
    assert fetch("/media/images/photo.png").status_code == 200
    assert fetch("/media/documents/ancien.pdf").status_code == 404
    assert fetch("/media/images/../documents/ancien.pdf").status_code == 404


def test_changing_a_page_reindexes_the_files_it_presents(
    homes, monkeypatch, django_capture_on_commit_callbacks, live_indexing
):
    """Search must not keep showing a file whose page was withdrawn, whatever kind of page presented it."""
    from search import tasks

    enqueued = []
    monkeypatch.setattr(tasks, "enqueue", enqueued.append)
    document = research.pdf_document()
    key = f"document:{document.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        page = research.publication(primary_file=document)
    # The live publication is the file's search result; the file has no record of its own meanwhile.
    assert key in enqueued and document_source.record_for(document.pk) is None

    def restrict():
        return make.make_private(page)

    for change in (restrict, lambda: page.view_restrictions.all().delete(), page.unpublish, page.delete):
        enqueued.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert key in enqueued, change
    assert document_source.record_for(document.pk).audiences == ("staff",)


def test_the_migration_moves_files_out_of_media(settings):
    """Files uploaded before documents moved out of MEDIA_ROOT go to the private root, under the same name."""
    from django.apps import apps

    migration = importlib.import_module("cms_pages.migrations.0004_librarydocument_private_storage")
    document = make.library_document(a_pdf(), name="ancien.pdf")
    private = settings.KMS_PRIVATE_MEDIA_ROOT / document.file.name
    legacy = settings.MEDIA_ROOT / document.file.name
    legacy.parent.mkdir(parents=True)
    private.rename(legacy)
    migration.to_private_root(apps, None)
    assert private.is_file() and not legacy.exists()
