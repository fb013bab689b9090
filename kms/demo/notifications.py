"""Demo notifications, made from the communities' demo content (no data of their own).

Runs after the communities' part. Each partner account finds, on its notifications page,
what the site would have told it: new lessons in its communities, replies in its
discussions, and the outcome of its own lessons' reviews, in its own language (from
its profile). Demo notifications are not emailed. A second run adds nothing: a
notification already made for the same person, kind and link is not made again.
"""

from django.db import transaction
from django.utils import timezone

from communities.models import Lesson, Membership, Reply
from communities.notifications import notify
from communities.notifications.models import Notification

OUTCOMES = {"published": "published", "changes_requested": "changes_requested", "rejected": "rejected"}


def _new_only(recipients, kind, url):
    already = set(Notification.objects.filter(kind=kind, url=url).values_list("recipient_id", flat=True))
    return [user for user in recipients if user.pk not in already]


def load(out):
    """Create the demo notifications that are missing; return no lines (the partners' logins are printed already)."""
    made = []
    with transaction.atomic():
        for lesson in Lesson.objects.select_related("community", "author").order_by("pk"):
            url = lesson.get_absolute_url()
            if lesson.author is not None and lesson.state in OUTCOMES:
                made += notify(
                    _new_only([lesson.author], "moderation_outcome", url),
                    kind="moderation_outcome",
                    community=lesson.community,
                    url=url,
                    context={"lesson": lesson, "outcome": OUTCOMES[lesson.state], "reason": lesson.moderation_reason},
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
                    _new_only(members, "new_lesson", url),
                    kind="new_lesson",
                    community=lesson.community,
                    url=url,
                    context={"lesson": lesson},
                    actor=lesson.author,
                )
        for reply in Reply.objects.select_related("thread__community", "thread__author", "author").order_by("pk"):
            url = reply.get_absolute_url()
            made += notify(
                _new_only([reply.thread.author], "reply", url),
                kind="reply",
                community=reply.thread.community,
                url=url,
                context={"thread": reply.thread, "reply": reply},
                actor=reply.author,
            )
        # Not emailed (the queued emails find nothing to send); the older half already read.
        ids = [n.pk for n in made]
        Notification.objects.filter(pk__in=ids).update(email=Notification.Email.OFF)
        Notification.objects.filter(pk__in=ids[: len(ids) // 2]).update(read_at=timezone.now())
    out.write(f"  {len(made)} notifications for the partner accounts")
    return []
