"""Highlighting long texts on Elasticsearch: offsets kept in the postings against analysing each hit's text again.

Run with `.venv/bin/python -m pytest tests/bench/bench_highlight.py -q -s` (BENCH_LONG_RECORDS, default 300;
BENCH_LONG_CHARS, default 300000: each record's body, made of the bench corpus's bodies end to end, as a long
file's text is). Prints lines starting with BENCH; asserts nothing about time, only that the searches find
and mark something.

The same records go to two indexes on the session's node: one with the engine's mapping (the summary and the
body keep offsets: search/engines/elasticsearch.py, `language_object`), one without them, where the
highlighter analyses each hit's summary and body again (up to MAX_HIGHLIGHT_OFFSET characters). Each engine
answers the bench queries (tests/bench/corpus.py) twice after a warm-up pass. Figures: the engine's wall
time, the page search's own `took` (the request that returns the page with its highlights) and the index
size on disk.
"""

import dataclasses
import os
import statistics
import time

import pytest

from search.engines import elasticsearch as es_engine
from search.query import Query
from tests.bench.bench_search import TookRecorder, line
from tests.bench.corpus import QUERIES, make_corpus

RECORDS = int(os.environ.get("BENCH_LONG_RECORDS", "300"))
CHARS = int(os.environ.get("BENCH_LONG_CHARS", "300000"))

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


def long_records():
    corpus = make_corpus(RECORDS * 4)
    records = []
    for number, record in enumerate(corpus[:RECORDS]):
        parts, size, step = [record.body], len(record.body), 1
        while size < CHARS:
            body = corpus[(number * 7 + step) % len(corpus)].body
            parts.append(body)
            size += len(body) + 1
            step += 1
        records.append(dataclasses.replace(record, body=" ".join(parts)[:CHARS]))
    return records


def measure(name, engine, records):
    started = time.perf_counter()
    engine.rebuild(iter(records))
    built = time.perf_counter() - started
    stats = engine.client.indices.stats(index=engine.read_alias)["_all"]["primaries"]
    size_mb = stats["store"]["size_in_bytes"] / 1e6
    for query in QUERIES:  # warm-up
        engine.search(Query(text=query.text, reader_language=query.language))
    walls, pages, marked, hits, snippets = [], [], 0, 0, {}
    with TookRecorder(engine.client) as recorder:
        for _round in range(2):
            for query in QUERIES:
                recorder.reset()
                started = time.perf_counter()
                results = engine.search(Query(text=query.text, reader_language=query.language))
                walls.append((time.perf_counter() - started) * 1000)
                pages += [took for parts in recorder.parts for part, took in parts if part in ("page", "single")]
                hits += len(results.hits)
                marked += sum("<mark>" in hit.snippet for hit in results.hits)
                snippets.update({(query.text, hit.id): hit.snippet for hit in results.hits})
    print(f"BENCH highlight {name}: index built in {built:.1f} s, {size_mb:.0f} MB")
    print(f"BENCH {line(f'highlight {name}: engine wall', walls)}")
    print(f"BENCH {line(f'highlight {name}: page search took', pages)}")
    print(f"BENCH highlight {name}: {marked} of {hits} hits with a marked snippet")
    assert hits and marked
    engine.drop()
    return {"size_mb": size_mb, "wall": walls, "page": pages, "snippets": snippets}


def test_highlighting_long_texts(settings, elasticsearch_url, es_index_prefix, monkeypatch):
    records = long_records()
    print(f"\nBENCH highlight: {len(records)} records of {CHARS} characters (load average {os.getloadavg()[0]:.1f})")
    options = {**settings.SEARCH["ELASTICSEARCH"], "url": elasticsearch_url, "timeout": 300}

    def engine(suffix):
        client = es_engine.client_from_settings(options)
        return es_engine.ElasticsearchEngine(
            client, prefix=f"{es_index_prefix}{suffix}", ranking=settings.SEARCH["RANKING"]
        )

    with_offsets = measure("offsets in the postings", engine("offsets"), records)
    plain = es_engine.language_object
    monkeypatch.setattr(
        es_engine, "language_object", lambda with_autocomplete=False, offsets=False: plain(with_autocomplete)
    )
    analysed = measure("each hit analysed again", engine("analysed"), records)

    same = sum(analysed["snippets"].get(key) == snippet for key, snippet in with_offsets["snippets"].items())
    print(f"BENCH highlight: {same} of {len(with_offsets['snippets'])} snippets the same both ways")

    wall = statistics.median(analysed["wall"]) / statistics.median(with_offsets["wall"])
    page = statistics.median(analysed["page"]) / max(1, statistics.median(with_offsets["page"]))
    size = with_offsets["size_mb"] / analysed["size_mb"]
    print(
        f"BENCH highlight: analysed again / offsets: engine p50 {wall:.2f}x, page search p50 {page:.2f}x; "
        f"index size {size:.2f}x"
    )
