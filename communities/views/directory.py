"""The directory of communities, each community's home page, and editing a community."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..forms import CommunityForm
from ..membership import EditCommunity
from ..models import Community, Lesson, Membership
from .common import community_or_404, visible_threads

HOME_LIST_SIZE = 10


def directory(request):
    communities = Community.objects.prefetch_related("themes", "countries").annotate(
        member_count=Count("memberships", filter=Q(memberships__state=Membership.State.ACTIVE), distinct=True),
        lesson_count=Count("lessons", filter=Q(lessons__state=Lesson.State.PUBLISHED), distinct=True),
    )
    if not request.user.is_authenticated:
        communities = communities.filter(visibility=Community.Visibility.PUBLIC)
    mine, facilitates = set(), False
    if request.user.is_authenticated:
        for community_id, role in Membership.objects.filter(
            user=request.user, state=Membership.State.ACTIVE
        ).values_list("community_id", "role"):
            mine.add(community_id)
            facilitates = facilitates or role == Membership.Role.FACILITATOR
    show_queue = facilitates or permissions.is_moderator(request.user)
    detailed = {c.pk for c in communities if permissions.can_view_details(request.user, c, member_of=mine)}
    return render(
        request,
        "communities/directory.html",
        {"communities": communities, "mine": mine, "detailed": detailed, "show_queue": show_queue},
    )


def home(request, slug):
    community = community_or_404(request, slug)
    user = request.user
    can_read = permissions.can_view_content(user, community)
    context = {
        "community": community,
        "membership": permissions.membership_of(user, community),
        "can_read": can_read,
        "can_view_details": permissions.can_view_details(user, community),
        "can_join": permissions.can_join(user, community),
        "can_request": permissions.can_request_membership(user, community),
        "can_leave": permissions.can_leave(user, community),
        "can_post": permissions.can_post_lesson(user, community),
        "can_manage": permissions.can_manage_members(user, community),
        "can_manage_events": permissions.can_manage_events(user, community),
        "can_view_members": permissions.can_view_members(user, community),
        "has_feed": permissions.can_have_feed(community),
    }
    if context["can_view_details"]:
        context["facilitators"] = Membership.objects.filter(
            community=community, state=Membership.State.ACTIVE, role=Membership.Role.FACILITATOR
        ).select_related("user__profile")
    if can_read:
        context.update(
            lessons=community.lessons.published()
            .select_related("author__profile")
            .prefetch_related("countries")[:HOME_LIST_SIZE],
            threads=visible_threads(user, community).filter(lesson__isnull=True)[:HOME_LIST_SIZE],
            events=community.events.filter(ends_at__gte=timezone.now())[:HOME_LIST_SIZE],
            members=Membership.objects.filter(community=community, state=Membership.State.ACTIVE).select_related(
                "user__profile__organisation", "user__profile__country"
            )[:24]
            if context["can_view_members"]
            else [],
            member_count=Membership.objects.filter(community=community, state=Membership.State.ACTIVE).count(),
        )
    if user.is_authenticated:
        context["my_lessons"] = community.lessons.filter(author=user).exclude(state=Lesson.State.PUBLISHED)
    return render(request, "communities/home.html", context)


@login_required
def community_edit(request, slug):
    community = community_or_404(request, slug)
    form = CommunityForm(request.POST or None, instance=community)
    action = EditCommunity(request.user, form)
    action.check()
    if request.method == "POST" and form.is_valid():
        action.execute()
        messages.success(request, _("The community has been updated."))
        return redirect(community)
    return render(request, "communities/community_form.html", {"community": community, "form": form})
