"""The search page and the JSON API: two thin views over the same engine call."""

import dataclasses
import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kms import public_url
from kms.clients import client_address
from kms.taxonomy.models import Country, Organisation, Theme

from . import openapi, thesaurus
from .analysis import NEUTRAL
from .engine import get_engine
from .engines.base import EngineUnavailable
from .params import DATE_PARAMS, FILTER_PARAMS, BadParameter, query_from_params, query_text
from .permissions import audiences_for
from .query import found_by_words

KIND_LABELS = {
    "page": gettext_lazy("Page"),
    "news": gettext_lazy("News"),
    "document": gettext_lazy("Document"),
    "publication": gettext_lazy("Publication"),
    "project": gettext_lazy("Research project"),
    "lesson": gettext_lazy("Lesson learned"),
    "thread": gettext_lazy("Discussion"),
    "service": gettext_lazy("Service"),
    "report": gettext_lazy("Report"),
}
API_RATE = (120, 60)  # requests per window (seconds) per client


def _language_name(code):
    if code in dict(settings.LANGUAGES):
        return get_language_info(code)["name_local"]
    return _("Other language")


def facet_labels():
    """Readable labels, in the reader's language, for every facet value."""
    return {
        "kind": KIND_LABELS,
        "language": {code: _language_name(code) for code, _name in settings.LANGUAGES} | {NEUTRAL: _("Other language")},
        "country": {c.code: c.name for c in Country.objects.all()},
        "theme": {t.slug: t.name for t in Theme.objects.all()},
        "organisation": {o.slug: o.acronym or o.name for o in Organisation.objects.all()},
        "year": {},
    }


def keeps_names(text, suggestion):
    """Whether `suggestion` leaves every word of `text` that names a thesaurus concept as it is."""
    names = thesaurus.named_words(text)
    return not names or names <= {word.lower() for word in thesaurus.WORD.findall(suggestion)}


def run_search(request):
    """The query the request asks for and its results; when the reader's words found nothing and the engine
    has a spelling suggestion that finds something, the suggestion's results, saying what was typed
    (`correct=0` keeps the text as typed).

    The names of the thesaurus's concepts are not misspelt, even when no text of their language says
    them ("GBV" where the reports say "gender-based violence", "violences basées sur le genre" where the
    French ones say "VBG"): a suggestion that would change one of them is only offered."""
    query = query_from_params(request.GET, audiences_for(request.user), reader_language=get_language() or "")
    engine = get_engine()
    results = engine.search(query)
    if query.correct and query.keyword and results.suggestion and keeps_names(query.text, results.suggestion):
        corrected = engine.search(dataclasses.replace(query, text=results.suggestion))
        if found_by_words(corrected.hits):
            results = dataclasses.replace(corrected, suggestion="", corrected_from=query.text)
    return query, results


def search_page(request):
    context = {
        "q": request.GET.get("q", ""),
        "error": "",
        "unavailable": False,
        "results": None,
        "date_from": request.GET.get("from", ""),
        "date_to": request.GET.get("to", ""),
    }
    status, labels = 200, {}
    try:
        query, results = run_search(request)
    except BadParameter as error:
        context["error"], status = str(error), 400
    except EngineUnavailable:
        context["unavailable"], status = True, 503
    else:
        labels = facet_labels()
        param_of = {facet: param for param, facet in FILTER_PARAMS.items()}
        context.update(
            query=query,
            results=results,
            facets=[
                {
                    "name": facet,
                    "param": param_of[facet],
                    "label": FACET_TITLES[facet],
                    # A value that matches nothing is not offered; one already chosen stays in the form
                    # (hidden) so that applying other filters keeps it, and its chip can remove it.
                    "values": [
                        {
                            "value": value,
                            "label": labels[facet].get(value, value),
                            "count": count,
                            "selected": value in query.filters.get(facet, ()),
                        }
                        for value, count in values
                        if count
                    ],
                    "kept": [
                        value
                        for value in query.filters.get(facet, ())
                        if not any(count and value == shown for shown, count in values)
                    ],
                }
                for facet, values in results.facets.items()
                if any(count for _value, count in values) or facet in query.filters
            ],
            hits=[
                {
                    "hit": hit,
                    "kind_label": KIND_LABELS.get(hit.kind, hit.kind),
                    "language_name": _language_name(hit.language),
                    "other_language": hit.language not in {NEUTRAL, get_language()},
                    "via_language_name": get_language_info(hit.via_language)["name_translated"]
                    if hit.via_language
                    else "",
                    "date": _as_date(hit.date),
                    "organisations": [labels["organisation"].get(slug, slug) for slug in hit.organisations],
                }
                for hit in results.hits
            ],
            page_links=_page_links(request, query, results),
            search_as_typed=_with(request, correct="0") if results.corrected_from else "",
        )
    context["chips"] = _chips(request, labels)
    context["clear_all"] = _without(request, lambda name, value: name in FILTER_PARAMS or name in DATE_PARAMS)
    return render(request, "search/search.html", context, status=status)


