"""Files on document pages: checked against what their name claims, and a cover drawn from a PDF's first page."""

import base64
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from kms import sandbox

COVER_WIDTH = 360
# Seconds the child drawing a cover may take: the editor is waiting on the page save.
COVER_TIMEOUT_S = 20

# Leading bytes of the file types people upload by mistake, and what to call them.
SIGNATURES = (
    (b"%PDF-", "pdf", "PDF"),
    (b"PK\x03\x04", "zip", "ZIP/Office"),
    (b"\x89PNG", "png", "PNG"),
    (b"\xff\xd8\xff", "jpg", "JPEG"),
    (b"GIF8", "gif", "GIF"),
    (b"{\\rtf", "rtf", "RTF"),
    (b"\xd0\xcf\x11\xe0", "ole", "Microsoft Office 97–2003"),
    (b"MZ", "exe", "Windows program"),
)
ZIP_BASED = {"docx", "xlsx", "pptx", "odt"}
TEXT_BASED = {"csv", "txt", "htm", "html"}


class BadFile(ValueError):
    """A file that must not be stored as it is; the message tells the editor why and what to do."""


def content_type_of(data):
    for prefix, kind, label in SIGNATURES:
        if data.startswith(prefix):
            return kind, label
    return None, None


def check_upload(name, data):
    """Raises BadFile when the file is empty, of a type the library does not take, or not what its extension claims."""
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if not data:
        raise BadFile(_("The file “%(name)s” is empty (0 bytes). Choose the file again.") % {"name": name})
    allowed = settings.WAGTAILDOCS_EXTENSIONS or []
    if allowed and extension not in allowed:
        raise BadFile(
            _("Files ending in .%(extension)s are not accepted. Accepted: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(allowed)}
        )
    found, label = content_type_of(data[:16])
    expected = "zip" if extension in ZIP_BASED else extension
    claims_text = extension in TEXT_BASED
    mismatch = (
        (found is not None and found != expected and not (found == "zip" and expected in ZIP_BASED))
        or (found is None and expected in {"pdf", "zip", "rtf"})
        or (claims_text and b"\x00" in data[:4096])
    )
    if mismatch:
        raise BadFile(
            _(
                "The file “%(name)s” is not a .%(extension)s file (its content looks like %(found)s). "
                "Save it in the right format, or give it the right name."
            )
            % {"name": name, "extension": extension, "found": label or _("another kind of file")}
        )


def render_cover(source, width=COVER_WIDTH):
    """PNG bytes of a PDF's first page and their (width, height); raises BadFile for an encrypted, damaged or empty PDF.

    The PDF is read in a child process with the memory and time limits of
    KMS_EXTRACTION_LIMITS (see `kms.sandbox`); `source` is bytes or a binary file.
    """
    limits = settings.KMS_EXTRACTION_LIMITS
    options = {"width": width, "max_pixels": limits["max_pixels"], "memory_bytes": limits["memory_bytes"],
               "timeout_s": COVER_TIMEOUT_S}  # fmt: skip
    try:
        answer = sandbox.run(
            "cms_pages.cover_render", options, source, max_bytes=limits["max_bytes"], timeout_s=COVER_TIMEOUT_S
        )
    except (sandbox.TooLarge, sandbox.Stopped):
        answer = {"error": "too_large"}
    problem = (answer or {"error": "damaged"}).get("error")
    if problem:
        raise BadFile(_cover_problems()[problem])
    return base64.b64decode(answer["png"]), tuple(answer["size"])


def _cover_problems():
    return {
        "encrypted": _("The PDF is protected by a password, so no cover can be made from it."),
        "damaged": _("The PDF is damaged, so no cover can be made from it."),
        "no_pages": _("The PDF has no pages, so no cover can be made from it."),
        "too_long": _("The first page of the PDF is too long to draw a cover from."),
        "too_large": _(
            "Drawing the first page of the PDF took more time or memory than allowed, so no cover was made."
        ),
    }


def make_cover(page):
    """Gives a document page the cover drawn from its PDF when it has none; returns a message when it cannot.

    The cover is drawn once per document and kept on it, so saving a page again, or another page presenting
    the same file, reuses it."""
    document = page.document
    if page.cover_image_id or document is None or document.file_extension.lower() != "pdf":
        return ""
    if document.cover_id:
        page.cover_image_id = document.cover_id
        return ""
    try:
        with document.open_file() as handle:
            png, (width, height) = render_cover(handle)
    except BadFile as problem:
        return str(problem)
    except OSError:
        return _("The file could not be read, so no cover was made.")
    image_model = get_image_model()
    image = image_model(title=(_("Cover: %(title)s") % {"title": document.title})[:250])
    image.file.save(f"cover-{document.pk}.png", ContentFile(png), save=False)
    image.width, image.height = width, height
    image._set_image_file_metadata()
    image.save()
    type(document).objects.filter(pk=document.pk).update(cover=image)  # not save(): that would extract the text again
    document.cover = page.cover_image = image
    return ""
