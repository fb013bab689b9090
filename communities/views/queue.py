"""The moderation queue: what waits for the facilitators and moderators who open it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .. import permissions
from ..models import Lesson, Reply, Thread
from .review import review_context

OVER_WARNING_SHOWN = 20


@login_required
def moderation_queue(request):
    """Submitted lessons (with the personal data found in them) and flagged messages, oldest first,
    then what went out over a personal-data warning, in the communities this person reviews."""
    user = request.user
    community_ids = permissions.reviewable_community_ids(user)
    if not community_ids:
        raise PermissionDenied
    over_warning = [
        *Lesson.objects.filter(community_id__in=community_ids).exclude(personal_data_kinds=""),
        *Thread.objects.filter(community_id__in=community_ids).exclude(personal_data_kinds=""),
        *Reply.objects.filter(thread__community_id__in=community_ids)
        .exclude(personal_data_kinds="")
        .select_related("thread"),
    ]
    over_warning.sort(key=lambda item: item.personal_data_confirmed_at, reverse=True)
    context = review_context(user, "communities:queue_lesson", "communities:queue_post")
    return render(request, "communities/queue.html", {**context, "over_warning": over_warning[:OVER_WARNING_SHOWN]})
