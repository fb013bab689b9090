"""Listings of news, documents and partners, filtered by plain GET forms.

The pages pass the querysets to filter (live, public pages only); nothing here imports the page models.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kms.dateranges import BadDateRange, date_range, parse_bound
from kms.taxonomy.models import Country, Organisation, Theme

from .choices import FILE_LANGUAGES, DocumentKind, NewsType

NEWS_PER_PAGE = 10
DOCUMENTS_PER_PAGE = 12


def query_without_page(params):
    """The current filters as a query string, for pagination links."""
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()


class TaxonomyChoiceField(forms.ModelChoiceField):
    """A country or theme chosen by its code or slug, labelled in the reader's language."""

    def label_from_instance(self, obj):
        return obj.name


def _years(queryset, field):
    return [(str(day.year), str(day.year)) for day in queryset.dates(field, "year", order="DESC")]


class FilterForm(forms.Form):
    """Shared base: every field optional, rendered into a GET form that works without JavaScript."""

    country = TaxonomyChoiceField(
        Country.objects.all(), to_field_name="code", required=False, label=_("Country"), empty_label=_("All countries")
    )
    theme = TaxonomyChoiceField(
        Theme.objects.all(), to_field_name="slug", required=False, label=_("Theme"), empty_label=_("All themes")
    )

    def applied(self):
        """The filters that were valid: a wrong value is reported on its field and the others still apply."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value not in (None, "")}


class DateBoundField(forms.CharField):
    """One end of a date range: a year (2024) or a day (2024-03-31), checked by kms.dateranges."""

    def __init__(self, label, end=False):
        super().__init__(
            required=False,
            label=label,
            max_length=10,
            help_text=_("A year (2024) or a day (2024-03-31)."),
            widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "maxlength": 10}),
        )
        self.end = end

    def clean(self, value):
        text = super().clean(value).strip()
        try:
            date_range("", text) if self.end else date_range(text, "")
        except BadDateRange as error:
            raise forms.ValidationError(str(error)) from None
        return text


class NewsFilterForm(FilterForm):
    type = forms.ChoiceField(required=False, label=_("Type"))
    year = forms.ChoiceField(required=False, label=_("Year"))
    field_order = ["type", "country", "theme", "year", "from", "to"]

    def __init__(self, data, years, types=None):
        super().__init__(data)
        # Only the types that have news are offered: a choice that finds nothing is not a choice.
        offered = NewsType.choices if types is None else [c for c in NewsType.choices if c[0] in types]
        self.fields["type"].choices = [("", _("All types")), *offered]
        self.fields["year"].choices = [("", _("All years")), *years]
        self.fields["from"] = DateBoundField(_("From"))
        self.fields["to"] = DateBoundField(_("To"), end=True)
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        start, end = parse_bound(cleaned.get("from")), parse_bound(cleaned.get("to"), end=True)
        if start and end and start > end:
            self.add_error("to", _("The start of the date range comes after its end."))
            cleaned.pop("to", None)
        return cleaned

    def chips(self, params):
        """One chip per filter that applied, each a link to the listing without it, in the form's order."""
        filters = self.applied()
        chips = []
        for name, field in self.fields.items():
            if name not in filters:
                continue
            value = filters[name]
            if isinstance(field, forms.ModelChoiceField):
                label = field.label_from_instance(value)
            elif isinstance(field, forms.ChoiceField):
                label = dict(field.choices).get(value, value)
            else:
                label = value
            rest = params.copy()
            rest.pop(name, None)
            rest.pop("page", None)
            chips.append({"facet": field.label, "label": label, "url": "?" + rest.urlencode()})
        return chips


def filter_news(queryset, params):
    types = set(queryset.order_by().values_list("news_type", flat=True).distinct())
    form = NewsFilterForm(params, _years(queryset, "date"), types)
    filters = form.applied()
    if "type" in filters:
        queryset = queryset.filter(news_type=filters["type"])
    if "country" in filters:
        queryset = queryset.filter(countries=filters["country"])
    if "theme" in filters:
        queryset = queryset.filter(themes=filters["theme"])
    if "year" in filters:
        queryset = queryset.filter(date__year=int(filters["year"]))
    if "from" in filters:
        queryset = queryset.filter(date__gte=parse_bound(filters["from"]))
    if "to" in filters:
        queryset = queryset.filter(date__lte=parse_bound(filters["to"], end=True))
    return form, queryset


