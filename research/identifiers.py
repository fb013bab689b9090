"""Checks and normal forms for the persistent identifiers a publication carries: ORCID iD, DOI, handle.

Editors paste these in many shapes (bare, with a resolver URL, with a "doi:" prefix);
we store one bare form and build links from it.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
DOI_RE = re.compile(r"^10\.\d{4,9}(\.\d+)*/\S+$")
HANDLE_RE = re.compile(r"^\d+(\.\d+)*/\S+$")

ORCID_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:")
HANDLE_PREFIXES = ("https://hdl.handle.net/", "http://hdl.handle.net/", "hdl:")


def _strip_prefix(value, prefixes):
    value = (value or "").strip()
    for prefix in prefixes:
        if value.lower().startswith(prefix):
            return value[len(prefix) :].strip()
    return value


def orcid_check_digit(base_digits):
    """The ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value):
    return _strip_prefix(value, ORCID_PREFIXES).upper()


def validate_orcid(value):
    orcid = normalise_orcid(value)
    if not ORCID_RE.match(orcid):
        raise ValidationError(
            _("“%(value)s” is not an ORCID iD: it should look like 0000-0002-1825-0097."),
            code="orcid_format",
            params={"value": value},
        )
    digits = orcid.replace("-", "")
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValidationError(
            _(
                "“%(value)s” is not a valid ORCID iD: its last character (checksum) does not match. Check for a typing error."
            ),
            code="orcid_checksum",
            params={"value": value},
        )


def normalise_doi(value):
    return _strip_prefix(value, DOI_PREFIXES)


def validate_doi(value):
    if not DOI_RE.match(normalise_doi(value)):
        raise ValidationError(
            _(
                "“%(value)s” is not a DOI: a DOI starts with 10., a registrant code, a slash and a suffix, for example 10.5281/zenodo.1234567."
            ),
            code="doi_format",
            params={"value": value},
        )


def normalise_handle(value):
    return _strip_prefix(value, HANDLE_PREFIXES)


def validate_handle(value):
    if not HANDLE_RE.match(normalise_handle(value)):
        raise ValidationError(
            _("“%(value)s” is not a handle: it should look like 20.500.12345/678."),
            code="handle_format",
            params={"value": value},
        )
