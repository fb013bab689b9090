"""The admin's search through the kms engine: the header search box and the document chooser.

Wagtail's own admin searches (pages, images, documents, users) match titles only. Here an editor's
search reaches everything the public search reaches, with the editor's audiences (search.permissions):
a document by a word of its file's text, lessons, publications, discussions, services. Each hit links to
its admin edit view when the editor may edit it, else to its public page.
"""

from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.search import SearchArea

from .engine import get_engine
from .engines.base import EngineUnavailable
from .params import BadParameter, query_from_params
from .permissions import audiences_for
from .query import MAX_PAGE_SIZE, Query
from .sources import objects_for
from .views import KIND_LABELS, _page_links

DOCUMENT = "document:"


class EverythingSearchArea(SearchArea):
    """First of the admin's search areas, so the header search box searches everything."""

    def __init__(self):
        super().__init__(_("Everything"), reverse("kms_admin_search"), name="everything", icon_name="search", order=0)


def admin_search(request):
    context = {"q": request.GET.get("q", ""), "error": "", "unavailable": False, "results": None, "rows": []}
    status = 200
    if context["q"].strip():
        try:
            query = query_from_params(request.GET, audiences_for(request.user), reader_language=get_language() or "")
            results = get_engine().search(query)
        except BadParameter as error:
            context["error"], status = str(error), 400
        except EngineUnavailable:
            context["unavailable"], status = True, 503
        else:
            finder = AdminURLFinder(request.user)
            objects = objects_for(hit.id for hit in results.hits)
            context.update(
                results=results,
                rows=[_row(hit, objects.get(hit.id), finder) for hit in results.hits],
                kinds=[
                    {"value": kind, "label": KIND_LABELS.get(kind, kind), "count": count}
                    for kind, count in results.facets.get("kind", ())
                ],
                kind=request.GET.get("kind", ""),
                page_links=_page_links(request, query, results),
            )
    return render(request, "search/admin_search.html", context, status=status)


def _row(hit, obj, finder):
    edit_url = finder.get_edit_url(obj) if obj is not None else None
    return {
        "hit": hit,
        "kind_label": KIND_LABELS.get(hit.kind, hit.kind),
        "url": edit_url or hit.url,
        "editable": bool(edit_url),
        "public_url": hit.url,
    }


# --- The document chooser ---------------------------------------------------------------


def document_pks_found(text, user):
    """The documents whose text (or title) matches `text`, most relevant first, as the engine finds them for
    `user`: a document's hit is its own record or the page or publication that carries its file."""
    hits = get_engine().search(Query(text=text, audiences=audiences_for(user), page_size=MAX_PAGE_SIZE)).hits
    keys = [hit.file or (hit.id if hit.id.startswith(DOCUMENT) else "") for hit in hits]
    pks = [int(key.removeprefix(DOCUMENT)) for key in keys if key.startswith(DOCUMENT)]
    return list(dict.fromkeys(pks))


class FileTextSearchFilterMixin:
    """The chooser's filter form, matching a document by a word of its file's text as well as by its title.

    The other filters (collection, permissions, the construct_document_chooser_queryset hooks) apply as before.
    """

    user = None

    def filter(self, objects):
        text = (self.cleaned_data.get("q") or "").strip() if hasattr(self, "cleaned_data") else ""
        if not text:
            return super().filter(objects)
        self.cleaned_data["q"] = ""
        allowed = super().filter(objects)  # the collection filter, without Wagtail's title search
        self.cleaned_data["q"] = text
        by_title = [document.pk for document in super().filter(objects)[:MAX_PAGE_SIZE]]
        try:
            by_text = document_pks_found(text, self.user)
        except EngineUnavailable:
            by_text = []
        self.is_searching, self.search_query = True, text
        ranked = list(dict.fromkeys([*by_text, *by_title]))
        if not ranked:
            return allowed.none()
        rank = Case(
            *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ranked)], output_field=IntegerField()
        )
        return allowed.filter(pk__in=ranked).order_by(rank, "-created_at")


class FileTextSearchChooseMixin:
    def get_filter_form_class(self):
        form_class = super().get_filter_form_class()
        return type(form_class.__name__, (FileTextSearchFilterMixin, form_class), {})

    def get_filter_form(self):
        form = super().get_filter_form()
        form.user = self.request.user
        return form


def search_document_text_in_chooser():
    """Give Wagtail's document chooser the file-text search (before the admin's URLs are built)."""
    from wagtail.documents.views.chooser import viewset

    for attribute in ("choose_view_class", "choose_results_view_class"):
        view_class = getattr(viewset, attribute)
        setattr(viewset, attribute, type(view_class.__name__, (FileTextSearchChooseMixin, view_class), {}))
