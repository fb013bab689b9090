from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class SearchConfig(AppConfig):
    name = "search"
    label = "kms_search"
    verbose_name = "Search"

    def ready(self):
        from . import signals, thesaurus
        from .admin_search import search_document_text_in_chooser
        from .models import Concept

        signals.connect()
        search_document_text_in_chooser()
        post_save.connect(thesaurus.concept_changed, sender=Concept, dispatch_uid="thesaurus-concept-saved")
        post_delete.connect(thesaurus.concept_changed, sender=Concept, dispatch_uid="thesaurus-concept-deleted")
        post_migrate.connect(thesaurus.load_reviewed_after_migrate, sender=self, dispatch_uid="thesaurus-seed")
