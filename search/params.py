"""Turns request parameters into a Query, with clear messages for bad input."""

from django.utils.translation import gettext as _

from kms.dateranges import BadDateRange, date_range

from .query import MAX_PAGE_SIZE, MAX_QUERY_CHARS, SORTS, Query

FILTER_PARAMS = {
    "kind": "kind",
    "lang": "language",
    "country": "country",
    "theme": "theme",
    "organisation": "organisation",
    "year": "year",
}
DATE_PARAMS = ("from", "to")  # a year (2024) or a day (2024-03-31) at each end of a date range


# Switches for the rankings fused for a text query (search/fusion.py): "0" turns one off.
RANKING_PARAMS = ("keyword", "thesaurus", "semantic")


class BadParameter(ValueError):
    pass


def _switch(params, name):
    raw = params.get(name, "")
    if raw in ("", "1"):
        return True
    if raw == "0":
        return False
    raise BadParameter(_("%(name)s must be 0 (off) or 1 (on).") % {"name": name})


def _int(params, name, default, low, high):
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(_("%(name)s must be a whole number.") % {"name": name}) from None
    if not low <= value <= high:
        raise BadParameter(
            _("%(name)s must be between %(low)s and %(high)s.") % {"name": name, "low": low, "high": high}
        )
    return value


def query_text(params):
    """The search text, refused with a message when longer than MAX_QUERY_CHARS (runs of spaces count as one)."""
    text = " ".join(params.get("q", "").split())
    if len(text) > MAX_QUERY_CHARS:
        raise BadParameter(
            _("The search text has %(length)s characters; the limit is %(limit)s. Please shorten it.")
            % {"length": len(text), "limit": MAX_QUERY_CHARS}
        )
    return text


def query_from_params(params, audiences, reader_language="", default_page_size=20):
    """A Query from GET parameters (q, lang, kind, country, theme, organisation, year, from, to, page,
    page_size, sort, keyword, thesaurus, semantic, correct)."""
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadParameter(_("sort must be one of: %(choices)s.") % {"choices": ", ".join(SORTS)})
    filters = {}
    for param, facet in FILTER_PARAMS.items():
        values = [value for value in params.getlist(param) if value]
        if facet == "year":
            try:
                values = [int(value) for value in values]
            except ValueError:
                raise BadParameter(_("year must be a four-digit year.")) from None
        if values:
            filters[facet] = tuple(values)
    try:
        date_from, date_to = date_range(params.get("from", ""), params.get("to", ""))
    except BadDateRange as error:
        raise BadParameter(str(error)) from None
    return Query(
        text=query_text(params),
        filters=filters,
        sort=sort,
        page=_int(params, "page", 1, 1, 1000),
        page_size=_int(params, "page_size", default_page_size, 1, MAX_PAGE_SIZE),
        audiences=audiences,
        reader_language=reader_language,
        **{name: _switch(params, name) for name in RANKING_PARAMS},
        correct=_switch(params, "correct"),
        date_from=date_from,
        date_to=date_to,
    )
