"""Property-based tests: whatever text arrives, the parsers and cleaners keep their promises.

Example counts stay modest (the suite must stay fast); Hypothesis keeps the failing
examples it finds in its database, so a regression is caught again on the next run.
"""

import unicodedata

import lxml.html
import pytest
from django.http import QueryDict
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from communities.sanitize import ALLOWED_PROTOCOLS, ALLOWED_TAGS, clean_html, link_scheme
from kms.text import clean_filename, clean_name
from research import oai
from search.params import BadParameter, query_from_params
from search.query import MAX_QUERY_CHARS
from search.records import PUBLIC

pytestmark = pytest.mark.both_databases

FAST = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = set("\u200b\u2060\ufeff")

# Text that reaches for the awkward corners: controls, bidi, zero-width, surrogate-free astral, digits of other scripts.
hostile_chars = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(
        sorted(BIDI_CONTROLS | ZERO_WIDTH | set("\u200c\u200d\u200e\u200f\u061c\x00\x01\x0b\x1f\x7f\x85²١/\\.<>&\"'"))
    ),
)
hostile_text = st.text(hostile_chars, max_size=80)


# --- Search query parser ---------------------------------------------------------------------------------

PARAM_NAMES = ["q", "page", "page_size", "sort", "lang", "kind", "country", "theme", "organisation", "year", "x"]


@FAST
@given(
    st.lists(
        st.tuples(st.sampled_from(PARAM_NAMES), st.one_of(hostile_text, st.text("0123456789-", max_size=30))),
        max_size=8,
    ),
    st.integers(0, 2000),
)
def test_the_query_parser_gives_a_query_or_a_message(pairs, long_q):
    params = QueryDict(mutable=True)
    for name, value in pairs:
        params.appendlist(name, value)
    if long_q:
        params["q"] = "mot " * long_q
    try:
        query = query_from_params(params, frozenset({PUBLIC}))
    except BadParameter as error:
        assert str(error)
        return
    assert len(query.text) <= MAX_QUERY_CHARS
    assert 1 <= query.page <= 1000


# --- HTML sanitizer -------------------------------------------------------------------------------------

FRAGMENTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    '<a href="java\nscript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<p onclick='x()'>",
    "</p>",
    "<a href='https://example.org' onmouseover='x()'>ok</a>",
    "<math><mi>x</mi></math>",
    "<iframe src=//evil>",
    "<style>*{}</style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<a href=' data:text/html,<script>'>",
    "<scr<script>ipt>",
    "<a href=&#106;avascript:alert(1)>",
    "<strong>",
    "<br/>",
    "<blockquote>",
    "<a href='mailto:a@b'>",
    "<form action=javascript:x><button>",
    "<p style='x:expression(alert(1))'>",
    "<textarea>",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'>",
]


def _elements(html):
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    return [element for element in tree.iter() if isinstance(element.tag, str)][1:]


@FAST
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), hostile_text), max_size=12))
def test_sanitized_html_holds_no_script_handler_or_javascript_link(parts):
    cleaned = clean_html("".join(parts), max_length=None)
    for element in _elements(cleaned):
        assert element.tag in ALLOWED_TAGS, cleaned
        assert not any(name.lower().startswith("on") for name in element.attrib), cleaned
        assert set(element.attrib) <= {"href", "rel"}, cleaned
        if "href" in element.attrib:
            assert link_scheme(element.attrib["href"]) in ALLOWED_PROTOCOLS, cleaned
    assert "<script" not in cleaned.lower()


# --- OAI-PMH arguments ----------------------------------------------------------------------------------

OAI_NAMES = ["verb", "identifier", "metadataPrefix", "set", "from", "until", "resumptionToken"]
OAI_VALUES = [
    "Identify",
    "ListRecords",
    "GetRecord",
    "ListSets",
    "ListIdentifiers",
    "ListMetadataFormats",
    "oai_dc",
    "oai:kms.example.org:publication/1",
    "2024-01-01",
    "2024-01-01T00:00:00Z",
    "theme:x",
]


@pytest.mark.django_db
@settings(FAST, max_examples=40)  # each example is a request with queries
@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(OAI_NAMES), hostile_text), st.one_of(st.sampled_from(OAI_VALUES), hostile_text)
        ),
        max_size=5,
    ),
    st.booleans(),
)
def test_every_oai_request_gets_a_well_formed_answer(pairs, post):
    params = QueryDict(mutable=True)
    for name, value in pairs:
        params.appendlist(name, value)
    factory = RequestFactory()
    if post:
        request = factory.post("/oai", params.urlencode(), content_type="application/x-www-form-urlencoded")
    else:
        request = factory.get("/oai?" + params.urlencode())
    response = oai.endpoint(request)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{oai.OAI_NS}}}OAI-PMH"


# --- Names and file names -------------------------------------------------------------------------------------


def _invisible(char):
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS | ZERO_WIDTH


@FAST
@given(hostile_text)
def test_clean_name_leaves_no_override_or_control_and_is_stable(text):
    name = clean_name(text)
    assert not any(_invisible(char) for char in name)
    assert name == name.strip()
    assert clean_name(name) == name


@FAST
@given(st.text(hostile_chars, max_size=400))
def test_clean_filename_gives_one_visible_path_segment(text):
    name = clean_filename(text)
    assert name and len(name) <= 200
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert not any(unicodedata.category(char) in ("Cc", "Cf", "Cs") for char in name)
    assert clean_filename(name) == name
