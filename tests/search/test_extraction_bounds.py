"""Bounded extraction: decompression bombs and absurd files get a status, never a crash or a memory blow-up.

Memory is measured where it is spent: `extract()` runs in a fresh Python process that
reports how far its peak resident memory (VmHWM) rose above its resident memory just
before reading (the imports are done by then), so the figure is the file's cost alone.
"""

import json
import os
import subprocess
import sys
import tracemalloc

import pytest
from django.conf import settings
from PIL import Image

from search.extraction import (
    KILLED_MESSAGE,
    MESSAGES,
    PAGES_MESSAGE,
    UNPACKED_MESSAGE,
    Extraction,
    Limits,
    Status,
    check_docx,
    extract,
    extract_in_child,
)
from tests.search import bombs, files

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GROWTH_LIMIT_MIB = 50
# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the forking parent (pytest).
MEASURE = """
import json, sys
from search.extraction import Limits, extract

def memory_kib(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))

limits = Limits(**json.loads(sys.argv[2]))
before = memory_kib("VmRSS")
result = extract(sys.argv[1], limits=limits)
peak = memory_kib("VmHWM")
print(json.dumps({"status": result.status, "message": result.message, "grew_mib": (peak - before) / 1024}))
"""


def limits(**overrides):
    return Limits.from_settings(**overrides)


def measured(path, **overrides):
    """(status, message, MiB the process grew by) of `extract()` on the file at `path`, in a fresh process."""
    arguments = json.dumps(limits(**overrides).__dict__)
    child = subprocess.run([sys.executable, "-c", MEASURE, str(path), arguments], cwd=ROOT, capture_output=True,
                           text=True, timeout=300, check=True)  # fmt: skip
    result = json.loads(child.stdout)
    return result["status"], result["message"], result["grew_mib"]


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory):
    # 300 MiB of paragraphs, well-formed: only the limits, not a parse error, can stop it.
    return bombs.docx_bomb(tmp_path_factory.mktemp("bombs") / "bomb.docx", unpacked_mib=300)


class TestBombsInAFreshProcess:
    """Each bomb: a status, no exception, and the reading process grows by less than 50 MiB."""

    def test_docx_unpacking_to_300_mib(self, docx_bomb):
        assert os.path.getsize(docx_bomb) < 2 * bombs.MIB  # what an upload limit lets through

        status, message, grew = measured(docx_bomb)

        assert (status, message) == (Status.TOO_LARGE, UNPACKED_MESSAGE)
        assert grew < GROWTH_LIMIT_MIB

    def test_docx_whose_ratio_is_a_bomb_below_the_size_limit(self, tmp_path):
        # 60 MiB unpacked is under the 100 MiB limit, but no Word document packs a thousand to one.
        path = bombs.docx_bomb(tmp_path / "dense.docx", unpacked_mib=60)

        status, message, grew = measured(path)

        assert (status, message) == (Status.REFUSED, MESSAGES[Status.REFUSED])
        assert grew < GROWTH_LIMIT_MIB

    def test_docx_carrying_nested_zip_bombs(self, tmp_path):
        path = tmp_path / "nested.docx"
        path.write_bytes(bombs.nested_zip_docx(copies=30, inner_mib=50))

        status, _message, grew = measured(path)

        assert status == Status.REFUSED
        assert grew < GROWTH_LIMIT_MIB

    def test_zip_of_zips(self, tmp_path):
        path = tmp_path / "42.zip"
        path.write_bytes(bombs.nested_zip(depth=3, width=8, inner_mib=16))

        status, _message, grew = measured(path)

        # A plain archive is not a format we read; it is never opened beyond its signature.
        assert status == Status.UNSUPPORTED
        assert grew < GROWTH_LIMIT_MIB

    def test_pdf_claiming_a_million_pages(self, tmp_path):
        path = tmp_path / "pages.pdf"
        path.write_bytes(bombs.pdf_claiming_pages(1_000_000))

        status, message, grew = measured(path)

        assert (status, message) == (Status.TOO_LARGE, PAGES_MESSAGE)
        assert grew < GROWTH_LIMIT_MIB

    def test_png_bomb_is_not_text(self, tmp_path):
        path = tmp_path / "bomb.png"
        path.write_bytes(bombs.png_bomb())

        status, _message, grew = measured(path)

        assert status == Status.UNSUPPORTED
        assert grew < GROWTH_LIMIT_MIB


class TestContainerLimits:
    def test_declared_sizes_are_not_trusted(self):
        # The headers say 1000 bytes; the stream holds 40 MiB. Reading stops within a slice of
        # the declared size, and the damaged entry is reported, not believed.
        data = bombs.lying_docx(real_mib=40, declared=1000)

        tracemalloc.start()
        try:
            result = extract(data, "liar.docx")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

        assert result.status in (Status.CORRUPT, Status.REFUSED)
        assert peak < 10 * bombs.MIB

    def test_too_many_entries(self):
        data = bombs.docx_with_parts({f"customXml/item{number}.xml": b"<a/>" for number in range(2100)})

        assert extract(data, "many.docx").status == Status.REFUSED

    def test_entry_limit_is_read_from_the_directory_before_zipfile_lists_it(self):
        data = bombs.docx_with_parts({f"customXml/item{number}.xml": b"<a/>" for number in range(30)})

        assert extract(data, "a.docx", limits=limits(max_entries=10)).status == Status.REFUSED

    def test_embedded_spreadsheets_within_the_limit_do_not_stop_reading(self):
        data = bombs.docx_with_parts({"word/embeddings/sheet.xlsx": bombs.zeros_zip(1)})

        result = extract(data, "with-sheet.docx")

        assert (result.status, result.text) == (Status.OK, files.FRENCH)

    def test_pictures_are_never_inflated(self):
        # 90 MiB of "picture" fits the limits (one in a hundred); the text is read without inflating it.
        data = bombs.docx_with_parts({"word/media/image1.png": os.urandom(bombs.MIB)})

        tracemalloc.start()
        try:
            result = extract(data, "photo.docx")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

        assert (result.status, result.text) == (Status.OK, files.FRENCH)
        # The file itself, its slim copy without the picture, and little else.
        assert peak < 4 * bombs.MIB

    def test_limits_come_from_settings(self):
        assert Limits.from_settings() == Limits(**settings.KMS_EXTRACTION_LIMITS)


