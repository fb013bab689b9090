"""Text extraction from uploaded files, behind one interface, so a bad file gives a status and never a crash.

`extract()` picks an extractor by the file's content (falling back to its name) and
returns an `Extraction`. Every extractor honours the same contract, tested on each:

- Bad input never raises. An encrypted, damaged, empty, image-only, huge or unknown
  file gives a `Status` and a short English `message` for editors; the upload itself
  is kept either way, only its text is missing.
- Limits are checked before and during parsing; their values are the setting
  KMS_EXTRACTION_LIMITS (see `Limits`). The size limit is checked before anything is
  parsed (`too_large`). A container (DOCX is a ZIP) is checked from its central
  directory before anything is inflated: total unpacked size (`too_large`), number of
  entries, compression ratio and nested archives (`refused`, the shape of a
  decompression bomb); its parts are then inflated in slices through a bounded reader
  that stops past their declared size, and pictures, fonts and embedded files are
  never inflated at all. A PDF claiming an absurd number of pages is not read
  (`too_large`). The page limit (PDF) and the character limit keep the beginning of
  the document: status `ok`, `truncated=True`.
- The time limit is cooperative: elapsed time is checked between units of work (a
  PDF page, a Word paragraph or table, a 64 KiB slice of HTML or text), and the first
  unit is always read. Past the deadline, reading stops with status `timeout` and
  `truncated=True`, and `text` keeps what was read so far, so it can still be indexed
  while the editor is told why the rest is missing. A single slow step (opening a
  pathological PDF, one pathological page) is not interrupted: `extract_in_child()`
  runs the same extraction in a child process with a hard memory limit (RLIMIT_AS)
  and a wall-clock timeout, which is how uploads are read.
- `text` is whatever could be read, also when the status is not `ok` (`timeout`, or a
  PDF that breaks after some pages reads as `corrupt` with those pages' text).

Messages are plain English msgids marked with `gettext_noop`: show them with
`gettext(extraction.message)`. Importing this module needs no Django settings (the
child process runs it without Django); only `Limits.from_settings()` reads them.
"""

import codecs
import dataclasses
import enum
import io
import json
import os
import re
import struct
import sys
import threading
import time
import zipfile
from html.parser import HTMLParser

import docx
import pypdfium2
import pypdfium2.raw as pdfium_c
from docx.opc.exceptions import OpcError
from docx.table import Table
from lxml import etree
from lxml.etree import LxmlError

from .filedates import docx_created, pdf_created


def gettext_noop(message):
    """Marks a message for translation without translating it.

    Django's own `gettext_noop` reads settings when called, which would tie importing
    this module to configured settings; `makemessages` finds this one by its name.
    """
    return message


class Status(enum.StrEnum):
    """What happened to a file's text; stored on the document and shown to editors."""

    OK = "ok"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"
    NO_TEXT = "no_text"
    TIMEOUT = "timeout"
    REFUSED = "refused"


MESSAGES = {
    Status.ENCRYPTED: gettext_noop(
        "The file is protected by a password, so its text cannot be searched. Upload a copy without a password."
    ),
    Status.CORRUPT: gettext_noop(
        "The file is damaged or is not the type of file its name says, so its text cannot be searched."
    ),
    Status.TOO_LARGE: gettext_noop(
        "The file is larger than the size limit for reading text, so its text cannot be searched."
    ),
    Status.UNSUPPORTED: gettext_noop(
        "Text cannot be read from this type of file. Text is searchable in PDF, Word (.docx), HTML and plain text files."
    ),
    Status.NO_TEXT: gettext_noop(
        "The file has no text to read (it may be a scan or contain only images), so only its title and description are searchable."
    ),
    Status.TIMEOUT: gettext_noop(
        "Reading the file took too long; only the text read before the time limit is searchable."
    ),
    Status.REFUSED: gettext_noop(
        "The file is built like a compression bomb (it unpacks to far more than its size, or holds too many "
        "parts or archives inside archives), so it was not read. The file itself is kept."
    ),
}
UNPACKED_MESSAGE = gettext_noop(
    "The file unpacks to more than the size limit for reading text, so its text cannot be searched. The file itself is kept."
)
PAGES_MESSAGE = gettext_noop(
    "The PDF claims more pages than the limit for reading text, so its text cannot be searched. The file itself is kept."
)
MEMORY_MESSAGE = gettext_noop(
    "Reading the file needed more memory than the limit, so its text cannot be searched. The file itself is kept."
)
KILLED_MESSAGE = gettext_noop(
    "Reading the file took too long and was stopped, so its text cannot be searched. The file itself is kept."
)
EMPTY_MESSAGE = gettext_noop("The file is empty.")
TRUNCATED_MESSAGE = gettext_noop("The file is very long; only its beginning is searchable.")


