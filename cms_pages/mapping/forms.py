from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from kms.accounts.models import SPOKEN_LANGUAGES
from kms.taxonomy.models import Country, Region

from ..listings import FilterForm, TaxonomyChoiceField
from .choices import PopulationGroup, ServiceType
from .models import Service

VIEWS = [("list", _("List")), ("table", _("Table"))]


class ServiceFilterForm(forms.Form):
    """Country, region, type of service, population group, language: a plain GET form."""

    country = TaxonomyChoiceField(
        Country.objects.filter(services__isnull=False).distinct(),
        to_field_name="code",
        required=False,
        label=_("Country"),
        empty_label=_("All countries"),
    )
    region = TaxonomyChoiceField(
        Region.objects.all(), to_field_name="slug", required=False, label=_("Region"), empty_label=_("All regions")
    )
    type = forms.ChoiceField(
        choices=[("", _("All services")), *ServiceType.choices], required=False, label=_("Type of service")
    )
    group = forms.ChoiceField(
        choices=[("", _("Everyone")), *PopulationGroup.choices], required=False, label=_("Population group")
    )
    language = forms.ChoiceField(
        choices=[("", _("Any language")), *SPOKEN_LANGUAGES], required=False, label=_("Language spoken")
    )

    applied = FilterForm.applied

    def filter(self, services):
        """The services matching the valid filters (a wrong value is reported and the others still apply)."""
        wanted = self.applied()
        if "country" in wanted:
            services = services.filter(country=wanted["country"])
        if "region" in wanted:
            services = services.filter(country__region=wanted["region"])
        if "type" in wanted:
            services = services.filter(service_type=wanted["type"])
        if "group" in wanted:
            services = services.for_population_group(wanted["group"])
        if "language" in wanted:
            services = services.speaking(wanted["language"])
        return services


def _code_list_fields():
    return {
        "population_groups": forms.MultipleChoiceField(
            label=_("Population groups"),
            choices=PopulationGroup.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        ),
        "languages": forms.MultipleChoiceField(
            label=_("Languages spoken"), choices=SPOKEN_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
        ),
    }


class ServiceAdminForm(WagtailAdminModelForm):
    """Staff's form: the JSON lists of codes are ticked from their controlled lists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_code_list_fields())


class ServiceForm(forms.ModelForm):
    """What an organisation's editor fills in on the public site; the organisation is one of theirs."""

    class Meta:
        model = Service
        fields = [
            "organisation",
            "name_en",
            "name_fr",
            "name_ar",
            "name_nl",
            "service_type",
            "country",
            "place_en",
            "place_fr",
            "place_ar",
            "place_nl",
            "latitude",
            "longitude",
            "population_groups",
            "languages",
            "contact_channel",
            "contact",
            "status",
            "start_date",
            "end_date",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }
        field_classes = {"organisation": TaxonomyChoiceField, "country": TaxonomyChoiceField}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_code_list_fields())
        self.fields["organisation"].queryset = organisations
        self.fields["country"].queryset = Country.objects.order_by("name_en")
        self.fields["country"].to_field_name = "code"
