"""Search benchmark: the JSON API over Elasticsearch vs the embedded engine vs Wagtail's database search.

Run with `.venv/bin/python -m pytest tests/bench/bench_search.py -q -s` (BENCH_SIZES, default
"10000,100000"; BENCH_ROUNDS, default 2: how many times the query list is timed). Prints
lines starting with BENCH; asserts nothing about time, only that searches answer and find
something. For each corpus size (tests/bench/corpus.py, seeded):

1. bulk indexing: `engine.rebuild(records)` on Elasticsearch (the session's real node,
   tests/conftest.py) and on the embedded engine (a file in tmp), records/s;
2. the search API: `GET /api/v1/search?q=...` through Django's test client (anonymous,
   Accept-Language = the query's language, so reader_language is set as for a browser),
   p50/p95 wall time on each engine; the rate limiter stays in the path (its limit raised);
3. the API's overhead over Elasticsearch's own `took`: the engine's client is wrapped so
   that every search request the API makes records the `took` Elasticsearch reports;
   overhead = API wall time - sum of those `took`s (median). Split: Django view+JSON
   (API wall - the engine's wall time, which the API returns as took_ms) and engine
   (query encoding, client, DSL, HTTP, fusion: engine wall - sum of took);
4. the baseline a Wagtail site gets without this project: Wagtail's database search
   backend (`wagtail.search.backends.database`, SQLite FTS5 here) over the same records
   stored as `cms_pages.LibraryDocument` rows (bulk_create). Wagtail's document
   search_fields are title (+ tag names, + collection as a filter), and models may not be
   changed, so THE BASELINE SEARCHES TITLES ONLY: title = the record's title, the
   record's summary + body go to `extracted_text` (stored, not indexed by Wagtail).
   Timed as `backend.search(q, LibraryDocument)[:20]` evaluated plus `.count()`,
   called directly (no view, no JSON, no facets, no snippets, no language versions), so it
   is compared with the engines' own wall time (took_ms) as well as with the API.
   The index is built with `backend.add_bulk` in chunks; if the build is predicted (from
   a smaller size) or seen to take more than WAGTAIL_BUILD_BUDGET_S, that size is skipped.

Every engine answers the same ~50 queries (corpus.QUERIES: four languages, single words,
two words, inflected and unaccented forms, two typos).
"""

import gc
import os
import statistics
import time

import pytest

from search import views
from search.engine import get_engine, reset_engine
from tests.bench.corpus import QUERIES, describe, make_corpus

SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if size.strip()]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
WARMUP = len(QUERIES)  # one untimed pass over every query first (a cold JVM or page cache is not what readers meet)
WAGTAIL_QUERY_BUDGET_S = float(os.environ.get("BENCH_WAGTAIL_QUERY_BUDGET_S", "150"))
WAGTAIL_BUILD_BUDGET_S = float(os.environ.get("BENCH_WAGTAIL_BUDGET_S", "300"))
WAGTAIL_CHUNK = 5000

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

RESULTS = {}  # size -> {name: figures}
JVM_WARMUP_RECORDS = 5000


@pytest.fixture(scope="module")
def warm_elasticsearch(es_client):
    """Before the first size: bulk-index and query a throwaway corpus so the node's JVM is past JIT warm-up.

    Without it the first size measured pays the node's start-up (in a trial, 10k-record
    indexing ran at a fifth of the 100k rate and queries took twice as long as at 100k).
    """
    from search import thesaurus
    from search.engines.elasticsearch import ElasticsearchEngine
    from search.query import Query

    started = time.perf_counter()
    engine = ElasticsearchEngine(es_client, prefix=f"bench-warmup-{os.getpid()}")
    stored, thesaurus.source = thesaurus.source, thesaurus.reviewed_concepts  # no database before the test's
    try:
        engine.rebuild(iter(make_corpus(JVM_WARMUP_RECORDS, seed=7)))
        for _round in range(3):
            for query in QUERIES:
                engine.search(Query(text=query.text, reader_language=query.language))
    finally:
        thesaurus.source = stored
        engine.drop()
    print(
        f"\nBENCH elasticsearch JVM warm-up: {JVM_WARMUP_RECORDS} throwaway records indexed and "
        f"{3 * len(QUERIES)} searches in {time.perf_counter() - started:.0f} s (not measured)"
    )


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(values):
    return {"p50": statistics.median(values), "p95": percentile(values, 0.95), "max": max(values)}


