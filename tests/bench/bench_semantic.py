"""Semantic ranking benchmark: the encoder's cost, its memory, indexing with embeddings, and what it adds to a search.

Run with `.venv/bin/python -m pytest tests/bench/bench_semantic.py -q -s` (ELASTICSEARCH_URL set;
BENCH_SEMANTIC_SIZES, default "10000,100000"; BENCH_ROUNDS, default 2; BENCH_REAL_VECTORS,
default 10000; BENCH_SEMANTIC_ENGINES, default "elasticsearch,embedded"). Prints lines starting with BENCH; asserts only that searches answer.

1. model memory and load time, in a fresh interpreter (RSS before and after `embeddings.model()`);
2. encoding throughput: records/s over a sample of the corpus (tests/bench/corpus.py) in one
   process, then through the bulk encoders (`embeddings.batched`, BULK_ENCODERS processes), and the
   time to encode one query (uncached), p50/p95;
3. indexing with embeddings on, end to end: `engine.rebuild` of INDEX_SAMPLES records on each
   engine with semantic ranking off; on, every text new (encoded); on again, every vector in the
   on-disk cache (a rebuild, or re-indexing records whose text did not change);
4. per corpus size, on each engine: the same queries (corpus.QUERIES) with the parts switched on
   one after another (keyword only; + thesaurus; + semantic), p50/p95 of the engine's wall time,
   and what the semantic step adds: to the p95 of a search (the p95 with all parts minus the p95
   with keyword + thesaurus), and per query, paired (each query's time with all parts minus its time
   with keyword + thesaurus; p50/p95 of those differences, which carry both runs' noise). The
   query's vector is encoded afresh for every timed search (the per-process cache is emptied).
   The first BENCH_REAL_VECTORS records carry their real vectors; beyond that, a record gets the
   vector of a real one moved by noise (unit length again), which costs the same to search without
   encoding 100k records for an hour.
"""

import os
import statistics
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from search import embeddings
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.embedded import EmbeddedEngine
from search.query import Query
from tests.bench.corpus import QUERIES, describe, make_corpus

SIZES = [int(size) for size in os.environ.get("BENCH_SEMANTIC_SIZES", "10000,100000").split(",") if size.strip()]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
REAL_VECTORS = int(os.environ.get("BENCH_REAL_VECTORS", "10000"))
ENGINES = os.environ.get("BENCH_SEMANTIC_ENGINES", "elasticsearch,embedded").split(",")
ENCODE_SAMPLE = 1000
INDEX_SAMPLES = (1000, 3000)
SEMANTIC_ON = {"semantic": True}
CONFIGURATIONS = {
    "keyword": {"thesaurus": False, "semantic": False},
    "keyword + thesaurus": {"semantic": False},
    "keyword + thesaurus + semantic": {},
}

# The database holds the thesaurus the searches expand with.
pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]
RESULTS = {}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def line(name, values, unit="ms"):
    return (
        f"BENCH {name:<58} p50 {statistics.median(values):8.2f} {unit}  p95 {percentile(values, 0.95):8.2f} {unit}"
        f"  (n={len(values)}, load {os.getloadavg()[0]:.1f})"
    )


