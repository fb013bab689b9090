"""Content changes -> indexing tasks, enqueued once the transaction commits."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import tasks


def _enqueue_later(keys):
    for key in keys:
        transaction.on_commit(partial(tasks.enqueue, key))


def _page_and_descendants(page):
    return [f"page:{pk}" for pk in Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True)]


def page_changed(sender, instance, **kwargs):
    _enqueue_later([f"page:{instance.pk}"])


def page_moved(sender, instance, **kwargs):
    # URLs of the whole subtree change with a move.
    _enqueue_later(_page_and_descendants(instance))


def page_deleted(sender, instance, **kwargs):
    _enqueue_later([f"page:{instance.pk}"])


def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _enqueue_later(_page_and_descendants(page))


def document_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    document_id = instance.pk
    transaction.on_commit(lambda: tasks.extract_document_text.enqueue(document_id))


def document_deleted(sender, instance, **kwargs):
    _enqueue_later([f"document:{instance.pk}"])


def connect():
    page_published.connect(page_changed, dispatch_uid="kms.search.page_published")
    page_unpublished.connect(page_changed, dispatch_uid="kms.search.page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="kms.search.page_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="kms.search.page_deleted")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="kms.search.restriction_saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="kms.search.restriction_deleted")
    Document = get_document_model()
    post_save.connect(document_saved, sender=Document, dispatch_uid="kms.search.document_saved")
    post_delete.connect(document_deleted, sender=Document, dispatch_uid="kms.search.document_deleted")
