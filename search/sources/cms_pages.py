"""The public site's pages and files -> records: news, document pages, places, and the library's documents.

One document is one result. While a live, public page presents a file (a document page, a publication's
main file: `carries_file`), that page's record is the file's: the page's URL, title and audience, the
file's text, language and date. A file no such page presents is a record of its own: public when a live
public page links to it (cms_pages.permissions), otherwise for staff only. Files in a restricted collection
keep their own staff record and lend no text to a public page. The record kind stays "document" (the kind
facet separates pages from documents); the document's own kind (report, factsheet...) travels in
`extra["document_kind"]`.
"""

from django.apps import apps
from django.db.models import Q
from wagtail.documents import get_document_model

from cms_pages.models import DocumentPage
from cms_pages.permissions import in_restricted_collection, in_restricted_collections, public_document_ids

from ..analysis import UNKNOWN
from ..language import SUPPORTED
from ..records import PUBLIC, STAFF, Record
from .base import Source
from .pages import FILE_FIELDS, carries_file, record_fields

carries_file("cms_pages.DocumentPage", "document")


def file_key(document):
    return f"document:{document.pk}" if document is not None else ""


def carried_by_a_page():
    """A filter on documents: those whose search result is a live, public page presenting them."""
    presented = Q(pk__in=[])
    for label, field in FILE_FIELDS.items():
        pages = apps.get_model(label).objects.live().public().exclude(**{field: None})  # NOT IN meets no NULL
        presented |= Q(pk__in=pages.values(f"{field}_id"))
    return presented & ~in_restricted_collection()


def carried_file(document):
    """`document` when a public page's record may carry its text (its collection is open to all), else None."""
    if document is None or in_restricted_collections({document.pk}):
        return None
    return document


def document_language(document):
    """The file's own language: given with it (import metadata), else detected from its text, else UNKNOWN.

    Never the language of the page tree that presents it: a Dutch report on an English page is Dutch.
    """
    return document.language if document is not None and document.language in SUPPORTED else UNKNOWN


def document_date(document):
    """The file's own date: its publication date, else the creation date its properties state, else None
    (never the day it was uploaded or imported)."""
    return (document.published_on or document.file_created_on) if document is not None else None


def file_group(document):
    """One group for every page presenting `document`, so that the engines collapse them into one result:
    the translation key that comes first among those pages (the language versions of a document page share
    theirs, so they stay one result with "also in")."""
    keys = DocumentPage.objects.live().public().filter(document=document).order_by("translation_key")
    return f"page-group:{keys.values_list('translation_key', flat=True).first()}"


def _codes(countries):
    return tuple(sorted(country.code for country in countries))


def _slugs(themes):
    return tuple(sorted(theme.slug for theme in themes))


@record_fields("cms_pages.NewsPage")
def news_fields(page):
    """News: their own kind, date, author and taxonomy, so the search facets find them."""
    return {
        "kind": "news",
        "summary": page.intro,
        "date": page.date,
        "countries": _codes(page.countries.all()),
        "themes": _slugs(page.themes.all()),
        "authors": (page.author,) if page.author else (),
        "extra": {"news_type": page.news_type},
    }


@record_fields("cms_pages.DocumentPage")
def document_page_fields(page):
    """Document pages are found as their file: its text, language and date, with the page's summary and taxonomy.

    The page's "language of the file" is used only when the file says nothing: it defaults to English, so
    an untouched field cannot be told from a choice.
    """
    document = carried_file(page.document)
    fields = {
        "kind": "document",
        "summary": page.summary,
        "body": page.summary,
        "date": page.publication_date or document_date(document),
        "countries": _codes(page.countries.all()),
        "themes": _slugs(page.themes.all()),
        "organisations": (page.organisation.slug,) if page.organisation else (),
        "extra": {"document_kind": page.kind},
    }
    if document is None:
        return fields
    language = document_language(document)
    if language == UNKNOWN and page.file_language in SUPPORTED:
        language = page.file_language
    fields.update(
        body=f"{page.summary} {document.extracted_text}".strip(),
        language=language,
        file=file_key(document),
        group=file_group(document),
    )
    return fields


@record_fields("cms_pages.RegionPage")
def region_fields(page):
    return {"countries": tuple(sorted(page.country_codes()))}


@record_fields("cms_pages.CountryPage")
def country_fields(page):
    return {"countries": (page.country.code,)}


class DocumentSource(Source):
    """The library's files that no live, public page presents (see the module's docstring), with their text."""

    name = "document"

    def queryset(self):
        return (
            get_document_model()
            .objects.exclude(carried_by_a_page())
            .select_related("organisation")
            .prefetch_related("countries", "themes")
        )

    def bulk_context(self):
        return public_document_ids()

    def record_for(self, pk):
        """One document's record, deciding its audience for it alone (the rule is cms_pages.permissions)."""
        document = self.queryset().filter(pk=pk).first()
        return None if document is None else self.to_record(document, public_document_ids([pk]))

    def to_record(self, document, public_ids):
        return Record(
            id=self.key(document.pk),
            kind="document",
            url=document.url,
            title=document.title,
            summary="",
            body=document.extracted_text,
            language=document_language(document),
            countries=_codes(document.countries.all()),
            themes=_slugs(document.themes.all()),
            organisations=(document.organisation.slug,) if document.organisation else (),
            date=document_date(document),
            audiences=(PUBLIC,) if document.pk in public_ids else (STAFF,),
            file=file_key(document),
            extra={"document_kind": document.kind} if document.kind else {},
        )
