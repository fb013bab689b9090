"""Personal data in what people publish: finding it (`detector`), and asking before it goes out.

Shared by every content app: community lessons and discussions, document pages and
publications all scan their text and their files' text with the same `scan`.
"""

from django.utils.translation import gettext_lazy as _

from .detector import Finding, plain_text, scan, scan_parts

KINDS = {
    "phone": _("phone number"),
    "email": _("email address"),
    "id_number": _("passport or identity number"),
    "iban": _("bank account number (IBAN)"),
    "gps": _("GPS coordinates"),
    "birth_date": _("date of birth"),
}


def kind_labels(kinds):
    """The names of `kinds` (codes, or a comma-separated string of them) in the reader's language."""
    if isinstance(kinds, str):
        kinds = [k for k in kinds.split(",") if k]
    return [str(KINDS[k]) for k in dict.fromkeys(kinds) if k in KINDS]


__all__ = ["KINDS", "Finding", "kind_labels", "plain_text", "scan", "scan_parts"]
