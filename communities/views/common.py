"""Finding what a page is about, with the visibility rules every view applies first."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .. import permissions
from ..models import Community, Lesson


def community_or_404(request, slug):
    community = get_object_or_404(Community.objects.prefetch_related("themes", "countries"), slug=slug)
    if not permissions.can_see_community(request.user, community):
        raise Http404
    return community


def content_community_or_404(request, slug):
    """The community, when the person may read its content; 404 otherwise (nothing leaks)."""
    community = community_or_404(request, slug)
    if not permissions.can_view_content(request.user, community):
        raise Http404
    return community


def lesson_or_404(request, slug, pk):
    lesson = get_object_or_404(
        Lesson.objects.select_related("community", "author__profile"), pk=pk, community__slug=slug
    )
    if not permissions.can_view_lesson(request.user, lesson):
        raise Http404
    return lesson


def visible_threads(user, community):
    """The community's discussions with their reply counts; hidden ones only for those who audit them."""
    threads = community.threads.select_related("author__profile").annotate(
        reply_count=Count("replies", filter=Q(replies__hidden_at__isnull=True))
    )
    if not permissions.can_see_hidden(user, community):
        threads = threads.filter(hidden_at__isnull=True)
    return threads
