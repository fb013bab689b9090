"""Page cache benchmark over HTTP: requests per second and latency of a news page served from the page cache
(kms/pagecache.py), and of the same page rendered every time, on gunicorn with 2 workers.

Run with `make bench` (or `.venv/bin/python -m pytest tests/bench/bench_page_cache.py -q -s`).
The site runs as on one machine in production: gunicorn (2 sync workers), DEBUG off, the default SQLite
database (a copy of the migrated test template with the demo's pages loaded) and the default file-based
page cache. BENCH_CONCURRENCY clients (10) each send one request after another for BENCH_SECONDS (10),
each over a new connection (gunicorn's sync workers close it after the answer); the clients are processes
of their own, so their work does not wait on this process. The "uncached" run asks for the same page with
a query parameter that is no filter, which the cache never stores: the page is rendered for each request.
Prints lines starting with BENCH; asserts only that every answer was a 200 (and a hit, where cached), never
anything about time.
"""

import http.client
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.services.template_db import sqlite_template

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "10"))
WORKERS = 2


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn serving the demo's pages from a SQLite file; yields (port, news page path)."""
    folder = tmp_path_factory.mktemp("page-cache-bench")
    database = folder / "db.sqlite3"
    shutil.copy(sqlite_template(), database)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kms.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "PAGE_CACHE_URL": f"filecache://{folder / 'page-cache'}?max_entries=20000",
        "MEDIA_ROOT": str(folder / "media"),
        "KMS_PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
        "SEARCH_EMBEDDED_PATH": str(folder / "search.sqlite3"),
        "SEARCH_EMBEDDINGS_CACHE": "",
        "SEARCH_SEMANTIC": "false",
    }
    _manage(env, "load_demo", "--only", "pages")
    news = _manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from cms_pages.models import NewsPage; "
        "print(NewsPage.objects.live().public().filter(locale__language_code='en').order_by('path').first().url)",
    ).strip()
    port = _free_port()
    log = open(folder / "gunicorn.log", "w")
    gunicorn = [str(Path(sys.executable).with_name("gunicorn")), "kms.wsgi:application"]
    process = subprocess.Popen(
        [*gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 300  # a busy machine starts slowly
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=30).read()
                break
            except OSError:  # not listening yet
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "gunicorn.log").read_text()) from None
                time.sleep(0.3)
        yield port, news, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _client(port, path, seconds):
    """One client: requests one after another until time is up; [(seconds, status, X-Cache)]."""
    results = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        results.append((time.perf_counter() - started, response.status, response.getheader("X-Cache")))
    return results


def cpu_seconds(master):
    """CPU time (user and system) the gunicorn workers have used so far: what the site costs per request,
    whatever else the machine is busy with."""
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime and stime, the 14th and 15th fields
    return total / os.sysconf("SC_CLK_TCK")


def load(port, path, master):
    """(requests/s, p50 ms, p95 ms, p99 ms, server CPU ms per request, statuses, X-Cache values) for
    CONCURRENCY clients over SECONDS."""
    context = multiprocessing.get_context("fork")
    cpu_before, started = cpu_seconds(master), time.perf_counter()
    with context.Pool(CONCURRENCY) as pool:
        runs = pool.starmap(_client, [(port, path, SECONDS)] * CONCURRENCY)
    elapsed, cpu = time.perf_counter() - started, cpu_seconds(master) - cpu_before
    results = [result for run in runs for result in run]
    timings = sorted(seconds * 1000 for seconds, _status, _cache in results)
    centiles = statistics.quantiles(timings, n=100)
    statuses = {status for _seconds, status, _cache in results}
    caches = {cache for _seconds, _status, cache in results}
    per_request = cpu * 1000 / len(results)
    return len(results) / elapsed, statistics.median(timings), centiles[94], centiles[98], per_request, statuses, caches


def test_cached_news_page_over_http(server):
    port, news, master = server
    for _warm in range(3):  # the first request renders and stores the page, in each worker's first go
        urllib.request.urlopen(f"http://127.0.0.1:{port}{news}", timeout=30).read()
    lines = [
        f"BENCH page cache: gunicorn {WORKERS} sync workers, DEBUG off, SQLite, file-based page cache; "
        f"{CONCURRENCY} concurrent clients for {SECONDS:g} s each, a new connection per request; "
        f"machine load average {', '.join(f'{value:.1f}' for value in os.getloadavg())} on {os.cpu_count()} CPUs"
    ]
    for label, path, expected_cache in (("cached", news, {"hit"}), ("uncached", f"{news}?bench=1", {None})):
        rate, p50, p95, p99, cpu, statuses, caches = load(port, path, master)
        assert statuses == {200} and caches == expected_cache
        lines.append(
            f"BENCH news page {label:<8} {rate:7.1f} req/s  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  p99 {p99:6.2f} ms  "
            f"server CPU {cpu:5.2f} ms/request  {path}"
        )
    print("\n" + "\n".join(lines))