def test_model_memory_and_load_time():
    script = textwrap.dedent(
        """
        import time
        def rss():
            return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
        before = rss()
        import numpy
        started = time.perf_counter()
        from search import embeddings
        embeddings.model()
        print(f"{rss() - before:.0f} {time.perf_counter() - started:.2f}")
        """
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    rss_mb, seconds = output.split()
    print(f"\nBENCH model: load {seconds} s, resident memory +{rss_mb} MB (after numpy), once per process")


@pytest.fixture
def cold_store(settings, tmp_path):
    """An empty on-disk vector cache and an empty process cache: every text is encoded."""
    settings.SEARCH = {**settings.SEARCH, "EMBEDDINGS_CACHE": str(tmp_path / "embeddings.sqlite3")}
    embeddings._cache.clear()


def test_encoding_throughput(cold_store):
    """Records through the encoder (no cache), and single queries (never cached on disk)."""
    records = make_corpus(ENCODE_SAMPLE, seed=11)
    embeddings.model()
    embeddings._cache.clear()
    chars = statistics.mean(len(embeddings.record_text(record)) for record in records)
    started = time.perf_counter()
    embeddings.encode_records(records)
    elapsed = time.perf_counter() - started
    print(
        f"\nBENCH encoding: {len(records)} records ({chars:.0f} chars of text each on average) in {elapsed:.1f} s:"
        f" {len(records) / elapsed:.0f} records/s, {elapsed * 1000 / len(records):.1f} ms a record"
    )
    others = make_corpus(ENCODE_SAMPLE, seed=12)  # texts the disk cache does not hold yet
    started = time.perf_counter()
    assert len(list(embeddings.batched(iter(others)))) == len(others)
    elapsed = time.perf_counter() - started
    print(
        f"BENCH bulk encoding, {embeddings.BULK_ENCODERS} encoder processes: {len(others)} records in {elapsed:.1f} s:"
        f" {len(others) / elapsed:.0f} records/s"
    )
    timings = []
    for _round in range(3):
        for query in QUERIES:
            embeddings._cache.clear()
            started = time.perf_counter()
            embeddings.encode_query(query.text)
            timings.append((time.perf_counter() - started) * 1000)
    print(line("encoding one query (uncached)", timings))


def _engines(es_client, tmp_path, prefix, ranking):
    engines = {
        "elasticsearch": lambda: ElasticsearchEngine(es_client, prefix=prefix, ranking=ranking),
        "embedded": lambda: EmbeddedEngine(tmp_path / f"{prefix}.sqlite3", ranking=ranking),
    }
    return {name: engines[name]() for name in ENGINES}


@pytest.mark.parametrize("sample", INDEX_SAMPLES)
def test_indexing_with_embeddings(sample, es_client, es_index_prefix, tmp_path, settings):
    """Semantic off; on with nothing cached (new texts); on again (a rebuild: every text in the disk cache).

    At two sizes: a rebuild's fixed costs (a new index, the alias swap, starting the encoder processes, the
    last batches' encoding with nothing left to write beside it) weigh on 1,000 records, hardly on 3,000."""
    records = make_corpus(sample, seed=13)
    embeddings.model()  # loaded before the clock starts, as in a worker that has encoded before (its load: above)
    for name in ENGINES:
        store = str(tmp_path / f"embeddings-{name}.sqlite3")  # each engine starts with an empty disk cache
        settings.SEARCH = {**settings.SEARCH, "EMBEDDINGS_CACHE": store}
        for semantic, state in ((False, ""), (True, "new texts, encoded"), (True, "rebuild, vectors cached on disk")):
            prefix = f"{es_index_prefix}{name[:2]}{int(semantic)}"
            engine = _engines(es_client, tmp_path, prefix, {"semantic": semantic})[name]
            embeddings._cache.clear()
            engine.setup()
            started = time.perf_counter()
            assert engine.rebuild(iter(records)) == len(records)
            elapsed = time.perf_counter() - started
            engine.drop()
            print(
                f"\nBENCH indexing {name:<14} semantic {'on ' if semantic else 'off'} {state:<32}: {len(records)} records,"
                f" {len(records) / elapsed:7.0f} records/s (load {os.getloadavg()[0]:.1f})"
            )


@pytest.fixture(scope="module")
def vectors():
    """Vectors for the largest corpus: real ones for the first REAL_VECTORS records, noisy copies after."""
    size = max(SIZES)
    corpus = make_corpus(size)
    real = corpus[: min(size, REAL_VECTORS)]
    embeddings.model()
    started = time.perf_counter()
    matrix = embeddings.encode_records(real)
    elapsed = time.perf_counter() - started
    print(f"\nBENCH encoding the corpus: {len(real)} records in {elapsed:.0f} s, {len(real) / elapsed:.0f} records/s")
    if size > len(real):
        rng = np.random.default_rng(5)
        copies = matrix[rng.integers(0, len(real), size - len(real))]
        copies = copies + rng.normal(0, 0.02, copies.shape).astype(np.float32)
        copies /= np.linalg.norm(copies, axis=1, keepdims=True)
        matrix = np.vstack([matrix, copies])
    return corpus, {record.id: matrix[position] for position, record in enumerate(corpus)}


@pytest.mark.parametrize("size", SIZES)
def test_semantic_latency(size, vectors, es_client, es_index_prefix, tmp_path, monkeypatch):
    corpus, by_id = vectors
    corpus = corpus[:size]
    print(f"\nBENCH corpus: {describe(corpus)}")
    # The records' vectors are known: indexing reads them instead of encoding again.
    monkeypatch.setattr(embeddings, "encode_records", lambda records: np.array([by_id[r.id] for r in records]))
    monkeypatch.setattr(embeddings, "BULK_ENCODERS", 1)  # the encoder processes would encode them afresh
    RESULTS[size] = {}
    for name, engine in _engines(es_client, tmp_path, f"{es_index_prefix}{size}", SEMANTIC_ON).items():
        engine.setup()
        started = time.perf_counter()
        engine.rebuild(iter(corpus))
        print(
            f"BENCH {name} rebuild with vectors given: {size / (time.perf_counter() - started):.0f} records/s"
            " (encoding excluded)"
        )
        try:
            timings = {configuration: [] for configuration in CONFIGURATIONS}
            for timed in (False, *([True] * ROUNDS)):
                for query in QUERIES:
                    for configuration, switches in CONFIGURATIONS.items():
                        embeddings._cache.clear()  # the query is encoded afresh, as a new query would be
                        started = time.perf_counter()
                        engine.search(Query(text=query.text, reader_language=query.language, **switches))
                        if timed:
                            timings[configuration].append((time.perf_counter() - started) * 1000)
            for configuration, values in timings.items():
                print(line(f"{name} {size // 1000}k {configuration}", values))
            added = [
                all_parts - without
                for all_parts, without in zip(
                    timings["keyword + thesaurus + semantic"], timings["keyword + thesaurus"], strict=True
                )
            ]
            print(line(f"{name} {size // 1000}k semantic step added (paired)", added))
            with_semantic, without = timings["keyword + thesaurus + semantic"], timings["keyword + thesaurus"]
            RESULTS[size][name] = (
                percentile(with_semantic, 0.95) - percentile(without, 0.95),
                statistics.median(added),
                percentile(added, 0.95),
            )
        finally:
            engine.drop()


def test_summary():
    if not RESULTS:
        pytest.skip("no size measured")
    print(
        "\nBENCH what the semantic step adds, query encoding included (ms): to the p95 of a search"
        " (p95 with it - p95 without it), and per query, paired (p50 / p95 of each query's difference)"
    )
    for size, engines in sorted(RESULTS.items()):
        cells = "  ".join(
            f"{name} to p95 {to_p95:6.1f}, paired {p50:6.1f} / {p95:6.1f}"
            for name, (to_p95, p50, p95) in engines.items()
        )
        print(f"BENCH   {size:>7} records: {cells}")
