"""Wagtail documents -> records, with the text extracted from their files.

Documents that no public page presents are for staff only.
"""

from wagtail.documents import get_document_model

from ..records import STAFF, Record

NAME = "document"
KIND = "document"


def to_record(document):
    return Record(
        id=f"{NAME}:{document.pk}",
        kind=KIND,
        url=document.url,
        title=document.title,
        summary="",
        body=document.extracted_text,
        language=document.language,
        date=document.created_at.date() if document.created_at else None,
        audiences=(STAFF,),
    )


def _queryset():
    return get_document_model().objects.all()


def record_for(pk):
    document = _queryset().filter(pk=pk).first()
    return to_record(document) if document else None


def all_records():
    for document in _queryset().iterator(chunk_size=200):
        yield to_record(document)


def count():
    return _queryset().count()


def searchable_pks():
    return list(_queryset().values_list("pk", flat=True))
