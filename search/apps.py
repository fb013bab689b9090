from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "kms_search"
    verbose_name = "Search"

    def ready(self):
        from . import signals

        signals.connect()
