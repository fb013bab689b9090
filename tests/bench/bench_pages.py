"""Page benchmarks: server render time and query count of the pages readers open first.

Run with `make bench` (or `.venv/bin/python -m pytest tests/bench/bench_pages.py -q -s`).
After `load_demo`, each page is requested through Django's test Client (the whole
middleware stack, templates and database; no network, no browser): one untimed
request warms template loading and caches, then BENCH_ROUNDS timed requests give
p50 and p90; one more request counts the queries. Prints lines starting with
BENCH; asserts only that each page answers 200, never anything about time.
"""

import os
import statistics
import time
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accessibility.site import public_page

pytestmark = pytest.mark.django_db
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
LANGUAGES = ("en", "ar")


def page_urls(language):
    from cms_pages.models import CountryPage, DocumentPage, NewsIndexPage, NewsPage, PartnersPage

    return {
        "home": f"/{language}/",
        "news": public_page(NewsPage, language).url,
        "document": public_page(DocumentPage, language).url,
        "news index": public_page(NewsIndexPage, language).url,
        "country": public_page(CountryPage, language).url,
        "partners": public_page(PartnersPage, language).url,
    }


def measure(client, url):
    """(p50 ms, p90 ms, queries, HTML bytes) for one URL."""
    assert client.get(url).status_code == 200
    timings = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    deciles = statistics.quantiles(timings, n=10)
    return statistics.median(timings), deciles[8], len(queries), len(response.content)


@pytest.fixture
def whole_demo(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))


def test_page_render_times(client, whole_demo):
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"BENCH pages: {ROUNDS} rounds each, Django test Client, anonymous reader, after load_demo; "
        f"machine load average {load} on {os.cpu_count()} CPUs (figures are only comparable at similar load)"
    ]
    for language in LANGUAGES:
        for label, url in page_urls(language).items():
            p50, p90, queries, size = measure(client, url)
            lines.append(
                f"BENCH [{language}] {label:<10} p50 {p50:7.2f} ms  p90 {p90:7.2f} ms  "
                f"queries {queries:3d}  html {size / 1024:5.1f} KiB  {unquote(url)}"
            )
    print("\n" + "\n".join(lines))
