"""Who does what where: services of the demo's partners in the places they work, in four languages;
each partner account may keep its own organisation's services up to date."""

import datetime

from django.contrib.auth import get_user_model

from cms_pages.mapping.models import OrganisationEditor, Service
from kms.accounts.groups import PARTNER_MEMBERS
from kms.taxonomy.models import Country, Organisation

from .loader import LANGUAGES, read


def load(out):
    data = read("mapping")
    places = {place["key"]: place for place in data["places"]}
    patterns = {item["key"]: item["words"] for item in data["types"]}
    countries = {country.code: country for country in Country.objects.all()}
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    for item in data["services"]:
        place = places[item["place"]]
        fields = {
            "organisation": organisations[item["organisation"]],
            "service_type": item["type"],
            "country": countries[place["country"]],
            "latitude": place["latitude"],
            "longitude": place["longitude"],
            "population_groups": item["population_groups"],
            "languages": item["languages"],
            "contact_channel": item["contact_channel"],
            "contact": item.get("contact", ""),
            "status": item["status"],
            "start_date": datetime.date.fromisoformat(item["start_date"]),
            "end_date": datetime.date.fromisoformat(item["end_date"]) if item.get("end_date") else None,
        }
        for code in LANGUAGES:
            name = place["words"][code]["name"]
            fields[f"place_{code}"] = name
            fields[f"name_{code}"] = patterns[item["type"]][code]["name"].format(place=name)
        # The English name, organisation and place identify a demo service: loading again updates it.
        Service.objects.update_or_create(
            organisation=fields["organisation"], name_en=fields["name_en"], country=fields["country"], defaults=fields
        )
    out.write(f"  {len(data['services'])} services in {len(places)} places")
    editors = 0
    for user in get_user_model().objects.filter(profile__organisation__isnull=False, groups__name=PARTNER_MEMBERS):
        OrganisationEditor.objects.get_or_create(organisation=user.profile.organisation, user=user)
        editors += 1
    out.write(f"  {editors} partner accounts may edit their organisation's services")
    return []
