"""The licences a publication may carry, as SPDX identifiers (https://spdx.org/licenses/).

A short list of the licences research outputs actually use; the identifier is what
harvesters and citation tools read, the name is what people read.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SPDX_LICENCES = {
    "CC-BY-4.0": "Creative Commons Attribution 4.0 International",
    "CC-BY-SA-4.0": "Creative Commons Attribution Share Alike 4.0 International",
    "CC-BY-NC-4.0": "Creative Commons Attribution Non Commercial 4.0 International",
    "CC-BY-NC-SA-4.0": "Creative Commons Attribution Non Commercial Share Alike 4.0 International",
    "CC-BY-ND-4.0": "Creative Commons Attribution No Derivatives 4.0 International",
    "CC-BY-NC-ND-4.0": "Creative Commons Attribution Non Commercial No Derivatives 4.0 International",
    "CC-BY-3.0-IGO": "Creative Commons Attribution 3.0 IGO",
    "CC-BY-NC-SA-3.0-IGO": "Creative Commons Attribution Non Commercial Share Alike 3.0 IGO",
    "CC0-1.0": "Creative Commons Zero v1.0 Universal",
    "ODbL-1.0": "Open Data Commons Open Database License v1.0",
    "ODC-By-1.0": "Open Data Commons Attribution License v1.0",
    "PDDL-1.0": "Open Data Commons Public Domain Dedication & License 1.0",
    "MIT": "MIT License",
    "Apache-2.0": "Apache License 2.0",
    "GPL-3.0-or-later": "GNU General Public License v3.0 or later",
    "LicenseRef-All-Rights-Reserved": "All rights reserved",
}

LICENCE_CHOICES = [(spdx, f"{name} ({spdx})") for spdx, name in SPDX_LICENCES.items()]


def licence_url(spdx):
    if spdx.startswith("LicenseRef-"):
        return ""
    return f"https://spdx.org/licenses/{spdx}.html"


def validate_spdx(value):
    if value not in SPDX_LICENCES:
        raise ValidationError(
            _("“%(value)s” is not one of the SPDX licence identifiers this site knows, for example CC-BY-4.0."),
            code="spdx",
            params={"value": value},
        )
