"""The index layout (shards, replicas) comes from settings.SEARCH, so a cluster can keep copies."""

import pytest

from search.engine import get_engine, reset_engine


@pytest.mark.elasticsearch
def test_replicas_and_shards_come_from_the_settings(settings, elasticsearch_url, es_client, es_index_prefix):
    settings.SEARCH = {
        **settings.SEARCH,
        "ENGINE": "elasticsearch",
        "INDEX_PREFIX": es_index_prefix.rstrip("-"),
        "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": elasticsearch_url, "shards": 2, "replicas": 1},
    }
    reset_engine()
    try:
        engine = get_engine()
        engine.setup()
        [index] = es_client.indices.get_alias(name=engine.read_alias)
        layout = es_client.indices.get_settings(index=index)[index]["settings"]["index"]
        assert (layout["number_of_shards"], layout["number_of_replicas"]) == ("2", "1")
    finally:
        reset_engine()


@pytest.mark.elasticsearch
def test_by_default_a_single_node_keeps_no_replica_and_stays_green(
    settings, elasticsearch_url, es_client, es_index_prefix
):
    # "auto": a copy on a second node when there is one (tests/search/test_failover.py, on three nodes).
    assert (settings.SEARCH["ELASTICSEARCH"]["shards"], settings.SEARCH["ELASTICSEARCH"]["replicas"]) == (1, "auto")
    settings.SEARCH = {
        **settings.SEARCH,
        "ENGINE": "elasticsearch",
        "INDEX_PREFIX": es_index_prefix.rstrip("-"),
        "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": elasticsearch_url},
    }
    reset_engine()
    try:
        engine = get_engine()
        engine.setup()
        [index] = es_client.indices.get_alias(name=engine.read_alias)
        layout = es_client.indices.get_settings(index=index)[index]["settings"]["index"]
        assert (layout["auto_expand_replicas"], layout["number_of_replicas"]) == ("0-1", "0")
        assert es_client.cluster.health(index=index, wait_for_status="green", timeout="10s")["status"] == "green"
    finally:
        reset_engine()
