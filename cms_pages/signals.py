"""A document's search audience follows the pages that present it: publishing, unpublishing, restricting or
deleting a page reindexes the files it presents (a document page's file, a publication's files, linked
documents), so a document never stays public after its page is withdrawn."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.signals import page_published, page_unpublished

from .permissions import documents_presented_by


def _reindex_documents(document_ids):
    from search import tasks

    for document_id in sorted(document_ids):
        transaction.on_commit(partial(tasks.enqueue, f"document:{document_id}"))


def page_published_or_unpublished(sender, instance, **kwargs):
    if kwargs.get("signal") is page_published:
        # Who may download a file is read from the reference index: bring it up to date with what was just
        # published now, rather than when Wagtail's own task gets to it.
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(instance.specific)
    _reindex_documents(documents_presented_by([instance.pk]))


def page_deleting(sender, instance, **kwargs):
    # Before the delete: Wagtail forgets the page's references once it is gone.
    _reindex_documents(documents_presented_by([instance.pk]))


def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        subtree = Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
        _reindex_documents(documents_presented_by(subtree))


def connect():
    page_published.connect(page_published_or_unpublished, dispatch_uid="cms_pages.document_published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="cms_pages.document_unpublished")
    pre_delete.connect(page_deleting, sender=Page, dispatch_uid="cms_pages.document_page_deleted")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="cms_pages.document_restricted")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="cms_pages.document_unrestricted")