@dataclasses.dataclass(frozen=True)
class Extraction:
    """The text of one file and what happened while reading it.

    `pages` is the document's page count when the format has pages (PDF), else None.
    `message` is empty when everything was read; otherwise it tells an editor why not.
    `created` is the day the file's own properties say it was created ("YYYY-MM-DD"), or "".
    """

    status: Status
    text: str = ""
    pages: int | None = None
    title: str = ""
    message: str = ""
    truncated: bool = False
    created: str = ""

    @classmethod
    def failed(cls, status, message=None, **fields):
        """An extraction that did not (fully) succeed, with the standard message for its status."""
        return cls(status=status, message=message or MESSAGES[status], **fields)


@dataclasses.dataclass(frozen=True)
class Limits:
    """Bounds on one extraction, one field per key of the setting KMS_EXTRACTION_LIMITS (which explains each)."""

    max_bytes: int
    max_unpacked_bytes: int
    max_entries: int
    max_ratio: int
    max_nested_archives: int
    max_pages: int
    refuse_pages: int
    max_pixels: int
    max_chars: int
    timeout_s: float
    process_timeout_s: float
    memory_bytes: int

    @classmethod
    def from_settings(cls, **overrides):
        """The limits in settings, with `overrides` (None values ignored) for one call."""
        from django.conf import settings

        values = {**settings.KMS_EXTRACTION_LIMITS, **{k: v for k, v in overrides.items() if v is not None}}
        return cls(**values)


class _Reader:
    """Collects text within the character and time limits and turns it into an Extraction."""

    def __init__(self, limits):
        self.limits = limits
        self.parts = []
        self.size = 0
        self.started = time.monotonic()
        self.full = False
        self.timed_out = False
        self.truncated = False

    def add(self, text):
        """Keep `text`; False once the character limit is reached, so the caller can stop."""
        text = text.strip()
        if not text:
            return not self.full
        room = self.limits.max_chars - self.size - (1 if self.parts else 0)
        if room <= 0:
            self.full = self.truncated = True
            return False
        if len(text) > room:
            text = text[:room]
            self.full = self.truncated = True
        self.size += len(text) + (1 if self.parts else 0)
        self.parts.append(text)
        return not self.full

    def out_of_time(self):
        """True, and remembered, once the time limit has passed."""
        if time.monotonic() - self.started >= self.limits.timeout_s:
            self.timed_out = self.truncated = True
        return self.timed_out

    def result(self, *, pages=None, title="", status=None, created=""):
        text = "\n".join(self.parts)
        known = {"pages": pages, "title": _one_line(title), "created": created}
        if status is not None:
            return Extraction.failed(status, text=text, truncated=self.truncated, **known)
        if self.timed_out:
            return Extraction.failed(Status.TIMEOUT, text=text, truncated=True, **known)
        if not text:
            return Extraction.failed(Status.NO_TEXT, **known)
        return Extraction(
            Status.OK, text=text, message=TRUNCATED_MESSAGE if self.truncated else "", truncated=self.truncated, **known
        )


def _refuse(data, limits):
    if len(data) > limits.max_bytes:
        return Extraction.failed(Status.TOO_LARGE)
    if not data or data.isspace():
        return Extraction.failed(Status.NO_TEXT, EMPTY_MESSAGE)
    return None


def _one_line(text):
    return " ".join((text or "").split())


