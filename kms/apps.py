from django.apps import AppConfig


class KmsConfig(AppConfig):
    """The project package as an app: shared template tags and the demo loader."""

    name = "kms"
    verbose_name = "kms"

    def ready(self):
        from .choosers import harden_wagtail_choosers

        harden_wagtail_choosers()
