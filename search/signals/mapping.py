"""Services reindex themselves in every language when they or their organisation change."""

from django.db.models.signals import post_delete, post_save

from cms_pages.mapping.models import Service
from kms.taxonomy.models import Organisation

from ..sources.mapping import ServiceSource
from .base import indexing_receiver

services = ServiceSource()


@indexing_receiver(post_save, sender=Service)
@indexing_receiver(post_delete, sender=Service)
def service_changed(instance, **kwargs):
    return services.keys_for(instance.pk)


@indexing_receiver(post_save, sender=Organisation)
def organisation_saved(instance, **kwargs):
    """The organisation's name is in each of its services' records."""
    return [key for pk in instance.services.values_list("pk", flat=True) for key in services.keys_for(pk)]
