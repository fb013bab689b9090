"""The index layout (shards, replicas) comes from settings.SEARCH, so a cluster can keep copies."""

import pytest

from search.engine import get_engine, reset_engine

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
