"""Communities: lessons, their evidence, discussions and replies reindex themselves; a community's
visibility decides the audience of everything in it."""

from django.db.models.signals import post_delete, post_save

from communities.models import Attachment, Community, Lesson, Reply, Thread

from ..sources.communities import LessonSource, ThreadSource
from .base import indexing_receiver

lessons = LessonSource()
threads = ThreadSource()


@indexing_receiver(post_save, sender=Lesson)
def lesson_saved(instance, **kwargs):
    """A discussion under a lesson is searchable only while the lesson is published."""
    return [lessons.key(instance.pk), *map(threads.key, instance.threads.values_list("pk", flat=True))]


@indexing_receiver(post_delete, sender=Lesson)
def lesson_deleted(instance, **kwargs):
    return [lessons.key(instance.pk)]


@indexing_receiver(post_save, sender=Attachment)
@indexing_receiver(post_delete, sender=Attachment)
def attachment_changed(instance, **kwargs):
    return [lessons.key(instance.lesson_id)]


@indexing_receiver(post_save, sender=Thread)
@indexing_receiver(post_delete, sender=Thread)
def thread_changed(instance, **kwargs):
    return [threads.key(instance.pk)]


@indexing_receiver(post_save, sender=Reply)
def reply_saved(instance, **kwargs):
    return [threads.key(instance.thread_id)]


@indexing_receiver(post_save, sender=Community)
def community_saved(instance, **kwargs):
    """Visibility decides every lesson's and discussion's audience: reindex them all."""
    lesson_pks = instance.lessons.values_list("pk", flat=True)
    thread_pks = instance.threads.values_list("pk", flat=True)
    return [*map(lessons.key, lesson_pks), *map(threads.key, thread_pks)]
