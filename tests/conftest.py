import os
import uuid

import pytest
from django.core.management import call_command

from tests.services import elasticsearch as es_service
from tests.services import serial_server, snapshots

snapshots.install()  # on SQLite a transactional test's database is restored from an image, not flushed
serial_server.install()  # the live server answers one request at a time, between the test's own statements

BROWSER = "/usr/bin/chromium"
BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# --- Elasticsearch: one real node for the session --------------------------------------


@pytest.fixture(scope="session")
def elasticsearch_url():
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        reason = es_service.wait_until_up(url)
        if reason:
            pytest.skip(reason)
        yield url
        return
    reason = es_service.missing_tools()
    if reason:
        pytest.skip(reason)
    url = es_service.start()
    try:
        yield url
    finally:
        es_service.stop()


@pytest.fixture(scope="session")
def es_client(elasticsearch_url):
    from elasticsearch import Elasticsearch
    from elasticsearch.serializer import OrjsonSerializer

    client = Elasticsearch(elasticsearch_url, request_timeout=60, serializer=OrjsonSerializer())  # as the site's
    yield client
    client.close()


@pytest.fixture
def es_index_prefix(es_client):
    """A prefix no other test uses; every index and alias under it is deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:12]}-"
    yield prefix
    existing = es_client.indices.get(index=f"{prefix}*", expand_wildcards="all", ignore_unavailable=True)
    for name in existing:
        es_client.indices.delete(index=name, ignore_unavailable=True)


# --- Browser: Debian's Chromium through Playwright -----------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(BROWSER):
        pytest.skip(f"{BROWSER} not found: install Debian's chromium to run the browser tests")
    return {**browser_type_launch_args, "executable_path": BROWSER, "headless": True, "args": BROWSER_FLAGS}


# --- Database: one migrated template per pass, copied for each worker ------------------------


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """Replaces pytest-django's: the test database is a copy of a template migrated once (tests/services)."""
    from django.db import connections

    from tests.services.template_db import setup_test_database

    with django_db_blocker.unblock():
        setup_test_database(connections["default"])
    yield
    with django_db_blocker.unblock():
        connections["default"].close()


# --- Database: what Wagtail's migrations create, back after a transactional test's flush ---


@pytest.fixture(autouse=True)
def wagtail_roots(request):
    """The root page, root collection and locales; a transactional test's flush removes them."""
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            break
    else:
        if not request.node.get_closest_marker("django_db"):
            return
    restore_migrated_rows()


def restore_migrated_rows():
    """What the migrations create and a PostgreSQL flush removes: the tree roots, the locales, and Wagtail's
    welcome page as the default site's root. On SQLite the database image keeps them; here too, so that no
    test passes or fails by whether a transactional test ran before it on the same worker."""
    from wagtail.models import Page, Site

    from cms_pages.locales import ensure_locales, ensure_tree_roots

    flushed = Page.get_first_root_node() is None
    root = ensure_tree_roots()
    ensure_locales()
    if flushed and not Site.objects.exists():
        welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home", live=True))
        Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


# --- Search: a fresh embedded index per test ---------------------------------------------


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's default language: a request to /ar/ leaves Arabic active in its thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and other cached state never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def embedded_search_index(settings, tmp_path):
    from search.engine import reset_engine

    settings.SEARCH = {**settings.SEARCH, "ENGINE": "embedded", "EMBEDDED_PATH": str(tmp_path / "search.sqlite3")}
    reset_engine()
    yield
    reset_engine()


@pytest.fixture(autouse=True)
def thesaurus_source(request, monkeypatch):
    """Tests without a database expand queries with the reviewed thesaurus (what the migrations store)."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db", "module_db"} & set(
        request.fixturenames
    ):
        return
    from search import thesaurus

    monkeypatch.setattr(thesaurus, "source", thesaurus.reviewed_concepts)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`committed(change)` runs `change()` as a committed transaction would, and returns what it returns:
    the extraction and indexing tasks it queues run on commit."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def live_indexing(settings):
    """Publishing and saving index at once (after the commit) and extract a saved document's text,
    as on a real site. Off for every other test: most never search, and indexing was most of their time."""
    settings.SEARCH_LIVE_INDEXING = True


# --- Content ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a whole module, rolled back after its last test.

    What a module-scoped fixture creates inside it is built once and seen by every test of the module;
    each test still runs in its own savepoint, so what a test changes is undone before the next one.
    For modules without transactional tests (a flush would empty the shared data).
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            restore_migrated_rows()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fresh_copies(objects):
    """The same rows read anew, so one test's changes to an instance never reach the next test."""
    return {name: type(obj).objects.get(pk=obj.pk) for name, obj in objects.items()}


@pytest.fixture
def demo_site(db):
    """The core of the demo site (taxonomy, home and about pages in four languages, admin account).

    The apps' demo content (news, documents, research, communities) takes seconds more per test;
    tests that need it call `load_demo` themselves, with `--only <app>.demo` where they can.
    """
    call_command("load_demo", "--only", "core", stdout=open(os.devnull, "w"))


@pytest.fixture(scope="module")
def module_demo_site(module_db):
    """`demo_site` built once for a whole module (see `module_db`): a module of plain database tests opts in
    by defining `demo_site = shared_demo_site` (below)."""
    call_command("load_demo", "--only", "core", stdout=open(os.devnull, "w"))


@pytest.fixture
def shared_demo_site(module_demo_site, db):
    """The demo's core from `module_demo_site`; each test's changes are rolled back to it."""
