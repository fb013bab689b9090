"""The load `tests/bench/http.py` puts on gunicorn: one kind of request per run, paths from the environment.

BENCH_PATHS: a JSON list of paths, requested in turn by each simulated reader (no think time).
BENCH_UNIQUE=1 appends a query parameter no page reads, new for every request, so that a page
cache keyed by URL misses every time (the uncached figures); without it the same URLs repeat.
BENCH_LANGUAGE: the Accept-Language sent. BENCH_CACHE_REPORT: a file that receives how many
responses carried each `X-Cache` value (none if the site has no page cache).
"""

import itertools
import json
import os
from collections import Counter

import gevent
from locust import FastHttpUser, constant, events, task

PATHS = json.loads(os.environ.get("BENCH_PATHS", '["/"]'))
UNIQUE = os.environ.get("BENCH_UNIQUE") == "1"
LANGUAGE = os.environ.get("BENCH_LANGUAGE", "en")
CACHE_REPORT = os.environ.get("BENCH_CACHE_REPORT", "")
NAME = os.environ.get("BENCH_NAME", "request")
counter = itertools.count()
x_cache = Counter()


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self):
        number = next(counter)
        path = PATHS[number % len(PATHS)]
        if UNIQUE:
            path += ("&" if "?" in path else "?") + f"bench={number}"
        # Each request as if from its own address (the site reads X-Forwarded-For in the benchmark, as behind
        # a proxy): the search API's per-address rate limit guards against one client, not against this load.
        address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        headers = {"Accept-Language": LANGUAGE, "X-Forwarded-For": address}
        with self.client.get(path, name=NAME, headers=headers, catch_response=True) as response:
            x_cache[response.headers.get("X-Cache", "") or "-"] += 1
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


@events.init.add_listener
def _fresh_clock(environment, **_kwargs):
    """The event loop's clock is read again: on a busy machine start-up takes seconds, and a stale clock
    made the run-time limit (`-t`) fire as soon as the readers started."""
    gevent.get_hub().loop.update_now()


@events.quitting.add_listener
def _write_cache_report(environment, **_kwargs):
    if CACHE_REPORT:
        with open(CACHE_REPORT, "w") as report:
            json.dump(dict(x_cache), report)
