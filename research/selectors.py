"""Read-only queries other apps use to list research: what the public may see, newest first."""

from .models import PublicationPage, ResearchProjectPage


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
    queryset = PublicationPage.objects.live().public().newest_first()
    return _filtered(queryset, locale=locale, country=country, theme=theme, limit=limit)


def publications_in_reader_language(language, *, limit=None):
    """Every live, public publication once, for a reader of `language`: in that language where it exists, else
    in the language it was written in; the reader's first, newest first within each group."""
    queryset = PublicationPage.objects.in_reader_language(language).select_related("locale")
    return queryset[:limit] if limit else queryset


def public_projects(*, locale=None, country=None, theme=None, limit=None):
    """Live, public research projects, most recently started first (unscheduled ones last)."""
    queryset = ResearchProjectPage.objects.live().public().newest_first()
    return _filtered(queryset, locale=locale, country=country, theme=theme, limit=limit)
