"""Wagtail pages -> records: live pages that every reader may see, in their locale's language.

This module knows Wagtail's Page and no app: a page type adds its own fields (kind,
taxonomy, date...) through `record_fields`, registered by the source module of its
app (cms_pages.py, research.py).
"""

from wagtail.models import Locale, Page

from ..records import PUBLIC, Record
from .base import Source, html_to_text

RECORD_FIELDS = {}  # "app_label.modelname" -> function(page) -> Record fields
FILE_FIELDS = {}  # "app_label.modelname" -> the page's foreign key to the document whose text its record carries


def record_fields(model_label):
    """Registers the function that gives a page type's Record fields beyond a plain page's."""

    def register(function):
        RECORD_FIELDS[model_label.lower()] = function
        return function

    return register


def carries_file(model_label, field):
    """Declares that a page type's record carries the text of the document in `field`: while such a page is
    live and public, that page is the document's one search result (search/sources/cms_pages.py)."""
    FILE_FIELDS[model_label.lower()] = field


def body_text(page):
    parts = []
    for name in ("intro", "body"):
        value = getattr(page, name, None)
        if value is None:
            continue
        if hasattr(value, "stream_block"):
            parts.extend(value.stream_block.get_searchable_content(value))
        else:
            parts.append(str(value))
    return " ".join(html_to_text(part) for part in parts if part)


class PageSource(Source):
    name = "page"

    def queryset(self):
        return Page.objects.live().public().filter(depth__gt=1).specific()

    def bulk_context(self):
        return dict(Locale.objects.values_list("pk", "language_code"))

    def to_record(self, page, language_codes):
        page = page.specific
        date = page.first_published_at or page.latest_revision_created_at
        fields = dict(
            id=self.key(page.pk),
            kind="page",
            url=page.url or "",
            title=page.title,
            summary=getattr(page, "search_description", "") or getattr(page, "intro", "") or "",
            body=body_text(page),
            language=language_codes[page.locale_id],
            date=date.date() if date else None,
            audiences=(PUBLIC,),
            group=f"page-group:{page.translation_key}",
        )
        refine = RECORD_FIELDS.get(page._meta.label_lower)
        if refine is not None:
            fields.update(refine(page))
        return Record(**fields)
