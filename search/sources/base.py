"""The one shape of a source: a queryset of searchable objects and a way to turn one into a record.

Everything else a source offers (one record, all of them, how many, which keys) is
written here once, driven by those two. A record key is "<name>:<pk>".
"""

import html
import re

from django.utils.html import strip_tags

CHUNK_SIZE = 200
# Where one block of text ends: "<p>one</p><p>two</p>" reads "one two", not "onetwo".
BLOCK_END = re.compile(r"<(?:br|hr|/(?:p|li|h[1-6]|blockquote|div|td|th|tr|pre|ul|ol))\b[^>]*>", re.IGNORECASE)


def html_to_text(value):
    """The text of stored HTML (rich text, cleaned member HTML): tags removed, entities decoded.

    Records hold plain text, which the engines escape once when they build snippets; an entity left
    in a record ("a &lt; b") would reach the reader escaped twice ("a &amp;lt; b").
    """
    return html.unescape(strip_tags(BLOCK_END.sub(lambda end: end.group(0) + "\n", value or ""))).strip()


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

    def object_pk(self, pk):
        """The primary key of the object behind the record `<name>:<pk>` (one record per object: `pk` itself)."""
        return pk

    def objects_for(self, pks):
        """The objects behind these record pks, as {record pk: object}; those gone are left out."""
        by_pk = {str(self.object_pk(pk)): pk for pk in pks}
        model = self.queryset().model
        return {by_pk[str(obj.pk)]: obj for obj in model._default_manager.filter(pk__in=list(by_pk))}

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