def line(name, values, unit="ms"):
    s = summary(values)
    return f"{name:<44} p50 {s['p50']:8.2f} {unit}  p95 {s['p95']:8.2f} {unit}  max {s['max']:8.2f} {unit}  (n={len(values)}, load {os.getloadavg()[0]:.1f})"


def search_part(body):
    """Which of the engine's searches (search/engines/elasticsearch.py, `search`) a request body is: the
    rankings' round sends "words" (with the spelling suggester), "meaning" (kNN) and "thesaurus"; the
    second round "page" (highlights) and "facets" (aggregations); a words-only search is one request."""
    if "knn" in body:
        return "meaning"
    if "highlight" in body:
        return "page" if "aggs" not in body else "single"
    if "aggs" in body:
        return "facets"
    return "words" if "suggest" in body else "thesaurus"


class TookRecorder:
    """Wraps an Elasticsearch client's `search` and `msearch` so every request's server-side `took` (ms)
    is kept (a multi-search's own `took` covers its searches, which the node runs side by side), with the
    request's wall time seen here and each of its searches' own `took` (`parts`: one list per request of
    (search_part, took))."""

    def __init__(self, client):
        self.client = client
        self.tooks = []
        self.walls = []
        self.parts = []

    def _recording(self, original, multi):
        def call(*args, **kwargs):
            started = time.perf_counter()
            response = original(*args, **kwargs)
            self.walls.append((time.perf_counter() - started) * 1000)
            self.tooks.append(response.body.get("took", 0))
            if multi:
                bodies = (kwargs.get("searches") or kwargs.get("body") or [])[1::2]
                self.parts.append(
                    [
                        (search_part(body), answer.get("took", 0))
                        for body, answer in zip(bodies, response.body["responses"], strict=False)
                    ]
                )
            else:
                self.parts.append([(search_part(kwargs.get("body") or kwargs), response.body.get("took", 0))])
            return response

        return call

    def reset(self):
        self.tooks, self.walls, self.parts = [], [], []

    def __enter__(self):
        self.client.search = self._recording(self.client.search, multi=False)
        self.client.msearch = self._recording(self.client.msearch, multi=True)
        return self

    def __exit__(self, *exc):
        del self.client.search  # the instance attributes; the class methods show again
        del self.client.msearch


def time_api(client, took_recorder=None):
    """Warm up, then time every query ROUNDS times through the API. Per-request figures."""
    for query in QUERIES[:WARMUP]:
        client.get("/api/v1/search", {"q": query.text}, HTTP_ACCEPT_LANGUAGE=query.language)
    rows = []
    for _round in range(ROUNDS):
        for query in QUERIES:
            if took_recorder is not None:
                took_recorder.reset()
            started = time.perf_counter()
            response = client.get("/api/v1/search", {"q": query.text}, HTTP_ACCEPT_LANGUAGE=query.language)
            wall = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (query, response.status_code, response.content[:300])
            data = response.json()
            rows.append(
                {
                    "query": query,
                    "wall": wall,
                    "engine": data["took_ms"],
                    "total": data["total"],
                    "suggestion": data["suggestion"],
                    "es_took": list(took_recorder.tooks) if took_recorder is not None else None,
                    "es_walls": list(took_recorder.walls) if took_recorder is not None else None,
                    "es_parts": list(took_recorder.parts) if took_recorder is not None else None,
                }
            )
    return rows


def report_api(name, rows):
    walls = [row["wall"] for row in rows]
    engine = [row["engine"] for row in rows]
    first_round = rows[: len(QUERIES)]
    totals = [row["total"] for row in first_round]
    print(f"BENCH {line(f'{name} API wall', walls)}")
    print(f"BENCH {line(f'{name} engine.search wall (took_ms)', engine)}")
    print(
        f"BENCH {name} results: median total {statistics.median(totals):.0f} groups, "
        f"{sum(t == 0 for t in totals)}/{len(totals)} queries empty, "
        f"{sum(bool(row['suggestion']) for row in first_round)} suggestions"
    )
    per_query = {}
    for row in rows:
        per_query.setdefault(row["query"].text, []).append(row["engine"])
    return {
        "api": summary(walls),
        "engine": summary(engine),
        "totals": totals,
        "per_query": per_query,
        "by_shape": {
            shape: statistics.median(row["wall"] for row in rows if row["query"].shape == shape)
            for shape in dict.fromkeys(q.shape for q in QUERIES)
        },
    }


