"""Cleaning short texts people type or upload: names, titles, file names, and text bound for XML.

Bidi overrides and isolates (U+202A to U+202E, U+2066 to U+2069) let "report<U+202E>gnp.exe"
display as "reportexe.png"; zero-width characters make two names that look the same
compare different. In names, titles and file names both are removed; body text keeps
them (it is member HTML, cleaned elsewhere, where an Arabic or Persian writer may need them).

What a name keeps, and why:
- the left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C):
  they place punctuation and numbers in mixed Arabic and Latin names ("منظمة IOM")
  and cannot reorder letters the way an override does;
- the zero-width non-joiner and joiner (U+200C, U+200D) only between two letters of a
  script that joins its letters (code points from U+0590 on: Hebrew, Arabic, Persian,
  Indic...), where they change how a word is written; anywhere else they are removed.
Every other invisible format character (category Cf) and every control character goes;
line and paragraph separators and tabs become spaces; runs of spaces become one.

A file name goes further: no format character at all (no mark can change how its
extension reads), no path separator, no leading dot, and never empty.
"""

import re
import unicodedata
from urllib.parse import quote

from django import forms
from wagtail.coreutils import string_to_ascii

KEPT_MARKS = frozenset("\u200e\u200f\u061c")
JOINERS = frozenset("\u200c\u200d")
FILE_NAME_MAX = 200
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _is_joining_letter(char):
    return char >= "\u0590" and unicodedata.category(char)[0] in "LM"


def clean_name(value, *, keep_marks=True):
    """`value` without bidi overrides, zero-width or control characters; whitespace collapsed."""
    if not value:
        return ""
    chars = list(str(value))
    kept = []
    for index, char in enumerate(chars):
        category = unicodedata.category(char)
        if category in ("Zl", "Zp") or char in "\t\n\r\x0b\x0c":
            kept.append(" ")
        elif category in ("Cc", "Cs"):
            continue
        elif category == "Cf":
            if keep_marks and char in KEPT_MARKS:
                kept.append(char)
            elif keep_marks and char in JOINERS:
                before = chars[index - 1] if index else ""
                after = chars[index + 1] if index + 1 < len(chars) else ""
                if before and after and _is_joining_letter(before) and _is_joining_letter(after):
                    kept.append(char)
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def clean_filename(value, *, fallback="file"):
    """A file name safe to show and to put in a URL: one segment, no invisible characters."""
    name = clean_name(value, keep_marks=False)
    name = name.replace("/", "_").replace("\\", "_").lstrip(". ").strip()
    if len(name) > FILE_NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: FILE_NAME_MAX - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:FILE_NAME_MAX].rstrip()
    return name or fallback


def download_name(title, extension, *, fallback="document"):
    """The name a file downloads under: its title in its own script, words joined by hyphens.

    ``بيان قدرات الشبكة 2025`` + ``pdf`` gives ``بيان-قدرات-الشبكة-2025.pdf``; a title with nothing
    printable gives `fallback`.
    """
    stem = (
        re.sub(r"(?:[^\w\u064b-\u065f\u0670]|_)+", "-", clean_filename(title, fallback="")).strip("-")[
            : FILE_NAME_MAX - 12
        ]
        or fallback
    )
    return f"{stem}.{extension}" if extension else stem


def content_disposition(name, *, attachment=False):
    """A Content-Disposition header naming `name` (RFC 6266): an ASCII `filename` for old clients, transliterated
    where it can be, and the real name, in any script, as the UTF-8 `filename*`."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    ascii_stem = re.sub(r"[^A-Za-z0-9]+", "-", string_to_ascii(stem)).strip("-") or "download"
    ascii_name = f"{ascii_stem}.{re.sub(r'[^A-Za-z0-9]', '', extension)}" if extension else ascii_stem
    header = f'{"attachment" if attachment else "inline"}; filename="{ascii_name}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def xml_safe(value):
    """`value` without the characters XML 1.0 cannot hold (C0 controls but tab and newlines, surrogates, U+FFFE/F)."""
    return _XML_ILLEGAL.sub("", str(value))


def has_xml_illegal(value):
    return bool(_XML_ILLEGAL.search(value))


class NameField(forms.CharField):
    """A name or title typed in a form, cleaned with `clean_name` before it is validated."""

    def to_python(self, value):
        return clean_name(super().to_python(value))


def clean_name_fields(instance, *names):
    """Model.clean() helper: clean each named text field of `instance` in place (for forms that are not ours)."""
    for name in names:
        setattr(instance, name, clean_name(getattr(instance, name)))
