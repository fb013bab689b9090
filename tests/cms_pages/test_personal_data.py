"""Publishing a document page in the admin: personal data in its text or its file's text is shown
with its snippet, and publishing needs the box ticked; the page keeps who ticked it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms_pages.models import DocumentPage, LibraryDocument
from tests.factories import cms_pages as make
from tests.search import files

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


def publish(client, library, summary, **extra):
    data = nested_form_data(
        {
            "title": "Fiche pays Tunisie · بطاقة تونس",
            "slug": "fiche-pays-tunisie",
            "summary": summary,
            "kind": "factsheet",
            "file_language": "fr",
            "publication_date": "2024-10-30",
            "document": "",
            "cover_image": "",
            "organisation": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
            **extra,
        }
    )
    return client.post(reverse("wagtailadmin_pages:add", args=("cms_pages", "documentpage", library.pk)), data)


def test_publishing_with_a_phone_number_needs_the_box_ticked(client, editor_user, library):
    summary = "Pour un rendez-vous, tél. 98 123 456 (Médenine)."
    response = publish(client, library, summary)
    assert response.status_code == 200 and not DocumentPage.objects.exists()
    page = response.content.decode()
    assert "98 ••• •56" in page and "tick the box to confirm" in page
    assert 'name="confirm_personal_data"' in page and summary in page  # what was typed is kept

    response = publish(client, library, summary, confirm_personal_data="on")
    assert response.status_code == 302
    document_page = DocumentPage.objects.get()
    assert document_page.live and document_page.personal_data_kinds == "phone"
    assert document_page.personal_data_confirmed_by == editor_user

    edit = client.get(reverse("wagtailadmin_pages:edit", args=(document_page.pk,))).content.decode()
    assert "Personal data confirmed by" in edit and "98 ••• •56" in edit


def test_the_text_of_the_chosen_file_is_checked(client, editor_user, library):
    document = LibraryDocument(
        title="Fiche", extracted_text="Virement : IBAN BE71 0961 2345 6769, merci.", extraction_status="ok"
    )
    document.file.save("fiche.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    document.save()
    response = publish(client, library, "Ce que les centres offrent.", document=str(document.pk))
    assert response.status_code == 200 and not DocumentPage.objects.exists()
    assert "fiche" in response.content.decode() and "BE•• •••• •••• ••69" in response.content.decode()


def test_a_file_uploaded_in_the_same_save_is_read_and_checked_before_publishing(client, editor_user, library):
    """The worker reads an upload's text only after the save; publishing reads it first (bounded, in a child)."""
    pdf = files.pdf([["Pour un rendez-vous : tél. 98 123 456, centre de Médenine."]])
    upload = SimpleUploadedFile("rendez-vous.pdf", pdf, content_type="application/pdf")
    response = publish(client, library, "Ce que les centres offrent.", upload=upload)
    assert response.status_code == 200 and not DocumentPage.objects.exists()
    content = response.content.decode()
    assert "rendez-vous.pdf" in content and "98 ••• •56" in content


def test_a_chosen_file_the_worker_has_not_read_yet_is_read_before_publishing(client, editor_user, library):
    document = LibraryDocument(title="Fiche")
    document.file.save("virement.pdf", ContentFile(files.pdf([["Virement : IBAN BE71 0961 2345 6769."]])), save=False)
    document.save()
    assert document.extraction_status == ""
    response = publish(client, library, "Ce que les centres offrent.", document=str(document.pk))
    assert response.status_code == 200 and not DocumentPage.objects.exists()
    assert "BE•• •••• •••• ••69" in response.content.decode()


def test_a_draft_save_leaves_an_unread_file_to_the_worker_and_publishing_reads_it(client, editor_user, library):
    """Saving a draft (and every autosave) shows findings from what is already read; only publishing waits for
    the file to be read in a child process."""
    document = LibraryDocument(title="Fiche")
    document.file.save("virement.pdf", ContentFile(files.pdf([["Virement : IBAN BE71 0961 2345 6769."]])), save=False)
    document.save()
    response = publish(
        client, library, "Ce que les centres offrent.", document=str(document.pk), **{"action-publish": ""}
    )
    assert response.status_code == 302
    page = DocumentPage.objects.get()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "BE•• •••• •••• ••69" not in edit  # not read on the save or in the editor
    document.refresh_from_db()
    assert document.extraction_status == ""

    response = publish(client, library, "Ce que les centres offrent.", document=str(document.pk), slug="autre-fiche")
    assert response.status_code == 200 and "BE•• •••• •••• ••69" in response.content.decode()


def test_a_clean_page_publishes_without_a_question(client, editor_user, library):
    response = publish(client, library, "En 2024, 11 200 personnes ont été reçues dans 4 centres.")
    assert response.status_code == 302
    assert DocumentPage.objects.get().personal_data_kinds == ""


def test_saving_a_draft_shows_the_findings_without_refusing(client, editor_user, library):
    response = publish(client, library, "mail: amira.b@example.org", **{"action-publish": ""})
    assert response.status_code == 302
    page = DocumentPage.objects.get()
    assert not page.live and page.personal_data_kinds == ""
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "am•••" in edit and 'type="checkbox" name="confirm_personal_data"' in edit


def test_the_admin_report_lists_what_went_out_over_a_warning(client, editor_user, library):
    from tests.factories.communities import LessonFactory

    publish(client, library, "WhatsApp +216 98 123 456", confirm_personal_data="on")
    lesson = LessonFactory(personal_data_kinds="email,birth_date", personal_data_confirmed_by=editor_user)
    lesson.personal_data_confirmed_at = lesson.created_at
    lesson.save()
    report = client.get(reverse("personal_data_report"))
    assert report.status_code == 200
    content = report.content.decode()
    assert "Fiche pays Tunisie" in content and "phone number" in content
    assert lesson.title in content and "email address, date of birth" in content
    assert "+216" not in content  # the report names kinds, never the data itself

    client.force_login(get_user_model().objects.create_user("personne", "p@example.org", "x", is_staff=True))
    assert client.get(reverse("personal_data_report")).status_code in (302, 403)


def test_bulk_publishing_refuses_pages_with_unconfirmed_personal_data(client, editor_user, library):
    """The page listing's bulk publish skips the editor's check: pages with findings nobody confirmed are
    refused there (named, nothing published); clean drafts still publish in bulk."""
    found = make.document_page(library, live=False, slug="rdv", summary="Pour un rendez-vous, tél. 98 123 456.")
    clean = make.document_page(library, live=False, slug="propre", summary="Une fiche sans coordonnées.")
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={found.pk}&id={clean.pk}&next=/admin/pages/", {}, follow=True)
    assert "Personal data may be in" in response.content.decode() and found.title in response.content.decode()
    found.refresh_from_db()
    clean.refresh_from_db()
    assert not found.live and not clean.live  # nothing was published

    response = client.post(f"{url}?id={clean.pk}&next=/admin/pages/", {})
    clean.refresh_from_db()
    assert clean.live

    # Once someone confirmed the same kinds in the editor, bulk publishing lets the page through.
    draft = found.get_latest_revision_as_object()
    draft.record_personal_data(draft.personal_data_findings(), editor_user)
    draft.save_revision(user=editor_user)
    client.post(f"{url}?id={found.pk}&next=/admin/pages/", {})
    found.refresh_from_db()
    assert found.live and found.personal_data_kinds == "phone"