def report_rounds(size, rows):
    """Where a fused search's time goes: each round's wall time here and `took`, each search's own `took`
    (the node runs a round's searches side by side, so a round takes about its longest), and what each
    round costs beyond its `took` (HTTP, the node's parsing and serialising, the client's decoding)."""
    # A fused search's second request is the page and the facet counts (a words-only search may make a second
    # request too: the check of a spelling suggestion).
    fused = [
        row
        for row in rows
        if len(row["es_parts"]) >= 2 and {part for part, _ in row["es_parts"][1]} == {"page", "facets"}
    ]
    figures = {"fused_searches": len(fused), "searches": len(rows)}
    print(f"BENCH elasticsearch {size}: where a fused search's time goes ({len(fused)} of {len(rows)} searches)")
    if not fused:
        return figures
    for number, name in ((0, "rankings"), (1, "page + facets")):
        walls = [row["es_walls"][number] for row in fused]
        tooks = [row["es_took"][number] for row in fused]
        beyond = [wall - took for wall, took in zip(walls, tooks, strict=True)]
        print(f"BENCH {line(f'  round {number + 1} ({name}) wall', walls)}")
        print(f"BENCH {line(f'  round {number + 1} took', tooks)}")
        print(f"BENCH {line(f'  round {number + 1} wall - took', beyond)}")
        figures[f"round{number + 1}"] = {"wall": summary(walls), "took": summary(tooks), "beyond": summary(beyond)}
        parts = {}
        for row in fused:
            for part, took in row["es_parts"][number]:
                parts.setdefault(part, []).append(took)
        for part, tooks in parts.items():
            print(f"BENCH {line(f'    {part} took', tooks)}")
            figures[f"round{number + 1}"][part] = summary(tooks)
    return figures


