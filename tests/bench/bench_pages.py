"""Page benchmarks: median server time and query count for the pages people open first.

Run with `make bench`; prints figures, asserts nothing about time.
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db
ROUNDS = 30


def measure(client, url):
    client.get(url)  # warm caches and template loading
    timings = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(timings) * 1000, len(queries), len(response.content)


@pytest.mark.parametrize("url", ["/en/", "/fr/", "/ar/", "/nl/", "/en/about/", "/ar/accounts/login/"])
def test_page_render(client, demo_site, url):
    median_ms, queries, size = measure(client, url)
    print(f"\nBENCH page {url:<22} median {median_ms:6.2f} ms  queries {queries:3d}  html {size / 1024:5.1f} KiB")
