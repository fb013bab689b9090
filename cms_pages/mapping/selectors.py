"""What other parts of the site read about services (country and region pages)."""

from dataclasses import dataclass

from django.urls import reverse

from . import geo
from .models import Service

SHOWN_ON_PLACE_PAGES = 8


@dataclass
class PlaceServices:
    first: list
    count: int
    list_url: str
    map: object


def services_in(country=None, region=None):
    """The services offered in a country or region: the first few, how many in all, the filtered list's URL
    and a map; None when there are none."""
    services = Service.objects.public()
    if country is not None:
        services, query, codes = services.filter(country=country), f"country={country.code}", [country.code]
    else:
        services = services.filter(country__region=region)
        query, codes = f"region={region.slug}", list(region.countries.values_list("code", flat=True))
    services = list(services)
    if not services:
        return None
    return PlaceServices(
        first=services[:SHOWN_ON_PLACE_PAGES],
        count=len(services),
        list_url=f"{reverse('mapping:list')}?{query}",
        map=geo.draw(codes, services),
    )
