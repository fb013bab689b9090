"""The public site's pages and files -> records: news, document pages, places, and the library's documents.

A document that a live, public document page presents is public; documents that no
public page presents are for staff only. The record kind stays "document" (the kind
facet separates pages from documents); the document's own kind (report,
factsheet...) travels in `extra["document_kind"]`.
"""

from wagtail.documents import get_document_model

from cms_pages.permissions import public_document_ids

from ..records import PUBLIC, STAFF, Record
from .base import Source
from .pages import record_fields


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
    """Document pages are found as documents, with the file's text and the page's summary and taxonomy."""
    document_text = page.document.extracted_text if page.document else ""
    return {
        "kind": "document",
        "summary": page.summary,
        "body": f"{page.summary} {document_text}".strip(),
        "date": page.publication_date or (page.first_published_at.date() if page.first_published_at else None),
        "countries": _codes(page.countries.all()),
        "themes": _slugs(page.themes.all()),
        "organisations": (page.organisation.slug,) if page.organisation else (),
        "extra": {"document_kind": page.kind},
    }


@record_fields("cms_pages.RegionPage")
def region_fields(page):
    return {"countries": tuple(sorted(page.country_codes()))}


@record_fields("cms_pages.CountryPage")
def country_fields(page):
    return {"countries": (page.country.code,)}


class DocumentSource(Source):
    """The library's files (Wagtail documents), with the text extracted from them and their taxonomy."""

    name = "document"

    def queryset(self):
        return get_document_model().objects.select_related("organisation").prefetch_related("countries", "themes")

    def bulk_context(self):
        return public_document_ids()

    def record_for(self, pk):
        """One document's record, deciding its audience for it alone (the rule is cms_pages.permissions)."""
        document = self.queryset().filter(pk=pk).first()
        return None if document is None else self.to_record(document, public_document_ids([pk]))

    def to_record(self, document, public_ids):
        date = document.published_on or (document.created_at.date() if document.created_at else None)
        return Record(
            id=self.key(document.pk),
            kind="document",
            url=document.url,
            title=document.title,
            summary="",
            body=document.extracted_text,
            language=document.language,
            countries=_codes(document.countries.all()),
            themes=_slugs(document.themes.all()),
            organisations=(document.organisation.slug,) if document.organisation else (),
            date=date,
            audiences=(PUBLIC,) if document.pk in public_ids else (STAFF,),
            extra={"document_kind": document.kind} if document.kind else {},
        )
