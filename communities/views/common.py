"""Finding what a page is about, with the visibility rules every view applies first.

A page refused because it is for members answers according to who asks (see `members_only`):
a signed-out visitor is sent to sign in and brought back to the link; a signed-in person who
is not a member gets a page (403) that says so and offers to ask to join. What must stay
hidden stays a 404 for the signed-in: a draft, a hidden message, a lesson not yet published
to someone who does not review it, and anything that does not exist. A members-only
community is not secret (every signed-in person finds it in the directory, to ask to join);
its content is. Lesson, discussion and event numbers are looked up only after the community
is readable, so a non-member learns nothing of what exists inside it.
"""

import functools

from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .. import permissions
from ..models import Community, Lesson


class MembersOnly(Http404):
    """A page refused for want of signing in or of membership. Left unhandled it is a plain 404."""

    def __init__(self, community):
        super().__init__("members only")
        self.community = community


def refuse(request, community):
    """Refuse a page of `community` that exists but is not for this person: sign in or ask to join when
    that could help; a plain 404 for a signed-in member (what they cannot see must stay hidden)."""
    if not request.user.is_authenticated or not permissions.can_view_content(request.user, community):
        raise MembersOnly(community)
    raise Http404


def members_only(view):
    """Answer a MembersOnly refusal: the sign-in page for visitors, the members-only page (403) for others."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MembersOnly as refused:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return members_only_page(request, refused.community)

    return wrapped


def members_only_page(request, community):
    user = request.user
    context = {
        "community": community,
        "membership": permissions.membership_of(user, community),
        "can_join": permissions.can_join(user, community),
        "can_request": permissions.can_request_membership(user, community),
    }
    return render(request, "communities/members_only.html", context, status=403)


def community_or_404(request, slug):
    community = get_object_or_404(Community.objects.prefetch_related("themes", "countries"), slug=slug)
    if not permissions.can_see_community(request.user, community):
        raise MembersOnly(community)
    return community


def content_community_or_404(request, slug):
    """The community, when the person may read its content; refused otherwise (nothing leaks)."""
    community = community_or_404(request, slug)
    if not permissions.can_view_content(request.user, community):
        raise MembersOnly(community)
    return community


def lesson_or_404(request, slug, pk):
    """The lesson, when the person may read it. Authors keep their own lessons after leaving a
    members-only community; other non-members learn nothing of which lessons exist in it."""
    community = community_or_404(request, slug)
    lessons = Lesson.objects.select_related("community", "author__profile").filter(community=community)
    readable = permissions.can_view_content(request.user, community)
    if not readable:
        lessons = lessons.filter(author=request.user)
    lesson = lessons.filter(pk=pk).first()
    if lesson is None:
        if not readable:
            raise MembersOnly(community)
        raise Http404
    if not permissions.can_view_lesson(request.user, lesson):
        refuse(request, community)
    return lesson


def visible_threads(user, community):
    """The community's discussions with their reply counts; hidden ones only for those who audit them."""
    threads = community.threads.select_related("author__profile").annotate(
        reply_count=Count("replies", filter=Q(replies__hidden_at__isnull=True))
    )
    if not permissions.can_see_hidden(user, community):
        threads = threads.filter(hidden_at__isnull=True)
    return threads
