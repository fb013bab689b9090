"""The demo's records that browser tests search among, without the seconds every page of the demo would take."""

PAGE_KINDS = {"news": "cms_pages.NewsPage", "publication": "research.PublicationPage"}
SOURCE_KINDS = ("document", "lesson", "thread", "service")


def demo_records(*kinds):
    """The demo's records of these kinds: "news" and "publication" pages, and whole sources ("document",
    "lesson", "thread", "service"). Preparing the records of every page of the demo took seconds; a test
    indexes what it searches among."""
    from django.apps import apps

    from search import sources

    unknown = set(kinds) - set(PAGE_KINDS) - set(SOURCE_KINDS)
    assert not unknown, f"not a kind of demo record: {sorted(unknown)}"
    models = [apps.get_model(PAGE_KINDS[kind]) for kind in kinds if kind in PAGE_KINDS]
    if models:
        pages = sources.SOURCES["page"]
        context = pages.bulk_context()
        for page in pages.queryset().type(*models):
            yield pages.to_record(page, context)
    for kind in kinds:
        if kind in SOURCE_KINDS:
            yield from sources.SOURCES[kind].all_records()