class DocumentFilterForm(FilterForm):
    q = forms.CharField(required=False, label=_("Words in the document"), max_length=200)
    kind = forms.ChoiceField(required=False, label=_("Kind"))
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Organisation"),
        empty_label=_("All organisations"),
    )
    language = forms.ChoiceField(required=False, label=_("Language of the file"))
    year = forms.ChoiceField(required=False, label=_("Year"))
    field_order = ["q", "kind", "organisation", "language", "country", "theme", "year"]

    def __init__(self, data, years):
        super().__init__(data)
        self.fields["kind"].choices = [("", _("All kinds")), *DocumentKind.choices]
        self.fields["language"].choices = [("", _("All languages")), *FILE_LANGUAGES]
        self.fields["year"].choices = [("", _("All years")), *years]
        self.fields["organisation"].label_from_instance = str  # the full name with the acronym


def filter_documents(queryset, request):
    """The library's filters, then its words through the site's search engine; returns (form, items, error)."""
    form = DocumentFilterForm(request.GET, _years(queryset, "publication_date"))
    filters = form.applied()
    if "kind" in filters:
        queryset = queryset.filter(kind=filters["kind"])
    if "organisation" in filters:
        queryset = queryset.filter(organisation=filters["organisation"])
    if "language" in filters:
        queryset = queryset.filter(file_language=filters["language"])
    if "country" in filters:
        queryset = queryset.filter(countries=filters["country"])
    if "theme" in filters:
        queryset = queryset.filter(themes=filters["theme"])
    if "year" in filters:
        queryset = queryset.filter(publication_date__year=int(filters["year"]))
    text = (filters.get("q") or "").strip()
    if not text:
        return form, queryset, ""
    return form, *_full_text(queryset, request, text)


def _full_text(queryset, request, text):
    """Document pages matching `text` in their summary or file, best first, through the search layer."""
    # Imported on use: search depends on cms_pages (its sources read our pages), not the other way round.
    from search.lookup import ranked_keys

    keys = ranked_keys(text, request.user, kind="document", language=get_language() or "")
    if keys is None:
        fallback = queryset.filter(Q(title__icontains=text) | Q(summary__icontains=text))
        return fallback, _("Full-text search is unavailable at the moment; only titles and summaries were searched.")
    rank = {key: position for position, key in enumerate(keys)}
    page_ids = [int(key.split(":")[1]) for key in keys if key.startswith("page:")]
    document_ids = [int(key.split(":")[1]) for key in keys if key.startswith("document:")]
    matches = list(queryset.filter(Q(pk__in=page_ids) | Q(document_id__in=document_ids)))
    unranked = len(rank)

    def position(page):
        return min(rank.get(f"page:{page.pk}", unranked), rank.get(f"document:{page.document_id}", unranked))

    return sorted(matches, key=position), ""


class PartnerFilterForm(FilterForm):
    type = forms.ChoiceField(required=False, label=_("Type"))
    field_order = ["type", "country", "theme"]

    def __init__(self, data):
        super().__init__(data)
        self.fields["type"].choices = [("", _("All types")), *Organisation.Kind.choices]


def partner_entries(page):
    """The partners of a PartnersPage as dicts (organisation, description, themes, countries), in editor order."""
    entries = [block.value for block in page.partners if block.block_type == "partner"]
    ids = [entry["organisation"].pk for entry in entries if entry["organisation"]]
    organisations = Organisation.objects.prefetch_related("countries").in_bulk(ids)
    return [
        {
            "organisation": organisations[entry["organisation"].pk],
            "description": entry["description"],
            "themes": [theme for theme in entry["themes"] if theme],
            "countries": list(organisations[entry["organisation"].pk].countries.all()),
            "url": page.partner_url(organisations[entry["organisation"].pk]),
        }
        for entry in entries
        if entry["organisation"] and entry["organisation"].pk in organisations
    ]


def filter_partners(entries, params):
    form = PartnerFilterForm(params)
    filters = form.applied()
    if "type" in filters:
        entries = [entry for entry in entries if entry["organisation"].kind == filters["type"]]
    if "country" in filters:
        entries = [entry for entry in entries if filters["country"] in entry["countries"]]
    if "theme" in filters:
        entries = [entry for entry in entries if filters["theme"] in entry["themes"]]
    return form, entries
