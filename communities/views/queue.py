"""The moderation queue: what waits for the facilitators and moderators who open it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render

from .. import permissions
from ..forms import ReviewForm
from ..models import Community, Flag, Lesson, Membership


@login_required
def moderation_queue(request):
    """Submitted lessons and open flags in the communities this person moderates or facilitates."""
    user = request.user
    if permissions.is_moderator(user):
        communities = Community.objects.all()
    else:
        communities = Community.objects.filter(
            memberships__user=user,
            memberships__state=Membership.State.ACTIVE,
            memberships__role=Membership.Role.FACILITATOR,
        )
    community_ids = list(communities.values_list("pk", flat=True))
    if not community_ids:
        raise PermissionDenied
    submitted = (
        Lesson.objects.filter(community_id__in=community_ids, state=Lesson.State.SUBMITTED)
        .select_related("community", "author__profile")
        .order_by("submitted_at")
    )
    if not permissions.is_moderator(user):
        submitted = submitted.exclude(author=user)
    flags = (
        Flag.objects.filter(resolved_at__isnull=True)
        .filter(Q(thread__community_id__in=community_ids) | Q(reply__thread__community_id__in=community_ids))
        .select_related("thread__community", "reply__thread__community", "flagged_by__profile")
    )
    return render(
        request, "communities/queue.html", {"submitted": submitted, "flags": flags, "review_form": ReviewForm()}
    )
