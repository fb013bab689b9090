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


def test_a_single_node_keeps_no_replicas_by_default(settings):
    assert (settings.SEARCH["ELASTICSEARCH"]["shards"], settings.SEARCH["ELASTICSEARCH"]["replicas"]) == (1, 0)
