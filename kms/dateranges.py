"""A "from … to …" date range typed by a reader: a year (2024) or a day (2024-03-01) at each end.

The search page and the news listing share these rules, so the same input means the same range on both.
"""

import datetime
import re

from django.utils.translation import gettext as _

YEAR = re.compile(r"^\d{4}$")


class BadDateRange(ValueError):
    pass


def parse_bound(raw, end=False):
    """The first (or, with end=True, the last) day a bound covers; None when it is empty."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        if YEAR.match(text):
            return datetime.date(int(text), 12, 31) if end else datetime.date(int(text), 1, 1)
        return datetime.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def date_range(start_text, end_text):
    """(start, end) dates from the two bounds as typed, or BadDateRange with a message for the reader."""
    start, end = parse_bound(start_text), parse_bound(end_text, end=True)
    for text, value in ((start_text, start), (end_text, end)):
        if (text or "").strip() and value is None:
            raise BadDateRange(
                _("“%(value)s” is not a date: give a year such as 2024 or a day such as 2024-03-31.")
                % {"value": text.strip()[:20]}
            )
    if start and end and start > end:
        raise BadDateRange(_("The start of the date range comes after its end."))
    return start, end
