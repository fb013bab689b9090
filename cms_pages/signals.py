"""A document's search audience follows the pages that present it: publishing, unpublishing or deleting a
document page reindexes its file, so a document never stays public after its page is withdrawn."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished


def _reindex_document(document_id):
    from search import tasks

    if document_id:
        transaction.on_commit(partial(tasks.enqueue, f"document:{document_id}"))


def document_page_changed(sender, instance, **kwargs):
    _reindex_document(getattr(instance.specific, "document_id", None))


def document_page_deleted(sender, instance, **kwargs):
    _reindex_document(instance.document_id)


def connect():
    from .models import DocumentPage

    page_published.connect(document_page_changed, sender=DocumentPage, dispatch_uid="cms_pages.document_published")
    page_unpublished.connect(document_page_changed, sender=DocumentPage, dispatch_uid="cms_pages.document_unpublished")
    post_delete.connect(document_page_deleted, sender=DocumentPage, dispatch_uid="cms_pages.document_page_deleted")
