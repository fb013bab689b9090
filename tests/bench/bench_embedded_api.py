"""The embedded engine through the search API at 10k and 100k records: latency, and the same answers as a baseline.

Run with `.venv/bin/python -m pytest tests/bench/bench_embedded_api.py -q -s`. Environment:

- BENCH_EMBEDDED_SIZES (default "10000,100000"): corpus sizes (tests/bench/corpus.py, seeded);
- BENCH_ROUNDS (default 2): how many times the query list is timed;
- BENCH_EMBEDDED_BASELINE (optional): a git revision whose search/engines/embedded.py is measured
  beside the working tree's, request by request (the two alternate, in turns, on the same index file),
  and whose answers are compared with the working tree's: every field of the JSON but `took_ms`;
  at the smallest size, also engine.search's full results (total, hits with scores, snippets, versions
  and translations, facets, suggestion) for each query in eight variants (filters, date sort and
  range, other audiences, page 2, parts switched off, no audience at all), browsing included.

Each size's index is built once and kept under build/bench/ (named after the corpus size and a hash of
the code that decides the file's contents: the engine's schema, the analysis modules and the corpus
generator), so a later run reuses it; the records also get vectors (a few hundred encoded for real,
the others copies of those moved by noise, as tests/bench/bench_semantic.py does) so that the semantic
ranking has something to rank. Every query of corpus.QUERIES goes to `GET /api/v1/search` through
Django's test client (anonymous, Accept-Language = the query's language) in three configurations:
the reader's words only (`thesaurus=0&semantic=0`), with the thesaurus (`semantic=0`), and with the
thesaurus and the embeddings (the default). The query's vector is cached after the warm-up pass, as
it is for a repeated query. Prints lines starting with BENCH: p50/p95 of the API's wall time and of
the process's CPU time per request and of the engine's own took_ms, with the load average beside them; asserts nothing about time.
"""

import datetime
import hashlib
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np
import pytest

from search import embeddings, views
from search.engines import embedded
from search.query import Query
from search.records import PUBLIC, STAFF
from tests.bench.corpus import QUERIES, describe, iter_corpus

SIZES = [int(size) for size in os.environ.get("BENCH_EMBEDDED_SIZES", "10000,100000").split(",") if size.strip()]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
BASELINE = os.environ.get("BENCH_EMBEDDED_BASELINE", "")
ROOT = Path(__file__).resolve().parents[2]
KEEP = ROOT / "build" / "bench"
REAL_VECTORS = 300
CONFIGURATIONS = {
    "words": {"thesaurus": "0", "semantic": "0"},
    "words + thesaurus": {"semantic": "0"},
    "words + thesaurus + semantic": {},
}
RANKING = {"semantic": True}

pytestmark = [pytest.mark.django_db]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def line(name, values):
    return (
        f"BENCH {name:<58} p50 {statistics.median(values):7.1f} ms  p95 {percentile(values, 0.95):7.1f} ms"
        f"  max {max(values):7.1f} ms  (n={len(values)}, load {os.getloadavg()[0]:.2f})"
    )


