"""Wagtail pages: publishing, unpublishing, moving, deleting and view restrictions reindex them."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..sources.pages import PageSource
from .base import indexing_receiver

source = PageSource()


def page_and_descendants(page):
    return [source.key(pk) for pk in Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True)]


@indexing_receiver(page_published)
@indexing_receiver(page_unpublished)
@indexing_receiver(post_delete, sender=Page)
def page_changed(instance, **kwargs):
    return [source.key(instance.pk)]


@indexing_receiver(post_page_move)
def page_moved(instance, **kwargs):
    """The URLs of the whole subtree change with a move."""
    return page_and_descendants(instance)


@indexing_receiver(post_save, sender=PageViewRestriction)
@indexing_receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    return page_and_descendants(page) if page is not None else []
