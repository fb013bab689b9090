"""The publication list: filters from a plain GET form, sorting, pagination.

The same filters drive the research section's page and the list citation exports,
so "export what I see" exports exactly the filtered list. Callers pass the
publications and projects to list (live and public); nothing here imports the models.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from kms.languages import reader_language_first
from kms.taxonomy.models import Country, Theme

from .choices import LANGUAGE_CHOICES, PublicationType

PAGE_SIZE = 10
SORTS = {"-date": ("-publication_date", "-pk"), "date": ("publication_date", "pk"), "title": ("title", "pk")}


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
        self.fields["type"].choices = everything + list(PublicationType.choices)
        years = (
            base_queryset.annotate(year=ExtractYear("publication_date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        self.fields["year"].choices = everything + [(str(year), str(year)) for year in years]
        ids = base_queryset.values("pk")
        self.fields["country"].choices = everything + [
            (c.code, c.name) for c in Country.objects.filter(publications__in=ids).distinct()
        ]
        self.fields["theme"].choices = everything + [
            (t.slug, t.name) for t in Theme.objects.filter(publications__in=ids).distinct()
        ]
        self.fields["organisation"].choices = everything + [(o.slug, o.name) for o in base_queryset.organisations()]
        self.fields["language"].choices = everything + list(LANGUAGE_CHOICES)

    def filter(self, queryset, language=None):
        """`queryset` narrowed by the valid filters and sorted; those in `language` first when given."""
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
            queryset = queryset.by_organisation(data["organisation"])
        if data.get("language"):
            queryset = queryset.filter(language=data["language"])
        ordering = SORTS[data.get("sort") or "-date"]
        if language:
            return reader_language_first(queryset.distinct(), language, *ordering)
        return queryset.distinct().order_by(*ordering)


def filtered_publications(publications, params, language=None):
    """Those of `publications` (public, newest first) matching the GET parameters, those in `language` first when
    given, with what a list or export shows prefetched."""
    form = PublicationFilterForm(params, base_queryset=publications)
    return form, form.filter(publications, language).for_listing()


def listing_context(index_page, request, publications, projects):
    """The research section's context: its publications filtered and paginated, and `projects` (public, newest
    first) once each."""
    form, publications = filtered_publications(publications, request.GET, index_page.locale.language_code)
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
        "projects": projects_for(projects, index_page.locale),
    }


def projects_for(projects, locale):
    """The section's `projects`: in its language where translated, otherwise in the language they were written in."""
    chosen, seen = [], set()
    queryset = projects.select_related("lead_organisation", "locale")
    for project in sorted(queryset, key=lambda p: p.locale_id != locale.pk):
        if project.translation_key not in seen:
            seen.add(project.translation_key)
            chosen.append(project)
    return sorted(
        chosen, key=lambda p: (p.start_date is None, -(p.start_date.toordinal() if p.start_date else 0), -p.pk)
    )
