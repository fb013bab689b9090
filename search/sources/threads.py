"""Community discussions -> records: the opening message and its visible replies as one record.

Hidden discussions and those under a lesson that is not published are not searchable;
hidden replies are left out of the text. Audiences follow the community (see lessons.py).
"""

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

from ..records import Record
from .lessons import _enqueue_later, _url, audiences_for_community

NAME = "thread"
KIND = "thread"  # search/views.py labels it "Discussion"


def to_record(thread):
    """The record for one discussion; expects community, author profile and visible replies prefetched."""
    replies = [strip_tags(reply.body) for reply in thread.visible_replies]
    return Record(
        id=f"{NAME}:{thread.pk}",
        kind=KIND,
        url=_url(thread, thread.language),
        title=thread.title,
        summary=strip_tags(thread.body)[:300],
        body="\n\n".join([strip_tags(thread.body), *replies]),
        language=thread.language,
        date=thread.last_activity_at.date(),
        audiences=audiences_for_community(thread.community),
        authors=(thread.author.profile.name,) if thread.author_id else (),
        extra={"community": thread.community.slug},
    )


def _queryset():
    from communities.models import Lesson, Reply, Thread

    return (
        Thread.objects.filter(hidden_at__isnull=True)
        .exclude(lesson__isnull=False, lesson__state__in=[s for s in Lesson.State.values if s != Lesson.State.PUBLISHED])
        .select_related("community", "author__profile")
        .prefetch_related(
            Prefetch("replies", queryset=Reply.objects.filter(hidden_at__isnull=True), to_attr="visible_replies")
        )
        .order_by("pk")
    )


def record_for(pk):
    thread = _queryset().filter(pk=pk).first()
    return to_record(thread) if thread else None


def all_records():
    for thread in _queryset().iterator(chunk_size=200):
        yield to_record(thread)


def count():
    return _queryset().count()


def searchable_pks():
    return list(_queryset().values_list("pk", flat=True))


def thread_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _enqueue_later([f"{NAME}:{instance.pk}"])


def reply_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _enqueue_later([f"{NAME}:{instance.thread_id}"])


def lesson_threads_changed(sender, instance, raw=False, **kwargs):
    """A discussion under a lesson is searchable only while the lesson is published."""
    if not raw and instance.pk:
        _enqueue_later([f"{NAME}:{pk}" for pk in instance.threads.values_list("pk", flat=True)])


def connect():
    from communities.models import Lesson, Reply, Thread

    post_save.connect(thread_changed, sender=Thread, dispatch_uid="kms.search.thread_saved")
    post_delete.connect(thread_changed, sender=Thread, dispatch_uid="kms.search.thread_deleted")
    post_save.connect(reply_changed, sender=Reply, dispatch_uid="kms.search.reply_saved")
    post_save.connect(lesson_threads_changed, sender=Lesson, dispatch_uid="kms.search.lesson_threads")


connect()
