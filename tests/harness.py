"""pytest plugin loaded before Django: picks the database, and makes real-part skips fatal in CI.

`--database=postgres` (or KMS_TEST_DATABASE=postgres) starts a private PostgreSQL
cluster before Django reads its settings. On SQLite the `postgres`-marked tests are
deselected. With CI=true, a skipped `elasticsearch`, `postgres` or `browser` test
is reported as a failure: CI must prove the real parts, not step around them.
"""

import os

import pytest

REAL_PART_MARKERS = ("elasticsearch", "postgres", "browser")
_cluster = None


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def pytest_addoption(parser):
    parser.addoption(
        "--database",
        choices=["sqlite", "postgres"],
        default=os.environ.get("KMS_TEST_DATABASE", "sqlite"),
        help="database for the run: sqlite (default) or postgres (a private cluster under build/pg)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    global _cluster
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    database = early_config.known_args_namespace.database
    os.environ["KMS_TEST_DATABASE"] = database  # the test settings keep each pass's files apart
    if database != "postgres" or os.environ.get("DATABASE_URL"):
        return
    from tests.services.postgres import PrivateCluster

    _cluster = PrivateCluster().start()
    os.environ["DATABASE_URL"] = _cluster.url


def pytest_unconfigure(config):
    if _cluster is not None:
        _cluster.stop(quiet=True)


def uses_database(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return marker is not None or any(name in fixtures for name in ("db", "transactional_db", "live_server"))


def runs_on_postgres(item):
    """The tests whose outcome can depend on the database engine: `postgres` (PostgreSQL only) and
    `both_databases` (queries and permission filters, constraints, transactions and on-commit hooks, query
    counts, bulk imports, hostile values stored or looked up), when they touch the database at all."""
    marked = item.get_closest_marker("postgres") or item.get_closest_marker("both_databases")
    return marked is not None and uses_database(item)


def pytest_collection_modifyitems(config, items):
    """On SQLite, the `postgres`-marked tests are deselected. On PostgreSQL, only what can differ between the
    two databases runs (see `runs_on_postgres`); rendering, feeds, the browser, the engines and the demo prove
    nothing new there. KMS_PG_ALL=1 runs every test that touches the database on PostgreSQL."""
    on_postgres = config.getoption("database") == "postgres"
    everything = os.environ.get("KMS_PG_ALL") == "1"
    kept, dropped = [], []
    for item in items:
        if on_postgres:
            drop = not (uses_database(item) if everything else runs_on_postgres(item))
        else:
            drop = item.get_closest_marker("postgres") is not None
        (dropped if drop else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = sorted(kept, key=run_order)


def run_order(item):
    """First what needs no database, while the migrated template the database tests copy is being made
    (tests/run.sh starts it beside the passes; a fresh clone's first database test waited 23 s for it on
    both workers); of that, what needs no Elasticsearch node either, while the node starts. Then the slow
    tests: spread over the workers while the many quick ones fill in around them, rather than one of them
    starting last and keeping a worker busy alone at the end."""
    return (
        # A module's own database fixture (tests/conftest.py, module_db) waits for the template too.
        uses_database(item) or "django_db_setup" in getattr(item, "fixturenames", ()),
        item.get_closest_marker("elasticsearch") is not None,
        item.get_closest_marker("slow") is None,
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci():
        markers = [name for name in REAL_PART_MARKERS if item.get_closest_marker(name)]
        if markers:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            report.outcome = "failed"
            report.longrepr = f"CI=true: a {'/'.join(markers)} test may not be skipped ({reason})"


def pytest_report_header(config):
    database = os.environ.get("DATABASE_URL", "sqlite (embedded)")
    return [f"kms database: {database}", f"kms CI mode: {in_ci()}"]


SLOW_SECONDS = 3.0
_test_seconds = {}


def pytest_runtest_logreport(report):
    if "slow" not in report.keywords:
        _test_seconds[report.nodeid] = _test_seconds.get(report.nodeid, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter):
    """Names the tests over SLOW_SECONDS (setup, call and teardown) that carry no `slow` marker.

    A report, not a failure: the machine is shared and noisy, and speed is judged by benchmarks.
    """
    over = sorted(((s, n) for n, s in _test_seconds.items() if s > SLOW_SECONDS), reverse=True)
    if over:
        terminalreporter.section(f"tests over {SLOW_SECONDS:.0f} s without the slow marker")
        for seconds, nodeid in over:
            terminalreporter.write_line(f"{seconds:6.1f}s {nodeid}")
