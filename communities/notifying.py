"""The moments members are told about, and who hears of each: one place that calls `notify`.

`communities.notifications.notify(...)` decides in-site versus email, immediate versus
digest, per each person's choice, and writes in each person's language; this module
only says who should hear what. Call these inside the transaction that saved the change.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse

from kms.accounts.groups import MODERATORS

from .models import Membership, Reply, Thread
from .notifications import notify

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
    """Every member hears of a new lesson (the author hears of it as a moderation outcome)."""
    members = [user for user in _active_members(lesson.community) if user.pk != lesson.author_id]
    notify(
        members,
        kind="new_lesson",
        community=lesson.community,
        url=lesson.get_absolute_url(),
        context={"lesson": lesson},
        actor=actor,
    )


def moderation_outcome(lesson, actor, name, reason):
    if name not in OUTCOMES or lesson.author is None:
        return
    notify(
        [lesson.author],
        kind="moderation_outcome",
        community=lesson.community,
        url=lesson.get_absolute_url(),
        context={"lesson": lesson, "outcome": OUTCOMES[name], "reason": reason},
        actor=actor,
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
    notify(
        list(people.values()),
        kind="post_flagged",
        community=thread.community,
        url=f"{reverse('communities:queue')}#{'discussions' if post is thread else 'replies'}-{post.pk}",
        context={"flag": flag, "post": post, "thread": thread},
        actor=flag.flagged_by,
    )


def lesson_submitted(lesson, actor):
    """The community's facilitators review; without facilitators, the site's moderators do."""
    reviewers = [
        user for user in _active_members(lesson.community, facilitators_only=True) if user.pk != lesson.author_id
    ]
    if not reviewers:
        reviewers = _moderators()
    notify(
        reviewers,
        kind="review_requested",
        community=lesson.community,
        url=lesson.get_absolute_url(),
        context={"lesson": lesson},
        actor=actor,
    )


def membership_decided(membership, actor):
    notify(
        [membership.user],
        kind="membership_decision",
        community=membership.community,
        url=membership.community.get_absolute_url(),
        context={"accepted": membership.is_active, "reason": membership.decision_reason},
        actor=actor,
    )


def reply_posted(reply):
    """The discussion's starter, everyone who replied before, and the person quoted."""
    thread = reply.thread
    earlier = Reply.objects.filter(thread=thread).exclude(pk=reply.pk).select_related("author")
    people = [thread.author, *(r.author for r in earlier), reply.quoted.author if reply.quoted else None]
    members = {m.pk for m in _active_members(thread.community)}
    recipients = [user for user in people if user is not None and user.pk in members]
    notify(
        recipients,
        kind="reply",
        community=thread.community,
        url=reply.get_absolute_url(),
        context={"thread": thread, "reply": reply},
        actor=reply.author,
    )
