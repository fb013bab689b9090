"""Search as a service for the apps' own lists (the document library's words, for one): the records that
match some words, best first, without the apps knowing the engines."""

from django.http import QueryDict

from .engine import get_engine
from .engines.base import EngineUnavailable
from .params import query_from_params
from .permissions import audiences_for
from .query import Suggestion
from .sources import record_for


def _hits(text, user, *, kinds, language, limit):
    """The engine's hits of `kinds` for `text` that `user` may see, best first; None when it is unavailable."""
    params = QueryDict(mutable=True)
    params["q"] = text
    params.setlist("kind", list(kinds))
    params["page_size"] = str(limit)
    query = query_from_params(params, audiences_for(user), reader_language=language)
    try:
        return get_engine().search(query).hits
    except EngineUnavailable:
        return None


def ranked_keys(text, user, *, kind, language, limit=100):
    """Record keys ("page:12", "document:3") matching `text` that `user` may see, best first, each hit's
    other language versions ranked with it; None when the engine is unavailable, so callers can fall back."""
    hits = _hits(text, user, kinds=[kind], language=language, limit=limit)
    if hits is None:
        return None
    rank = {}
    for position, hit in enumerate(hits):
        for key in (hit.id, *(version.id for version in hit.also_in)):
            rank.setdefault(key, position)
    return list(rank)


def matching(text, user, *, kinds, language, limit=10):
    """Records of `kinds` matching `text` in any language that `user` may see, best first, as Suggestions
    (a chooser's "Find" without JavaScript); None when the engine is unavailable."""
    hits = _hits(text, user, kinds=kinds, language=language, limit=limit)
    if hits is None:
        return None
    return [Suggestion(hit.id, hit.title, hit.url, hit.language, hit.kind) for hit in hits]


def visible(keys, user, *, kinds):
    """Of these record keys, those of `kinds` that `user` may see, as {key: Suggestion} in the order given.

    Read from the database as it is now (not from the index), with the audiences search gives `user`: what a
    chooser accepts and what a page lists are what the same person would find by searching."""
    audiences = audiences_for(user)
    found = {}
    for key in dict.fromkeys(keys):
        try:
            record = record_for(key)
        except ValueError:  # not a record key, or not a whole number where one is expected
            continue
        if record is not None and record.kind in kinds and audiences & set(record.audiences):
            found[key] = Suggestion(record.id, record.title, record.url, record.language, record.kind)
    return found
