"""Content changes reach the engine through durable tasks, and survive an engine outage."""

import os
import subprocess
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms_pages.models import HomePage, StandardPage
from search import sources
from search.engine import get_engine, reset_engine
from search.query import Query
from tests.services.elasticsearch import ES_SCRIPT, free_port

pytestmark = pytest.mark.usefixtures("live_indexing")

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class PrivateNode:
    """A second real node this test may stop and restart without touching the session's node."""

    def __init__(self):
        self.port = free_port()
        self.env = {**os.environ, "ES_INSTANCE": f"outage-{self.port}"}

    def _run(self, *args, keep_data=False):
        env = {**self.env, "ES_KEEP_DATA": "1" if keep_data else "0"}
        result = subprocess.run(["bash", str(ES_SCRIPT), *args], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr

    def start(self, keep_data=False):
        self._run("start", "-p", str(self.port), keep_data=keep_data)

    def stop(self):
        self._run("stop")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0, reload=False)


# Members-only communities' content is for their members: neither the public nor staff see it.
READERS = frozenset({"public", "staff"})


def indexed_titles(engine):
    results = engine.search(Query(page_size=100, audiences=READERS))
    assert results.total <= 100, "the content outgrew one page of results; page through them"
    titles = {hit.title for hit in results.hits}
    for hit in results.hits:
        titles.update(version.title for version in hit.also_in)
    return titles


def database_titles():
    return {record.title for record in sources.all_records() if READERS & set(record.audiences)}


@pytest.mark.elasticsearch
@pytest.mark.django_db(transaction=True)
@pytest.mark.slow  # starts, stops and restarts an Elasticsearch node of its own
def test_changes_made_while_the_engine_is_down_are_applied_when_it_returns(elasticsearch_url):
    node = PrivateNode()
    node.start()
    search_settings = {
        "ENGINE": "elasticsearch",
        "INDEX_PREFIX": f"test-outage-{uuid.uuid4().hex[:8]}",
        "EMBEDDED_PATH": "",
        "RANKING": settings.SEARCH["RANKING"],
        # A stopped node refuses connections at once, whatever the timeout; a generous one keeps a busy
        # machine's slow answers from passing for an outage while the node is up.
        "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": node.url, "timeout": 30, "retries": 0},
    }
    try:
        with override_settings(SEARCH=search_settings, TASKS=DATABASE_QUEUE):
            reset_engine()
            # The demo's core (home and about pages in four languages): the pages this test changes.
            call_command("load_demo", "--only", "core", stdout=open(os.devnull, "w"))
            run_worker()
            engine = get_engine()
            assert engine.ids() == sources.all_keys()

            node.stop()
            home = HomePage.objects.get(locale__language_code="en")
            new_page = StandardPage(title="Cash-based support in Sfax", slug="cash-sfax", intro="Monthly transfers.")
            home.add_child(instance=new_page)
            new_page.save_revision().publish()
            about = StandardPage.objects.get(locale__language_code="en", slug="about")
            about.title = "About our partnership"
            about.save_revision().publish()
            StandardPage.objects.get(locale__language_code="nl").delete()
            StandardPage.objects.get(locale__language_code="ar").unpublish()

            # The worker runs while the node is down: every task fails, is kept and rescheduled.
            run_worker()
            waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__startswith="search.tasks.")
            assert waiting.count() >= 4
            out = _status()
            assert "Last error:" in out and "unreachable" in out
            assert "indexing task(s) waiting" in out

            node.start(keep_data=True)
            call_command("search_index", "drain", stdout=open(os.devnull, "w"))
            assert waiting.count() == 0
            # The index now matches the database exactly: same records, current titles.
            assert engine.ids() == sources.all_keys()
            assert indexed_titles(engine) == database_titles()
            assert "About our partnership" in indexed_titles(engine)
            assert "Cash-based support in Sfax" in indexed_titles(engine)
    finally:
        reset_engine()
        node.stop()


def _status():
    from io import StringIO

    out = StringIO()
    call_command("search_index", "status", stdout=out)
    return out.getvalue()
