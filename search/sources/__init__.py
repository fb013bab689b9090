"""Sources: the only code in search/ that knows app models (with search/signals/).

Each source turns one kind of object into records (see base.Source). A record key is
"<source>:<pk>"; `record_for(key)` rebuilds one record from the database (None when
the object is gone or must not be searchable), `all_records()` streams them all in
bulk with prefetched querysets. The page types of cms_pages and research add their
fields to the page source from their own modules.
"""

from . import cms_pages, communities, mapping, research  # noqa: F401 (cms_pages and research register page fields)
from .pages import PageSource

SOURCES = {
    source.name: source
    for source in (
        PageSource(),
        cms_pages.DocumentSource(),
        communities.LessonSource(),
        communities.ThreadSource(),
        mapping.ServiceSource(),
    )
}


def split_key(key):
    name, _sep, pk = key.partition(":")
    if name not in SOURCES or not pk:
        raise ValueError(f"not a record key: {key!r}")
    return SOURCES[name], pk


def record_for(key):
    source, pk = split_key(key)
    return source.record_for(pk)


def objects_for(keys):
    """The objects behind record keys, as {key: object}, one query per source; keys of objects gone are left out."""
    pks_by_source = {}
    for key in keys:
        try:
            source, pk = split_key(key)
        except ValueError:
            continue
        pks_by_source.setdefault(source, []).append(pk)
    return {source.key(pk): obj for source, pks in pks_by_source.items() for pk, obj in source.objects_for(pks).items()}


def all_records():
    for source in SOURCES.values():
        yield from source.all_records()


def count():
    return sum(source.count() for source in SOURCES.values())


def all_keys():
    return {source.key(pk) for source in SOURCES.values() for pk in source.searchable_pks()}