def wagtail_baseline(size, corpus):
    """Bulk-create LibraryDocument rows, index them with Wagtail's database backend, time searches."""
    from django.db import connection
    from wagtail.models import Collection
    from wagtail.search.backends import get_search_backend

    from cms_pages.models import LibraryDocument

    backend = get_search_backend()
    print(
        f"BENCH wagtail backend: {type(backend).__module__}.{type(backend).__name__} on {connection.vendor}; "
        f"search fields of LibraryDocument: "
        f"{sorted({f.field_name for f in LibraryDocument.get_search_fields() if type(f).__name__ in ('SearchField', 'RelatedFields')})}"
    )
    previous = next(
        (r["wagtail"] for s, r in sorted(RESULTS.items()) if s < size and r.get("wagtail", {}).get("rate")), None
    )
    if previous and size / previous["rate"] > WAGTAIL_BUILD_BUDGET_S:
        print(
            f"BENCH wagtail {size}: skipped, index build predicted {size / previous['rate']:.0f} s "
            f"(> {WAGTAIL_BUILD_BUDGET_S:.0f} s) from {previous['rate']:.0f} records/s at a smaller size"
        )
        return {"skipped": f"predicted build {size / previous['rate']:.0f} s"}
    collection = Collection.get_first_root_node()
    started = time.perf_counter()
    LibraryDocument.objects.bulk_create(
        (
            LibraryDocument(
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
    rows_s = time.perf_counter() - started
    started, indexed = time.perf_counter(), 0
    pks = list(LibraryDocument.objects.order_by("pk").values_list("pk", flat=True))
    objects = LibraryDocument.get_indexed_objects()  # prefetches tags, as update_index does
    for start in range(0, len(pks), WAGTAIL_CHUNK):
        chunk = pks[start : start + WAGTAIL_CHUNK]
        backend.add_bulk(LibraryDocument, list(objects.filter(pk__in=chunk)))
        indexed += len(chunk)
        if time.perf_counter() - started > WAGTAIL_BUILD_BUDGET_S and indexed < len(pks):
            elapsed = time.perf_counter() - started
            print(f"BENCH wagtail {size}: build stopped after {indexed} records in {elapsed:.0f} s (> budget)")
            return {"skipped": f"build over {WAGTAIL_BUILD_BUDGET_S:.0f} s", "rate": indexed / elapsed}
    build_s = time.perf_counter() - started
    print(
        f"BENCH wagtail {size}: bulk_create {rows_s:6.1f} s; add_bulk (title-only index) {build_s:6.1f} s "
        f"{size / build_s:7.0f} records/s"
    )

    def run(query):
        started = time.perf_counter()
        results = backend.search(query.text, LibraryDocument)
        page = list(results[:20])
        middle = time.perf_counter()
        total = results.count()
        return len(page), total, (middle - started) * 1000, (time.perf_counter() - middle) * 1000

    # Warm-up and probe: the first query, untimed (an in-memory SQLite database has no cold cache
    # to fill). If a full measurement is predicted to exceed WAGTAIL_QUERY_BUDGET_S, one round over
    # an evenly spaced subset of the queries (every k-th) is timed instead, and said so.
    started = time.perf_counter()
    run(QUERIES[0])
    probe_s = time.perf_counter() - started
    queries, rounds = QUERIES, ROUNDS
    if probe_s * len(QUERIES) * ROUNDS > WAGTAIL_QUERY_BUDGET_S:
        rounds = 1 if probe_s * len(QUERIES) > WAGTAIL_QUERY_BUDGET_S / ROUNDS else ROUNDS
        step = max(1, int(-(-(probe_s * len(QUERIES) * rounds) // WAGTAIL_QUERY_BUDGET_S)))
        queries = QUERIES[::step]
        print(
            f"BENCH wagtail {size}: first query took {probe_s:.1f} s, so {rounds} timed round(s) over one query "
            f"in {step} ({len(queries)} of {len(QUERIES)}: "
            f"{', '.join(repr(q.text) for q in queries)}) to stay within {WAGTAIL_QUERY_BUDGET_S:.0f} s"
        )
    else:
        for query in QUERIES[1:10]:
            run(query)
    timings, totals, pages, counts = [], [], [], []
    for _round in range(rounds):
        for query in queries:
            _page, total, page_ms, count_ms = run(query)
            timings.append(page_ms + count_ms)
            pages.append(page_ms)
            counts.append(count_ms)
            totals.append(total)
    totals = totals[: len(queries)]
    subset = "" if queries is QUERIES else f", {len(queries)}-query subset"
    print(f"BENCH {line(f'wagtail {size} search[:20] + count (titles{subset})', timings)}")
    print(f"BENCH {line(f'wagtail {size}   of which search[:20]', pages)}")
    print(f"BENCH {line(f'wagtail {size}   of which .count()', counts)}")
    print(
        f"BENCH wagtail {size} results: median total {statistics.median(totals):.0f}, "
        f"{sum(t == 0 for t in totals)}/{len(totals)} queries empty"
    )
    assert sum(totals) > 0
    return {
        "direct": summary(timings),
        "totals": totals,
        "rate": size / build_s,
        "build_s": build_s,
        "subset": [q.text for q in queries] if queries is not QUERIES else None,
    }


@pytest.mark.parametrize("size", SIZES)
def test_search_benchmark(
    size, client, settings, elasticsearch_url, es_client, es_index_prefix, tmp_path, monkeypatch, warm_elasticsearch
):
    monkeypatch.setattr(views, "API_RATE", (10**9, 60))  # the limiter still runs, it just never refuses
    figures = RESULTS.setdefault(size, {})
    started = time.perf_counter()
    corpus = make_corpus(size)
    print(f"\nBENCH ===== {size} records ===== (load average at start {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs)")
    print(f"BENCH corpus: {describe(corpus)} (generated in {time.perf_counter() - started:.1f} s)")
    print(
        f"BENCH queries: {len(QUERIES)} x {ROUNDS} rounds ({WARMUP} warm-up), "
        + ", ".join(
            f"{shape} {sum(q.shape == shape for q in QUERIES)}" for shape in dict.fromkeys(q.shape for q in QUERIES)
        )
    )

    # --- Elasticsearch -------------------------------------------------------------------
    settings.SEARCH = {
        **settings.SEARCH,
        "ENGINE": "elasticsearch",
        "INDEX_PREFIX": es_index_prefix.rstrip("-"),
        "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": elasticsearch_url, "timeout": 120, "retries": 2},
    }
    reset_engine()
    engine = get_engine()
    started = time.perf_counter()
    written = engine.rebuild(iter(corpus))
    elapsed = time.perf_counter() - started
    assert written == size
    print(f"BENCH elasticsearch {size}: rebuild {elapsed:6.1f} s {size / elapsed:7.0f} records/s")
    figures["es_index"] = {"s": elapsed, "rate": size / elapsed}
    with TookRecorder(engine.client) as recorder:
        rows = time_api(client, recorder)
    figures["es"] = report_api(f"elasticsearch {size}", rows)
    overhead_total = [row["wall"] - sum(row["es_took"]) for row in rows]
    overhead_main = [row["wall"] - row["es_took"][0] for row in rows]
    overhead_view = [row["wall"] - row["engine"] for row in rows]
    overhead_engine = [row["engine"] - sum(row["es_took"]) for row in rows]
    took_sum = [sum(row["es_took"]) for row in rows]
    requests = [len(row["es_took"]) for row in rows]
    print(f"BENCH {line(f'elasticsearch {size} ES took (sum per request)', took_sum)}")
    print(f"BENCH {line(f'elasticsearch {size} API - sum(ES took)', overhead_total)}")
    print(f"BENCH {line(f'elasticsearch {size} API - main-search took', overhead_main)}")
    print(f"BENCH {line(f'elasticsearch {size}   of which Django view+JSON', overhead_view)}")
    print(f"BENCH {line(f'elasticsearch {size}   of which engine (client, DSL)', overhead_engine)}")
    print(
        f"BENCH elasticsearch {size}: {statistics.mean(requests):.2f} ES search requests per API call "
        f"(a words-only search: 1; a fused search: the rankings, then the page and the facet counts)"
    )
    figures["es_rounds"] = report_rounds(size, rows)
    figures["es_overhead"] = {
        "total": summary(overhead_total),
        "main": summary(overhead_main),
        "view": summary(overhead_view),
        "engine": summary(overhead_engine),
        "took": summary(took_sum),
    }
    assert sum(figures["es"]["totals"]) > 0
    engine.drop()
    engine.client.close()

    # --- Embedded ------------------------------------------------------------------------
    path = tmp_path / "bench-search.sqlite3"
    settings.SEARCH = {**settings.SEARCH, "ENGINE": "embedded", "EMBEDDED_PATH": str(path)}
    reset_engine()
    engine = get_engine()
    engine.setup()
    started = time.perf_counter()
    written = engine.rebuild(iter(corpus))
    elapsed = time.perf_counter() - started
    assert written == size
    file_mb = sum(p.stat().st_size for p in tmp_path.iterdir() if p.name.startswith(path.name)) / 1e6
    print(f"BENCH embedded {size}: rebuild {elapsed:6.1f} s {size / elapsed:7.0f} records/s, file {file_mb:.0f} MB")
    figures["emb_index"] = {"s": elapsed, "rate": size / elapsed}
    figures["emb"] = report_api(f"embedded {size}", time_api(client))
    assert sum(figures["emb"]["totals"]) > 0
    engine.drop()
    reset_engine()

    # --- Wagtail's database search backend (titles only) ------------------------------------
    figures["wagtail"] = wagtail_baseline(size, corpus)
    del corpus
    gc.collect()


def _fmt(value, width=8):
    return f"{value:{width}.1f}" if isinstance(value, (int, float)) else f"{value:>{width}}"


def test_summary():
    """The side-by-side table (runs last, after every size)."""
    if not RESULTS:
        pytest.skip("no size was measured")
    print("\nBENCH ===== summary (ms; p50 / p95) =====")
    header = f"{'records':>8} | {'engine':<32} | {'index rec/s':>11} | {'API p50':>8} {'API p95':>8} | {'engine p50':>10} {'engine p95':>10} | {'med total':>9}"
    print(f"BENCH {header}")
    for size, figures in sorted(RESULTS.items()):
        rows = []
        if "es" in figures:
            rows.append(
                (
                    "Elasticsearch",
                    figures["es_index"]["rate"],
                    figures["es"]["api"],
                    figures["es"]["engine"],
                    figures["es"]["totals"],
                )
            )
        if "emb" in figures:
            rows.append(
                (
                    "embedded (SQLite FTS5)",
                    figures["emb_index"]["rate"],
                    figures["emb"]["api"],
                    figures["emb"]["engine"],
                    figures["emb"]["totals"],
                )
            )
        wagtail = figures.get("wagtail", {})
        if "direct" in wagtail:
            name = "Wagtail DB, titles only" + (f" ({len(wagtail['subset'])} q)" if wagtail["subset"] else "")
            rows.append((name, wagtail["rate"], None, wagtail["direct"], wagtail["totals"]))
        elif wagtail:
            rows.append((f"Wagtail DB: {wagtail['skipped']}", wagtail.get("rate", "-"), None, None, None))
        for name, rate, api, direct, totals in rows:
            print(
                f"BENCH {size:>8} | {name:<32} | {_fmt(rate, 11)} | "
                f"{_fmt(api['p50'] if api else '-')} {_fmt(api['p95'] if api else '-')} | "
                f"{_fmt(direct['p50'] if direct else '-', 10)} {_fmt(direct['p95'] if direct else '-', 10)} | "
                f"{_fmt(statistics.median(totals) if totals else '-', 9)}"
            )
    print(
        "BENCH (engine p50/p95: the engine's own wall time inside the API call; for Wagtail, the direct backend call)"
    )
    print("BENCH ----- ratios -----")
    for size, figures in sorted(RESULTS.items()):
        es, emb, wagtail = figures.get("es"), figures.get("emb"), figures.get("wagtail", {})
        if es and emb:
            print(
                f"BENCH {size:>8} embedded/ES API p50 {emb['api']['p50'] / es['api']['p50']:5.2f}x  p95 {emb['api']['p95'] / es['api']['p95']:5.2f}x  "
                f"| engine p50 {emb['engine']['p50'] / es['engine']['p50']:5.2f}x  p95 {emb['engine']['p95'] / es['engine']['p95']:5.2f}x  "
                f"| index rate ES/embedded {figures['es_index']['rate'] / figures['emb_index']['rate']:5.2f}x"
            )
        if es and emb and "direct" in wagtail:
            texts = wagtail["subset"] or [q.text for q in QUERIES]
            es_p50 = statistics.median(t for text in texts for t in es["per_query"][text])
            emb_p50 = statistics.median(t for text in texts for t in emb["per_query"][text])
            note = (
                f" (over the same {len(texts)}-query subset: ES {es_p50:.1f} ms, embedded {emb_p50:.1f} ms)"
                if wagtail["subset"]
                else ""
            )
            print(
                f"BENCH {size:>8} Wagtail(titles)/ES engine p50 {wagtail['direct']['p50'] / es_p50:5.2f}x  "
                f"Wagtail/embedded engine p50 {wagtail['direct']['p50'] / emb_p50:5.2f}x{note}"
            )
        if "es_overhead" in figures:
            o = figures["es_overhead"]
            print(
                f"BENCH {size:>8} API overhead over ES took: median {o['total']['p50']:.2f} ms "
                f"(view+JSON {o['view']['p50']:.2f}, engine/client {o['engine']['p50']:.2f}; ES took sum median {o['took']['p50']:.1f} ms; "
                f"over the main search's took only: {o['main']['p50']:.2f} ms)"
            )
    sizes = sorted(RESULTS)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"BENCH ----- growth {small} -> {large} (API p50) -----")
        for key, name in (("es", "Elasticsearch"), ("emb", "embedded")):
            if key in RESULTS[small] and key in RESULTS[large]:
                print(
                    f"BENCH {name:<14} {RESULTS[small][key]['api']['p50']:.1f} -> {RESULTS[large][key]['api']['p50']:.1f} ms "
                    f"({RESULTS[large][key]['api']['p50'] / RESULTS[small][key]['api']['p50']:.1f}x)"
                )
    print("BENCH ----- API p50 by query shape (ms) -----")
    shapes = list(dict.fromkeys(q.shape for q in QUERIES))
    print("BENCH " + f"{'':>8} {'engine':<14}" + "".join(f"{shape:>12}" for shape in shapes))
    for size in sizes:
        for key, name in (("es", "Elasticsearch"), ("emb", "embedded")):
            if key in RESULTS[size]:
                print(
                    "BENCH "
                    + f"{size:>8} {name:<14}"
                    + "".join(f"{RESULTS[size][key]['by_shape'][s]:12.1f}" for s in shapes)
                )
