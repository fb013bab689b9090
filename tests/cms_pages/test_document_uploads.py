"""A document page's file through the real admin: saving, autosaving and publishing again with the same file keeps
one document and one cover; a new file replaces them; a publish that fails leaves everything as it was."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Revision
from wagtail.signals import page_published
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms_pages.models import DocumentPage, LibraryDocument
from tests.factories import cms_pages as make
from tests.search import files

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

TITLE = "Brochure du réseau · كتيّب الشبكة"
BROCHURE = files.pdf([["Brochure : réintégration durable — إعادة الإدماج", "Deuxième paragraphe."]])
NEW_EDITION = files.pdf([["Brochure, deuxième édition — الطبعة الثانية", "Autre texte."]])


def form(action=None, upload=None, document=None, **extra):
    data = nested_form_data(
        {
            "title": TITLE,
            "slug": "brochure",
            "summary": "Résumé · ملخص",
            "kind": "brochure",
            "file_language": "fr",
            "publication_date": "2025-03-01",
            "document": document.pk if document else "",
            "cover_image": "",
            "organisation": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
            **extra,
        }
    )
    if action:
        data[f"action-{action}"] = action
    if upload is not None:
        data["upload"] = SimpleUploadedFile("brochure.pdf", upload, content_type="application/pdf")
    return data


def create(client, library, **kwargs):
    response = client.post(f"/admin/pages/add/cms_pages/documentpage/{library.pk}/", form(**kwargs))
    assert response.status_code == 302, response.content.decode()[:2000]
    return DocumentPage.objects.get(slug="brochure")


def edit(client, page, **kwargs):
    response = client.post(f"/admin/pages/{page.pk}/edit/", form(**kwargs))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def autosave(client, page, revision_id=None, **kwargs):
    """What the editor's autosave sends: the whole form, file included, asking for JSON."""
    data = form(**kwargs)
    if revision_id:
        data["overwrite_revision_id"] = str(revision_id)
    response = client.post(f"/admin/pages/{page.pk}/edit/", data, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content.decode()[:2000]
    answer = response.json()
    assert answer["success"], answer
    return answer


def draft_document(page):
    return page.get_latest_revision_as_object().document


def covers():
    return get_image_model().objects.count()


def test_a_brochure_saved_five_times_while_editing_keeps_one_document_and_one_cover(editor, library):
    page = create(editor, library, upload=BROCHURE)
    first = draft_document(page)
    edit(editor, page, upload=BROCHURE)
    answer = autosave(editor, page, upload=BROCHURE)
    # The autosave leaves the form pointing at the stored document, with the file box emptied.
    assert answer["field_updates"]["document"] == str(first.pk)
    assert answer["field_updates"]["upload"] == ""
    autosave(editor, page, revision_id=answer["revision_id"], upload=BROCHURE)
    edit(editor, page, action="publish", upload=BROCHURE)
    page.refresh_from_db()
    assert page.live and page.document == first
    assert LibraryDocument.objects.count() == 1
    assert covers() == 1 and page.cover_image is not None


def test_saving_without_a_new_file_keeps_the_document_and_its_cover(editor, library):
    page = create(editor, library, action="publish", upload=BROCHURE)
    page.refresh_from_db()
    document, cover = page.document, page.cover_image
    for _ in range(2):
        autosave(editor, page, document=document)
    edit(editor, page, action="publish", document=document)
    page.refresh_from_db()
    assert (page.document, page.cover_image) == (document, cover)
    assert LibraryDocument.objects.count() == 1 and covers() == 1


def test_a_new_file_replaces_the_document_and_its_cover(editor, library):
    page = create(editor, library, upload=BROCHURE)
    old = draft_document(page)
    autosave(editor, page, document=old, upload=NEW_EDITION)
    edit(editor, page, action="publish", upload=NEW_EDITION)
    page.refresh_from_db()
    assert LibraryDocument.objects.get() == page.document != old
    assert page.document.file.read() == NEW_EDITION
    assert covers() == 1 and page.cover_image.title.endswith(TITLE)


def test_a_live_page_keeps_its_file_until_the_new_one_is_published(editor, library):
    page = create(editor, library, action="publish", upload=BROCHURE)
    page.refresh_from_db()
    live_document = page.document
    edit(editor, page, upload=NEW_EDITION)
    page.refresh_from_db()
    # Readers still get the published file while the new one waits in the draft.
    assert page.document == live_document and LibraryDocument.objects.count() == 2
    edit(editor, page, action="publish", document=draft_document(page))
    page.refresh_from_db()
    assert LibraryDocument.objects.get() == page.document != live_document
    assert covers() == 1


def test_a_document_chosen_from_the_library_is_never_removed(editor, library):
    chosen = make.library_document(BROCHURE, name="catalogue.pdf")
    page = create(editor, library, action="publish", document=chosen)
    edit(editor, page, action="publish", upload=NEW_EDITION)
    page.refresh_from_db()
    assert page.document != chosen
    assert LibraryDocument.objects.filter(pk=chosen.pk).exists()


def test_the_same_file_uploaded_for_another_page_is_its_own_document(editor, library):
    create(editor, library, action="publish", upload=BROCHURE)
    data = form(action="publish", upload=BROCHURE, slug="brochure-bis")
    assert editor.post(f"/admin/pages/add/cms_pages/documentpage/{library.pk}/", data).status_code == 302
    assert LibraryDocument.objects.count() == 2


def test_deleting_a_document_removes_its_generated_cover(editor, library):
    page = create(editor, library, action="publish", upload=BROCHURE)
    page.refresh_from_db()
    assert covers() == 1
    page.document.delete()
    assert covers() == 0
    page.refresh_from_db()
    assert page.document is None and page.cover_image is None


class PublishFailed(Exception):
    pass


@pytest.fixture
def failing_publish():
    """A failure after the page is already marked live, where the 'database is locked' error struck."""

    def fail(**kwargs):
        raise PublishFailed("database is locked")

    page_published.connect(fail, dispatch_uid="test-failing-publish")
    yield
    page_published.disconnect(dispatch_uid="test-failing-publish")


def test_a_failed_first_publish_leaves_no_page_and_no_document(editor, library, failing_publish):
    with pytest.raises(PublishFailed):
        editor.post(f"/admin/pages/add/cms_pages/documentpage/{library.pk}/", form(action="publish", upload=BROCHURE))
    assert not DocumentPage.objects.exists()
    assert not LibraryDocument.objects.exists() and covers() == 0


def test_a_failed_publish_leaves_the_live_page_as_it_was(editor, library):
    page = create(editor, library, action="publish", upload=BROCHURE)
    page.refresh_from_db()
    live_document, revisions = page.document, Revision.objects.count()
    with hooks.register_temporarily("before_publish_page", _raise), pytest.raises(PublishFailed):
        editor.post(f"/admin/pages/{page.pk}/edit/", form(action="publish", upload=NEW_EDITION, title="Nouveau"))
    page.refresh_from_db()
    assert page.live and page.title == TITLE and page.document == live_document
    assert Revision.objects.count() == revisions
    assert LibraryDocument.objects.get() == live_document and covers() == 1


def _raise(request, page):
    raise PublishFailed("database is locked")
