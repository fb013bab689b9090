"""Who may see or do what with research content; used by pages, exports, OAI-PMH and search alike."""

from wagtail.models import PageViewRestriction


def can_view_publication(user, page):
    """Anyone may read a live publication with no view restriction on it or an ancestor."""
    if not page.live:
        return False
    return not PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True)).exists()


def can_harvest(page):
    """Harvesters (OAI-PMH) see exactly what the public sees."""
    return can_view_publication(None, page)