def baseline_module(revision):
    """search/engines/embedded.py as it was at `revision`, imported beside the current one."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:search/engines/embedded.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("search.engines._embedded_baseline")
    module.__package__ = "search.engines"
    module.__file__ = f"{revision}:search/engines/embedded.py"
    sys.modules[module.__name__] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def index_file(size):
    """The index of `size` corpus records with vectors, built once and kept under build/bench/."""
    code = hashlib.sha256(embedded.SCHEMA.encode())
    for name in ("search/analysis.py", "search/textanalysis.py", "tests/bench/corpus.py"):
        code.update((ROOT / name).read_bytes())
    path = KEEP / f"embedded-{size}-{code.hexdigest()[:12]}.sqlite3"
    engine = embedded.EmbeddedEngine(path)
    if not path.exists():
        KEEP.mkdir(parents=True, exist_ok=True)
        building = path.with_suffix(".building")
        engine = embedded.EmbeddedEngine(building)
        engine.drop()
        started = time.perf_counter()
        engine.rebuild(iter_corpus(size))
        print(f"\nBENCH built {building.name}: {size} records in {time.perf_counter() - started:.0f} s")
        with engine._write() as connection:
            rowids = [rowid for (rowid,) in connection.execute("SELECT rowid FROM records ORDER BY rowid")]
            real = embeddings.encode_records(list(iter_corpus(min(size, REAL_VECTORS))))
            rng = np.random.default_rng(5)
            vectors = real[rng.integers(0, len(real), len(rowids))]
            vectors += rng.normal(0, 0.02, vectors.shape).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            quantized, scales = embeddings.quantize(vectors)
            connection.executemany(
                "INSERT INTO vectors (rowid, scale, vector) VALUES (?, ?, ?)",
                [
                    (rowid, float(scale), row.tobytes())
                    for rowid, scale, row in zip(rowids, scales, quantized, strict=True)
                ],
            )
            engine._vectors_refilled(connection)
        with engine._connect() as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        building.rename(path)
    return path


def answer(response):
    """The JSON answer without took_ms, and took_ms (the engine's own time for the search)."""
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    return data, data.pop("took_ms")


@pytest.mark.parametrize("size", SIZES)
def test_embedded_api(size, client, monkeypatch):
    monkeypatch.setattr(views, "API_RATE", (10**9, 60))  # the limiter still runs, it just never refuses
    path = index_file(size)
    print(f"\nBENCH ===== embedded engine, {size} records ({path.name}) =====")
    print(f"BENCH corpus: {describe(list(iter_corpus(min(size, 10_000))))} (first 10k described)")
    engines = {"current": embedded.EmbeddedEngine(path, ranking=RANKING)}
    if BASELINE:
        engines[f"baseline {BASELINE}"] = baseline_module(BASELINE).EmbeddedEngine(path, ranking=RANKING)
    chosen = {}
    monkeypatch.setattr(views, "get_engine", lambda: chosen["engine"])

    def ask(name, query, switches):
        chosen["engine"] = engines[name]
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get("/api/v1/search", {"q": query.text, **switches}, HTTP_ACCEPT_LANGUAGE=query.language)
        wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
        data, took = answer(response)
        return data, wall, cpu, took

    for name in engines:  # warm-up: every query once (the record and vector tables load on the first)
        started = time.perf_counter()
        for query in QUERIES:
            for switches in CONFIGURATIONS.values():
                ask(name, query, switches)
        print(f"BENCH {name}: warm-up pass {time.perf_counter() - started:.1f} s")
    walls = {(name, configuration): [] for name in engines for configuration in CONFIGURATIONS}
    cpus = {key: [] for key in walls}
    tooks = {key: [] for key in walls}
    same, compared = 0, 0
    for round_number in range(ROUNDS):
        for number, query in enumerate(QUERIES):
            for configuration, switches in CONFIGURATIONS.items():
                names = list(engines)
                if (number + round_number) % 2:
                    names.reverse()  # each engine goes first half of the time
                answers = {}
                for name in names:
                    answers[name], wall, cpu, took = ask(name, query, switches)
                    walls[name, configuration].append(wall)
                    cpus[name, configuration].append(cpu)
                    tooks[name, configuration].append(took)
                if len(answers) == 2 and round_number == 0:
                    first, second = answers.values()
                    compared += 1
                    same += first == second
    for configuration in CONFIGURATIONS:
        for name in engines:
            print(line(f"{size // 1000}k {name}: {configuration}, API wall", walls[name, configuration]))
            print(line(f"{size // 1000}k {name}: {configuration}, CPU", cpus[name, configuration]))
            print(line(f"{size // 1000}k {name}: {configuration}, engine (took_ms)", tooks[name, configuration]))
    everything = {name: [t for (n, _c), values in walls.items() if n == name for t in values] for name in engines}
    for name, values in everything.items():
        print(line(f"{size // 1000}k {name}: all configurations, API wall", values))
    if BASELINE:
        print(f"BENCH {size // 1000}k answers identical to the baseline's: {same} of {compared} (JSON without took_ms)")


def variants():
    """Every corpus query, and browsing, in eight variants: filters, sorts, audiences, pages, parts off."""
    audiences = [frozenset({PUBLIC}), frozenset({PUBLIC, "community:3"}), frozenset({PUBLIC, STAFF, "community:3"})]
    texts = [(query.text, query.language) for query in QUERIES] + [("", "en"), ("", "ar")]
    for number, (text, language) in enumerate(texts):
        base = {"text": text, "reader_language": language}
        yield Query(**base)
        yield Query(**base, audiences=audiences[number % 3], sort="date")
        yield Query(**base, filters={"kind": ("news", "report")}, audiences=audiences[(number + 1) % 3])
        yield Query(**base, filters={"country": ("TN", "LY"), "year": ("2020", "2021")}, page=2)
        yield Query(
            **base,
            filters={"language": ("fr",)},
            date_from=datetime.date(2016, 1, 1),
            date_to=datetime.date(2022, 6, 30),
        )
        yield Query(**base, thesaurus=False, page_size=50)
        yield Query(**base, keyword=False)
        yield Query(**base, audiences=frozenset())


@pytest.mark.skipif(not BASELINE, reason="BENCH_EMBEDDED_BASELINE names no revision to compare with")
def test_engine_answers_as_the_baseline():
    size = min(SIZES)
    path = index_file(size)
    current = embedded.EmbeddedEngine(path, ranking=RANKING)
    baseline = baseline_module(BASELINE).EmbeddedEngine(path, ranking=RANKING)
    same, different = 0, []
    for query in variants():
        first, second = (engine.search(query) for engine in (baseline, current))
        if (first.total, first.hits, first.facets, first.suggestion) == (
            second.total,
            second.hits,
            second.facets,
            second.suggestion,
        ):
            same += 1
        else:
            different.append(query)
    print(
        f"\nBENCH {size // 1000}k engine.search results identical to the baseline's: {same} of {same + len(different)}"
        " (total, hits with their scores, snippets, versions and translations, facets, suggestion)"
    )
    for query in different[:5]:
        print(f"BENCH   differs: {query}")
