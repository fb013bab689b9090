"""Concurrent sign-ups on the default SQLite database all succeed, and a failed try costs the visitor nothing.

The concurrency test runs the site as production would on one machine: gunicorn with
20 threads over a SQLite file (a copy of the migrated test template), and 20 visitors
signing up at the same moment. Before WAL, IMMEDIATE transactions and a busy timeout,
three of them got a 500 ("database is locked").
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from cms_pages.outreach import newsletter, ratelimit
from tests.services.template_db import sqlite_template

pytestmark = pytest.mark.both_databases

ROOT = Path(__file__).resolve().parents[2]
VISITORS = 20


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sqlite_site(tmp_path):
    """gunicorn serving the site from a SQLite file; yields (base url, database path)."""
    database = tmp_path / "db.sqlite3"
    shutil.copy(sqlite_template(), database)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kms.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",  # each visitor its own address, as behind a proxy
        "SEARCH_EMBEDDED_PATH": str(tmp_path / "search.sqlite3"),
    }
    log = open(tmp_path / "gunicorn.log", "w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "kms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            str(VISITORS),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/en/newsletter/", timeout=30).read()
                break
            except OSError:  # not listening yet
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "gunicorn.log").read_text()) from None
                time.sleep(0.3)
        yield base, database
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _sign_up(base, number, results, start):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    address = f"10.0.0.{number + 1}"
    page = opener.open(urllib.request.Request(base + "/en/newsletter/", headers={"X-Forwarded-For": address})).read()
    assert b'name="email"' in page
    body = urllib.parse.urlencode({"email": f"personne{number}@example.org"}).encode()
    headers = {"X-Forwarded-For": address, "Origin": base, "Referer": base + "/en/newsletter/"}
    request = urllib.request.Request(base + "/en/newsletter/", data=body, headers=headers)
    start.wait()
    try:
        results[number] = opener.open(request).status
    except urllib.error.HTTPError as error:
        results[number] = error.code


@pytest.mark.slow  # starts gunicorn
@pytest.mark.skipif(os.environ.get("KMS_TEST_DATABASE") == "postgres", reason="the default SQLite database's locking")
def test_twenty_concurrent_sign_ups_on_sqlite_all_succeed(sqlite_site):
    base, database = sqlite_site
    results, start = {}, threading.Event()
    visitors = [threading.Thread(target=_sign_up, args=(base, n, results, start)) for n in range(VISITORS)]
    for visitor in visitors:
        visitor.start()
    time.sleep(0.5)  # every visitor has its form and waits at the line
    start.set()
    for visitor in visitors:
        visitor.join(timeout=120)
    assert sorted(results) == list(range(VISITORS))
    assert all(status == 200 for status in results.values()), results  # the redirect to "check your inbox", followed
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        signed_up = connection.execute("SELECT count(*) FROM outreach_subscription").fetchone()[0]
    assert signed_up == VISITORS


@pytest.mark.django_db
@override_settings(OUTREACH_RATE_LIMITS={"signup": (2, 600), "contact": (5, 3600)})
def test_a_sign_up_that_fails_does_not_count_against_the_visitor(client, monkeypatch):
    url = reverse("outreach:signup")

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(newsletter, "request_subscription", locked)
        client.raise_request_exception = False
        for _attempt in range(3):
            assert client.post(url, {"email": "amal@example.org"}).status_code == 500
    # Three failures, yet both allowed sign-ups are still there.
    assert client.post(url, {"email": "amal@example.org"}).status_code == 302
    assert client.post(url, {"email": "amal@example.org"}).status_code == 302
    assert client.post(url, {"email": "amal@example.org"}).status_code == 429
    assert ratelimit.is_limited("signup", client.get(url).wsgi_request)