FACET_TITLES = {
    "kind": gettext_lazy("Type"),
    "language": gettext_lazy("Language"),
    "country": gettext_lazy("Country"),
    "theme": gettext_lazy("Theme"),
    "organisation": gettext_lazy("Organisation"),
    "year": gettext_lazy("Year"),
}


def _without(request, drop):
    """The current address without the parameters for which drop(name, value) is true, from page 1."""
    params = request.GET.copy()
    kept = [(name, value) for name, values in params.lists() for value in values if value and name != "page"]
    params.clear()
    for name, value in kept:
        if not drop(name, value):
            params.appendlist(name, value)
    return "?" + params.urlencode()


def _with(request, **values):
    """The current address with `values` set, from page 1."""
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in values.items():
        params[name] = value
    return "?" + params.urlencode()


def _chips(request, labels):
    """One chip per active filter, each a link to this search without it."""
    chips = []
    for param, facet in FILTER_PARAMS.items():
        for value in dict.fromkeys(v for v in request.GET.getlist(param) if v):
            label = labels.get(facet, {}).get(int(value) if facet == "year" and value.isdigit() else value, value)
            chips.append(
                {
                    "facet": FACET_TITLES[facet],
                    "label": label,
                    "url": _without(request, lambda n, v, p=param, x=value: n == p and v == x),
                }
            )
    for param, title in ((DATE_PARAMS[0], _("From")), (DATE_PARAMS[1], _("To"))):
        value = request.GET.get(param, "").strip()
        if value:
            chips.append({"facet": title, "label": value, "url": _without(request, lambda n, v, p=param: n == p)})
    return chips


def _as_date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _page_links(request, query, results):
    def url_for(page):
        params = request.GET.copy()
        params["page"] = page
        return "?" + params.urlencode()

    return {
        "previous": url_for(query.page - 1) if query.page > 1 else "",
        "next": url_for(query.page + 1) if query.page < results.pages else "",
        "current": query.page,
        "pages": results.pages,
    }


def _rate_limited(request):
    client = f"user:{request.user.pk}" if request.user.is_authenticated else f"ip:{client_address(request)}"
    key = f"kms:api-search:{client}"
    limit, window = API_RATE
    # One round trip to the cache for every request but a window's first: count, and start the window
    # only when there is nothing to count on (another request may start it at the same moment).
    try:
        return cache.incr(key) > limit
    except ValueError:
        pass
    if cache.add(key, 1, timeout=window):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:
        return False


def _authenticate_token(request):
    """Bearer tokens are Wagtail's API tokens; a bad token is refused, never treated as anonymous."""
    if "Authorization" not in request.headers:
        return True
    from wagtail.api.v3.auth import BearerTokenAuth

    return BearerTokenAuth()(request) is not None


def _refusal(request):
    """The error response for a bad token or too many requests, or None to go on."""
    if not _authenticate_token(request):
        return JsonResponse({"error": _("The API token is invalid or has been revoked.")}, status=401)
    if _rate_limited(request):
        return JsonResponse({"error": _("Too many requests; please wait a minute.")}, status=429)
    return None


@require_GET
def search_api(request):
    refusal = _refusal(request)
    if refusal:
        return refusal
    try:
        query, results = run_search(request)
    except BadParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    except EngineUnavailable:
        return JsonResponse({"error": _("Search is temporarily unavailable.")}, status=503)
    return JsonResponse(
        {
            "total": results.total,
            "took_ms": round(results.took_ms, 2),
            "page": query.page,
            "page_size": query.page_size,
            "suggestion": results.suggestion,
            "corrected_from": results.corrected_from or None,
            "searched_for": results.query.text if results.query else query.text,
            "facets": {
                facet: [{"value": v, "count": c} for v, c in values] for facet, values in results.facets.items()
            },
            "results": [
                {
                    "id": hit.id,
                    "kind": hit.kind,
                    "title": hit.title,
                    "url": public_url.absolute(hit.url),
                    "language": hit.language,
                    "date": str(_as_date(hit.date) or "") or None,
                    "snippet": hit.snippet,
                    "also_in": [
                        {"id": v.id, "language": v.language, "url": v.url, "title": v.title} for v in hit.also_in
                    ],
                    "found_via": {"language": hit.via_language, "term": hit.via_label} if hit.via_label else None,
                    "found_by": list(hit.found_by),
                }
                for hit in results.hits
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def autocomplete_api(request):
    refusal = _refusal(request)
    if refusal:
        return refusal
    try:
        kinds = [kind for kind in request.GET.getlist("kind") if kind][: len(KIND_LABELS)]
        suggestions = get_engine().autocomplete(query_text(request.GET), audiences_for(request.user), kinds=kinds)
    except BadParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    except EngineUnavailable:
        return JsonResponse({"error": _("Search is temporarily unavailable.")}, status=503)
    return JsonResponse(
        {
            "suggestions": [
                {"id": s.id, "title": s.title, "url": s.url, "language": s.language, "kind": s.kind}
                for s in suggestions
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def openapi_schema(request):
    return JsonResponse(openapi.schema(public_url.absolute("/")), json_dumps_params={"indent": 1})
