"""Library files download under their title, in the title's script, with an ASCII name for old clients (RFC 6266)."""

from urllib.parse import unquote

import pytest
from django.test import Client

from kms.text import content_disposition, download_name
from tests.factories import cms_pages as make
from tests.search import files

pytestmark = [pytest.mark.django_db]

ARABIC_TITLE = "بيان قدرات الشبكة 2025"


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def library(homes):
    return make.library_page(homes[0])


def header_names(header):
    """The ASCII `filename` and the decoded `filename*` of a Content-Disposition header."""
    params = dict(part.strip().split("=", 1) for part in header.split(";")[1:])
    return params["filename"].strip('"'), unquote(params.get("filename*", "UTF-8''").removeprefix("UTF-8''"))


def test_a_file_with_an_arabic_title_downloads_under_that_title(library):
    # Stored under a name that kept only the year, as older uploads and the demo did.
    document = make.library_document(files.pdf([["بيان"]]), name="2025.pdf", title=ARABIC_TITLE)
    make.document_page(library, slug="bayan", document=document, file_language="ar")
    response = Client().get(document.url)
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith("inline;")
    ascii_name, real_name = header_names(header)
    assert real_name == "بيان-قدرات-الشبكة-2025.pdf"
    assert ascii_name.isascii() and ascii_name.endswith("-2025.pdf") and len(ascii_name) > len("-2025.pdf")


def test_a_word_file_downloads_as_an_attachment_with_its_accents(library):
    document = make.library_document(
        files.word(["Étude"]), name="etude.docx", title="Étude : retours à Médenine / 2024"
    )
    make.document_page(library, slug="etude", document=document)
    header = Client().get(document.url)["Content-Disposition"]
    assert header.startswith("attachment;")
    assert header_names(header) == ("Etude-retours-a-Medenine-2024.docx", "Étude-retours-à-Médenine-2024.docx")


def test_names_without_letters_and_plain_ascii_names():
    assert download_name("   ", "pdf", fallback="document-7") == "document-7.pdf"
    assert download_name("Annual report 2025", "pdf") == "Annual-report-2025.pdf"
    # Arabic vowel marks stay on their letters.
    assert download_name("دَلِيل الإحالة", "pdf") == "دَلِيل-الإحالة.pdf"
    # Nothing to add for an ASCII name: no filename* at all.
    assert content_disposition("Annual-report-2025.pdf") == 'inline; filename="Annual-report-2025.pdf"'
    # Quotes, semicolons and line breaks never reach the header unescaped.
    header = content_disposition(download_name('x"; filename="evil.exe\r\nSet-Cookie: a=b', "pdf"), attachment=True)
    assert "\r" not in header and "\n" not in header and header.count('"') == 2