class Extractor:
    """One file format: which files it reads and how it turns their bytes into text.

    Subclasses implement `read()`; `extract()` applies the checks every format shares.
    """

    name = ""
    media_types = ()
    extensions = ()

    def extract(self, data: bytes, limits: Limits | None = None) -> Extraction:
        """The text of `data`, within `limits` (by default the settings'); never raises for a bad file."""
        limits = limits or Limits.from_settings()
        return _refuse(data, limits) or self.read(data, _Reader(limits))

    def read(self, data, reader):
        raise NotImplementedError

    def __repr__(self):
        return f"<{type(self).__name__}>"


class PdfExtractor(Extractor):
    """PDF through PDFium (pypdfium2): fast, and reads the text layer the way viewers do.

    PDFium is not thread-safe, so documents are read one at a time per process. Arabic
    laid out in visual order, as word processors and browsers write it, comes back in
    logical order.
    """

    name = "pdf"
    media_types = ("application/pdf",)
    extensions = ("pdf",)
    _lock = threading.Lock()
    _password_errors = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)

    def read(self, data, reader):
        with self._lock:
            reader.started = time.monotonic()
            try:
                document = pypdfium2.PdfDocument(data)
            except pypdfium2.PdfiumError as error:
                if getattr(error, "err_code", None) in self._password_errors:
                    return Extraction.failed(Status.ENCRYPTED)
                return Extraction.failed(Status.CORRUPT)
            try:
                return self._read_pages(document, reader)
            finally:
                document.close()

    def _read_pages(self, document, reader):
        pages = len(document)
        if pages > reader.limits.refuse_pages:
            # Opening reads only the page tree's root; no page has been parsed yet.
            return Extraction.failed(Status.TOO_LARGE, PAGES_MESSAGE, pages=pages)
        title, created = self._title(document), self._created(document)
        for index in range(pages):
            if index >= reader.limits.max_pages:
                reader.truncated = True
                break
            if index and reader.out_of_time():
                break
            try:
                text = self._page_text(document, index)
            except pypdfium2.PdfiumError:
                return reader.result(pages=pages, title=title, status=Status.CORRUPT, created=created)
            if not reader.add(text):
                break
        return reader.result(pages=pages, title=title, created=created)

    @staticmethod
    def _page_text(document, index):
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
        finally:
            page.close()
        return text.replace("\r\n", "\n").replace("\x00", "")

    @staticmethod
    def _title(document):
        try:
            return document.get_metadata_value("Title")
        except (pypdfium2.PdfiumError, UnicodeDecodeError):
            return ""

    @staticmethod
    def _created(document):
        try:
            return pdf_created(document.get_metadata_value("CreationDate"))
        except (pypdfium2.PdfiumError, UnicodeDecodeError):
            return ""


class DocxExtractor(Extractor):
    """Word documents (.docx) through python-docx: body paragraphs and table cells, in document order.

    Headers, footers, footnotes, comments and text boxes are left out: they repeat or
    sit outside the text people search for. The title is the document's own title
    property, else its first paragraph styled Title or Heading.
    """

    name = "docx"
    media_types = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
    extensions = ("docx",)

    def read(self, data, reader):
        if is_encrypted_office_file(data):
            return Extraction.failed(Status.ENCRYPTED)
        try:
            package = _text_parts_only(data, reader.limits)
        except ContainerRefused as refusal:
            return refusal.extraction
        try:
            document = docx.Document(package)
            properties = document.core_properties
            walk = _DocxWalk(reader, properties.title or "")
            for block in document.iter_inner_content():
                if reader.parts and reader.out_of_time():
                    break
                if not walk.block(block):
                    break
            return reader.result(title=walk.title, created=docx_created(properties.created))
        except (OpcError, zipfile.BadZipFile, KeyError, ValueError, LxmlError, EOFError, OSError):
            # KeyError: a part named in the package is missing from the zip;
            # ValueError/LxmlError: a part is not the XML it claims to be.
            return Extraction.failed(Status.CORRUPT)


