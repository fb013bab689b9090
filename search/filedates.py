"""The day a file says it was created, from its own properties: a PDF's CreationDate, a Word file's core properties.

A document's date in search is its metadata date, else this one, else none: never the day it
was uploaded or imported, which would date a whole library by the day it arrived. Values that
cannot be a real creation date (malformed, before 1900, in the future, or the date python-docx
writes into every file made from its default template) give "" rather than a wrong year.

Imported by the extraction child process, so it needs no Django.
"""

import datetime
import re

PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")
EARLIEST_YEAR = 1900
# python-docx's default template carries this creation time; a file made from it says nothing about itself.
DOCX_TEMPLATE_CREATED = datetime.datetime(2013, 12, 23, 23, 15, tzinfo=datetime.UTC)


def _plausible(day):
    return day.isoformat() if EARLIEST_YEAR <= day.year and day <= datetime.date.today() else ""


def pdf_created(value):
    """ "D:20190312101500+01'00'" (the PDF date format; month and day may be left out) -> "2019-03-12"."""
    match = PDF_DATE.match((value or "").strip())
    if match is None:
        return ""
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return _plausible(datetime.date(year, month, day))
    except ValueError:
        return ""


def docx_created(value):
    """A Word file's `core_properties.created` (a datetime or None) -> "YYYY-MM-DD", or ""."""
    if not isinstance(value, datetime.datetime):
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    if aware == DOCX_TEMPLATE_CREATED:
        return ""
    return _plausible(value.date())
