"""The publication list: filters from a plain GET form, sorting, pagination.

The same filters drive the research section's page and the list citation exports,
so "export what I see" exports exactly the filtered list.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from kms.taxonomy.models import Country, Organisation, Theme

from .models import LANGUAGE_CHOICES, PublicationAuthor, PublicationPage
from .selectors import public_projects, public_publications

PAGE_SIZE = 10
SORTS = {
    "-date": ("-publication_date", "-pk"),
    "date": ("publication_date", "pk"),
    "title": ("title", "pk"),
}


class PublicationFilterForm(forms.Form):
    """What a reader can narrow the publication list by; unknown values are simply ignored."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    country = forms.ChoiceField(label=_("Country"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("-date", _("Newest first")), ("date", _("Oldest first")), ("title", _("Title"))],
    )

    def __init__(self, data, *, base_queryset):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["type"].choices = everything + list(PublicationPage.Type.choices)
        years = (
            base_queryset.annotate(year=ExtractYear("publication_date"))
            .order_by("-year").values_list("year", flat=True).distinct()
        )
        self.fields["year"].choices = everything + [(str(year), str(year)) for year in years]
        ids = base_queryset.values("pk")
        self.fields["country"].choices = everything + [
            (c.code, c.name) for c in Country.objects.filter(publications__in=ids).distinct()
        ]
        self.fields["theme"].choices = everything + [
            (t.slug, t.name) for t in Theme.objects.filter(publications__in=ids).distinct()
        ]
        self.fields["organisation"].choices = everything + [(o.slug, o.name) for o in _organisations_of(ids)]
        self.fields["language"].choices = everything + list(LANGUAGE_CHOICES)

    def filter(self, queryset):
        self.is_valid()
        data = self.cleaned_data  # only the fields that were valid: a bad value is dropped, not an error
        if data.get("type"):
            queryset = queryset.filter(publication_type=data["type"])
        if data.get("year"):
            queryset = queryset.filter(publication_date__year=data["year"])
        if data.get("country"):
            queryset = queryset.filter(countries__code=data["country"])
        if data.get("theme"):
            queryset = queryset.filter(themes__slug=data["theme"])
        if data.get("organisation"):
            queryset = queryset.filter(
                Q(pk__in=PublicationAuthor.objects.filter(affiliation__slug=data["organisation"]).values("publication"))
                | Q(project__lead_organisation__slug=data["organisation"])
                | Q(project__partner_organisations__slug=data["organisation"])
            )
        if data.get("language"):
            queryset = queryset.filter(language=data["language"])
        return queryset.distinct().order_by(*SORTS[data.get("sort") or "-date"])


def _organisations_of(ids):
    author_orgs = PublicationAuthor.objects.filter(publication__in=ids).values("affiliation")
    return Organisation.objects.filter(
        Q(pk__in=author_orgs)
        | Q(led_research_projects__publications__in=ids)
        | Q(partner_research_projects__publications__in=ids)
    ).distinct()


def filtered_publications(params, *, locale=None):
    """Public publications matching the GET parameters, with what a list or export shows prefetched."""
    base = public_publications(locale=locale)
    form = PublicationFilterForm(params, base_queryset=base)
    queryset = form.filter(base).select_related("primary_file", "locale").prefetch_related(
        Prefetch("authors", queryset=PublicationAuthor.objects.select_related("affiliation")),
        "keywords",
    )
    return form, queryset


def listing_context(index_page, request):
    form, publications = filtered_publications(request.GET, locale=index_page.locale)
    paginator = Paginator(publications, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    export_params = params.copy()
    export_params["locale"] = index_page.locale.language_code
    return {
        "filter_form": form,
        "publications_page": page_obj,
        "query_string": params.urlencode(),
        "export_query": export_params.urlencode(),
        "projects": projects_for(index_page.locale),
    }


def projects_for(locale):
    """The section's projects: in its language where translated, otherwise in the language they were written in."""
    projects, seen = [], set()
    queryset = public_projects().select_related("lead_organisation", "locale")
    for project in sorted(queryset, key=lambda p: p.locale_id != locale.pk):
        if project.translation_key not in seen:
            seen.add(project.translation_key)
            projects.append(project)
    return sorted(projects, key=lambda p: (p.start_date is None, -(p.start_date.toordinal() if p.start_date else 0), -p.pk))
