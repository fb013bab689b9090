"""Document pages: files uploaded in the admin are checked, bad ones refused with a reason and the rest of the
form kept; damaged or locked PDFs still publish, without a cover; covers, facts, downloads and language versions."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms_pages.models import DocumentPage, LibraryDocument
from tests.factories import cms_pages as make
from tests.search import files

pytestmark = pytest.mark.django_db

TITLE = "Étude sur le retour · دراسة حول العودة"
SUMMARY = "Résumé détaillé de l'étude — ملخص مفصّل للدراسة"


def post_page(client, library, upload, **extra):
    data = nested_form_data(
        {
            "title": TITLE,
            "slug": "etude-retour",
            "summary": SUMMARY,
            "kind": "study",
            "file_language": "fr",
            "publication_date": "2024-09-25",
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
    if upload is not None:
        data["upload"] = upload
    return client.post(f"/admin/pages/add/cms_pages/documentpage/{library.pk}/", data, follow=True)


def a_pdf(text="Réintégration durable des rapatriés — إعادة الإدماج"):
    return files.pdf([[text, "Deuxième paragraphe."]])


@pytest.mark.parametrize(
    "name,data,expected",
    [
        ("vide.pdf", b"", "is empty (0 bytes)"),
        ("photo.pdf", files.PNG_HEADER + b"\x00" * 64, "is not a .pdf file (its content looks like PNG)"),
        ("rapport.docx", b"%PDF-1.7\n" + b"x" * 64, "is not a .docx file (its content looks like PDF)"),
        ("notes.pdf", b"Ceci n'est que du texte, pas un PDF.", "is not a .pdf file"),
        ("programme.exe", b"MZ\x90\x00" + b"\x00" * 64, "Files ending in .exe are not accepted"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_and_the_form_is_kept(editor, library, name, data, expected):
    response = post_page(editor, library, SimpleUploadedFile(name, data))
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    # Nothing the editor typed is lost, and nothing was stored.
    assert expected in content
    assert f'value="{TITLE}"' in content
    assert SUMMARY in content
    assert not DocumentPage.objects.exists()
    assert not LibraryDocument.objects.exists()


@pytest.mark.usefixtures("live_indexing")  # the text of the saved file is extracted too
@pytest.mark.parametrize(
    "data,reason",
    [
        (files.encrypted_pdf(a_pdf()), "protected by a password"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis file was cut short", "damaged"),
    ],
)
def test_a_locked_or_damaged_pdf_publishes_without_a_cover_and_says_why(
    editor, library, data, reason, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_page(editor, library, SimpleUploadedFile("etude.pdf", data))
    assert response.status_code == 200
    assert reason in response.content.decode()
    page = DocumentPage.objects.get(slug="etude-retour")
    assert page.live
    assert page.cover_image is None
    assert page.document.file.size == len(data)  # the file itself is kept
    assert editor.get(page.url).status_code == 200


@pytest.mark.usefixtures("live_indexing")  # the page count comes from the text extraction
def test_a_good_pdf_becomes_the_document_with_a_cover_and_its_facts(
    editor, library, django_capture_on_commit_callbacks
):
    data = a_pdf()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_page(editor, library, SimpleUploadedFile("etude.pdf", data))
    assert response.status_code == 200
    page = DocumentPage.objects.get(slug="etude-retour")
    assert page.live and page.document.title == TITLE
    cover = page.cover_image
    assert cover is not None and cover.width == 360 and cover.height > cover.width  # portrait A4 page
    content = editor.get(page.url).content.decode()
    assert ">PDF<" in content  # format
    assert f"{len(data) / 1024:.1f}".rstrip("0").rstrip(".") in content.replace("\xa0", " ")  # size, in KB
    page.document.refresh_from_db()
    assert page.document.page_count == 1
    assert "<dt>Pages</dt><dd>1</dd>" in content
    # The cover is a rendition with width, height, srcset and lazy loading.
    cover_tag = content.split('<figure class="cover">')[1].split("</figure>")[0]
    for attribute in ('width="', 'height="', 'srcset="', 'loading="lazy"'):
        assert attribute in cover_tag


def test_download_is_counted_and_sent_to_the_file(client, library):
    document = make.library_document(a_pdf())
    page = make.document_page(library, slug="a-telecharger", document=document)
    response = client.get(page.url + "download/")
    assert response.status_code == 302 and response["Location"] == document.url
    client.get(page.url + "download/")
    page.refresh_from_db()
    assert page.download_count == 2
    assert "<dt>Downloads</dt><dd>2</dd>" in client.get(page.url).content.decode()


def test_download_of_a_private_document_page_is_refused(client, library):
    document = make.library_document(a_pdf())
    page = make.document_page(library, slug="interne", document=document)
    make.make_private(page)
    response = client.get(page.url + "download/")
    assert response.status_code in (200, 302) and response.get("Location") != document.url
    page.refresh_from_db()
    assert page.download_count == 0


def test_other_language_versions_are_linked(client, library):
    english = make.document_page(
        library,
        slug="statement",
        title="Capacity statement",
        file_language="en",
        document=make.library_document(a_pdf("Capacity statement")),
    )
    versions = {}
    for code, title in (("fr", "Présentation des capacités"), ("ar", "بيان القدرات"), ("nl", "Capaciteitsverklaring")):
        versions[code] = make.translate(
            english,
            code,
            title=title,
            file_language=code,
            document=make.library_document(a_pdf(title), name=f"{code}.pdf"),
        )
    content = client.get(english.url).content.decode()
    also_in = content.split('class="also-in"')[1].split("</p>")[0]
    assert re.findall(r">([A-Z]{2})</a>", also_in) == ["AR", "FR", "NL"]
    assert f'href="{versions["fr"].url}"' in also_in
    # An unpublished version is not offered.
    versions["nl"].unpublish()
    assert ">NL</a>" not in client.get(english.url).content.decode()
