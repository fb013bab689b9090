"""Snippets are escaped once: member text "a < b" reads "a &lt; b" in the page's HTML, never "a &amp;lt; b",
and markup in member text comes out as text, on both engines."""

import pytest
from django.conf import settings

from communities.sanitize import clean_html
from search.engine import get_engine, reset_engine
from search.sources.communities import ThreadSource
from tests.factories.communities import CommunityFactory, ThreadFactory

pytestmark = [pytest.mark.django_db]

# What a member typed, stored as the forms store it: "<" as an entity, a typed tag as escaped text.
TYPED = "Returnees compare costs: rent < wages in Sfax. Someone wrote &lt;script&gt;alert(1)&lt;/script&gt; here."


@pytest.fixture(params=[pytest.param("elasticsearch", marks=pytest.mark.elasticsearch), "embedded"])
def site_engine(request):
    """The site's configured engine: the real Elasticsearch node or the embedded engine."""
    if request.param == "elasticsearch":
        url = request.getfixturevalue("elasticsearch_url")
        prefix = request.getfixturevalue("es_index_prefix").rstrip("-")
        es = {**settings.SEARCH["ELASTICSEARCH"], "url": url, "shards": 1, "replicas": 0}
        request.getfixturevalue("settings").SEARCH = {
            **settings.SEARCH,
            "ENGINE": "elasticsearch",
            "INDEX_PREFIX": prefix,
            "ELASTICSEARCH": es,
        }
    reset_engine()
    engine = get_engine()
    engine.setup()
    yield engine
    engine.drop()
    reset_engine()


@pytest.fixture
def thread(site_engine):
    thread = ThreadFactory(
        community=CommunityFactory(),
        title="Housing costs for returnees <b>",
        body=clean_html(TYPED + "\n\nRent & food take most of the month."),
        language="en",
    )
    site_engine.index([ThreadSource().record_for(thread.pk)])
    return thread


def test_member_text_is_escaped_exactly_once(client, thread):
    assert "&lt;" in thread.body  # stored as cleaned HTML
    page = client.get("/en/search/", {"q": "wages"}).content.decode()
    assert "rent &lt; <mark>wages</mark>" in page.lower()
    assert "&amp;lt;" not in page and "&amp;amp;" not in page
    # Typed markup is shown as text; it never becomes an element of the page.
    assert "&lt;script&gt;alert(1)" in page  # Elasticsearch also writes "/" as "&#x2F;"
    assert "<script>alert" not in page
    assert "Housing costs for returnees &lt;b&gt;" in page


def test_the_api_gives_the_same_snippet(client, thread):
    (hit,) = client.get("/api/v1/search", {"q": "wages"}).json()["results"]
    assert "rent &lt; <mark>wages</mark>" in hit["snippet"].lower()
    assert "&lt;script&gt;" in hit["snippet"] and "&amp;lt;" not in hit["snippet"]


def test_a_snippet_without_a_match_in_the_text_is_escaped_once(site_engine, thread):
    from search.query import Query
    from search.records import PUBLIC

    # "Housing" is only in the title: the snippet is the start of the text.
    (hit,) = site_engine.search(Query(text="housing", audiences=frozenset({PUBLIC}))).hits
    assert "rent &lt; wages" in hit.snippet.lower()
    assert "&amp;lt;" not in hit.snippet and "<script" not in hit.snippet
    # Paragraphs stay apart: the word after a paragraph's end is a word of its own.
    assert "here. Rent &amp; food" in " ".join(hit.snippet.split())
