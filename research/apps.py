from django.apps import AppConfig
from django.db.models.signals import post_migrate


def setup_sections_after_migrate(sender, **kwargs):
    from .workflow import setup_all_sections

    setup_all_sections()


class ResearchConfig(AppConfig):
    name = "research"

    def ready(self):
        from . import signals

        signals.connect()
        post_migrate.connect(setup_sections_after_migrate, sender=self, dispatch_uid="research.setup_sections")
