"""What editors see of a document's text extraction, in their own language."""

from django import template
from django.utils.translation import gettext, gettext_lazy

register = template.Library()

STATUS_LABELS = {
    "": gettext_lazy("Waiting to be read"),
    "ok": gettext_lazy("Text read; searchable"),
    "encrypted": gettext_lazy("Password-protected"),
    "corrupt": gettext_lazy("Damaged file"),
    "too_large": gettext_lazy("Too large to read"),
    "unsupported": gettext_lazy("File type not readable"),
    "no_text": gettext_lazy("No text layer"),
    "timeout": gettext_lazy("Partly read (time limit)"),
    "refused": gettext_lazy("Not read: built like a compression bomb"),
    "missing": gettext_lazy("File missing from storage"),
}


@register.simple_tag
def extraction_status(document):
    """Label and explanation of the document's extraction status (the message was stored untranslated)."""
    status = getattr(document, "extraction_status", "")
    message = getattr(document, "extraction_message", "")
    return {
        "status": status,
        "label": STATUS_LABELS.get(status, status),
        "message": gettext(message) if message else "",
    }
