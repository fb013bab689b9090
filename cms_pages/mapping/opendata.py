"""The services as open data: rows for CSV with HXL hashtags (https://hxlstandard.org) and JSON.

One list of columns serves both, so the two never disagree.
"""

# (JSON key, CSV heading, HXL hashtag)
COLUMNS = [
    ("id", "id", "#activity+id"),
    ("name", "name", "#activity+name"),
    ("type", "type of service", "#activity+type+code"),
    ("type_label", "type of service (label)", "#activity+type+name"),
    ("theme", "theme", "#sector+code"),
    ("organisation", "organisation", "#org+name"),
    ("organisation_acronym", "acronym", "#org+acronym"),
    ("country_code", "country code", "#country+code"),
    ("country", "country", "#country+name"),
    ("region", "region", "#region+name"),
    ("place", "governorate or city", "#loc+name"),
    ("latitude", "latitude", "#geo+lat"),
    ("longitude", "longitude", "#geo+lon"),
    ("population_groups", "population groups", "#targeted+type"),
    ("languages", "languages spoken", "#meta+languages"),
    ("contact_channel", "contact channel", "#contact+type"),
    ("contact", "contact", "#contact"),
    ("status", "status", "#status"),
    ("start_date", "start date", "#date+start"),
    ("end_date", "end date", "#date+end"),
    ("url", "url", "#meta+url"),
]


def record(service, url):
    """The service as plain data, with names in the active language and codes that do not change."""
    return {
        "id": service.pk,
        "name": service.name,
        "type": service.service_type,
        "type_label": str(service.get_service_type_display()),
        "theme": service.theme_slug,
        "organisation": service.organisation.name,
        "organisation_acronym": service.organisation.acronym,
        "country_code": service.country.code,
        "country": service.country.name,
        "region": service.country.region.name,
        "place": service.place,
        "latitude": float(service.latitude) if service.latitude is not None else None,
        "longitude": float(service.longitude) if service.longitude is not None else None,
        "population_groups": list(service.population_groups),
        "languages": list(service.languages),
        "contact_channel": service.contact_channel,
        "contact": service.contact,
        "status": service.status,
        "start_date": service.start_date.isoformat() if service.start_date else None,
        "end_date": service.end_date.isoformat() if service.end_date else None,
        "url": url,
    }


def csv_rows(records):
    """Headings, then HXL hashtags, then one row per service (lists joined with "|")."""
    yield [heading for _key, heading, _tag in COLUMNS]
    yield [tag for _key, _heading, tag in COLUMNS]
    for item in records:
        yield [
            "|".join(value) if isinstance(value, list) else ("" if value is None else value)
            for value in (item[key] for key, _h, _t in COLUMNS)
        ]
