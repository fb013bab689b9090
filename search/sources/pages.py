"""Wagtail pages -> records: live pages without view restrictions, in their locale's language."""

from django.utils.html import strip_tags
from wagtail.models import Locale, Page, PageViewRestriction

from ..records import PUBLIC, Record

NAME = "page"
KIND_BY_MODEL = {"homepage": "page", "standardpage": "page", "newspage": "news", "documentpage": "document"}


def _searchable(queryset):
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    queryset = queryset.live().filter(depth__gt=1)
    for path in restricted:
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def _body_text(page):
    parts = []
    for name in ("intro", "body"):
        value = getattr(page, name, None)
        if value is None:
            continue
        if hasattr(value, "stream_block"):
            parts.extend(value.stream_block.get_searchable_content(value))
        else:
            parts.append(str(value))
    return " ".join(strip_tags(part) for part in parts if part)


def _language_codes():
    return dict(Locale.objects.values_list("pk", "language_code"))


def to_record(page, language_codes=None):
    """The record for one page. A page model may refine it with `search_record_fields()`,
    which returns Record fields to override (kind, summary, body, countries, themes,
    organisations, authors, date, audiences, extra)."""
    specific = page.specific
    language_codes = language_codes or _language_codes()
    fields = dict(
        id=f"{NAME}:{page.pk}",
        kind=KIND_BY_MODEL.get(specific._meta.model_name, "page"),
        url=specific.url or "",
        title=specific.title,
        summary=getattr(specific, "search_description", "") or getattr(specific, "intro", "") or "",
        body=_body_text(specific),
        language=language_codes[page.locale_id],
        date=(specific.first_published_at or specific.latest_revision_created_at).date()
        if (specific.first_published_at or specific.latest_revision_created_at)
        else None,
        audiences=(PUBLIC,),
        group=f"page-group:{page.translation_key}",
    )
    refine = getattr(specific, "search_record_fields", None)
    if refine is not None:
        fields.update(refine())
    return Record(**fields)


def record_for(pk):
    page = _searchable(Page.objects.filter(pk=pk)).first()
    return to_record(page) if page else None


def all_records():
    language_codes = _language_codes()
    for page in _searchable(Page.objects.all()).specific().iterator(chunk_size=200):
        yield to_record(page, language_codes)


def count():
    return _searchable(Page.objects.all()).count()


def searchable_pks():
    return list(_searchable(Page.objects.all()).values_list("pk", flat=True))
