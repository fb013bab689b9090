"""Files uploaded in a document page's upload box: one document per file and page, however often the page is saved.

The admin's autosave posts the whole form, the selected file included, every time the editor
pauses, and "Save draft" or "Publish" posts it once more. The file is recognised by its content
(Wagtail's `file_hash`), so sending it again reuses the document the page already has. A new file
makes a new document; the one it replaces goes as soon as no version of the page that can still
be shown (live, newest draft, scheduled) presents it, and its cover goes with it.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.utils.file import hash_filelike


def _digests(upload):
    sha1, sha256 = hashlib.sha1(), hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        sha1.update(chunk)
        sha256.update(chunk)
    upload.seek(0)
    return sha1.hexdigest(), sha256.hexdigest()


def document_for(upload, page, user, candidates):
    """The document holding `upload`: one of `candidates` (documents the page already has) with the same content,
    else a new document made from the page's title and facts."""
    sha1, sha256 = _digests(upload)
    for document in candidates:
        if document is not None and (document.file_hash or _stored_hash(document)) == sha1:
            return document
    document = get_document_model()(
        title=page.title,
        file=upload,
        kind=page.kind,
        organisation=page.organisation,
        published_on=page.publication_date,
        uploaded_by_user=user,
        uploaded_for_id=page.pk,
        content_hash=sha256,
    )
    document._set_document_file_metadata()
    document.save()
    return document


def _stored_hash(document):
    try:
        with document.open_file() as handle:
            return hash_filelike(handle)
    except OSError:
        return ""


def claim(page, document):
    """Marks `document`, uploaded while `page` was being created, as the page's own upload."""
    get_document_model().objects.filter(pk=document.pk, uploaded_for__isnull=True).update(uploaded_for=page.pk)


def documents_in_use(page):
    """Ids of the documents the versions of `page` that can still be shown present: live, newest draft, scheduled."""
    in_use = set(type(page).objects.filter(pk=page.pk).values_list("document_id", flat=True))
    revisions = page.revisions.filter(approved_go_live_at__isnull=False)
    if page.latest_revision_id:
        revisions = revisions | page.revisions.filter(pk=page.latest_revision_id)
    in_use.update(revision.content.get("document") for revision in revisions)
    return in_use - {None}


def discard_replaced(page):
    """Deletes the documents uploaded on `page` that it no longer uses, unless another page or object uses them."""
    model = get_document_model()
    replaced = (
        model.objects.filter(uploaded_for=page.pk, pages__isnull=True)
        .exclude(pk__in=documents_in_use(page))
        .values_list("pk", flat=True)
    )
    referenced_elsewhere = (
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(model), to_object_id__in=[str(pk) for pk in replaced]
        )
        .exclude(base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk))
        .values_list("to_object_id", flat=True)
    )
    keep = {int(pk) for pk in referenced_elsewhere}
    for document in model.objects.filter(pk__in=[pk for pk in replaced if pk not in keep]):
        document.delete()
