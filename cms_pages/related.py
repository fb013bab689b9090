"""What the home, region, country and partner pages show beside their own text: news, documents, research,
communities and partners, always live and public and in the page's language."""

from kms.taxonomy.models import Organisation

RELATED_LIMIT = 4


def news_about(page, countries=None, limit=RELATED_LIMIT):
    from django.db.models import Prefetch

    from .listings import _images
    from .models import NewsPage

    queryset = (
        NewsPage.objects.live().public().filter(locale_id=page.locale_id)
        .prefetch_related(Prefetch("lead_image", queryset=_images()))
        .order_by("-date", "-pk")
    )
    if countries is not None:
        queryset = queryset.filter(countries__in=countries).distinct()
    return list(queryset[:limit])


def documents_about(page, countries=None, organisation=None, limit=RELATED_LIMIT):
    from .models import DocumentPage

    queryset = (
        DocumentPage.objects.live().public().filter(locale_id=page.locale_id)
        .select_related("document").order_by("-publication_date", "-pk")
    )
    if countries is not None:
        queryset = queryset.filter(countries__in=countries).distinct()
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return list(queryset[:limit])


def research_about(page, countries, limit=RELATED_LIMIT):
    from research.selectors import public_publications

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
    from communities.selectors import public_communities

    return _merged(public_communities, countries, limit)


def lessons_about(countries, limit=RELATED_LIMIT):
    from communities.selectors import public_lessons

    return _merged(public_lessons, countries, limit)


def partners_page_of(page):
    from .models import PartnersPage

    return PartnersPage.objects.live().public().filter(locale_id=page.locale_id).first()


def partners_in(page, countries):
    partners_page = partners_page_of(page)
    listed = {entry["organisation"].pk for entry in partners_page.entries()} if partners_page else set()
    organisations = Organisation.objects.filter(countries__in=countries, pk__in=listed).distinct()
    return [
        {"organisation": organisation, "url": partners_page.partner_url(organisation)}
        for organisation in organisations
    ]


def for_place(page, countries):
    """Context for a region or country page."""
    countries = list(countries)
    return {
        "related_news": news_about(page, countries),
        "related_documents": documents_about(page, countries),
        "related_research": research_about(page, countries),
        "related_communities": communities_about(countries),
        "related_lessons": lessons_about(countries),
        "related_partners": partners_in(page, countries),
    }


def for_organisation(partners_page, organisation):
    """Context for one partner's page."""
    return {"related_documents": documents_about(partners_page, organisation=organisation, limit=8)}


def first_figure(page):
    for block in page.key_figures:
        return block.value
    return None


def with_first_figure(pages):
    return [{"page": page, "figure": first_figure(page)} for page in pages]


def for_home(home):
    """Context for the home page: latest news, regions and countries with one figure each, research, communities."""
    from .models import CountryPage, RegionPage

    regions = []
    for region_page in RegionPage.objects.child_of(home).live().public().specific():
        countries = CountryPage.objects.child_of(region_page).live().public().specific()
        regions.append({**with_first_figure([region_page])[0], "countries": with_first_figure(countries)})
    from communities.selectors import public_communities
    from research.selectors import public_publications

    return {
        "latest_news": news_about(home, limit=3),
        "regions": regions,
        "latest_research": list(public_publications(locale=home.locale, limit=3)),
        "communities": list(public_communities(limit=4)),
    }
