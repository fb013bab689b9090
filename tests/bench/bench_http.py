"""`make bench` runs the HTTP benchmark (tests/bench/http.py) with the rest: figures, never assertions on time."""

import pytest

from tests.bench import http

pytestmark = pytest.mark.elasticsearch


def test_http_benchmark(elasticsearch_url, monkeypatch):
    monkeypatch.setenv("ELASTICSEARCH_URL", elasticsearch_url)
    for result in http.main():
        # Every figure was measured: a search or page that failed every request would show here.
        for engine, by_concurrency in result["search"].items():
            for concurrency, figures in by_concurrency.items():
                assert figures["requests"] > figures["failures"], (engine, concurrency, figures)
