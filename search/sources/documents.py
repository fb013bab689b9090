"""Wagtail documents -> records, with the text extracted from their files and their taxonomy.

A document that a live, public page presents is public; documents that no public page
presents are for staff only: the rule is cms_pages.permissions, which the download view
applies too. The record kind stays
"document" (the kind facet separates pages from documents); the document's own kind
(report, factsheet…) travels in `extra["document_kind"]`.
"""

from wagtail.documents import get_document_model

from ..records import PUBLIC, STAFF, Record

NAME = "document"
KIND = "document"


def public_document_ids():
    """Ids of the documents every reader may download (and so find)."""
    from cms_pages.permissions import public_document_ids as public_ids

    return public_ids()


def to_record(document, public_ids=None):
    """The record for one document; expects `organisation`, `countries` and `themes` prefetched."""
    public_ids = public_document_ids() if public_ids is None else public_ids
    date = document.published_on or (document.created_at.date() if document.created_at else None)
    return Record(
        id=f"{NAME}:{document.pk}",
        kind=KIND,
        url=document.url,
        title=document.title,
        summary="",
        body=document.extracted_text,
        language=document.language,
        countries=tuple(sorted(country.code for country in document.countries.all())),
        themes=tuple(sorted(theme.slug for theme in document.themes.all())),
        organisations=(document.organisation.slug,) if document.organisation else (),
        date=date,
        audiences=(PUBLIC,) if document.pk in public_ids else (STAFF,),
        extra={"document_kind": document.kind} if document.kind else {},
    )


def _queryset():
    return get_document_model().objects.select_related("organisation").prefetch_related("countries", "themes")


def record_for(pk):
    from cms_pages.permissions import public_document_ids as public_ids

    document = _queryset().filter(pk=pk).first()
    return to_record(document, public_ids([pk])) if document else None


def all_records():
    public_ids = public_document_ids()
    for document in _queryset().iterator(chunk_size=200):
        yield to_record(document, public_ids)


def count():
    return get_document_model().objects.count()


def searchable_pks():
    return list(get_document_model().objects.values_list("pk", flat=True))