class _DocxWalk:
    def __init__(self, reader, title):
        self.reader = reader
        self.title = title

    def block(self, block):
        if isinstance(block, Table):
            return self.table(block)
        text = block.text
        if text.strip() and not self.title:
            style = block.style.name if block.style is not None else ""
            if style == "Title" or style.startswith("Heading"):
                self.title = text
        return self.reader.add(text)

    def table(self, table):
        # A merged cell is returned once per grid column it spans. The elements are kept,
        # not just their ids: lxml frees unreferenced proxies and reuses their ids.
        seen = {}
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen[id(cell._tc)] = cell._tc
                for block in cell.iter_inner_content():
                    if not self.block(block):
                        return False
        return True


class _HtmlText(HTMLParser):
    SKIPPED = {"script", "style", "template", "noscript", "svg"}
    BLOCKS = {
        "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
        "section", "article", "header", "footer", "blockquote", "pre", "dt", "dd", "table",
    }  # fmt: skip

    def __init__(self, reader):
        super().__init__(convert_charrefs=True)
        self.reader = reader
        self.skipping = 0
        self.line = []
        self.in_title = self.in_h1 = False
        self.title = []
        self.h1 = []
        self.full = False

    def handle_starttag(self, tag, attrs):
        if tag == "title" and not self.skipping:
            self.in_title = True
        elif tag in self.SKIPPED:
            self.skipping += 1
        elif tag == "h1" and not self.h1:
            self.in_h1 = True
        if tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "h1":
            self.in_h1 = False
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.line.append(data)
            if self.in_h1:
                self.h1.append(data)

    def flush(self):
        if self.line and not self.full:
            self.full = not self.reader.add(_one_line("".join(self.line)))
        self.line = []

    def title_text(self):
        return _one_line("".join(self.title)) or _one_line("".join(self.h1))


class HtmlExtractor(Extractor):
    """HTML pages through the standard library's parser: visible text only, tolerant of broken markup.

    Scripts, styles and inline drawings are skipped. The title is <title>, else the first <h1>.
    """

    name = "html"
    media_types = ("text/html", "application/xhtml+xml")
    extensions = ("html", "htm", "xhtml")
    chunk_chars = 64 * 1024
    _meta_charset = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

    def read(self, data, reader):
        declared = self._meta_charset.search(data[:4096])
        text = decode_text(data, declared.group(1).decode("ascii") if declared else None)
        if text is None:
            return Extraction.failed(Status.CORRUPT)
        parser = _HtmlText(reader)
        for start in range(0, len(text), self.chunk_chars):
            if start and reader.out_of_time():
                break
            parser.feed(text[start : start + self.chunk_chars])
            if parser.full:
                break
        else:
            parser.close()
        parser.flush()
        return reader.result(title=parser.title_text())


class PlainTextExtractor(Extractor):
    """Plain text in UTF-8, UTF-16/32 with a byte-order mark, or the Windows and Latin-1 encodings older files use."""

    name = "txt"
    media_types = ("text/plain", "text/markdown", "text/csv")
    extensions = ("txt", "text", "md", "csv")
    chunk_chars = 64 * 1024

    def read(self, data, reader):
        text = decode_text(data)
        if text is None:
            return Extraction.failed(Status.CORRUPT)
        start = 0
        while start < len(text):
            if start and reader.out_of_time():
                break
            # Slices end at a line break so that no word is cut in two.
            end = text.find("\n", start + self.chunk_chars)
            end = len(text) if end == -1 else end + 1
            if not reader.add(text[start:end]):
                break
            start = end
        return reader.result()


