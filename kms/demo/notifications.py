"""Demo notifications, made from the communities' demo content (no data of their own).

Runs after the communities' part. Each partner account finds, on its notifications page,
what the site would have told it: new lessons in its communities, replies in its
discussions, the outcome of its own lessons' reviews and, for facilitators, the lessons
waiting for their review and the people asking to join, in its own language (from
its profile). Demo notifications are not emailed. A second run adds nothing: a
notification already made for the same person, kind and object is not made again.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from communities import notifying
from communities.models import Lesson, Membership, Reply
from communities.notifications import notify
from communities.notifications.models import Notification

OUTCOMES = {"published": "published", "changes_requested": "changes_requested", "rejected": "rejected"}


def _new_only(recipients, kind, target):
    already = Notification.objects.filter(
        kind=kind, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).values_list("recipient_id", flat=True)
    return [user for user in recipients if user.pk not in set(already)]


def load(out):
    """Create the demo notifications that are missing; return no lines (the partners' logins are printed already)."""
    made, waiting = [], []  # what waits for a facilitator's decision stays unread
    with transaction.atomic():
        for lesson in Lesson.objects.select_related("community", "author").order_by("pk"):
            if lesson.author is not None and lesson.state in OUTCOMES:
                made += notify(
                    _new_only([lesson.author], "moderation_outcome", lesson),
                    kind="moderation_outcome",
                    target=lesson,
                    community=lesson.community,
                    data={"outcome": OUTCOMES[lesson.state], "reason": lesson.moderation_reason},
                )
            if lesson.state == Lesson.State.PUBLISHED:
                members = [
                    m.user
                    for m in Membership.objects.filter(
                        community=lesson.community, state=Membership.State.ACTIVE
                    ).select_related("user")
                    if m.user_id != lesson.author_id
                ]
                made += notify(
                    _new_only(members, "new_lesson", lesson),
                    kind="new_lesson",
                    target=lesson,
                    community=lesson.community,
                    actor=lesson.author,
                )
            if lesson.state == Lesson.State.SUBMITTED:
                waiting += notify(
                    _new_only(notifying.lesson_reviewers(lesson), "review_requested", lesson),
                    kind="review_requested",
                    target=lesson,
                    community=lesson.community,
                    actor=lesson.author,
                )
        requests = Membership.objects.filter(state=Membership.State.REQUESTED).select_related("community", "user")
        for membership in requests.order_by("pk"):
            waiting += notify(
                _new_only(notifying.request_deciders(membership.community), "join_requested", membership),
                kind="join_requested",
                target=membership,
                community=membership.community,
                actor=membership.user,
            )
        for reply in Reply.objects.select_related("thread__community", "thread__author", "author").order_by("pk"):
            made += notify(
                _new_only([reply.thread.author], "reply", reply),
                kind="reply",
                target=reply,
                community=reply.thread.community,
                actor=reply.author,
            )
        # Not emailed (the queued emails find nothing to send); the older half already read.
        ids = [n.pk for n in made]
        Notification.objects.filter(pk__in=ids + [n.pk for n in waiting]).update(email=Notification.Email.OFF)
        Notification.objects.filter(pk__in=ids[: len(ids) // 2]).update(read_at=timezone.now())
    out.write(f"  {len(made) + len(waiting)} notifications for the partner accounts")
    return []
