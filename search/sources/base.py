"""The one shape of a source: a queryset of searchable objects and a way to turn one into a record.

Everything else a source offers (one record, all of them, how many, which keys) is
written here once, driven by those two. A record key is "<name>:<pk>".
"""

CHUNK_SIZE = 200


class Source:
    """One kind of searchable object. Subclasses set `name` and write `queryset` and `to_record`."""

    name = ""

    def queryset(self):
        """The searchable objects, with what `to_record` reads prefetched (no query per row in bulk)."""
        raise NotImplementedError

    def to_record(self, obj, context):
        """The record for `obj`; `context` is what `bulk_context` computed once for a whole pass."""
        raise NotImplementedError

    def bulk_context(self):
        """Lookups every record of one pass needs (for example which documents are public)."""
        return None

    def key(self, pk):
        return f"{self.name}:{pk}"

    def record_for(self, pk):
        """The record for `pk` as the database holds it now; None when it is gone or not searchable."""
        obj = self.queryset().filter(pk=pk).first()
        return None if obj is None else self.to_record(obj, self.bulk_context())

    def all_records(self):
        context = self.bulk_context()
        for obj in self.queryset().iterator(chunk_size=CHUNK_SIZE):
            yield self.to_record(obj, context)

    def count(self):
        return self.queryset().count()

    def searchable_pks(self):
        return list(self.queryset().values_list("pk", flat=True))
