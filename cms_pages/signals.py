"""Who may download a file is read from Wagtail's reference index (cms_pages.permissions): publishing a page
brings its references up to date at once, rather than when Wagtail's own task gets to it. Publishing also
removes the file a document page's new upload replaced, and a document takes its drawn cover with it."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.signals import page_published

from .models import DocumentPage
from .uploads import discard_replaced


def page_published_references(sender, instance, **kwargs):
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(instance.specific)


def page_published_uploads(sender, instance, **kwargs):
    if isinstance(instance, DocumentPage):
        discard_replaced(instance)


def document_deleted_cover(sender, instance, **kwargs):
    if instance.cover_id:
        get_image_model().objects.filter(pk=instance.cover_id).delete()


def connect():
    page_published.connect(page_published_references, dispatch_uid="cms_pages.page_published_references")
    page_published.connect(page_published_uploads, dispatch_uid="cms_pages.page_published_uploads")
    post_delete.connect(
        document_deleted_cover, sender=get_document_model_string(), dispatch_uid="cms_pages.document_deleted_cover"
    )
