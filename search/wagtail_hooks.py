from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from kms.choosers import SnippetViewSet

from .models import Concept


class ConceptViewSet(SnippetViewSet):
    """The thesaurus: staff add and edit the concepts a search expands across languages."""

    model = Concept
    icon = "list-ul"
    menu_label = _("Thesaurus")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["key", "labels_en", "labels_fr", "labels_ar", "labels_nl"]
    search_backend_name = None  # through the database: concepts are not in the site's search index
    search_fields = ["key", "labels_en", "labels_fr", "labels_ar", "labels_nl"]


register_snippet(ConceptViewSet)