class TestCheckForForms:
    """`check_docx` answers a form at once: damaged packages are told apart from bombs without inflating bombs."""

    def test_sound_document(self):
        assert check_docx(files.word([files.FRENCH])) is None

    @pytest.mark.parametrize(
        "parts",
        [
            {"word/document.xml": b"<w:document><w:body><w:p>unclosed"},
            {"word/document.xml": b"\x00\x01 not xml at all"},
            {"[Content_Types].xml": b"<Types"},
        ],
    )
    def test_damaged_parts(self, parts):
        assert check_docx(bombs.docx_with_parts(parts)).status == Status.CORRUPT

    def test_missing_part(self):
        data = files.zip_without_word_document()

        assert check_docx(data).status == Status.CORRUPT

    def test_not_a_zip_at_all(self):
        assert check_docx(b"PK\x03\x04 and then nothing").status == Status.CORRUPT

    def test_bomb_is_over_the_limits_not_damaged(self, docx_bomb):
        tracemalloc.start()
        try:
            with open(docx_bomb, "rb") as handle:
                result = check_docx(handle)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

        assert result.status == Status.TOO_LARGE
        assert peak < bombs.MIB


class TestChildProcess:
    def test_reads_like_extract(self):
        data = files.word(files.MULTILINGUAL, title="Guide")

        assert extract_in_child(data, "guide.docx") == extract(data, "guide.docx")

    def test_bomb_in_the_child_leaves_this_process_flat(self, docx_bomb):
        tracemalloc.start()
        try:
            with open(docx_bomb, "rb") as handle:
                result = extract_in_child(handle)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

        assert result == Extraction.failed(Status.TOO_LARGE, UNPACKED_MESSAGE)
        assert peak < 4 * bombs.MIB  # the copy to the child goes in slices of 1 MiB

    def test_memory_limit_stops_a_parser_that_the_soft_limits_let_through(self, docx_bomb):
        # With the container limits lifted, python-docx would build a tree of gigabytes;
        # the child's address-space limit stops it and the file gets a status.
        lifted = limits(max_unpacked_bytes=10**12, max_ratio=10**6, memory_bytes=768 * bombs.MIB)

        result = extract_in_child(docx_bomb, limits=lifted)

        assert result.status in (Status.TOO_LARGE, Status.CORRUPT)
        assert result.text == ""

    def test_hard_timeout(self):
        result = extract_in_child(files.word([files.FRENCH]), "a.docx", process_timeout_s=0.001)

        assert result == Extraction.failed(Status.TIMEOUT, KILLED_MESSAGE)

    def test_file_over_the_size_limit_is_not_copied(self):
        assert extract_in_child(b"x" * 100, "a.txt", max_bytes=10).status == Status.TOO_LARGE


class TestPictures:
    def test_pillow_refuses_a_png_bomb_everywhere(self):
        import io

        with pytest.raises(Image.DecompressionBombError):
            Image.open(io.BytesIO(bombs.png_bomb()))

    def test_pillow_threshold_follows_the_limit(self):
        assert Image.MAX_IMAGE_PIXELS * 2 == settings.KMS_EXTRACTION_LIMITS["max_pixels"]
        assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == settings.KMS_EXTRACTION_LIMITS["max_pixels"]


@pytest.mark.django_db
class TestDocuments:
    """Staff uploads share the path: the document keeps its file and gets the bomb's status from the worker."""

    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "media"
        settings.SEARCH_LIVE_INDEXING = True  # saving a document enqueues its extraction, as on a real site

    def test_docx_bomb_uploaded_as_a_document(self, docx_bomb, django_capture_on_commit_callbacks):
        from django.core.files import File
        from wagtail.documents import get_document_model

        document = get_document_model()(title="Rapport annuel")
        with open(docx_bomb, "rb") as handle:
            document.file.save("rapport.docx", File(handle), save=False)
        with django_capture_on_commit_callbacks(execute=True):
            document.save()

        document.refresh_from_db()
        assert (document.extraction_status, document.extraction_message) == (Status.TOO_LARGE, UNPACKED_MESSAGE)
        assert document.extracted_text == "" and document.file.size == os.path.getsize(docx_bomb)

    def test_pdf_claiming_a_million_pages_uploaded_as_a_document(self, django_capture_on_commit_callbacks):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        document = get_document_model()(title="Pages")
        document.file.save("pages.pdf", ContentFile(bombs.pdf_claiming_pages(1_000_000)), save=False)
        with django_capture_on_commit_callbacks(execute=True):
            document.save()

        document.refresh_from_db()
        assert (document.extraction_status, document.extraction_message) == (Status.TOO_LARGE, PAGES_MESSAGE)
