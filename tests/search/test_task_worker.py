"""`manage.py task_worker`: the queue's worker running several tasks at once reads queued files as one would."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model

from search.extraction import extract_in_child
from tests.search import files

# The worker's threads read what this test committed. PostgreSQL only: the SQLite test database lives in shared
# memory, where a second writer fails at once ("table is locked") instead of waiting as on a SQLite file.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FILES = {
    "rapport.pdf": files.pdf([["Réintégration durable des rapatriés à Sfax."]], title="Rapport annuel"),
    "guide.docx": files.word(["Returnees have the right to health care.", "Social workers visit each family."]),
    "notes.txt": files.text(["Les partenaires locaux suivent chaque personne pendant douze mois."]),
    "casse.pdf": b"%PDF-1.7 this is not really a pdf",
    "fiche.html": files.html(["Fiche pratique : santé et logement."], title="Fiche"),
}


def test_threads_read_queued_files_as_one_at_a_time(settings, tmp_path):
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.SEARCH = {**settings.SEARCH, "EMBEDDED_PATH": str(tmp_path / "search.sqlite3")}
    settings.SEARCH_LIVE_INDEXING = True  # saving a document queues the reading of its file
    Document = get_document_model()
    with override_settings(TASKS=DATABASE_QUEUE):
        documents = {}
        for name, data in FILES.items():
            # Their language is given, as an import's metadata gives it: no detection model to load.
            document = Document(title=name, language="fr", language_source=Document.LanguageSource.METADATA)
            document.file.save(name, ContentFile(data), save=False)
            document.save()
            documents[name] = document
        assert DBTaskResult.objects.filter(status="READY").exists()
        call_command(
            "task_worker", threads=3, batch=True, no_startup_delay=True, queue_name="*", verbosity=0, reload=False
        )

    unfinished = DBTaskResult.objects.exclude(status="SUCCESSFUL")
    assert not unfinished.exists(), [(r.task_path, r.args_kwargs, r.status, r.traceback) for r in unfinished]
    for name, document in documents.items():
        document.refresh_from_db()
        alone = extract_in_child(FILES[name], name)
        found = (document.extraction_status, document.extracted_text, document.page_count)
        assert found == (alone.status, alone.text, alone.pages), name
    assert documents["casse.pdf"].extraction_status == "corrupt"
    assert "Sfax" in documents["rapport.pdf"].extracted_text
