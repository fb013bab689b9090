from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from kms.choosers import SnippetViewSet

from . import admin_search
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


@hooks.register("register_admin_urls")
def _admin_search_urls():
    return [path("search/everything/", admin_search.admin_search, name="kms_admin_search")]


@hooks.register("register_admin_search_area")
def _everything_search_area():
    return admin_search.EverythingSearchArea()
