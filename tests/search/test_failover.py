"""Fail-over on a real 3-node Elasticsearch cluster: a node crashes under search and indexing load, nothing is lost.

The cluster runs one JVM per node (tools/es-runner/es.sh start -n 3), and the index keeps a copy of its shard
on a second node (replicas "auto", the default). While a thread searches without pause and the main thread
changes services and runs the indexing worker, the node holding the shard's primary copy is killed with
SIGKILL. Elasticsearch promotes the other copy; the client turns to the nodes still up, at most
SEARCH["ELASTICSEARCH"]["retries"] (2) times per request. Then:

- no search fails once the cluster reports yellow (the node gone, its primary reassigned), and each one finds
  what it found before the crash;
- the indexing queue drains, and the index and the database agree record by record;
- the node restarts, the cluster returns to green, and both copies of the shard hold the same records.

The figures (searches attempted, failed, retried; writes queued, retried, lost; seconds to yellow and to
green; the nodes' CPU seconds) go to build/test-logs/failover.json, which tests/run.sh prints. That script
runs this module beside the test passes, as a job of its own.
"""

import json
import logging
import os
import resource
import threading
import time
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from elasticsearch import Elasticsearch, helpers

from cms_pages.mapping.models import Service
from kms.demo import mapping as demo_mapping
from search import sources
from search.engine import get_engine, reset_engine
from search.engines.elasticsearch import version_entry
from search.query import Query
from tests.services import elasticsearch as es_service

pytestmark = [pytest.mark.elasticsearch, pytest.mark.slow]

FIGURES = settings.BUILD_DIR / "test-logs" / "failover.json"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
READERS = frozenset({"public"})
# Places of the demo's services, in two scripts: the services this test adds and changes are all in Zarzis,
# so what these find stays the same from before the crash to the end.
QUERIES = ("Sfax", "صفاقس", "Benghazi", "Agadez", "نيامي", "Asyut", "Médenine")
ADDED_SERVICES = 16  # beside the demo's 44: 240 service records in four languages
ROUNDS_BEFORE_CRASH = 2
ROUNDS_AFTER_YELLOW = 3
ROUNDS_AT_MOST = 40
SEARCH_PAUSE_S = 0.02


