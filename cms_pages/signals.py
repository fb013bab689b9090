"""Who may download a file is read from Wagtail's reference index (cms_pages.permissions): publishing a page
brings its references up to date at once, rather than when Wagtail's own task gets to it."""

from django.db import transaction
from wagtail.models import ReferenceIndex
from wagtail.signals import page_published


def page_published_references(sender, instance, **kwargs):
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(instance.specific)


def connect():
    page_published.connect(page_published_references, dispatch_uid="cms_pages.page_published_references")