EXTRACTORS = (PdfExtractor(), DocxExtractor(), HtmlExtractor(), PlainTextExtractor())
_BY_NAME = {extractor.name: extractor for extractor in EXTRACTORS}
_BY_EXTENSION = {extension: extractor for extractor in EXTRACTORS for extension in extractor.extensions}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Formats people upload that we cannot read; named so they are not mistaken for text.
_OTHER_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"II*\x00", b"MM\x00*", b"\x1f\x8b",
    b"7z\xbc\xaf", b"Rar!", b"{\\rtf", b"\x00\x00\x00", b"ID3", b"OggS", b"fLaC",
)  # fmt: skip
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def decode_text(data, declared=None):
    """`data` as text: by byte-order mark, else the declared charset, UTF-8, Windows-1252, Latin-1.

    None for binary data (NUL bytes without a byte-order mark saying UTF-16/32).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data:
        return None
    encodings = ["utf-8", "cp1252"]
    if declared:
        try:
            encodings.insert(0, codecs.lookup(declared).name)
        except LookupError:
            pass
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def is_encrypted_office_file(data):
    """True for a password-protected Word/Excel/PowerPoint file.

    Office encrypts a .docx by wrapping it in an OLE2 compound file with an
    `EncryptedPackage` stream, so it is no longer a zip.
    """
    return data.startswith(_OLE2_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data[:65536]


class ContainerRefused(Exception):
    """A ZIP container that must not be read further; `extraction` says why."""

    def __init__(self, status, message=None):
        super().__init__(status)
        self.extraction = Extraction.failed(status, message)


_EOCD = struct.Struct("<4sHHHHIIH")
_EOCD_SIGNATURE = b"PK\x05\x06"
# Below this many unpacked bytes an entry's ratio does not matter: a small run of zeros packs to nothing.
RATIO_FLOOR = 1024 * 1024
# Bytes of central directory one entry may take on average (46 fixed bytes, a name, extra fields).
_DIRECTORY_BYTES_PER_ENTRY = 1024
_ARCHIVE_NAMES = re.compile(
    r"\.(zip|jar|docx|docm|xlsx|xlsm|pptx|odt|ods|odp|epub|gz|tgz|bz2|xz|7z|rar|cab)$", re.IGNORECASE
)
_SLICE = 64 * 1024
_TEXT_PARTS = (".xml", ".rels")


def _zip_directory(file):
    """(entries, central directory size) of a seekable file, from its end-of-central-directory record; None if absent.

    zipfile reads the whole central directory into objects before anything can be
    checked, so its size is checked here first. ZIP64 counts (0xFFFF entries) are kept
    as they are and so exceed any sensible entry limit: a DOCX never needs ZIP64.
    """
    size = file.seek(0, os.SEEK_END)
    file.seek(max(0, size - _EOCD.size - 0xFFFF))
    tail = file.read()
    file.seek(0)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD.size:
        return None
    fields = _EOCD.unpack_from(tail, at)
    return fields[4], fields[5]


def open_container(data, limits):
    """The ZipFile of `data` (bytes or a seekable binary file) once its central directory is within `limits`;
    raises ContainerRefused otherwise.

    Nothing is inflated here: sizes, counts and ratios are the ones the directory
    declares, and `read_entry` holds each entry to its declared size while inflating.
    """
    file = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    packed = file.seek(0, os.SEEK_END)
    file.seek(0)
    directory = _zip_directory(file)
    if directory is None:
        raise ContainerRefused(Status.CORRUPT)
    entries, directory_size = directory
    if entries > limits.max_entries or directory_size > limits.max_entries * _DIRECTORY_BYTES_PER_ENTRY:
        raise ContainerRefused(Status.REFUSED)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise ContainerRefused(Status.CORRUPT) from None
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if len(infos) > limits.max_entries or len({info.filename for info in infos}) != len(infos):
        refusal = ContainerRefused(Status.REFUSED if len(infos) > limits.max_entries else Status.CORRUPT)
    elif total > limits.max_unpacked_bytes:
        refusal = ContainerRefused(Status.TOO_LARGE, UNPACKED_MESSAGE)
    elif total > RATIO_FLOOR and total > limits.max_ratio * packed:
        refusal = ContainerRefused(Status.REFUSED)
    elif any(info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * info.compress_size for info in infos):
        refusal = ContainerRefused(Status.REFUSED)
    elif sum(1 for info in infos if _ARCHIVE_NAMES.search(info.filename)) > limits.max_nested_archives:
        refusal = ContainerRefused(Status.REFUSED)
    else:
        return archive
    archive.close()
    raise refusal


def read_entry(archive, info, budget):
    """Inflate one entry in slices, stopping as soon as it passes its declared size or `budget` bytes.

    zipfile trusts the directory's size; this reader does not, so a lying entry costs at
    most one slice more than it declared. A damaged stream raises ContainerRefused(CORRUPT).
    """
    limit = min(info.file_size, budget)
    if info.file_size > budget:
        raise ContainerRefused(Status.TOO_LARGE, UNPACKED_MESSAGE)
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_SLICE):
                read += len(chunk)
                if read > limit:
                    raise ContainerRefused(Status.REFUSED)
                yield chunk
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression method.
        raise ContainerRefused(Status.CORRUPT) from None


def _text_parts_only(data, limits):
    """A copy of the package holding only its XML parts, each read through `read_entry`, as a file for python-docx.

    Pictures, fonts and embedded files are not needed for text and are left empty, so
    they are never inflated; python-docx reads every part of a package into memory.
    """
    with open_container(data, limits) as archive:
        budget = limits.max_unpacked_bytes
        copy = io.BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as slim:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                blob = b""
                if info.filename.lower().endswith(_TEXT_PARTS):
                    blob = b"".join(read_entry(archive, info, budget))
                    budget -= len(blob)
                slim.writestr(info.filename, blob)
    copy.seek(0)
    return copy


class _Discard:
    """An lxml parser target that keeps nothing: the XML is checked, no tree is built."""

    def start(self, tag, attrib, nsmap=None):
        pass

    def end(self, tag):
        pass

    def data(self, data):
        pass

    def close(self):
        return None


_REQUIRED_DOCX_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")


def check_docx(data, limits=None):
    """Whether a DOCX can be read, in bounded memory and time, for a form to answer at once; None when it can.

    Else a failed Extraction: `corrupt` for a damaged package (a missing part, a broken
    stream, XML that is not well formed), `too_large` or `refused` for a container over
    the limits, which is not inflated at all. The required parts are inflated in slices
    through `read_entry` and parsed without building a tree, so memory stays flat.
    """
    limits = limits or Limits.from_settings()
    try:
        with open_container(data, limits) as archive:
            names = set(archive.namelist())
            if any(name not in names for name in _REQUIRED_DOCX_PARTS):
                return Extraction.failed(Status.CORRUPT)
            budget = limits.max_unpacked_bytes
            for name in _REQUIRED_DOCX_PARTS:
                parser = etree.XMLParser(target=_Discard(), resolve_entities=False, no_network=True)
                for chunk in read_entry(archive, archive.getinfo(name), budget):
                    budget -= len(chunk)
                    parser.feed(chunk)
                parser.close()
    except ContainerRefused as refusal:
        return refusal.extraction
    except LxmlError:
        return Extraction.failed(Status.CORRUPT)
    return None


def choose_extractor(data: bytes, filename: str | None = None) -> Extractor | None:
    """The extractor for a file, by its content first and its name second; None if none can read it.

    Content wins because uploads are often misnamed; the name decides only when the
    content has no recognisable signature (plain text has none).
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return _BY_NAME["pdf"]
    extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
    if head.startswith(b"PK\x03\x04"):
        if _is_docx(data) or extension == "docx":
            return _BY_NAME["docx"]
        return None
    if head.startswith(_OLE2_MAGIC):
        return _BY_NAME["docx"] if is_encrypted_office_file(data) else None
    start = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return _BY_NAME["html"]
    if head.startswith(_OTHER_MAGIC):
        return None
    if extension in _BY_EXTENSION:
        return _BY_EXTENSION[extension]
    if head.startswith(tuple(bom for bom, _encoding in _BOMS)):
        return _BY_NAME["txt"]
    return None


