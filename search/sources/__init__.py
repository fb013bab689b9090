"""Sources: the only code in search/ that knows app models.

Each source module turns one app's objects into records. A record key is
"<source>:<pk>"; `record_for(key)` rebuilds one record from the database (None when
the object is gone or must not be searchable), `all_records()` streams them all in
bulk with prefetched querysets.
"""

from . import documents, lessons, pages, threads

SOURCES = {module.NAME: module for module in (pages, documents, lessons, threads)}


def split_key(key):
    name, _sep, pk = key.partition(":")
    if name not in SOURCES or not pk:
        raise ValueError(f"not a record key: {key!r}")
    return SOURCES[name], pk


def record_for(key):
    source, pk = split_key(key)
    return source.record_for(pk)


def all_records():
    for source in SOURCES.values():
        yield from source.all_records()


def count():
    return sum(source.count() for source in SOURCES.values())


def all_keys():
    keys = set()
    for source in SOURCES.values():
        keys.update(f"{source.NAME}:{pk}" for pk in source.searchable_pks())
    return keys
