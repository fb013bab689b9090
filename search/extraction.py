"""Text extraction from uploaded files, behind one interface, so a bad file gives a status and never a crash.

`extract()` picks an extractor by the file's content (falling back to its name) and
returns an `Extraction`. Every extractor honours the same contract, tested on each:

- Bad input never raises. An encrypted, damaged, empty, image-only, huge or unknown
  file gives a `Status` and a short English `message` for editors; the upload itself
  is kept either way, only its text is missing.
- Limits are checked before and during parsing. The size limit is checked before
  anything is parsed (`too_large`). The page limit (PDF) and the character limit
  keep the beginning of the document: status `ok`, `truncated=True`.
- The time limit is cooperative: elapsed time is checked between units of work (a
  PDF page, a Word paragraph or table, a 64 KiB slice of HTML or text), and the first
  unit is always read. Past the deadline, reading stops with status `timeout` and
  `truncated=True`, and `text` keeps what was read so far, so it can still be indexed
  while the editor is told why the rest is missing. A single slow step (opening a
  pathological PDF, one pathological page) is not interrupted; a hard limit needs a
  separate process.
- `text` is whatever could be read, also when the status is not `ok` (`timeout`, or a
  PDF that breaks after some pages reads as `corrupt` with those pages' text).

Messages are plain English msgids marked with `gettext_noop`: show them with
`gettext(extraction.message)`. Importing this module needs no Django settings.
"""

import codecs
import dataclasses
import enum
import io
import os
import re
import threading
import time
import zipfile
from html.parser import HTMLParser

import docx
import pypdfium2
import pypdfium2.raw as pdfium_c
from docx.opc.exceptions import OpcError
from docx.table import Table
from lxml.etree import LxmlError



def gettext_noop(message):
    """Marks a message for translation without translating it.

    Django's own `gettext_noop` reads settings when called, which would tie importing
    this module to configured settings; `makemessages` finds this one by its name.
    """
    return message


MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 2000
MAX_CHARS = 2_000_000
TIMEOUT_S = 60.0


class Status(enum.StrEnum):
    """What happened to a file's text; stored on the document and shown to editors."""

    OK = "ok"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"
    NO_TEXT = "no_text"
    TIMEOUT = "timeout"


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
}
EMPTY_MESSAGE = gettext_noop("The file is empty.")
TRUNCATED_MESSAGE = gettext_noop("The file is very long; only its beginning is searchable.")


@dataclasses.dataclass(frozen=True)
class Extraction:
    """The text of one file and what happened while reading it.

    `pages` is the document's page count when the format has pages (PDF), else None.
    `message` is empty when everything was read; otherwise it tells an editor why not.
    """

    status: Status
    text: str = ""
    pages: int | None = None
    title: str = ""
    message: str = ""
    truncated: bool = False

    @classmethod
    def failed(cls, status, message=None, **fields):
        """An extraction that did not (fully) succeed, with the standard message for its status."""
        return cls(status=status, message=message or MESSAGES[status], **fields)


@dataclasses.dataclass(frozen=True)
class Limits:
    """Bounds on one extraction: bytes before parsing, then pages, characters and seconds while reading."""

    max_bytes: int = MAX_BYTES
    max_pages: int = MAX_PAGES
    max_chars: int = MAX_CHARS
    timeout_s: float = TIMEOUT_S


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

    def result(self, *, pages=None, title="", status=None):
        text = "\n".join(self.parts)
        title = _one_line(title)
        if status is not None:
            return Extraction.failed(status, text=text, pages=pages, title=title, truncated=self.truncated)
        if self.timed_out:
            return Extraction.failed(Status.TIMEOUT, text=text, pages=pages, title=title, truncated=True)
        if not text:
            return Extraction.failed(Status.NO_TEXT, pages=pages, title=title)
        return Extraction(
            Status.OK,
            text=text,
            pages=pages,
            title=title,
            message=TRUNCATED_MESSAGE if self.truncated else "",
            truncated=self.truncated,
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

    def extract(self, data: bytes, limits: Limits = Limits()) -> Extraction:
        """The text of `data`, within `limits`; never raises for a bad file."""
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
        title = self._title(document)
        for index in range(pages):
            if index >= reader.limits.max_pages:
                reader.truncated = True
                break
            if index and reader.out_of_time():
                break
            try:
                text = self._page_text(document, index)
            except pypdfium2.PdfiumError:
                return reader.result(pages=pages, title=title, status=Status.CORRUPT)
            if not reader.add(text):
                break
        return reader.result(pages=pages, title=title)

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
            document = docx.Document(io.BytesIO(data))
            walk = _DocxWalk(reader, document.core_properties.title or "")
            for block in document.iter_inner_content():
                if reader.parts and reader.out_of_time():
                    break
                if not walk.block(block):
                    break
            return reader.result(title=walk.title)
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
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def extract(
    data_or_path,
    filename: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    max_pages: int = MAX_PAGES,
    max_chars: int = MAX_CHARS,
    timeout_s: float = TIMEOUT_S,
) -> Extraction:
    """The text of an uploaded file, with a status an editor can act on; never raises for a bad file.

    `data_or_path` is the file's bytes, a path, or a binary file object (such as a
    Django `File`). `filename` is used only when the content has no signature; for a
    path it defaults to the path's name. A file over `max_bytes` is not read at all.
    A path or file object that cannot be read raises OSError: that is the storage
    failing, not the file, and the caller should retry.
    """
    limits = Limits(max_bytes=max_bytes, max_pages=max_pages, max_chars=max_chars, timeout_s=timeout_s)
    if isinstance(data_or_path, (bytes, bytearray, memoryview)):
        data = bytes(data_or_path)
    elif hasattr(data_or_path, "read"):
        data = data_or_path.read(max_bytes + 1)
        filename = filename or os.path.basename(getattr(data_or_path, "name", None) or "")
    else:
        path = os.fspath(data_or_path)
        filename = filename or os.path.basename(path)
        if os.path.getsize(path) > max_bytes:
            return Extraction.failed(Status.TOO_LARGE)
        with open(path, "rb") as file:
            data = file.read(max_bytes + 1)
    refused = _refuse(data, limits)
    if refused:
        return refused
    extractor = choose_extractor(data, filename)
    if extractor is None:
        return Extraction.failed(Status.UNSUPPORTED)
    return extractor.extract(data, limits)