def _is_docx(data):
    directory = _zip_directory(io.BytesIO(data))
    if directory is None or directory[1] > 1024 * 1024:
        return False  # no directory, or one too large to list here: the DOCX reader's own limits decide
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def extract(
    data_or_path,
    filename: str | None = None,
    *,
    limits: Limits | None = None,
    max_bytes: int | None = None,
    max_pages: int | None = None,
    max_chars: int | None = None,
    timeout_s: float | None = None,
) -> Extraction:
    """The text of an uploaded file, with a status an editor can act on; never raises for a bad file.

    `data_or_path` is the file's bytes, a path, or a binary file object (such as a
    Django `File`). `filename` is used only when the content has no signature; for a
    path it defaults to the path's name. `limits` defaults to the settings'; the
    keyword limits override single fields. A file over `max_bytes` is not read at all.
    A path or file object that cannot be read raises OSError: that is the storage
    failing, not the file, and the caller should retry.

    This runs in the calling process; uploads are read through `extract_in_child()`.
    """
    overrides = {"max_bytes": max_bytes, "max_pages": max_pages, "max_chars": max_chars, "timeout_s": timeout_s}
    if limits is None:
        limits = Limits.from_settings(**overrides)
    else:
        limits = dataclasses.replace(limits, **{k: v for k, v in overrides.items() if v is not None})
    data, filename = _read_source(data_or_path, filename, limits.max_bytes)
    if data is None:
        return Extraction.failed(Status.TOO_LARGE)
    refused = _refuse(data, limits)
    if refused:
        return refused
    extractor = choose_extractor(data, filename)
    if extractor is None:
        return Extraction.failed(Status.UNSUPPORTED)
    return extractor.extract(data, limits)


