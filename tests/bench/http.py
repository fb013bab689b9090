"""The HTTP benchmark: gunicorn (2 workers) and the task worker on PostgreSQL, loaded by locust.

Run with `make bench` (tests/bench/bench_http.py calls `main`) or alone:
`.venv/bin/python -m tests.bench.http`. Settings come from the environment:

- BENCH_HTTP_SIZES (default "10000"): corpus sizes (tests/bench/corpus.py, seeded), one after the other;
- BENCH_HTTP_CONCURRENCY (default "1,10,50"): simultaneous readers (locust users, no think time);
- BENCH_HTTP_SECONDS (default 15): how long each figure is loaded;
- BENCH_HTTP_DATABASE (default "postgres"): "postgres" starts a private cluster under build/bench/pg
  (tests/services/postgres.py, Debian's server, fsync off as in the suite), "sqlite" a file;
- BENCH_HTTP_SEMANTIC (default "1"): semantic ranking on, as production's default (every record is
  encoded when indexed; the vectors are cached in build/bench/embeddings.sqlite3 between runs);
- BENCH_HTTP_WAGTAIL_BUDGET_S (default 600): a Wagtail index build that would take longer is skipped,
  and the table says so;
- BENCH_HTTP_PAGES (default "1"): "0" leaves the pages out;
- ELASTICSEARCH_URL: the node to use (the suite's shared node; required).

For each size, in one run: the demo site (`load_demo`) and the corpus are loaded once; the corpus
is bulk indexed into Elasticsearch, the embedded engine and Wagtail's database search (the
records stored as `LibraryDocument` rows, their title and full text indexed by Wagtail's own
database backend, PostgreSQL full-text search here); then for each engine gunicorn serves the
site (production settings, 2 sync workers) beside the task worker (`task_worker`, a task per core, on
PostgreSQL), and locust asks:

- the search API, `/api/v1/search?q=...` over tests/bench/corpus.QUERIES, at each concurrency;
  Wagtail's database search is asked through `/bench/wagtail-search?q=...` (tests/bench/http_wsgi.py:
  `backend.search(q, LibraryDocument)[:20]` and its count as JSON; no facets, snippets or versions);
- (on the Elasticsearch server) the home, news list, news item, document, country and search pages,
  at concurrency 10, "cached" (the same URLs again: whatever page cache the site has serves them)
  and "uncached" (a query parameter no page reads, new on every request, so a cache keyed by URL
  misses; the `X-Cache` header values seen are counted, "-" where there is none).

Also: bulk index rate per engine, PDF extraction pages/s (PDFium in one process, pypdf in one
process, PDFium over a pool of one process per core, and through the sandbox uploads take, one file
and KMS_EXTRACTION_CONCURRENCY files at a time) and the peak RSS of gunicorn's workers, of their helper processes and
the task worker, sampled every 0.2 s. The machine's load average is printed beside the figures.
The table is printed and everything written to build/bench/http-<size>.json. Times are never
asserted: a failed request is counted and shown.
"""

import concurrent.futures
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "bench"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
SECRET = "bench-only-secret-" + "x" * 40
WAGTAIL_PATH = "/bench/wagtail-search"


def settings_from_environment():
    return {
        "sizes": [int(size) for size in os.environ.get("BENCH_HTTP_SIZES", "10000").split(",") if size.strip()],
        "concurrency": [int(c) for c in os.environ.get("BENCH_HTTP_CONCURRENCY", "1,10,50").split(",") if c.strip()],
        "seconds": int(os.environ.get("BENCH_HTTP_SECONDS", "15")),
        "database": os.environ.get("BENCH_HTTP_DATABASE", "postgres"),
        "semantic": os.environ.get("BENCH_HTTP_SEMANTIC", "1") == "1",
        "wagtail_budget_s": float(os.environ.get("BENCH_HTTP_WAGTAIL_BUDGET_S", "600")),
        "elasticsearch": os.environ.get("ELASTICSEARCH_URL", ""),
        "pages": os.environ.get("BENCH_HTTP_PAGES", "1") == "1",
    }


