"""Read-only queries other apps use to list research: what the public may see, newest first."""

from wagtail.models import PageViewRestriction

from .models import PublicationPage, ResearchProjectPage


def _public(queryset):
    """Live pages with no view restriction on them or on any ancestor."""
    queryset = queryset.live()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def _filtered(queryset, *, locale, country, theme, limit):
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    if country is not None:
        queryset = queryset.filter(countries=country)
    if theme is not None:
        queryset = queryset.filter(themes=theme)
    return queryset[:limit] if limit else queryset


def public_publications(*, locale=None, country=None, theme=None, limit=None):
    """Live, public publications, newest publication date first."""
    queryset = _public(PublicationPage.objects.all()).order_by("-publication_date", "-pk")
    return _filtered(queryset, locale=locale, country=country, theme=theme, limit=limit)


def public_projects(*, locale=None, country=None, theme=None, limit=None):
    """Live, public research projects, most recently started first (unscheduled ones last)."""
    from django.db.models import F

    queryset = _public(ResearchProjectPage.objects.all()).order_by(F("start_date").desc(nulls_last=True), "-pk")
    return _filtered(queryset, locale=locale, country=country, theme=theme, limit=limit)


def project_context(project):
    """What a project page lists: its public publications, its public communities, and the lessons citing it."""
    from communities.selectors import public_communities, public_lessons

    return {
        "publications": public_publications().filter(project=project).prefetch_related("authors"),
        "communities": public_communities().filter(research_projects=project),
        "lessons": public_lessons(related_page=project),
    }
