"""Checking an uploaded file before it becomes evidence: its real type, its size, and a scan.

The type is read from the file's first bytes (the `filetype` package), never from its
name: a script renamed to report.pdf is refused. DOCX files are ZIP containers, so a
ZIP is accepted only when it holds `word/document.xml`. The scan hook is the dotted
path in the setting KMS_ATTACHMENT_SCANNER: a callable taking the uploaded file and
raising ValidationError when the file must be refused; the default does nothing.
"""

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

TEXT_MAX_CHARS = 100_000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    DOCX: "docx",
    "image/png": "png",
    "image/jpeg": "jpg",
}


def max_bytes():
    return settings.KMS_ATTACHMENT_MAX_BYTES


def no_scan(uploaded):
    """The default scanner: accepts every file (deployments plug in ClamAV or similar)."""


def _is_docx(uploaded):
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        uploaded.seek(0)


def detect_type(uploaded):
    """The MIME type the content proves, among those we accept, or None."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime in ALLOWED_TYPES:
        return kind.mime
    if kind.mime in ("application/zip", DOCX) and _is_docx(uploaded):
        return DOCX
    return None


def check(uploaded):
    """Validate one upload; returns its content type or raises ValidationError with a clear message."""
    limit = max_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            code="too_large",
            params={"name": uploaded.name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    content_type = detect_type(uploaded)
    if content_type is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, Word (DOCX), PNG or JPEG file. Its content was checked, not its name."),
            code="wrong_type",
            params={"name": uploaded.name},
        )
    scanner = import_string(settings.KMS_ATTACHMENT_SCANNER)
    scanner(uploaded)
    uploaded.seek(0)
    return content_type


def extract_text(uploaded, content_type):
    """The text of a PDF or DOCX (bounded in size and time), so evidence is searchable; "" otherwise."""
    if content_type not in ("application/pdf", DOCX):
        return ""
    from search.extraction import extract

    uploaded.seek(0)
    result = extract(uploaded, filename=uploaded.name, max_chars=TEXT_MAX_CHARS)
    uploaded.seek(0)
    return result.text or ""
