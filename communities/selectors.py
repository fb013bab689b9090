"""Read-side queries other apps use (home page, country pages, research pages) without knowing our rules.

Everything here is public: public communities and the published lessons of public
communities. Members-only content never comes out of this module.
"""

from .models import Community, Lesson


def public_communities(*, country=None, theme=None, limit=None):
    """Public communities, optionally those working in a country (code or object) or on a theme (slug or object)."""
    queryset = Community.objects.filter(visibility=Community.Visibility.PUBLIC).prefetch_related("themes", "countries")
    if country is not None:
        queryset = queryset.filter(countries__code=getattr(country, "code", country))
    if theme is not None:
        queryset = queryset.filter(themes__slug=getattr(theme, "slug", theme))
    queryset = queryset.distinct().order_by("slug")
    return queryset[:limit] if limit else queryset


def public_lessons(*, country=None, theme=None, related_page=None, limit=None):
    """Published lessons of public communities, newest first; `related_page` is a Wagtail page they cite."""
    queryset = Lesson.objects.published().filter(community__visibility=Community.Visibility.PUBLIC)
    if country is not None:
        queryset = queryset.filter(countries__code=getattr(country, "code", country))
    if theme is not None:
        queryset = queryset.filter(themes__slug=getattr(theme, "slug", theme))
    if related_page is not None:
        queryset = queryset.filter(related_pages=related_page)
    queryset = queryset.select_related("community").distinct().order_by("-published_at", "-pk")
    return queryset[:limit] if limit else queryset
