"""The moments members are told about, and who hears of each: one place that calls `notify`.

`communities.notifications.notify(...)` decides in-site versus email, immediate versus
digest, per each person's choice, and writes in each person's language; this module
only says who should hear what. Call these inside the transaction that saved the change.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kms.accounts.groups import MODERATORS

from . import permissions
from .models import Flag, Follow, Lesson, Membership, Thread
from .notifications import notify
from .notifications.models import Notification

OUTCOMES = {
    "publish": "published",
    "request_changes": "changes_requested",
    "unpublish": "changes_requested",
    "reject": "rejected",
}


def _active_members(community, facilitators_only=False):
    memberships = Membership.objects.filter(community=community, state=Membership.State.ACTIVE)
    if facilitators_only:
        memberships = memberships.filter(role=Membership.Role.FACILITATOR)
    return [membership.user for membership in memberships.select_related("user")]


def lesson_published(lesson, actor):
    """Every member hears of a new lesson (the author hears of it as a moderation outcome); those it
    mentions hear that they are mentioned, if they were not told while it was a draft."""
    mentioned_in(lesson)
    members = [user for user in _active_members(lesson.community) if user.pk != lesson.author_id]
    notify(members, kind="new_lesson", target=lesson, community=lesson.community, actor=actor)


def _can_read(user, item):
    if isinstance(item, Lesson):
        return permissions.can_view_lesson(user, item)
    thread = item if isinstance(item, Thread) else item.thread
    return not item.is_hidden and not thread.is_hidden and permissions.can_view_thread(user, thread)


def mentioned_in(item):
    """The members a lesson, discussion or reply mentions, who may read it now, hear of it once each
    (saving it again, or publishing it, tells only those not told before). Returns who was told."""
    from .writing import mentioned_ids

    if isinstance(item, Lesson):
        community, texts = item.community, [getattr(item, name) for name in Lesson.SECTIONS]
    else:
        community = item.community if isinstance(item, Thread) else item.thread.community
        texts = [item.body]
    ids = mentioned_ids(*texts) - {item.author_id}
    if not ids:
        return []
    members = Membership.objects.filter(community=community, user_id__in=ids, state=Membership.State.ACTIVE)
    readers = [m.user for m in members.select_related("user") if _can_read(m.user, item)]
    key = f"mention:{type(item).__name__.lower()}:{item.pk}"
    return notify(readers, kind="mentioned", target=item, community=community, actor=item.author, key=key)


def moderation_outcome(lesson, actor, name, reason):
    if name not in OUTCOMES or lesson.author is None:
        return
    notify(
        [lesson.author],
        kind="moderation_outcome",
        target=lesson,
        community=lesson.community,
        actor=actor,
        data={"outcome": OUTCOMES[name], "reason": reason},
    )


def _moderators():
    return list(get_user_model().objects.filter(groups__name=MODERATORS, is_active=True))


def post_flagged(flag):
    """The community's facilitators and the site's moderators, who decide on flags; not the person who
    flagged, nor the message's author."""
    post = flag.target
    thread = post if isinstance(post, Thread) else post.thread
    people = {user.pk: user for user in (*_active_members(thread.community, facilitators_only=True), *_moderators())}
    people.pop(flag.flagged_by_id, None)
    people.pop(post.author_id, None)
    notify(list(people.values()), kind="post_flagged", target=flag, community=thread.community, actor=flag.flagged_by)


def lesson_reviewers(lesson):
    """Who reviews a submitted lesson: the community's facilitators other than its author; when there
    are none (the author is the only facilitator, or there is no facilitator), the site's moderators."""
    reviewers = [
        user for user in _active_members(lesson.community, facilitators_only=True) if user.pk != lesson.author_id
    ]
    return reviewers or [user for user in _moderators() if user.pk != lesson.author_id]


def request_deciders(community):
    """Who answers a request to join: the community's facilitators, else the site's moderators."""
    return _active_members(community, facilitators_only=True) or _moderators()


def lesson_submitted(lesson, actor):
    """The reviewers hear that a lesson waits for them; members it mentions who review it hear of that too."""
    mentioned_in(lesson)
    notify(lesson_reviewers(lesson), kind="review_requested", target=lesson, community=lesson.community, actor=actor)


def membership_requested(membership):
    """The people who can answer hear that someone asks to join."""
    notify(
        request_deciders(membership.community),
        kind="join_requested",
        target=membership,
        community=membership.community,
        actor=membership.user,
    )


