"""Text extraction: one contract run on every extractor, then each format's own bad files."""

import io
import random

import pytest

from search.extraction import (
    EMPTY_MESSAGE,
    MESSAGES,
    TRUNCATED_MESSAGE,
    DocxExtractor,
    Extraction,
    HtmlExtractor,
    PdfExtractor,
    PlainTextExtractor,
    Status,
    choose_extractor,
    extract,
)
from tests.search import files

FORMATS = {"pdf": PdfExtractor, "docx": DocxExtractor, "html": HtmlExtractor, "txt": PlainTextExtractor}
TITLE = "Guide du retour volontaire"
FIRST = "Première partie : accueil des rapatriés"
LAST = "Laatste deel: begeleiding van terugkeerders"
# Longer than the 64 KiB slices HTML and plain text are read in, so the time limit has a point to stop at.
FILLER = "cohésion sociale " * 4500


@pytest.fixture(params=list(FORMATS))
def format(request):
    return request.param


def name(format):
    return f"upload.{format}"


class TestContract:
    """What every extractor promises; a new format joins FORMATS and must pass all of it."""

    def test_reads_french_arabic_and_dutch(self, format):
        result = extract(files.build(format, files.MULTILINGUAL), name(format))

        assert result.status == Status.OK, result.message
        for sentence in files.MULTILINGUAL:
            assert sentence in result.text
        assert (result.truncated, result.message) == (False, "")

    def test_content_decides_the_extractor_before_the_name(self, format):
        data = files.build(format, files.MULTILINGUAL)

        # Plain text has no signature, so only its name can say what it is.
        assert isinstance(choose_extractor(data, "misnamed.txt"), FORMATS[format])

    def test_title(self, format):
        result = extract(files.build(format, [files.FRENCH], title=TITLE), name(format))

        # Plain text carries no title of its own.
        assert result.title == ("" if format == "txt" else TITLE)
        if format != "txt":
            assert result.status == Status.OK

    @pytest.mark.parametrize("data", [b"", b" \r\n\t"])
    def test_empty_file(self, format, data):
        for result in (FORMATS[format]().extract(data), extract(data, name(format))):
            assert result == Extraction(Status.NO_TEXT, message=EMPTY_MESSAGE)

    def test_character_limit_keeps_the_beginning(self, format):
        data = files.build(format, files.MULTILINGUAL)
        full = extract(data, name(format)).text

        result = extract(data, name(format), max_chars=12)

        assert (result.status, result.truncated, result.message) == (Status.OK, True, TRUNCATED_MESSAGE)
        assert result.text == full[:12]

    def test_size_limit_is_checked_before_parsing(self, format):
        data = files.build(format, files.MULTILINGUAL)

        assert extract(data, name(format), max_bytes=len(data)).status == Status.OK
        too_large = extract(data, name(format), max_bytes=len(data) - 1)
        assert too_large == Extraction(Status.TOO_LARGE, message=MESSAGES[Status.TOO_LARGE])

    def test_time_limit_keeps_what_was_read(self, format):
        if format == "pdf":
            data = files.pdf([FIRST, LAST])
        else:
            data = files.build(format, [FIRST, FILLER, LAST])

        in_time = extract(data, name(format))
        late = extract(data, name(format), timeout_s=0)

        assert in_time.status == Status.OK and LAST in in_time.text
        # The first unit of work is always read; the deadline is checked before the next.
        assert (late.status, late.truncated, late.message) == (Status.TIMEOUT, True, MESSAGES[Status.TIMEOUT])
        assert FIRST in late.text and LAST not in late.text

    def test_damaged_copies_give_a_status_not_an_exception(self, format):
        data = files.build(format, files.MULTILINGUAL, title=TITLE)
        statuses = set()

        for cut in (1, 7, 64, len(data) // 3, len(data) // 2, len(data) - 30):
            result = extract(data[:cut], name(format))
            assert isinstance(result.status, Status)
            assert (result.message == "") == (result.status == Status.OK and not result.truncated)
            statuses.add(result.status)

        # Binary formats lose their structure when cut; text only loses its end,
        # and HTML cut inside its <head> has no visible text left.
        expected = {"pdf": {Status.CORRUPT}, "docx": {Status.CORRUPT}, "html": {Status.NO_TEXT, Status.OK}}
        assert statuses == expected.get(format, {Status.OK})


class TestPdf:
    def test_pages_are_counted_and_the_page_limit_keeps_the_first_pages(self):
        data = files.pdf(["page un", "page twee", "page ثلاثة"])

        assert extract(data, "a.pdf").pages == 3
        result = extract(data, "a.pdf", max_pages=2)
        assert (result.status, result.pages, result.truncated) == (Status.OK, 3, True)
        assert "page un" in result.text and "page twee" in result.text and "ثلاثة" not in result.text

    def test_password_protected(self):
        result = extract(files.encrypted_pdf(files.pdf([files.FRENCH])), "a.pdf")

        assert result == Extraction(Status.ENCRYPTED, message=MESSAGES[Status.ENCRYPTED])

    def test_owner_password_alone_does_not_stop_reading(self):
        # Permissions-only protection: viewers open it without asking, so we read it too.
        data = files.encrypted_pdf(files.pdf([files.FRENCH]), password="")

        result = extract(data, "a.pdf")

        assert result.status == Status.OK and files.FRENCH in result.text

    def test_cut_short(self):
        data = files.pdf([files.FRENCH, files.DUTCH])

        assert extract(data[: len(data) // 2], "a.pdf").status == Status.CORRUPT

    def test_random_bytes_named_pdf(self):
        data = random.Random(4).randbytes(4096)

        assert extract(data, "report.pdf").status == Status.CORRUPT

    def test_no_text_layer(self):
        result = extract(files.pdf_with_rectangle(), "scan.pdf")

        assert (result.status, result.pages, result.text) == (Status.NO_TEXT, 1, "")
        assert result.message == MESSAGES[Status.NO_TEXT]


class TestDocx:
    def test_table_cells_are_read_in_document_order(self):
        data = files.word([files.FRENCH], table=[["Pays", "Retours"], ["Maroc", files.ARABIC]])

        text = extract(data, "a.docx").text

        assert text.index(files.FRENCH) < text.index("Pays") < text.index("Maroc") < text.index(files.ARABIC)

    def test_merged_cells_are_read_once(self):
        data = files.word([], table=[["Maroc", "", "Tunisie"], ["Sénégal", "Mali", "Niger"]], merge=((0, 0), (0, 1)))

        assert extract(data, "a.docx").text == "Maroc\nTunisie\nSénégal\nMali\nNiger"

    def test_title_property_comes_before_the_first_heading(self):
        data = files.word([files.DUTCH], title=TITLE, heading="Inleiding")

        assert extract(data, "a.docx").title == TITLE

    def test_zip_that_is_not_a_word_document(self):
        data = files.zip_without_word_document()

        assert extract(data, "a.docx").status == Status.CORRUPT
        assert extract(data, "a.zip").status == Status.UNSUPPORTED

    def test_password_protected(self):
        # Office wraps an encrypted .docx in an OLE2 compound file holding an
        # "EncryptedPackage" stream; this is that container's signature and stream name.
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(64)

        assert extract(data, "a.docx").status == Status.ENCRYPTED

    def test_old_word_format_is_unsupported(self):
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(64)

        assert extract(data, "a.doc").status == Status.UNSUPPORTED


class TestHtml:
    def test_scripts_and_styles_are_not_text(self):
        data = files.html(
            [files.FRENCH],
            extra_head="<style>p { color: red }</style><script>var secret = 1;</script>",
            extra_body="<script>trackVisit()</script><noscript>Activez JavaScript</noscript>",
        )

        text = extract(data, "a.html").text

        assert files.FRENCH in text
        for hidden in ("color", "secret", "trackVisit", "Activez"):
            assert hidden not in text

    def test_title_falls_back_to_the_first_heading(self):
        data = files.html([files.DUTCH], heading="Terugkeer &amp; re-integratie")

        result = extract(data, "a.html")

        assert result.title == "Terugkeer & re-integratie"

    def test_declared_windows_charset_and_entities(self):
        data = (
            b'<html><head><meta charset="windows-1252"></head>'
            b"<body><p>Co\xfbt : 100 \x80 &eacute;tape</p></body></html>"
        )

        assert extract(data, "page.htm").text == "Coût : 100 € étape"

    def test_fragment_without_doctype_is_read_by_its_name(self):
        data = "<p>réintégration</p><p>durable</p>".encode()

        assert extract(data, "fragment.html").text == "réintégration\ndurable"
        assert extract(data, "fragment.bin").status == Status.UNSUPPORTED


class TestPlainText:
    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
    def test_byte_order_marks(self, encoding):
        data = files.text(files.MULTILINGUAL, encoding=encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data

        result = extract(data, "notes.txt")

        assert result.text == "\n\n".join(files.MULTILINGUAL)
        # A byte-order mark is enough to recognise text without a name.
        assert extract(data).status == Status.OK

    def test_latin1_and_windows_1252(self):
        assert extract(files.text([files.FRENCH], "latin-1"), "a.txt").text == files.FRENCH
        assert extract("Coût : 12 €".encode("cp1252"), "a.txt").text == "Coût : 12 €"

    def test_binary_named_txt(self):
        assert extract(b"\x01\x02\x00\x00abc", "notes.txt").status == Status.CORRUPT


class TestChoosing:
    @pytest.mark.parametrize("filename", ["image.png", "image.txt", "image.pdf", None])
    def test_image_is_unsupported_whatever_its_name(self, filename):
        result = extract(files.PNG_HEADER, filename)

        assert result == Extraction(Status.UNSUPPORTED, message=MESSAGES[Status.UNSUPPORTED])

    def test_text_without_a_known_name_is_unsupported(self):
        assert extract(b"plain words", "data.xyz").status == Status.UNSUPPORTED
        assert extract(b"plain words").status == Status.UNSUPPORTED

    def test_path_and_file_object(self, tmp_path):
        path = tmp_path / "guide.docx"
        path.write_bytes(files.word([files.FRENCH]))

        for source in (path, str(path), io.BytesIO(path.read_bytes()), path.open("rb")):
            result = extract(source, None if not isinstance(source, io.BytesIO) else "guide.docx")
            assert (result.status, result.text) == (Status.OK, files.FRENCH)
        assert extract(path, max_bytes=10).status == Status.TOO_LARGE
        assert extract(io.BytesIO(path.read_bytes()), max_bytes=10).status == Status.TOO_LARGE
