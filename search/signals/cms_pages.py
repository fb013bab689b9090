"""The library: a saved file has its text extracted (then indexed); a document page decides its file's audience.

Publishing, unpublishing or deleting a document page reindexes its file, so a document
never stays public after its page is withdrawn.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model_string
from wagtail.signals import page_published, page_unpublished

from cms_pages.models import DocumentPage

from .. import tasks
from ..sources.cms_pages import DocumentSource
from .base import indexing_receiver

source = DocumentSource()


@indexing_receiver(post_save, sender=get_document_model_string(), enqueue=tasks.extract_document_text.enqueue)
def document_saved(instance, **kwargs):
    """Extraction reads the file outside the request, then indexes the document and the pages showing it."""
    return [instance.pk]


@indexing_receiver(post_delete, sender=get_document_model_string())
def document_deleted(instance, **kwargs):
    return [source.key(instance.pk)]


@indexing_receiver(page_published, sender=DocumentPage)
@indexing_receiver(page_unpublished, sender=DocumentPage)
@indexing_receiver(post_delete, sender=DocumentPage)
def document_page_changed(instance, **kwargs):
    return [source.key(instance.document_id)] if instance.document_id else []
