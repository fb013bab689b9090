"""What waits for a reviewer: lessons submitted for review, requests to join and flagged messages, oldest first.

One list, read by the member pages' moderation queue, the admin's "Community review" page and
its dashboard panel, so each shows the same items with their full text, author, community and
flags. The steps taken on them are the actions of `moderation` (lessons) and `discussions`
(hide a message, dismiss its flags); nothing here changes data.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from . import permissions
from .models import Community, Flag, Lesson, Membership, Reply, Thread


@dataclass
class Waiting:
    """One thing waiting for a decision: a submitted lesson, a request to join, or a message with its open flags."""

    item: Lesson | Membership | Thread | Reply
    since: datetime
    community: Community
    flags: list = field(default_factory=list)
    findings: list = field(default_factory=list)

    @property
    def is_lesson(self):
        return isinstance(self.item, Lesson)

    @property
    def is_request(self):
        return isinstance(self.item, Membership)

    @property
    def post_kind(self):
        """The word the URLs use for a message: "discussions" or "replies"."""
        return "discussions" if isinstance(self.item, Thread) else "replies"

    @property
    def thread(self):
        return self.item if isinstance(self.item, Thread) else getattr(self.item, "thread", None)

    @property
    def anchor(self):
        if self.is_request:
            return f"request-{self.item.pk}"
        return f"{'lesson' if self.is_lesson else self.post_kind}-{self.item.pk}"


def submitted_lessons(user, community_ids):
    lessons = (
        Lesson.objects.filter(community_id__in=community_ids, state=Lesson.State.SUBMITTED)
        .select_related("community", "author__profile", "personal_data_confirmed_by__profile")
        .prefetch_related("attachments")
        .order_by("submitted_at", "pk")
    )
    if not permissions.is_moderator(user):
        lessons = lessons.exclude(author=user)  # facilitators never review their own lessons
    return lessons


def join_requests(community_ids):
    return (
        Membership.objects.filter(community_id__in=community_ids, state=Membership.State.REQUESTED)
        .select_related("community", "user__profile")
        .order_by("created_at", "pk")
    )


def open_flags(community_ids):
    return (
        Flag.objects.filter(resolved_at__isnull=True)
        .filter(Q(thread__community_id__in=community_ids) | Q(reply__thread__community_id__in=community_ids))
        .select_related(
            "flagged_by__profile",
            "thread__community",
            "thread__author__profile",
            "reply__author__profile",
            "reply__thread__community",
        )
        .order_by("created_at", "pk")
    )


def waiting(user, with_findings=True):
    """Everything waiting for `user` to review, oldest first; empty for people who review nothing.

    `with_findings`: scan each lesson for personal data, as the reviewer must see before publishing."""
    community_ids = permissions.reviewable_community_ids(user)
    if not community_ids:
        return []
    items = [
        Waiting(
            lesson,
            lesson.submitted_at or lesson.updated_at,
            lesson.community,
            findings=lesson.personal_data_findings() if with_findings else [],
        )
        for lesson in submitted_lessons(user, community_ids)
    ]
    items.extend(
        Waiting(membership, membership.created_at, membership.community) for membership in join_requests(community_ids)
    )
    by_post = {}
    for flag in open_flags(community_ids):
        post = flag.target
        key = (type(post), post.pk)
        if key not in by_post:
            community = post.community if isinstance(post, Thread) else post.thread.community
            by_post[key] = Waiting(post, flag.created_at, community)
        by_post[key].flags.append(flag)
    items.extend(by_post.values())
    items.sort(key=lambda entry: entry.since)
    return items
