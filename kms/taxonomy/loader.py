"""Loads the shipped taxonomy after every migrate; only missing rows are created.

Rows an editor changed in the admin are left as they are. Country names in French,
Arabic and Dutch come from pycountry's ISO 3166 translations.
"""

import gettext
import json
from pathlib import Path

import pycountry
from django.conf import settings

DATA_FILE = Path(__file__).parent / "data" / "taxonomy.json"
SITE_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
TRANSLATED = tuple(code for code in SITE_LANGUAGES if code != "en")  # pycountry's own names are English


def _country_names(code):
    english = pycountry.countries.get(alpha_2=code)
    names = {"name_en": getattr(english, "common_name", None) or english.name}
    for language in TRANSLATED:
        catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        names[f"name_{language}"] = catalog.gettext(english.name)
    return names


def _names(entry):
    return {f"name_{code}": entry[code] for code in SITE_LANGUAGES}


def load_taxonomy():
    """Create the regions, countries, themes and organisations that are missing; return how many."""
    from .models import Country, Organisation, Region, Theme

    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    created = 0
    for order, entry in enumerate(data["regions"]):
        region, was_created = Region.objects.get_or_create(
            slug=entry["slug"], defaults={**_names(entry), "sort_order": order}
        )
        created += was_created
        for code in entry["countries"]:
            _country, was_created = Country.objects.get_or_create(
                code=code, defaults={**_country_names(code), "region": region}
            )
            created += was_created
    for order, entry in enumerate(data["themes"]):
        _theme, was_created = Theme.objects.get_or_create(
            slug=entry["slug"], defaults={**_names(entry), "sort_order": order}
        )
        created += was_created
    for entry in data["organisations"]:
        organisation, was_created = Organisation.objects.get_or_create(
            slug=entry["slug"],
            defaults={**_names(entry), "acronym": entry["acronym"], "kind": entry["kind"], "website": entry["website"]},
        )
        if was_created:
            organisation.countries.set(Country.objects.filter(code__in=entry["countries"]))
            created += 1
    return created


def load_taxonomy_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    from .models import Region

    # A migrate that stopped short of the taxonomy tables (or reversed them) loads nothing.
    if Region._meta.db_table in connections[using].introspection.table_names():
        load_taxonomy()
