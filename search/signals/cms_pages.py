"""The library: a saved file has its text extracted (then indexed); the pages presenting a file decide its audience.

Publishing, unpublishing, restricting or deleting a page reindexes every file it presents (a document page's
file, a publication's files, documents it links to: cms_pages.permissions.documents_presented_by), so a
document never stays public in search after its page is withdrawn, and a file whose page is withdrawn is
found again as itself (for staff). The other document pages presenting those files are reindexed too: the
pages of one file share a group, chosen among the live ones.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.documents import get_document_model_string
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from cms_pages.models import DocumentPage
from cms_pages.permissions import documents_presented_by

from .. import tasks
from ..sources.cms_pages import DocumentSource
from ..sources.pages import PageSource
from .base import indexing_receiver

source = DocumentSource()
pages = PageSource()


def document_keys(page_ids):
    """The records of the files these pages present, and of the document pages presenting the same files."""
    document_ids = sorted(documents_presented_by(page_ids))
    presenting = DocumentPage.objects.filter(document__in=document_ids).exclude(pk__in=page_ids)
    page_keys = [pages.key(pk) for pk in presenting.order_by("pk").values_list("pk", flat=True)]
    return [*map(source.key, document_ids), *page_keys]


@indexing_receiver(post_save, sender=get_document_model_string(), enqueue=tasks.extract_document_text.enqueue)
def document_saved(instance, **kwargs):
    """Extraction reads the file outside the request, then indexes the document and the pages showing it."""
    return [instance.pk]


@indexing_receiver(post_delete, sender=get_document_model_string())
def document_deleted(instance, **kwargs):
    return [source.key(instance.pk)]


@indexing_receiver(page_published)
@indexing_receiver(page_unpublished)
@indexing_receiver(pre_delete, sender=Page)  # before the delete: Wagtail forgets a deleted page's references
def page_changed(instance, **kwargs):
    return document_keys([instance.pk])


@indexing_receiver(post_save, sender=PageViewRestriction)
@indexing_receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return []
    return document_keys(Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True))
