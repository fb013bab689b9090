from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import ServiceAdminForm
from .models import OrganisationEditor, Service


class ServiceViewSet(ModelViewSet):
    """Staff's list of every organisation's services, filterable and exportable."""

    model = Service
    icon = "site"
    menu_label = _("Services")
    list_display = ["name_en", "organisation", "service_type", "country", "place_en", "status", "updated_at"]
    list_filter = ["service_type", "status", "organisation", "country"]
    list_export = ["name_en", "organisation", "service_type", "country", "place_en", "latitude", "longitude", "status"]
    search_fields = ["name_en", "name_fr", "name_ar", "name_nl", "place_en"]
    search_backend_name = None
    edit_handler_panels = [
        FieldPanel("organisation"),
        MultiFieldPanel([FieldPanel(f"name_{code}") for code in ("en", "fr", "ar", "nl")], heading=_("Names")),
        FieldPanel("service_type"),
        FieldPanel("country"),
        MultiFieldPanel(
            [
                *(FieldPanel(f"place_{code}") for code in ("en", "fr", "ar", "nl")),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Governorate or city"),
        ),
        FieldPanel("population_groups"),
        FieldPanel("languages"),
        FieldRowPanel([FieldPanel("contact_channel"), FieldPanel("contact")]),
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]
    edit_handler = ObjectList(edit_handler_panels, base_form_class=ServiceAdminForm)


class OrganisationEditorViewSet(ModelViewSet):
    """Who may keep which organisation's services up to date from the public site."""

    model = OrganisationEditor
    icon = "user"
    menu_label = _("Service editors")
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    form_fields = ["organisation", "user"]
    search_backend_name = None


class ServicesGroup(ViewSetGroup):
    menu_label = _("Services")
    menu_icon = "site"
    items = (ServiceViewSet("services"), OrganisationEditorViewSet("service_editors"))


@hooks.register("register_admin_viewset")
def register_services():
    return ServicesGroup()
