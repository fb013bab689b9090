"""Checking an uploaded file before it becomes evidence: its real type, its size, and a scan.

The type is read from the file's first bytes (the `filetype` package), never from its
name: a script renamed to report.pdf is refused. DOCX files are ZIP containers, so a
ZIP is accepted only when it holds `word/document.xml`, and a DOCX that is damaged
(a part missing, a broken stream, XML that is not well formed) is refused while the
form still has the author's other fields. Every check here is bounded: a container is
judged from its central directory and its parts are inflated in slices and never kept
(`search.extraction.check_docx`); a picture's size is read from its header, never
decoded. A container over the extraction limits is accepted: the file is kept and the
worker records why its text was not read. The scan hook is the dotted path in the
setting KMS_ATTACHMENT_SCANNER: a callable taking the uploaded file and raising
ValidationError when the file must be refused; the default does nothing.

The text is read later by the task worker (`communities.tasks`), in a child process
with memory and time limits, so no upload can make the web process grow.
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from PIL import Image, UnidentifiedImageError

TEXT_MAX_CHARS = 100_000
MISSING_MESSAGE = gettext_noop("The file is missing from storage, so its text cannot be searched.")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED_TYPES = {"application/pdf": "pdf", DOCX: "docx", "image/png": "png", "image/jpeg": "jpg"}


def max_bytes():
    return settings.KMS_ATTACHMENT_MAX_BYTES


def no_scan(uploaded):
    """The default scanner: accepts every file (deployments plug in ClamAV or similar)."""


def _is_docx(uploaded):
    from search.extraction import ContainerRefused, Status, open_container

    uploaded.seek(0)
    try:
        with open_container(uploaded, limits()) as archive:
            return "word/document.xml" in archive.namelist()
    except ContainerRefused as refusal:
        # Over the limits but not damaged: kept, and the worker says why its text is not read.
        return refusal.extraction.status != Status.CORRUPT
    finally:
        uploaded.seek(0)


def limits():
    from search.extraction import Limits

    return Limits.from_settings()


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
    if content_type == DOCX:
        _check_docx(uploaded)
    elif content_type.startswith("image/"):
        _check_pixels(uploaded)
    scanner = import_string(settings.KMS_ATTACHMENT_SCANNER)
    scanner(uploaded)
    uploaded.seek(0)
    return content_type


def _check_docx(uploaded):
    from search.extraction import Status, check_docx

    uploaded.seek(0)
    problem = check_docx(uploaded, limits())
    uploaded.seek(0)
    if problem is not None and problem.status == Status.CORRUPT:
        raise ValidationError(
            _(
                "“%(name)s” is a damaged Word file and cannot be opened. Save it again in Word, or as a PDF, and add it again."
            ),
            code="corrupt",
            params={"name": uploaded.name},
        )


def _check_pixels(uploaded):
    """Refuse a picture with more pixels than the limit, reading only its header (decoding it could take gigabytes)."""
    limit = limits().max_pixels
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            too_many = image.width * image.height > limit
    except Image.DecompressionBombError:
        too_many = True  # Pillow's own threshold, set from the same limit, already said so
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(
            _("“%(name)s” is a damaged picture and cannot be opened."), code="corrupt", params={"name": uploaded.name}
        ) from None
    finally:
        uploaded.seek(0)
    if too_many:
        raise ValidationError(
            _(
                "“%(name)s” has more pixels than a picture may have (at most %(limit)s million). Make it smaller and add it again."
            ),
            code="too_many_pixels",
            params={"name": uploaded.name, "limit": limit // 1_000_000},
        )


def read_text(attachment):
    """The Extraction of a stored attachment's text, read in a child process with memory and time limits.

    Pictures have no text to read. A file missing from storage is `missing`, as for documents.
    """
    from search.extraction import Extraction, Status, extract_in_child

    if attachment.content_type not in ("application/pdf", DOCX):
        return Extraction(Status.UNSUPPORTED)
    try:
        with attachment.file.open("rb") as handle:
            return extract_in_child(handle, filename=attachment.original_name, max_chars=TEXT_MAX_CHARS)
    except OSError:
        return Extraction("missing", message=MISSING_MESSAGE)
