"""The configured engine, built once per process from settings.SEARCH."""

from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=1)
def get_engine():
    config = settings.SEARCH
    if config["ENGINE"] == "elasticsearch":
        from .engines.elasticsearch import ElasticsearchEngine, client_from_settings

        options = config["ELASTICSEARCH"]
        return ElasticsearchEngine(
            client_from_settings(options),
            prefix=config["INDEX_PREFIX"],
            shards=options["shards"],
            replicas=options["replicas"],
            ranking=config["RANKING"],
        )
    from .engines.embedded import EmbeddedEngine

    return EmbeddedEngine(config["EMBEDDED_PATH"], ranking=config["RANKING"])


def reset_engine():
    """Forget the cached engine (settings changed, e.g. in tests)."""
    get_engine.cache_clear()
