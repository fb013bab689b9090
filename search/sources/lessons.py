"""Published lessons learned -> records.

A public community's lessons are public; a members-only community's lessons carry
only that community's audience (`community:<id>`), so `search.permissions` shows
them to its members and to no one else, staff included. Who may see what is
decided by `communities.permissions`; this module only translates it into audiences.

Indexing is wired here (a lesson's moderation step, a community turning
members-only) because a lesson's record depends on its community as well.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.html import strip_tags

from ..records import PUBLIC, Record, community_audience

NAME = "lesson"
KIND = "lesson"


def audiences_for_community(community):
    """The audiences of content in `community`: everyone when public, its members otherwise."""
    from communities import permissions

    return (PUBLIC,) if permissions.can_have_feed(community) else (community_audience(community.pk),)


def _url(obj, language):
    with translation.override(language or "en"):
        return obj.get_absolute_url()


def to_record(lesson):
    """The record for one published lesson, with the text of its PDF and DOCX evidence; expects
    community, author profile, countries, themes and attachments prefetched."""
    sections = [strip_tags(getattr(lesson, name)) for name in lesson.SECTIONS if getattr(lesson, name)]
    evidence = [attachment.text for attachment in lesson.attachments.all() if attachment.text]
    body = "\n\n".join([*sections, *evidence])
    author = lesson.author.profile.name if lesson.author_id and hasattr(lesson.author, "profile") else ""
    return Record(
        id=f"{NAME}:{lesson.pk}",
        kind=KIND,
        url=_url(lesson, lesson.language),
        title=lesson.title,
        summary=strip_tags(lesson.context)[:300],
        body=body,
        language=lesson.language,
        countries=tuple(sorted(country.code for country in lesson.countries.all())),
        themes=tuple(sorted(theme.slug for theme in lesson.themes.all())),
        date=lesson.published_at.date() if lesson.published_at else None,
        audiences=audiences_for_community(lesson.community),
        authors=(author,) if author else (),
        extra={"community": lesson.community.slug},
    )


def _queryset():
    from communities.models import Lesson

    return (
        Lesson.objects.published()
        .select_related("community", "author__profile")
        .prefetch_related("countries", "themes", "attachments")
        .order_by("pk")
    )


def record_for(pk):
    lesson = _queryset().filter(pk=pk).first()
    return to_record(lesson) if lesson else None


def all_records():
    for lesson in _queryset().iterator(chunk_size=200):
        yield to_record(lesson)


def count():
    return _queryset().count()


def searchable_pks():
    return list(_queryset().values_list("pk", flat=True))


# --- Indexing: model changes -> tasks, once the transaction commits ------------------------


def _enqueue_later(keys):
    from .. import tasks

    for key in keys:
        transaction.on_commit(partial(tasks.enqueue, key))


def lesson_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _enqueue_later([f"{NAME}:{instance.pk}"])


def attachment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _enqueue_later([f"{NAME}:{instance.lesson_id}"])


def community_changed(sender, instance, raw=False, **kwargs):
    """Visibility decides every lesson's and discussion's audience: reindex them all."""
    if raw:
        return
    from . import threads

    lesson_pks = instance.lessons.values_list("pk", flat=True)
    thread_pks = instance.threads.values_list("pk", flat=True)
    _enqueue_later([f"{NAME}:{pk}" for pk in lesson_pks] + [f"{threads.NAME}:{pk}" for pk in thread_pks])


def connect():
    from communities.models import Attachment, Community, Lesson

    post_save.connect(attachment_changed, sender=Attachment, dispatch_uid="kms.search.attachment_saved")
    post_delete.connect(attachment_changed, sender=Attachment, dispatch_uid="kms.search.attachment_deleted")
    post_save.connect(lesson_changed, sender=Lesson, dispatch_uid="kms.search.lesson_saved")
    post_delete.connect(lesson_changed, sender=Lesson, dispatch_uid="kms.search.lesson_deleted")
    post_save.connect(community_changed, sender=Community, dispatch_uid="kms.search.community_saved")


connect()