def membership_decided(membership, actor):
    notify(
        [membership.user],
        kind="membership_decision",
        target=membership,
        community=membership.community,
        actor=actor,
        data={"accepted": membership.is_active, "reason": membership.decision_reason},
    )


def followers(thread):
    """Who follows the discussion and may still read it (a members-only community's former members may not)."""
    follows = Follow.objects.filter(thread=thread, following=True, user__is_active=True).select_related("user")
    return [follow.user for follow in follows if permissions.can_view_thread(follow.user, thread)]


def reply_posted(reply):
    """The discussion's followers (its starter and repliers, unless they unfollowed it, and whoever
    followed it), and the person quoted; not the reply's author. Those the reply mentions hear of
    the mention instead."""
    thread = reply.thread
    told = {notification.recipient_id for notification in mentioned_in(reply)} | {reply.author_id}
    following = [user for user in followers(thread) if user.pk not in told]
    notify(following, kind="followed_reply", target=reply, community=thread.community, actor=reply.author)
    told |= {user.pk for user in following}
    quoted = reply.quoted.author if reply.quoted else None
    if quoted is not None and quoted.pk not in told and permissions.can_view_thread(quoted, thread):
        notify([quoted], kind="reply", target=reply, community=thread.community, actor=reply.author)


REMIND_AFTER = timezone.timedelta(days=3)


@dataclass
class ReminderSummary:
    items: int = 0  # things waiting more than REMIND_AFTER
    people: int = 0  # people reminded (or who would be, in a dry run)
    already: int = 0  # people already reminded today
    dry_run: bool = False


def overdue(now=None):
    """Everything waiting for a decision for more than three days, with the people to remind of it:
    a submitted lesson's reviewers, a request's deciders, a flagged message's facilitators, and in
    every case the site's moderators, who answer when no one else does. [(item, people), ...]"""
    before = (now or timezone.now()) - REMIND_AFTER
    moderators = _moderators()
    lessons = Lesson.objects.filter(
        Q(submitted_at__lt=before) | Q(submitted_at__isnull=True, updated_at__lt=before), state=Lesson.State.SUBMITTED
    ).select_related("community")
    requests = Membership.objects.filter(state=Membership.State.REQUESTED, created_at__lt=before).select_related(
        "community"
    )
    flags = Flag.objects.filter(resolved_at__isnull=True, created_at__lt=before).select_related(
        "thread__community", "reply__thread__community"
    )
    found = [(lesson, lesson_reviewers(lesson)) for lesson in lessons.order_by("submitted_at", "pk")]
    moderators_for = {lesson.pk: [u for u in moderators if u.pk != lesson.author_id] for lesson, _people in found}
    found += [(request, request_deciders(request.community)) for request in requests.order_by("created_at", "pk")]
    flagged = {}
    for flag in flags.order_by("created_at", "pk"):
        post = flag.target
        community = post.community if isinstance(post, Thread) else post.thread.community
        flagged.setdefault((type(post), post.pk), (post, _active_members(community, facilitators_only=True)))
    found += list(flagged.values())
    return [
        (item, [*people, *(moderators_for[item.pk] if isinstance(item, Lesson) else moderators)])
        for item, people in found
    ]


def remind_reviewers(now=None, dry_run=False):
    """Once a day: tell each person how many things have waited more than three days for them.

    One reminder per person per day, whatever the number of items and however many times this
    runs that day (the notification's key is the day: a second run finds it made)."""
    now = now or timezone.now()
    summary = ReminderSummary(dry_run=dry_run)
    counts, people = {}, {}
    for _item, reviewers in overdue(now):
        summary.items += 1
        for user in {user.pk: user for user in reviewers}.values():
            counts[user.pk] = counts.get(user.pk, 0) + 1
            people[user.pk] = user
    key = f"review_reminder:{timezone.localdate(now).isoformat()}"
    already = set(Notification.objects.filter(key=key, recipient_id__in=counts).values_list("recipient_id", flat=True))
    summary.already = len(already)
    for user_id, count in counts.items():
        if user_id in already or not people[user_id].is_active:
            continue
        summary.people += 1
        if not dry_run:
            try:
                with transaction.atomic():
                    notify([people[user_id]], kind="review_reminder", data={"count": count}, key=key)
            except IntegrityError:  # a run at the same moment reminded this person first
                summary.people -= 1
                summary.already += 1
    return summary
