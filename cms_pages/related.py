"""What the home, region, country and partner pages show beside their own text: news, documents, research,
communities and partners, always live and public and in the page's language (the home page's news and research:
in the reader's language first, then the others).

The pages pass their own querysets (live, public, in their language, newest first); research and communities
come through those apps' selectors."""

from communities.selectors import public_communities, public_lessons
from kms.taxonomy.models import Organisation
from research.selectors import public_publications, publications_in_reader_language

from .figures import first_figures

RELATED_LIMIT = 4


def latest(pages, countries=None, limit=RELATED_LIMIT):
    """The first `limit` of `pages` (news or document pages), only those about `countries` when given."""
    if countries is not None:
        pages = pages.about(countries)
    return list(pages[:limit])


def research_about(page, countries, limit=RELATED_LIMIT):
    found = {}
    for country in countries:
        for publication in public_publications(locale=page.locale, country=country, limit=limit):
            found.setdefault(publication.pk, publication)
        if len(found) >= limit:
            break
    return list(found.values())[:limit]


def _merged(select, countries, limit):
    """The first `limit` distinct items that `select(country=…)` gives over several countries."""
    found = {}
    for country in countries:
        for item in select(country=country, limit=limit):
            found.setdefault(item.pk, item)
        if len(found) >= limit:
            break
    return list(found.values())[:limit]


def communities_about(countries, limit=RELATED_LIMIT):
    return _merged(public_communities, countries, limit)


def lessons_about(countries, limit=RELATED_LIMIT):
    return _merged(public_lessons, countries, limit)


def partners_in(partners_pages, countries):
    """The partners working in `countries` that the first of `partners_pages` lists, each with its address there."""
    partners_page = partners_pages.first()
    listed = {entry["organisation"].pk for entry in partners_page.entries()} if partners_page else set()
    organisations = Organisation.objects.filter(countries__in=countries, pk__in=listed).distinct()
    return [
        {"organisation": organisation, "url": partners_page.partner_url(organisation)} for organisation in organisations
    ]


def for_place(page, countries, *, news, documents, partners_pages):
    """Context for a region or country page."""
    countries = list(countries)
    return {
        "related_news": latest(news, countries),
        "related_documents": latest(documents, countries),
        "related_research": research_about(page, countries),
        "related_communities": communities_about(countries),
        "related_lessons": lessons_about(countries),
        "related_partners": partners_in(partners_pages, countries),
    }


def for_organisation(documents, organisation):
    """Context for one partner's page: the latest of `documents` from that organisation."""
    return {"related_documents": latest(documents.filter(organisation=organisation), limit=8)}


def with_first_figure(pages):
    """Each country or region page with its place's first key figure (one query for the list)."""
    pages = list(pages)
    return [{"page": page, "figure": figure} for page, figure in zip(pages, first_figures(pages), strict=True)]


def for_home(home, *, news, regions):
    """Context for the home page: the latest `news`, each of `regions` (a region page and its country pages) with
    one figure each, the latest research and some communities."""
    return {
        "latest_news": latest(news, limit=3),
        "regions": [
            {**with_first_figure([region_page])[0], "countries": with_first_figure(country_pages)}
            for region_page, country_pages in regions
        ],
        "latest_research": list(publications_in_reader_language(home.locale.language_code, limit=3)),
        "communities": list(public_communities(limit=4)),
    }
