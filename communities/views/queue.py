"""The moderation queue: what waits for the facilitators and moderators who open it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render

from .. import permissions
from ..forms import ReviewForm
from ..models import Community, Flag, Lesson, Membership, Reply, Thread

OVER_WARNING_SHOWN = 20


@login_required
def moderation_queue(request):
    """Submitted lessons (with the personal data found in them), open flags, and what went out over a
    personal-data warning, in the communities this person moderates or facilitates."""
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
        .select_related("community", "author__profile", "personal_data_confirmed_by__profile")
        .prefetch_related("attachments")
        .order_by("submitted_at")
    )
    if not permissions.is_moderator(user):
        submitted = submitted.exclude(author=user)
    flags = (
        Flag.objects.filter(resolved_at__isnull=True)
        .filter(Q(thread__community_id__in=community_ids) | Q(reply__thread__community_id__in=community_ids))
        .select_related("thread__community", "reply__thread__community", "flagged_by__profile")
    )
    over_warning = [
        *Lesson.objects.filter(community_id__in=community_ids).exclude(personal_data_kinds=""),
        *Thread.objects.filter(community_id__in=community_ids).exclude(personal_data_kinds=""),
        *Reply.objects.filter(thread__community_id__in=community_ids)
        .exclude(personal_data_kinds="")
        .select_related("thread"),
    ]
    over_warning.sort(key=lambda item: item.personal_data_confirmed_at, reverse=True)
    return render(
        request,
        "communities/queue.html",
        {
            "submitted": [(lesson, lesson.personal_data_findings()) for lesson in submitted],
            "flags": flags,
            "over_warning": over_warning[:OVER_WARNING_SHOWN],
            "review_form": ReviewForm(),
        },
    )