class RetryCounter(logging.Handler):
    """Counts the client's retries ("Retrying request after ...", elastic_transport) by thread."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.by_thread = {}

    def emit(self, record):
        if record.getMessage().startswith("Retrying request"):
            self.by_thread[record.threadName] = self.by_thread.get(record.threadName, 0) + 1


class Searcher(threading.Thread):
    """Searches without pause; each search is (started, ended, error or None). A search fails when it raises
    or finds other than what it found on the healthy cluster."""

    def __init__(self, engine, expected):
        super().__init__(name="failover-searcher", daemon=True)
        self.engine, self.expected = engine, expected
        self.searches = []
        self.finish = threading.Event()
        self.cpu_s = 0.0

    def run(self):
        while not self.finish.is_set():
            for text, total in self.expected.items():
                started = time.monotonic()
                try:
                    found = self.engine.search(Query(text=text, audiences=READERS, thesaurus=False)).total
                    error = None if found == total else f"{text!r}: {found} results, not {total}"
                except Exception as exception:  # every failure counts; none may end the load
                    error = f"{text!r}: {exception!r}"
                self.searches.append((started, time.monotonic(), error))
                time.sleep(SEARCH_PAUSE_S)
        self.cpu_s = time.thread_time()


class HealthWatch(threading.Thread):
    """Notes when the cluster first reports at least `status` with `nodes` nodes."""

    def __init__(self, url, status, nodes):
        super().__init__(name=f"failover-health-{status}", daemon=True)
        self.client = Elasticsearch(url.split(","), request_timeout=10, max_retries=3, retry_on_timeout=True)
        self.status, self.nodes = status, nodes
        self.reached_at = None

    def run(self):
        deadline = time.monotonic() + 120
        while self.reached_at is None and time.monotonic() < deadline:
            try:
                health = self.client.cluster.health(
                    wait_for_status=self.status, wait_for_nodes=str(self.nodes), timeout="1s"
                )
            except Exception:  # a node going or coming: ask again
                time.sleep(0.1)
                continue
            if not health["timed_out"]:
                self.reached_at = time.monotonic()
        self.client.close()


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0, reload=False)


def added_service(template, number):
    service = Service.objects.get(pk=template.pk)
    service.pk = None
    for code, place, name in (
        ("en", "Zarzis", "Reception point"),
        ("fr", "Zarzis", "Point d'accueil"),
        ("ar", "جرجيس", "نقطة استقبال"),
        ("nl", "Zarzis", "Onthaalpunt"),
    ):
        setattr(service, f"place_{code}", place)
        setattr(service, f"name_{code}", f"{name} {number} — {place}")
    service.save()
    return service


def change_services(round_number):
    """One round of edits as staff make them: two services renamed, one added, one removed. Each
    change queues an indexing task per language once it commits."""
    added = list(Service.objects.filter(place_en="Zarzis").order_by("pk"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        for service in added[round_number % 5 :: 7][:2]:
            service.name_fr = f"Point d'accueil révisé {round_number} — Zarzis"
            service.name_ar = f"نقطة استقبال منقحة {round_number} — جرجيس"
            service.save()
        added_service(added[0], 1000 + round_number)
        added[-1].delete()


def index_documents(engine):
    """What the index holds, by record id (vectors aside: semantic ranking is off in tests)."""
    return {
        hit["_id"]: hit["_source"]
        for hit in helpers.scan(engine.client, index=engine.read_alias, query={"query": {"match_all": {}}})
    }


def records_differing(engine):
    """Record keys where the index and the database disagree: missing, left over, or holding other content."""
    indexed = index_documents(engine)
    wanted = sources.all_keys()
    differing = set(indexed) ^ wanted
    records = {key: sources.record_for(key) for key in wanted}
    versions = {}  # each group's "also in" list, as the database says it should be
    for record in records.values():
        versions.setdefault(record.group_key, []).append(version_entry(record))
    for key in wanted & set(indexed):
        record = records[key]
        if indexed[key] != engine._document(record, versions=versions[record.group_key]):
            differing.add(key)
    return sorted(differing)


def search_tasks():
    return DBTaskResult.objects.filter(task_path="search.tasks.apply_change")


def attempts(tasks):
    """How many of `tasks` are first attempts (a change queued) and how many are retries (a task that found
    the engine unavailable queues itself again with its attempt number)."""
    first = sum(1 for args_kwargs in tasks.values_list("args_kwargs", flat=True) if len(args_kwargs["args"]) == 1)
    return first, tasks.count() - first


def write_figures(**figures):
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    FIGURES.write_text(json.dumps({**previous, **figures}, indent=2, ensure_ascii=False) + "\n")


@pytest.fixture(scope="module")
def cluster():
    reason = es_service.missing_tools()
    if reason:
        pytest.skip(reason)
    FIGURES.unlink(missing_ok=True)
    started = time.monotonic()
    cluster = es_service.Cluster(nodes=3).start()
    try:
        write_figures(cluster_start_s=round(time.monotonic() - started, 1))
        yield cluster
    finally:
        used = resource.getrusage(resource.RUSAGE_SELF)
        write_figures(
            nodes_cpu_s=round(cluster.cpu_seconds_used(), 1), test_process_cpu_s=round(used.ru_utime + used.ru_stime, 1)
        )
        cluster.stop()


@pytest.fixture(scope="module")
def failover(cluster, module_db):
    """The crash under load: the demo's services and 16 more indexed on the cluster, then searches and
    changes while the node holding the primary copy is killed, then the queue drained. Returns what the
    tests check."""
    search = {
        **settings.SEARCH,
        "ENGINE": "elasticsearch",
        "INDEX_PREFIX": f"test-failover-{uuid.uuid4().hex[:8]}",
        # The defaults a deployment gets (replicas "auto", 2 retries), with a timeout for a busy machine.
        "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": cluster.url, "timeout": 30, "replicas": "auto"},
    }
    assert search["ELASTICSEARCH"]["retries"] == 2
    overridden = override_settings(SEARCH=search, TASKS=DATABASE_QUEUE, SEARCH_LIVE_INDEXING=True)
    overridden.enable()
    retries = RetryCounter()
    transport_log = logging.getLogger("elastic_transport.transport")
    transport_log.addHandler(retries)
    reset_engine()
    try:
        call_command("load_demo", "--only", "core", stdout=open(os.devnull, "w"))
        demo_mapping.load(open(os.devnull, "w"))
        templates = list(Service.objects.order_by("pk"))
        for number in range(ADDED_SERVICES):
            added_service(templates[number % len(templates)], number)
        call_command("search_index", "rebuild", "--no-progress", stdout=open(os.devnull, "w"))
        engine = get_engine()
        client = engine.client
        [index] = client.indices.get_alias(name=engine.read_alias)
        layout = client.indices.get_settings(index=index)[index]["settings"]["index"]
        assert client.cluster.health(index=index, wait_for_status="green", timeout="60s")["status"] == "green"
        expected = {text: engine.search(Query(text=text, audiences=READERS, thesaurus=False)).total for text in QUERIES}
        assert all(expected.values()), expected

        [primary] = [copy for copy in client.cat.shards(index=index, format="json") if copy["prirep"] == "p"]
        victim = int(primary["node"].removeprefix("node_"))
        master = client.cat.master(format="json")[0]["node"]
        tasks_before = set(search_tasks().values_list("pk", flat=True))
        searcher = Searcher(engine, expected)
        searcher.start()
        for round_number in range(ROUNDS_BEFORE_CRASH):
            change_services(round_number)
            run_worker()
        cluster.kill(victim)
        killed_at = time.monotonic()
        yellow = HealthWatch(cluster.url, "yellow", cluster.nodes - 1)
        yellow.start()
        rounds = ROUNDS_BEFORE_CRASH
        while rounds < ROUNDS_AT_MOST:
            change_services(rounds)
            run_worker()
            rounds += 1
            if yellow.reached_at and rounds >= ROUNDS_BEFORE_CRASH + ROUNDS_AFTER_YELLOW:
                break
        yellow.join()
        searcher.finish.set()
        searcher.join()
        call_command("search_index", "drain", stdout=open(os.devnull, "w"))
        queued, retried_writes = attempts(search_tasks().exclude(pk__in=tasks_before))
        figures = {
            "victim": f"node_{victim} (held the primary copy{'; was the elected master' if master == primary['node'] else ''})",
            "rounds_of_changes": rounds,
            "searches": len(searcher.searches),
            "searches_after_crash": sum(1 for started, _ended, _error in searcher.searches if started >= killed_at),
            "searches_failed": sum(1 for *_times, error in searcher.searches if error),
            "searches_failed_after_yellow": [
                error for started, _ended, error in searcher.searches if error and started >= (yellow.reached_at or 0)
            ],
            "search_retries": retries.by_thread.get(searcher.name, 0),
            "client_retries_all_threads": sum(retries.by_thread.values()),
            "searcher_cpu_s": round(searcher.cpu_s, 1),
            "slowest_search_ms": round(1000 * max(ended - started for started, ended, _error in searcher.searches)),
            "writes_queued": queued,
            "writes_retried_later": retried_writes,
            "writes_failed": search_tasks().filter(status=TaskResultStatus.FAILED).count(),
            "writes_waiting_after_drain": search_tasks().filter(status=TaskResultStatus.READY).count(),
            "yellow_after_s": round(yellow.reached_at - killed_at, 2) if yellow.reached_at else None,
        }
        differing = records_differing(engine)
        figures["writes_lost"] = len(differing)
        write_figures(**figures)
        yield {
            "keys": sources.all_keys(),
            "engine": engine,
            "index": index,
            "layout": layout,
            "victim": victim,
            "figures": figures,
            "differing": differing,
            "killed_at": killed_at,
            "yellow_at": yellow.reached_at,
            "searches": searcher.searches,
        }
    finally:
        transport_log.removeHandler(retries)
        reset_engine()
        overridden.disable()


def test_a_crashed_node_fails_no_search_once_yellow_and_loses_no_write(failover):
    figures = failover["figures"]
    # "auto" on three data nodes: one copy of the shard on a second node, so losing one node loses nothing.
    assert (failover["layout"]["auto_expand_replicas"], failover["layout"]["number_of_replicas"]) == ("0-1", "1")
    # The crash came in the middle of the load: searches and changes on both sides of it.
    assert failover["searches"][0][0] < failover["killed_at"] and figures["searches_after_crash"] > 20
    assert figures["rounds_of_changes"] > ROUNDS_BEFORE_CRASH
    assert failover["yellow_at"] is not None, "the cluster never reported yellow with the two nodes left"
    assert figures["searches_failed_after_yellow"] == []
    # Every change was queued, none failed for good, and the drained queue left the index as the database is.
    assert figures["writes_queued"] > 0
    assert figures["writes_failed"] == figures["writes_waiting_after_drain"] == 0
    assert failover["differing"] == []


def test_the_restarted_node_rejoins_and_the_cluster_returns_to_green_with_the_same_counts(failover, cluster):
    engine, index = failover["engine"], failover["index"]
    client = engine.client
    before = client.count(index=index)["count"]
    started = time.monotonic()
    cluster.start_node(failover["victim"])
    health = client.cluster.health(index=index, wait_for_status="green", wait_for_nodes="3", timeout="90s")
    green_after = time.monotonic() - started
    write_figures(green_after_restart_s=round(green_after, 2))
    assert (health["status"], health["number_of_nodes"], health["timed_out"]) == ("green", 3, False)
    keys = failover["keys"]  # the database's records once the queue had drained
    assert before == len(keys) == client.count(index=index)["count"]
    # Each copy of the shard, read on its own node, holds every record: the returning copy caught up.
    copies = client.cat.shards(index=index, format="json")
    assert sorted(copy["prirep"] for copy in copies) == ["p", "r"] and {copy["state"] for copy in copies} == {"STARTED"}
    for copy in copies:
        found = {
            hit["_id"]
            for hit in helpers.scan(
                client,
                index=index,
                query={"query": {"match_all": {}}},
                _source=False,
                preference=f"_only_nodes:{copy['node']}",
            )
        }
        assert found == keys, copy["node"]