def _read_source(data_or_path, filename, max_bytes):
    """(bytes, filename) of a source, reading at most `max_bytes` + 1; (None, name) for a path over the limit."""
    if isinstance(data_or_path, (bytes, bytearray, memoryview)):
        return bytes(data_or_path), filename
    if hasattr(data_or_path, "read"):
        filename = filename or os.path.basename(getattr(data_or_path, "name", None) or "")
        return data_or_path.read(max_bytes + 1), filename
    path = os.fspath(data_or_path)
    filename = filename or os.path.basename(path)
    if os.path.getsize(path) > max_bytes:
        return None, filename
    with open(path, "rb") as file:
        return file.read(max_bytes + 1), filename


def extract_in_child(source, filename: str | None = None, *, limits: Limits | None = None, **overrides) -> Extraction:
    """`extract()` run in a child process with a hard memory limit and a wall-clock timeout, as uploads are read.

    The cooperative limits bound what a well-behaved parser does; the child bounds what
    a hostile file makes a parser do (PDFium or lxml on one pathological step), so the
    calling process (a web request, the task worker) never grows with the file: see
    `kms.sandbox`. A child that runs out of memory gives `too_large`, one stopped at
    the timeout `timeout`, one that crashes `corrupt`. `source` is bytes, a path or a
    binary file object, as for `extract()`; `overrides` are its keyword limits.
    """
    from kms import sandbox

    limits = limits or Limits.from_settings()
    limits = dataclasses.replace(limits, **{k: v for k, v in overrides.items() if v is not None})
    if isinstance(source, (str, os.PathLike)):
        filename = filename or os.path.basename(os.fspath(source))
    elif hasattr(source, "read"):
        filename = filename or os.path.basename(getattr(source, "name", None) or "")
    options = {"filename": filename, "limits": dataclasses.asdict(limits)}
    try:
        fields = sandbox.run(
            "search.extraction", options, source, max_bytes=limits.max_bytes, timeout_s=limits.process_timeout_s
        )
    except sandbox.TooLarge:
        return Extraction.failed(Status.TOO_LARGE)
    except sandbox.Stopped:
        return Extraction.failed(Status.TIMEOUT, KILLED_MESSAGE)
    if fields is None:
        return Extraction.failed(Status.CORRUPT)
    return Extraction(**{**fields, "status": Status(fields["status"])})


def child_main(arguments):
    """In a child of `kms.sandbox`: limit memory and CPU first, read the file from stdin, write the Extraction as JSON."""
    from kms import sandbox

    options = json.loads(arguments)
    limits = Limits(**options["limits"])
    sandbox.limit_self(limits.memory_bytes, limits.process_timeout_s)
    try:
        result = extract(sys.stdin.buffer, options["filename"], limits=limits)
    except MemoryError:
        result = Extraction.failed(Status.TOO_LARGE, MEMORY_MESSAGE)
    json.dump(dataclasses.asdict(result), sys.stdout)


if __name__ == "__main__":
    child_main(sys.argv[1])
