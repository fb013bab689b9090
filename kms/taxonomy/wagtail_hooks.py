from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from kms.choosers import SnippetViewSet

from .models import Country, Organisation, Region, Theme


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name_en", "name_fr", "name_ar", "name_nl", "slug"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    list_display = ["name_en", "code", "region"]
    list_filter = ["region"]
    search_backend_name = None  # the fields below through the database: the search index has no "code"
    search_fields = ["name_en", "name_fr", "code"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name_en", "name_fr", "name_ar", "name_nl"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name_en", "acronym", "kind"]
    list_filter = ["kind"]
    search_backend_name = None
    search_fields = ["name_en", "acronym"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (RegionViewSet, CountryViewSet, ThemeViewSet, OrganisationViewSet)


register_snippet(TaxonomyGroup)
