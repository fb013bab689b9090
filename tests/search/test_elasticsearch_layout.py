"""The index layout (shards, replicas) comes from settings.SEARCH, so a cluster can keep copies."""

import time

import pytest

from search.engine import get_engine, reset_engine
from search.query import Query
from search.records import Record

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def index_layout(settings, elasticsearch_url, es_client, es_index_prefix):
    """`index_layout(**options)`: (index name, its index settings) once the engine built with these
    Elasticsearch options has set its index up on the session's node."""

    def build(**options):
        settings.SEARCH = {
            **settings.SEARCH,
            "ENGINE": "elasticsearch",
            "INDEX_PREFIX": es_index_prefix.rstrip("-"),
            "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": elasticsearch_url, **options},
        }
        reset_engine()
        engine = get_engine()
        engine.setup()
        [index] = es_client.indices.get_alias(name=engine.read_alias)
        return index, es_client.indices.get_settings(index=index)[index]["settings"]["index"]

    yield build
    reset_engine()


def test_replicas_and_shards_come_from_the_settings(index_layout):
    _index, layout = index_layout(shards=2, replicas=1)
    assert (layout["number_of_shards"], layout["number_of_replicas"]) == ("2", "1")


def test_by_default_a_single_node_keeps_no_replica_and_stays_green(settings, es_client, index_layout):
    # "auto": a copy on a second node when there is one (tests/search/test_failover.py, on three nodes).
    assert (settings.SEARCH["ELASTICSEARCH"]["shards"], settings.SEARCH["ELASTICSEARCH"]["replicas"]) == (1, "auto")
    index, layout = index_layout()
    assert (layout["auto_expand_replicas"], layout["number_of_replicas"]) == ("0-1", "0")
    assert es_client.cluster.health(index=index, wait_for_status="green", timeout="10s")["status"] == "green"


def test_small_writes_are_merged_so_that_a_search_looks_its_terms_up_in_few_segments(index_layout, es_client):
    # Each batch written and made searchable is a segment of its own; Lucene's default policy keeps ten of
    # them before merging (search/engines/elasticsearch.py, MERGE_POLICY).
    index, _layout = index_layout()
    engine = get_engine()
    for batch in range(9):
        engine.index(
            [
                Record(
                    id=f"page:{batch}-{n}", kind="page", url=f"/{batch}/{n}/", title=f"Note {batch}.{n}", body="cash"
                )
                for n in range(3)
            ]
        )
        es_client.indices.refresh(index=index)
    deadline = time.monotonic() + 30  # merges run in the background
    while True:
        es_client.indices.refresh(index=index)
        segments = [s for s in es_client.cat.segments(index=index, format="json") if s["searchable"] == "true"]
        if len(segments) <= 4 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert sum(int(s["docs.count"]) for s in segments) == 27
    assert len(segments) <= 4, f"{len(segments)} segments after 9 small writes"


def test_an_index_made_before_the_merge_policy_gets_it_without_a_rebuild(index_layout, es_client):
    index, _layout = index_layout()
    es_client.indices.put_settings(
        index=index, settings={"index.merge.policy.segments_per_tier": None, "index.merge.policy.floor_segment": None}
    )
    assert "merge" not in es_client.indices.get_settings(index=index)[index]["settings"]["index"]
    same_index, layout = index_layout()  # a process starting on it
    assert same_index == index
    assert layout["merge"]["policy"] == {"segments_per_tier": "4", "floor_segment": "32mb"}


def test_the_summary_and_body_keep_offsets_and_a_long_body_is_highlighted_from_them(index_layout, es_client):
    # The highlighter reads where the reader's words are from the postings rather than analysing each hit's
    # text again, and a body holds up to 2 million characters of a file (search/engines/elasticsearch.py,
    # language_object; the time is measured in tests/bench/bench_highlight.py).
    index, _layout = index_layout()
    properties = es_client.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    for field in ("summary", "body"):
        options = {code: sub.get("index_options") for code, sub in properties[field]["properties"].items()}
        assert set(options.values()) == {"offsets"}, (field, options)
    filler = "The weather report mentions rain and wind over the coast. " * 5000  # 290,000 characters
    engine = get_engine()
    engine.index(
        [
            Record(
                id="document:1",
                kind="document",
                url="/documents/1/",
                title="A long report",
                body=filler + "The reintegration grants closed the year.",
                language="en",
            )
        ]
    )
    es_client.indices.refresh(index=index)
    results = engine.search(Query(text="reintegration grant", reader_language="en", semantic=False))
    assert [hit.id for hit in results.hits] == ["document:1"]
    assert results.hits[0].snippet == "The <mark>reintegration</mark> <mark>grants</mark> closed the year."
