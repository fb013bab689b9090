from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TaxonomyConfig(AppConfig):
    name = "kms.taxonomy"
    label = "taxonomy"
    verbose_name = "Taxonomy"

    def ready(self):
        from .loader import load_taxonomy_after_migrate

        post_migrate.connect(load_taxonomy_after_migrate, sender=self)
