"""Whole journeys in headless Chromium, each one test on the live demo site.

Each journey drives one browser page (pytest-playwright keeps its screenshot under build/test-artifacts when the
test fails) and switches people by their session cookie, as a second browser would. Search runs on the real
Elasticsearch node, fed by the same live indexing a real site uses.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.services import snapshots
from tests.services.demo_index import demo_records

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def site_url(live_server, settings):
    """The whole demo (an image every browser test of the run shares), its public address the live server's,
    so the links in emails lead to it."""
    snapshots.load_demo()
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    return live_server.url


@pytest.fixture(autouse=True)
def prompt_failures(page):
    """A step that cannot happen fails after 15 s, not Playwright's 30."""
    page.set_default_timeout(15_000)


@pytest.fixture
def real_search(request, settings, elasticsearch_url, es_index_prefix):
    """The site searches an index of its own on the real Elasticsearch node, holding the demo's records of the
    kinds the test module names in SEARCHED_AMONG, and publishing, editing and file extraction index at once
    (after the commit), as on a real site."""
    from search.engine import get_engine, reset_engine

    settings.SEARCH = {
        **settings.SEARCH,
        "ENGINE": "elasticsearch",
        "INDEX_PREFIX": es_index_prefix.rstrip("-"),
        "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": elasticsearch_url},
    }
    settings.SEARCH_LIVE_INDEXING = True
    reset_engine()
    engine = get_engine()
    engine.rebuild(demo_records(*request.module.SEARCHED_AMONG))
    yield engine
    reset_engine()


def sign_in_as(page, site_url, user):
    """`page`'s browser is now signed in as `user` (and no one else)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site_url}])


def user(email):
    return get_user_model().objects.get(email=email)


def link_in_last_email(to, site_url, contains):
    """The first link in the newest email to `to` whose address contains `contains`, on the live server."""
    message = next(message for message in reversed(mail.outbox) if to in message.to)
    for url in LINK.findall(message.body):
        if contains in url:
            assert url.startswith(site_url), f"an email link left the site's public address: {url}"
            return url
    raise AssertionError(f"no link with {contains!r} in the email {message.subject!r}:\n{message.body}")