def say(message):
    print(f"BENCH http [{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the site's environment ---------------------------------------------------------------------


def site_environment(config, size, database_url, engine="elasticsearch"):
    work = OUT / f"http-{size}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kms.settings.production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(work / "media"),
        "KMS_PRIVATE_MEDIA_ROOT": str(work / "private-media"),
        # The page cache (where the site has one) starts empty in each run: no page of an earlier database.
        "PAGE_CACHE_URL": f"filecache://{work / 'page-cache'}?max_entries=20000",
        "SEARCH_ENGINE": engine,
        "SEARCH_EMBEDDED_PATH": str(work / "search.sqlite3"),
        "SEARCH_INDEX_PREFIX": f"bench-http-{size}",
        "SEARCH_EMBEDDINGS_CACHE": str(OUT / "embeddings.sqlite3"),
        "SEARCH_SEMANTIC": "True" if config["semantic"] else "False",
        "ELASTICSEARCH_URL": config["elasticsearch"],
        "LOG_LEVEL": "WARNING",
        # As behind a proxy: locust gives every request its own address (tests/bench/locustfile.py).
        "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env, *args):
    say(f"manage.py {' '.join(args)}")
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


# --- preparing one size (runs in a child process with the site's environment) --------------------


def prepare(size, report_path):
    """Demo site, corpus in both engines and in Wagtail's database search; figures to `report_path`."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from search.engines.elasticsearch import ElasticsearchEngine, client_from_settings
    from search.engines.embedded import EmbeddedEngine
    from tests.bench.corpus import make_corpus

    report = {"bulk_index": {}}
    call_command("load_demo", verbosity=0)
    report["pages"] = page_paths()
    report["queries"] = search_queries()
    say(f"{size}: making the corpus")
    corpus = make_corpus(size)
    search = settings.SEARCH
    engines = {
        "elasticsearch": ElasticsearchEngine(
            client_from_settings(search["ELASTICSEARCH"]), prefix=search["INDEX_PREFIX"], ranking=search["RANKING"]
        ),
        "embedded": EmbeddedEngine(search["EMBEDDED_PATH"], ranking=search["RANKING"]),
    }
    for name, engine in engines.items():
        engine.drop()
        started, done = time.perf_counter(), [0]

        def progress(step, name=name, started=started, done=done):
            done[0] += step
            if done[0] % 2000 == 0:
                rate = done[0] / (time.perf_counter() - started)
                say(f"{size}: {name} bulk index {done[0]}/{size} ({rate:.0f} records/s)")

        written = engine.rebuild(iter(corpus), progress=progress)
        seconds = time.perf_counter() - started
        report["bulk_index"][name] = {"records": written, "seconds": seconds, "records_per_s": written / seconds}
        say(f"{size}: {name} indexed {written} records in {seconds:.1f} s ({written / seconds:.0f} records/s)")
    report["bulk_index"]["wagtail"] = wagtail_index(corpus)
    report["extraction"] = extraction_rates()
    Path(report_path).write_text(json.dumps(report))


def drop():
    import django

    django.setup()
    from django.conf import settings

    from search.engines.elasticsearch import ElasticsearchEngine, client_from_settings

    search = settings.SEARCH
    ElasticsearchEngine(client_from_settings(search["ELASTICSEARCH"]), prefix=search["INDEX_PREFIX"]).drop()


def page_paths():
    from django.urls import reverse
    from django.utils import translation

    from cms_pages.models import CountryPage, DocumentPage, NewsIndexPage, NewsPage
    from tests.accessibility.site import public_page

    with translation.override("en"):
        search = reverse("search:search")
    return {
        "home": "/en/",
        "news list": public_page(NewsIndexPage, "en").url,
        "news item": public_page(NewsPage, "en").url,
        "document": public_page(DocumentPage, "en").url,
        "country": public_page(CountryPage, "en").url,
        "search": f"{search}?q=returnees",
    }


def full_text_library_document():
    """LibraryDocument with its extracted text indexed too (its own search_fields are the title and tags):
    the full-text baseline a Wagtail site gets from its database backend."""
    from wagtail.search import index

    from cms_pages.models import LibraryDocument

    if not any(getattr(field, "field_name", "") == "extracted_text" for field in LibraryDocument.search_fields):
        LibraryDocument.search_fields = [*LibraryDocument.search_fields, index.SearchField("extracted_text")]
    return LibraryDocument


def wagtail_index(corpus):
    from wagtail.models import Collection
    from wagtail.search.backends import get_search_backend

    document = full_text_library_document()
    backend = get_search_backend()
    collection = Collection.get_first_root_node()
    started = time.perf_counter()
    document.objects.bulk_create(
        (
            document(
                title=record.title[:255],
                file=f"documents/bench-{number}.pdf",
                collection=collection,
                language=record.language,
                extracted_text=f"{record.summary}\n\n{record.body}",
                extraction_status="ok",
            )
            for number, record in enumerate(corpus)
        ),
        batch_size=2000,
    )
    pks = list(document.objects.order_by("pk").values_list("pk", flat=True))
    objects = document.get_indexed_objects()
    budget = float(os.environ.get("BENCH_HTTP_WAGTAIL_BUDGET_S", "600"))
    indexed = 0
    for start in range(0, len(pks), 2000):
        chunk = pks[start : start + 2000]
        backend.add_bulk(document, list(objects.filter(pk__in=chunk)))
        indexed += len(chunk)
        elapsed = time.perf_counter() - started
        say(f"wagtail database search: indexed {indexed}/{len(pks)} ({indexed / elapsed:.0f} records/s)")
        if elapsed > budget and indexed < len(pks):
            return {"records": indexed, "seconds": elapsed, "records_per_s": indexed / elapsed, "stopped": True}
    elapsed = time.perf_counter() - started
    return {
        "records": indexed,
        "seconds": elapsed,
        "records_per_s": indexed / elapsed,
        "backend": f"{type(backend).__module__}.{type(backend).__name__}",
    }


def _extract_one(data):
    from search.extraction import PdfExtractor

    return PdfExtractor().extract(data).pages


def extraction_rates(pages=200, rounds=3):
    """Pages/s of a 200-page PDF: PDFium and pypdf in one process, PDFium over one process per core, and
    through the sandbox uploads take (`extract_in_child`), one file and KMS_EXTRACTION_CONCURRENCY files at a time."""
    import io

    from django.conf import settings
    from pypdf import PdfReader

    from search.extraction import PdfExtractor
    from tests.bench.bench_extraction import PARAGRAPHS, sandbox_rates
    from tests.search import files

    data = files.pdf([[f"Page {n}", *PARAGRAPHS, *PARAGRAPHS[:2]] for n in range(1, pages + 1)], font_size=10)

    def best(read, pages_read):
        timings = []
        for _round in range(rounds):
            started = time.perf_counter()
            read()
            timings.append(time.perf_counter() - started)
        return pages_read / min(timings)

    extractor = PdfExtractor()
    one = best(lambda: extractor.extract(data), pages)
    pypdf = best(lambda: [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages], pages)
    cores = os.cpu_count() or 1
    with concurrent.futures.ProcessPoolExecutor(cores) as pool:
        list(pool.map(_extract_one, [data] * cores))  # start the processes and load PDFium
        pooled = best(lambda: list(pool.map(_extract_one, [data] * cores * 2)), pages * cores * 2)
    figures = {"pdfium_pages_per_s": one, "pypdf_pages_per_s": pypdf, "pdfium_pool_pages_per_s": pooled}
    figures["pool_processes"] = cores
    # The path uploads and imports take: a sandboxed child per file, one at a time and N at a time.
    figures.update(sandbox_rates(data, pages, settings.KMS_EXTRACTION_CONCURRENCY, rounds))
    figures["sandbox_concurrency"] = settings.KMS_EXTRACTION_CONCURRENCY
    say(
        f"extraction: PDFium {one:.0f} pages/s, pypdf {pypdf:.0f}, PDFium x{cores} processes {pooled:.0f} "
        f"({one / pypdf:.1f}x and {pooled / pypdf:.1f}x pypdf); sandbox {figures['sandbox_pages_per_s']:.0f}, "
        f"x{settings.KMS_EXTRACTION_CONCURRENCY} {figures['sandbox_pool_pages_per_s']:.0f}"
    )
    return figures


# --- serving and loading ------------------------------------------------------------------------


def worker_command(env):
    """The task worker the site runs: `task_worker` (a task per core) on PostgreSQL; `db_worker` (one task at a
    time) on SQLite, whose single writer would keep the other threads waiting."""
    if env.get("DATABASE_URL", "").startswith("postgres"):
        return ["task_worker", "--threads", str(os.cpu_count() or 1)]
    return ["db_worker"]


class Server:
    """gunicorn (2 workers) and the task worker with one environment; peak RSS of each, sampled."""

    def __init__(self, env, wsgi="tests.bench.http_wsgi:application"):
        self.env, self.wsgi = env, wsgi
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.peaks = {"web": 0, "helper": 0, "worker": 0}
        self._stop = threading.Event()

    def __enter__(self):
        log = open(OUT / "gunicorn.log", "a")
        self.web = subprocess.Popen(
            [str(BIN / "gunicorn"), self.wsgi, "-w", "2", "-b", f"127.0.0.1:{self.port}", "--timeout", "120"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", *worker_command(self.env), "--interval", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(self.url + "/en/", timeout=30).read()
                break
            except OSError:
                if time.monotonic() > deadline or self.web.poll() is not None:
                    raise RuntimeError("gunicorn did not answer; see build/bench/gunicorn.log") from None
                time.sleep(0.5)
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def warm(self, paths):
        """One untimed request per path (templates, connections, the engine's caches: not what readers meet)."""
        for path in paths:
            try:
                urllib.request.urlopen(self.url + path, timeout=120).read()
            except OSError as error:
                say(f"warm-up {path}: {error}")

    def _sample(self):
        import psutil

        web, worker = psutil.Process(self.web.pid), psutil.Process(self.worker.pid)
        while not self._stop.wait(0.2):
            try:
                for child in web.children():
                    self.peaks["web"] = max(self.peaks["web"], child.memory_info().rss)
                    # A web worker's helper process: the embedded engine's, on a large index
                    # (search/engines/fts_scoring.py).
                    for helper in child.children():
                        self.peaks["helper"] = max(self.peaks["helper"], helper.memory_info().rss)
                self.peaks["worker"] = max(self.peaks["worker"], worker.memory_info().rss)
            except psutil.Error:
                pass

    def __exit__(self, *exc):
        self._stop.set()
        for process in (self.web, self.worker):
            process.send_signal(signal.SIGTERM)
        for process in (self.web, self.worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def load(server, name, paths, concurrency, seconds, unique=False):
    """Locust headless against `paths`; p50/p95/p99 ms, requests/s, failures, X-Cache counts."""
    prefix = OUT / "locust" / name.replace(" ", "-").replace("/", "-")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    cache_report = f"{prefix}-cache.json"
    env = {
        **os.environ,
        "BENCH_PATHS": json.dumps(paths),
        "BENCH_UNIQUE": "1" if unique else "0",
        "BENCH_CACHE_REPORT": cache_report,
        "BENCH_NAME": name,
    }
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "--only-summary",
            "-u",
            str(concurrency),
            "-r",
            str(concurrency),
            "-t",
            f"{seconds}s",
            "--host",
            server.url,
            "--csv",
            str(prefix),
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv") as stats:
        row = next((r for r in csv.DictReader(stats) if r["Name"] == name), None)
    if row is None:  # not one request finished in the time given
        row = {"Request Count": 0, "Failure Count": 0, "50%": "nan", "95%": "nan", "99%": "nan", "Requests/s": 0}
    figures = {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "requests_per_s": float(row["Requests/s"]),
        "load_average": load_average(),
    }
    if Path(cache_report).exists():
        figures["x_cache"] = json.loads(Path(cache_report).read_text())
    say(
        f"{name} c={concurrency}: p50 {figures['p50_ms']:.0f} ms p95 {figures['p95_ms']:.0f} p99 {figures['p99_ms']:.0f}"
        f" {figures['requests_per_s']:.1f} req/s, {figures['failures']}/{figures['requests']} failed"
        f" (load {figures['load_average']})"
    )
    return figures


def search_queries():
    from urllib.parse import quote

    from tests.bench.corpus import QUERIES

    return [quote(query.text) for query in QUERIES]


def search_paths(api, queries):
    return [f"{api}?q={query}" for query in queries]


# --- one run ------------------------------------------------------------------------------------


def database(config, size):
    if config["database"] == "sqlite":
        path = OUT / f"http-{size}" / "db.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}", None
    from tests.services.postgres import PrivateCluster

    cluster = PrivateCluster(OUT / "pg").start()
    subprocess.run(
        [
            str(cluster.bindir / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-c",
            "CREATE DATABASE kms",
        ],
        check=True,
        capture_output=True,
    )
    return cluster.url, cluster


def run_size(config, size):
    work = OUT / f"http-{size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    database_url, cluster = database(config, size)
    result = {"size": size, "database": config["database"], "semantic": config["semantic"], "cpus": os.cpu_count()}
    env = site_environment(config, size, database_url)
    result["worker"] = worker_command(env)[0]
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        if (ROOT / "staticfiles" / "staticfiles.json").exists():
            say("static files already collected (staticfiles/staticfiles.json; delete it to collect again)")
        else:
            manage(env, "collectstatic", "--noinput", "-v", "0")
        report_path = work / "prepare.json"
        say(f"{size}: loading the demo and indexing the corpus (load average {load_average()})")
        subprocess.run(
            [PYTHON, "-m", "tests.bench.http", "prepare", str(size), str(report_path)], cwd=ROOT, env=env, check=True
        )
        # The tasks the demo queued (search and reference indexing) are done before anything is timed.
        manage(env, *worker_command(env), "--batch", "--no-startup-delay")
        prepared = json.loads(report_path.read_text())
        result.update(prepared, page_paths=prepared.pop("pages"), queries=prepared.pop("queries"))
        result["search"], result["pages"], result["rss"] = {}, {}, {}
        api_paths = search_paths("/api/v1/search", result["queries"])
        for engine in ("elasticsearch", "embedded", "wagtail"):
            engine_env = site_environment(config, size, database_url, "embedded" if engine == "wagtail" else engine)
            with Server(engine_env) as server:
                paths = search_paths(WAGTAIL_PATH, result["queries"]) if engine == "wagtail" else api_paths
                server.warm(paths)
                result["search"][engine] = {
                    str(c): load(server, f"search {engine} {size} c{c}", paths, c, config["seconds"])
                    for c in config["concurrency"]
                }
                if engine == "elasticsearch" and config["pages"]:
                    result["pages"] = measure_pages(server, result["page_paths"], config)
            result["rss"][engine] = {name: peak / 2**20 for name, peak in server.peaks.items()}
    finally:
        if cluster is not None:
            cluster.stop(quiet=True)
        # The benchmark's Elasticsearch index is not left on the shared node.
        subprocess.run([PYTHON, "-m", "tests.bench.http", "drop", str(size)], cwd=ROOT, env=env, check=False)
    result["load_average_end"] = load_average()
    return result


def measure_pages(server, pages, config):
    figures = {}
    for label, path in pages.items():
        figures[label] = {"path": path}
        server.warm([path])
        for mode, unique in (("cached", False), ("uncached", True)):
            figures[label][mode] = load(server, f"page {label} {mode}", [path], 10, config["seconds"], unique=unique)
    return figures


# --- the table ----------------------------------------------------------------------------------


def table(result):
    size = result["size"]
    lines = [
        f"HTTP benchmark, {size} records, gunicorn 2 workers + {result['worker']} on {result['database']}, "
        f"semantic ranking {'on' if result['semantic'] else 'off'}, {result['cpus']} CPUs, "
        f"load average at the end {result['load_average_end']}",
        "",
        "search API            conc   p50 ms   p95 ms   p99 ms    req/s  failed",
    ]
    for engine, by_concurrency in result["search"].items():
        for concurrency, f in by_concurrency.items():
            lines.append(
                f"  {engine:<18} {concurrency:>5} {f['p50_ms']:8.0f} {f['p95_ms']:8.0f} {f['p99_ms']:8.0f}"
                f" {f['requests_per_s']:8.1f} {f['failures']:>4}/{f['requests']}"
            )
    es = result["search"].get("elasticsearch", {}).get("1")
    embedded = result["search"].get("embedded", {}).get("1")
    wagtail = result["search"].get("wagtail", {}).get("1")
    if es and embedded and wagtail:
        lines.append(
            f"  at concurrency 1, Wagtail's database search p50 / engine p50: Elasticsearch "
            f"{wagtail['p50_ms'] / es['p50_ms']:.1f}x, embedded {wagtail['p50_ms'] / embedded['p50_ms']:.1f}x"
        )
    lines += ["", "pages (concurrency 10)   mode       p50 ms   p95 ms   p99 ms    req/s  failed  X-Cache"]
    for label, modes in result["pages"].items():
        for mode in ("cached", "uncached"):
            f = modes[mode]
            cache = ", ".join(f"{k}:{v}" for k, v in sorted(f.get("x_cache", {}).items()))
            lines.append(
                f"  {label:<22} {mode:<9} {f['p50_ms']:8.0f} {f['p95_ms']:8.0f} {f['p99_ms']:8.0f}"
                f" {f['requests_per_s']:8.1f} {f['failures']:>4}/{f['requests']}  {cache}"
            )
    lines += ["", "bulk index                records   seconds  records/s"]
    for engine, f in result["bulk_index"].items():
        note = "  (stopped: over budget)" if f.get("stopped") else ""
        lines.append(f"  {engine:<22} {f['records']:>8} {f['seconds']:9.1f} {f['records_per_s']:10.0f}{note}")
    e = result["extraction"]
    lines += [
        "",
        f"extraction (200-page PDF)  PDFium {e['pdfium_pages_per_s']:.0f} pages/s, pypdf {e['pypdf_pages_per_s']:.0f}"
        f" ({e['pdfium_pages_per_s'] / e['pypdf_pages_per_s']:.1f}x); PDFium over {e['pool_processes']} processes"
        f" {e['pdfium_pool_pages_per_s']:.0f} ({e['pdfium_pool_pages_per_s'] / e['pypdf_pages_per_s']:.1f}x)",
        f"  through the sandbox (as uploads): 1 at a time {e['sandbox_pages_per_s']:.0f} pages/s"
        f" ({e['sandbox_pages_per_s'] / e['pypdf_pages_per_s']:.1f}x pypdf), {e['sandbox_concurrency']} at a time"
        f" {e['sandbox_pool_pages_per_s']:.0f} ({e['sandbox_pool_pages_per_s'] / e['pypdf_pages_per_s']:.1f}x)",
        "",
        "peak RSS (MiB)            web worker  its helper  task worker",
    ]
    for engine, peaks in result["rss"].items():
        helper = f"{peaks['helper']:10.0f}" if peaks.get("helper") else f"{'-':>10}"
        lines.append(f"  {engine:<22} {peaks['web']:10.0f}  {helper} {peaks['worker']:12.0f}")
    return "\n".join(lines)


def main():
    config = settings_from_environment()
    if not config["elasticsearch"]:
        raise SystemExit("ELASTICSEARCH_URL is needed (the node the site searches).")
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for size in config["sizes"]:
        say(f"{size} records: starting (load average {load_average()})")
        result = run_size(config, size)
        (OUT / f"http-{size}.json").write_text(json.dumps(result, indent=2))
        print("\n" + table(result) + "\n", flush=True)
        say(f"written to {OUT / f'http-{size}.json'}")
        results.append(result)
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["drop"]:
        drop()
    else:
        main()
