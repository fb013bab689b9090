"""Publications that leave public view are remembered, so OAI-PMH can report them as deleted."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from .models import DeletedPublication, PublicationPage, ResearchIndexPage
from .permissions import can_harvest
from .workflow import setup_research_section


def set_specs(page):
    return [f"theme:{t.slug}" for t in page.themes.all()] + [f"country:{c.code.lower()}" for c in page.countries.all()]


def withdraw(page):
    # Only what harvesters could have seen: a draft never published leaves no trace.
    if not Page.objects.filter(pk=page.pk, first_published_at__isnull=False).exists():
        return
    DeletedPublication.objects.update_or_create(
        page_id=page.pk, defaults={"deleted_at": timezone.now(), "set_specs": set_specs(page)}
    )


def publication_published(sender, instance, **kwargs):
    if can_harvest(instance):
        DeletedPublication.objects.filter(page_id=instance.pk).delete()
    else:
        withdraw(instance)


def publication_unpublished(sender, instance, **kwargs):
    withdraw(instance)


def publication_deleting(sender, instance, **kwargs):
    withdraw(instance)


def section_published(sender, instance, **kwargs):
    setup_research_section(instance)


def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    for publication in PublicationPage.objects.filter(path__startswith=page.path):
        if can_harvest(publication):
            DeletedPublication.objects.filter(page_id=publication.pk).delete()
        else:
            withdraw(publication)


def connect():
    page_published.connect(publication_published, sender=PublicationPage, dispatch_uid="research.published")
    page_unpublished.connect(publication_unpublished, sender=PublicationPage, dispatch_uid="research.unpublished")
    pre_delete.connect(publication_deleting, sender=PublicationPage, dispatch_uid="research.deleting")
    page_published.connect(section_published, sender=ResearchIndexPage, dispatch_uid="research.section_published")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="research.restriction_saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="research.restriction_deleted")
