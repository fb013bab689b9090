"""Indexing tasks: each brings one record in the engine up to date with the database.

A task is idempotent: it reads the object as it is now, so two tasks for the same
key in any order leave the same result. When the engine cannot be reached the task
enqueues itself again with exponential backoff (30 s doubling to one hour); the
database queue keeps it, so nothing is lost while the engine is down.
"""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from . import sources
from .engine import get_engine
from .engines.base import EngineUnavailable
from .models import IndexingFailure

logger = logging.getLogger(__name__)
FIRST_BACKOFF_S = 30
MAX_BACKOFF_S = 3600
KEEP_FAILURES = 50


def backoff_seconds(attempt):
    return min(MAX_BACKOFF_S, FIRST_BACKOFF_S * 2**attempt)


def sync_record(key):
    """Index the record for `key`, or delete it from the engine when it is gone or hidden."""
    record = sources.record_for(key)
    engine = get_engine()
    if record is None:
        engine.delete([key])
    else:
        engine.index([record])


@task()
def apply_change(key: str, attempt: int = 0):
    try:
        sync_record(key)
    except EngineUnavailable as error:
        IndexingFailure.objects.create(key=key, error=str(error)[:2000], attempt=attempt)
        stale = IndexingFailure.objects.values_list("pk", flat=True)[KEEP_FAILURES:]
        IndexingFailure.objects.filter(pk__in=list(stale)).delete()
        if not apply_change.get_backend().supports_defer:
            raise
        run_after = timezone.now() + datetime.timedelta(seconds=backoff_seconds(attempt))
        apply_change.using(run_after=run_after).enqueue(key, attempt + 1)
        logger.warning("search engine unavailable; %s retried after %s", key, run_after)


def enqueue(key):
    return apply_change.enqueue(key)


@task()
def extract_document_text(document_id: int):
    """Read a document's file once, store the text and its status, then index it.

    The file is never touched: a file that cannot be read gets a status editors see.
    """
    from wagtail.documents import get_document_model

    from .extraction import extract_in_child
    from .language import detect_language

    Document = get_document_model()
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    try:
        with document.file.open("rb") as handle:
            result = extract_in_child(handle, filename=document.file.name)
    except OSError as error:
        Document.objects.filter(pk=document_id).update(extraction_status="missing", extraction_message=str(error)[:300])
        return
    if document.language_source == document.LanguageSource.METADATA:
        language = document.language  # given by a person: detection never overrides it
    else:
        language = detect_language(result.text).language if result.text else ""
    Document.objects.filter(pk=document_id).update(
        extraction_status=result.status,
        extraction_message=str(result.message)[:300],
        extracted_text=result.text,
        page_count=result.pages,
        language=language,
        file_created_on=result.created or None,
    )
    enqueue(f"document:{document_id}")
    for page_id in _pages_referring_to(document):
        enqueue(f"page:{page_id}")


def _pages_referring_to(document):
    """Pages whose records carry this document's text (a publication's file, a document page):
    found through Wagtail's reference index, so any page type that points at the document counts."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
    return sorted({int(object_id) for object_id in references.values_list("object_id", flat=True)})


@task()
def send_saved_search_digests(frequency: str):
    """The saved-search digests of one frequency ("daily" or "weekly"), for a scheduler to enqueue."""
    from . import saved

    return saved.send_saved_search_digests(frequency).as_dict()
