"""The path converter for database ids: `<id:pk>` instead of `<int:pk>`.

Django's `int` converter accepts any run of digits, and a 20-digit id then
overflows the database integer in a related-field lookup (a 500). Ids past the
largest 64-bit integer, or longer than it can be written, simply do not match:
the visitor gets a 404.
"""

import re

from django.urls import register_converter

MAX_ID = 2**63 - 1


class BoundedIntConverter:
    regex = "[0-9]+"

    def to_python(self, value):
        if len(value) > len(str(MAX_ID)) or int(value) > MAX_ID:
            raise ValueError(f"{value} is larger than any database id")
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(BoundedIntConverter, "id")


def parse_id(value):
    """The id in a query or form value (`?lesson=12`), or None when the value is not one."""
    value = (value or "").strip()
    try:
        return BoundedIntConverter().to_python(value) if re.fullmatch(BoundedIntConverter.regex, value) else None
    except ValueError:
        return None
