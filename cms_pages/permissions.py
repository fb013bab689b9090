"""Who may download a library document: one rule, shared by the download view and search.

A document is public when a live page that every reader may see presents it: a document
page whose file it is, or any other page that refers to it as Wagtail's reference index
records (a publication's main file, annex or version, a link in rich text), and when no
view restriction closes its collection. Every other document is for staff: an imported
file, one whose only page is a draft or restricted, one a page stopped showing. Search
gives the document's record the audience `public_document_ids` says; the download view
asks `can_download`.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex

from .models import DocumentPage


def public_document_ids(document_ids=None):
    """Ids of the documents every reader may download, among `document_ids` (every document when None)."""
    presenting = DocumentPage.objects.live().public().exclude(document=None)
    documents = get_document_model().objects.all()
    if document_ids is not None:
        presenting = presenting.filter(document__in=document_ids)
        documents = documents.filter(pk__in=document_ids)
    ids = set(presenting.values_list("document_id", flat=True))

    # The reference index keys pages by their id as text; it follows a page's saved (live) content.
    readable_pages = Page.objects.live().public().annotate(key=Cast("pk", output_field=CharField())).values("key")
    references = ReferenceIndex.get_references_to_in_bulk(documents).filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=readable_pages
    )
    ids |= {int(pk) for pk in references.values_list("to_object_id", flat=True).distinct()}
    return ids - in_restricted_collections(ids)


def documents_presented_by(page_ids):
    """Ids of the documents whose audience the pages `page_ids` take part in deciding: the files of document
    pages among them and every document they refer to. Publishing, unpublishing, restricting or deleting one
    of these pages may change who may download (and find) those documents."""
    page_ids = list(page_ids)
    ids = set(DocumentPage.objects.filter(pk__in=page_ids).exclude(document=None).values_list("document_id", flat=True))
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in page_ids],
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
    )
    return ids | {int(pk) for pk in references.values_list("to_object_id", flat=True).distinct()}


def in_restricted_collection():
    """A filter on documents: those whose collection (or an ancestor of it) has a view restriction."""
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    under = Q(pk__in=[])
    for path in paths:
        under |= Q(collection__path__startswith=path)
    return under


def in_restricted_collections(ids):
    """Among `ids`, the documents whose collection (or an ancestor of it) has a view restriction."""
    if not ids:
        return set()
    restricted = get_document_model().objects.filter(in_restricted_collection(), pk__in=ids)
    return set(restricted.values_list("pk", flat=True))


def is_public_document(document):
    return document.pk in public_document_ids([document.pk])


def can_download(user, document):
    """Public documents for everyone; the rest for staff (as search shows them), nobody else."""
    if is_public_document(document):
        return True
    from search.permissions import can_see_staff_records

    return can_see_staff_records(user)
