from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsPagesConfig(AppConfig):
    name = "cms_pages"

    def ready(self):
        from .locales import ensure_locales_after_migrate

        post_migrate.connect(ensure_locales_after_migrate, sender=self)

        from . import signals

        signals.connect()
