"""Search as a service for the apps' own lists (the document library's words, for one): the records that
match some words, best first, without the apps knowing the engines."""

from django.http import QueryDict

from .engine import get_engine
from .engines.base import EngineUnavailable
from .params import query_from_params
from .permissions import audiences_for


def ranked_keys(text, user, *, kind, language, limit=100):
    """Record keys ("page:12", "document:3") matching `text` that `user` may see, best first, each hit's
    other language versions ranked with it; None when the engine is unavailable, so callers can fall back."""
    params = QueryDict(mutable=True)
    params["q"] = text
    params["kind"] = kind
    params["page_size"] = str(limit)
    query = query_from_params(params, audiences_for(user), reader_language=language)
    try:
        results = get_engine().search(query)
    except EngineUnavailable:
        return None
    rank = {}
    for position, hit in enumerate(results.hits):
        for key in (hit.id, *(version.id for version in hit.also_in)):
            rank.setdefault(key, position)
    return list(rank)
