"""Communities of practice -> records: published lessons learned and discussions.

A public community's content is public; a members-only community's content carries
only that community's audience (`community:<id>`), so search shows it to its members
(and moderators) and to no one else, staff included. Who may read what is decided by
`communities.permissions`; this module only translates it into audiences.
"""

from django.db.models import Prefetch
from django.utils import translation

from communities import permissions
from communities.models import Lesson, Reply, Thread

from ..records import PUBLIC, Record, community_audience
from .base import Source, html_to_text


def audiences_for_community(community):
    """The audiences of content in `community`: everyone when public, its members otherwise."""
    return (PUBLIC,) if permissions.can_have_feed(community) else (community_audience(community.pk),)


def member_audiences(user):
    """One audience per community whose members-only content `user` may read."""
    return {community_audience(pk) for pk in permissions.readable_community_ids(user)}


def url_in(obj, language):
    with translation.override(language or "en"):
        return obj.get_absolute_url()


class LessonSource(Source):
    """Published lessons, with the text of their PDF and DOCX evidence."""

    name = "lesson"

    def queryset(self):
        return (
            Lesson.objects.published()
            .select_related("community", "author__profile")
            .prefetch_related("countries", "themes", "attachments")
            .order_by("pk")
        )

    def to_record(self, lesson, context):
        sections = [html_to_text(getattr(lesson, name)) for name in lesson.SECTIONS if getattr(lesson, name)]
        evidence = [attachment.text for attachment in lesson.attachments.all() if attachment.text]
        author = lesson.author.profile.name if lesson.author_id and hasattr(lesson.author, "profile") else ""
        return Record(
            id=self.key(lesson.pk),
            kind="lesson",
            url=url_in(lesson, lesson.language),
            title=lesson.title,
            summary=html_to_text(lesson.context)[:300],
            body="\n\n".join([*sections, *evidence]),
            language=lesson.language,
            countries=tuple(sorted(country.code for country in lesson.countries.all())),
            themes=tuple(sorted(theme.slug for theme in lesson.themes.all())),
            date=lesson.published_at.date() if lesson.published_at else None,
            audiences=audiences_for_community(lesson.community),
            authors=(author,) if author else (),
            extra={"community": lesson.community.slug},
        )


class ThreadSource(Source):
    """Discussions: the opening message and its visible replies as one record.

    Hidden discussions and those under a lesson that is not published are not searchable;
    hidden replies are left out of the text.
    """

    name = "thread"  # search/views.py labels the kind "Discussion"

    def queryset(self):
        unpublished = [state for state in Lesson.State.values if state != Lesson.State.PUBLISHED]
        return (
            Thread.objects.filter(hidden_at__isnull=True)
            .exclude(lesson__isnull=False, lesson__state__in=unpublished)
            .select_related("community", "author__profile")
            .prefetch_related(
                Prefetch("replies", queryset=Reply.objects.filter(hidden_at__isnull=True), to_attr="visible_replies")
            )
            .order_by("pk")
        )

    def to_record(self, thread, context):
        replies = [html_to_text(reply.body) for reply in thread.visible_replies]
        return Record(
            id=self.key(thread.pk),
            kind="thread",
            url=url_in(thread, thread.language),
            title=thread.title,
            summary=html_to_text(thread.body)[:300],
            body="\n\n".join([html_to_text(thread.body), *replies]),
            language=thread.language,
            date=thread.last_activity_at.date(),
            audiences=audiences_for_community(thread.community),
            authors=(thread.author.profile.name,) if thread.author_id else (),
            extra={"community": thread.community.slug},
        )
