"""Member-written HTML: no payload of the XSS corpus survives cleaning, and ordinary formatting does.

Every cleaned payload is parsed twice, by Python's html.parser and by an HTML5 parser
that builds the tree the way a browser does (html5lib, as vendored by bleach), because
mutation XSS lives in the gap between how a sanitiser and a browser read the same
markup. Both readings must contain only allowed elements, only href/rel on links, and
only http, https or mailto hrefs once entities and control characters are removed.
"""

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bleach._vendor import html5lib
from django import forms
from django.core.exceptions import ValidationError

from communities.sanitize import MemberHTMLField, clean_html, link_scheme

PAYLOADS = json.loads((Path(__file__).parent / "data" / "xss_payloads.json").read_text())
ALLOWED = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr", "h3", "h4"}
SAFE_SCHEMES = {"http", "https", "mailto"}
CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def scheme_seen_by_browser(href):
    value = CONTROL.sub("", unescape(href)).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", value)
    return match.group(1) if match else ""


class Collector(HTMLParser):
    """Every element, with its attributes, as Python's HTML parser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def elements_by_stdlib(markup):
    collector = Collector()
    collector.feed(markup)
    collector.close()
    return collector.elements


def elements_by_html5(markup):
    fragment = html5lib.parseFragment(markup, namespaceHTMLElements=False)
    found = []
    for element in fragment.iter():
        if not isinstance(element.tag, str) or element.tag == "DOCUMENT_FRAGMENT":
            continue
        tag = element.tag.split("}")[-1]
        found.append((tag, list(element.attrib.items())))
    return found


def assert_harmless(markup):
    for reader in (elements_by_stdlib, elements_by_html5):
        for tag, attrs in reader(markup):
            assert tag in ALLOWED, f"{reader.__name__}: <{tag}> survived in {markup!r}"
            names = {name for name, _ in attrs}
            if tag == "a":
                assert names <= {"href", "rel"}, f"{reader.__name__}: link attributes {names} in {markup!r}"
                values = dict(attrs)
                assert values.get("rel") == "nofollow ugc"
                if "href" in values:
                    assert scheme_seen_by_browser(values["href"]) in SAFE_SCHEMES, markup
            else:
                assert not names, f"{reader.__name__}: <{tag}> kept {names} in {markup!r}"
            for _, value in attrs:
                assert "__xss" not in (value or "") and "javascript" not in (value or "").lower()


def test_the_corpus_is_large_and_covers_every_family():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    joined = "\n".join(PAYLOADS).lower()
    for family in ("<script", " on", "javascript:", "data:", "vbscript:", "<svg", "<math", "<style", "&#", "\t", "\n"):
        assert family in joined, family


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{n:03d}" for n in range(len(PAYLOADS))])
def test_no_payload_survives_cleaning(payload):
    cleaned = clean_html(payload)
    assert_harmless(cleaned)
    # Stable: cleaning the cleaned copy changes nothing, so no second reading can differ.
    assert clean_html(cleaned) == cleaned


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if re.fullmatch(r"(?isa)<(script|style)[^<>]*>[^<]*</\1>", p)])
def test_script_and_style_content_is_dropped_not_shown_as_text(payload):
    cleaned = clean_html(payload)
    assert cleaned == ""


def test_the_whole_corpus_at_once_is_harmless():
    assert_harmless(clean_html("\n".join(PAYLOADS), max_length=None))


@pytest.mark.parametrize(
    "markup, expected",
    [
        (
            "<p>Les <strong>rapatriés</strong> ont <em>choisi</em>.</p>",
            "<p>Les <strong>rapatriés</strong> ont <em>choisi</em>.</p>",
        ),
        ("<ul><li>أولاً</li><li>ثانياً</li></ul>", "<ul><li>أولاً</li><li>ثانياً</li></ul>"),
        ("<ol><li>één</li></ol>", "<ol><li>één</li></ol>"),
        ("<blockquote>citation</blockquote>", "<blockquote>citation</blockquote>"),
        ("<h3>Contexte</h3><h4>Détail</h4>", "<h3>Contexte</h3><h4>Détail</h4>"),
        ("<p>Use <code>send_digests</code></p>", "<p>Use <code>send_digests</code></p>"),
        ("a<br>b", "a<br>b"),
        (
            '<a href="https://example.org/rapport?x=1&amp;y=2">rapport</a>',
            '<a href="https://example.org/rapport?x=1&amp;y=2" rel="nofollow ugc">rapport</a>',
        ),
        ('<a href="http://example.org">site</a>', '<a href="http://example.org" rel="nofollow ugc">site</a>'),
        (
            '<a href="mailto:contact@example.org">écrire</a>',
            '<a href="mailto:contact@example.org" rel="nofollow ugc">écrire</a>',
        ),
        # The author's rel and target are replaced: links always carry nofollow ugc.
        (
            '<a href="https://e.org" rel="opener" target="_blank">e</a>',
            '<a href="https://e.org" rel="nofollow ugc">e</a>',
        ),
        # Tags outside the list go, their text stays.
        ("<h1>Titre</h1><div><span>texte</span></div>", "Titretexte"),
        ("<table><tr><td>cellule</td></tr></table>", "cellule"),
        # Typed line breaks survive when the text has no block markup of its own.
        (
            "Première ligne\nDeuxième ligne\n\nNouveau paragraphe",
            "Première ligne<br>Deuxième ligne<br><br>Nouveau paragraphe",
        ),
        ("a < b & c", "a &lt; b &amp; c"),
    ],
)
def test_legitimate_formatting_survives(markup, expected):
    assert clean_html(markup) == expected


def test_links_without_an_allowed_scheme_keep_their_text_but_lose_the_href():
    assert clean_html('<a href="/fr/communautes/">ici</a>') == '<a rel="nofollow ugc">ici</a>'
    assert clean_html('<a href="ftp://example.org/f">f</a>') == '<a rel="nofollow ugc">f</a>'


@pytest.mark.parametrize(
    "href, scheme",
    [
        ("java\tscript:x", "javascript"),
        ("&#x6A;avascript:x", "javascript"),
        (" \x01HTTPS://x", "https"),
        ("/relative", ""),
    ],
)
def test_link_scheme_reads_what_a_browser_reads(href, scheme):
    assert link_scheme(href) == scheme


def test_length_limit_is_measured_on_the_typed_text_and_stated():
    # 200 characters typed, almost all of them removed by cleaning: still too long.
    typed = "<script>" + "x" * 180 + "</script>ok"
    assert len(clean_html(typed, max_length=None)) == 2
    with pytest.raises(ValidationError) as caught:
        clean_html(typed, max_length=150)
    message = caught.value.messages[0]
    assert "150" in message and str(len(typed)) in message
    assert clean_html("x" * 150, max_length=150) == "x" * 150


class LessonForm(forms.Form):
    body = MemberHTMLField(max_length=100)


def test_form_field_returns_the_cleaned_copy():
    form = LessonForm(data={"body": '<p onclick="x()">Ce qui a <b>marché</b></p><script>x()</script>'})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == "<p>Ce qui a <strong>marché</strong></p>"


def test_form_field_refuses_an_oversize_text_and_keeps_what_was_typed():
    typed = "ما الذي نجح " * 20
    form = LessonForm(data={"body": typed})
    assert not form.is_valid()
    assert "100" in form.errors["body"][0]
    # The form comes back filled with the author's own text.
    assert typed.strip() in str(form["body"])


def test_form_field_says_when_nothing_is_left_after_cleaning():
    form = LessonForm(data={"body": "<script>alert(1)</script>"})
    assert not form.is_valid()
    assert form.errors["body"][0].startswith("Nothing is left")
    assert "alert(1)" in str(form["body"])


# --- The same corpus through the Markdown path (communities.writing), which the page and the preview share.

MARKDOWN_PAYLOADS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](https://e.org/x.png "a\\" onerror=alert(1) x=\\"")',
    '[x](https://e.org "a\\" onmouseover=alert(1) x=\\"")',
    "`<script>window.__xss=1</script>`",
    "```\n<script>window.__xss=1</script>\n```",
    "```html onload=alert(1)\n<img src=x onerror=alert(1)>\n```",
    "<div onclick=alert(1)>\n\n**gras**\n\n</div>",
    "# <img src=x onerror=alert(1)>",
    "> <svg onload=alert(1)>",
    "- <a href=javascript:alert(1)>x</a>",
    "**<script>alert(1)</script>**",
    '<a href="/communities/c/members/1/" class="mention" data-member="1">@Amina</a>',
    "[@Amina](/communities/c/members/1/)",
    '<https://e.org/"onmouseover="alert(1)>',
    "<mailto:a@e.org?body=<script>>",
    "\\<script>alert(1)\\</script>",
    "<!-- <script>alert(1)</script> -->",
]


@pytest.mark.parametrize(
    "payload", PAYLOADS + MARKDOWN_PAYLOADS, ids=[f"m{n:03d}" for n in range(len(PAYLOADS) + len(MARKDOWN_PAYLOADS))]
)
def test_no_payload_survives_the_markdown_path(payload):
    from communities.writing import render

    # Only href and rel survive on links: a member cannot forge a mention's class or data-member.
    assert_harmless(render(payload, max_length=None))


def test_the_whole_corpus_as_markdown_at_once_is_harmless():
    from communities.writing import render

    assert_harmless(render("\n".join(PAYLOADS + MARKDOWN_PAYLOADS), max_length=None))


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("**gras** et _italique_", "<p><strong>gras</strong> et <em>italique</em></p>"),
        ("- أولاً\n- ثانياً", "<ul>\n<li>أولاً</li>\n<li>ثانياً</li>\n</ul>"),
        ("1. één\n2. twee", "<ol>\n<li>één</li>\n<li>twee</li>\n</ol>"),
        ("> citation", "<blockquote>\n<p>citation</p>\n</blockquote>"),
        # Headings stay below the page's own.
        ("# Contexte\n## Suite\n#### Détail", "<h3>Contexte</h3>\n<h3>Suite</h3>\n<h4>Détail</h4>"),
        # A typed line break is kept, as members expect.
        ("ligne un\nligne deux", "<p>ligne un<br>\nligne deux</p>"),
        (
            "[rapport](https://e.org/r?a=1&b=2)",
            '<p><a href="https://e.org/r?a=1&amp;b=2" rel="nofollow ugc">rapport</a></p>',
        ),
        ("`send_digests`", "<p><code>send_digests</code></p>"),
        ("```\na < b\n```", "<pre><code>a &lt; b\n</code></pre>"),
        # b and i typed as HTML are kept as bold and italics (they were removed before Markdown).
        ("Ce qui a <b>marché</b>, <i>vraiment</i>", "<p>Ce qui a <strong>marché</strong>, <em>vraiment</em></p>"),
        # Pictures are not shown; their address stays as a link.
        ("![plan](https://e.org/p.png)", '<p>!<a href="https://e.org/p.png" rel="nofollow ugc">plan</a></p>'),
    ],
)
def test_markdown_gives_the_formatting_members_expect(typed, expected):
    from communities.writing import render

    assert render(typed) == expected


@pytest.mark.parametrize(
    "stored",
    [
        "<p>Les <strong>rapatriés</strong> ont <em>choisi</em>.</p>",
        "<ul><li>أولاً</li><li>ثانياً</li></ul>",
        '<p>Voir <a href="https://e.org" rel="nofollow ugc">le guide</a></p>\n<blockquote>citation</blockquote>',
        "<h3>Contexte</h3><p>texte</p>",
    ],
)
def test_a_post_stored_before_markdown_edits_back_to_the_same_html(stored):
    """Posts stored as cleaned HTML are edited from that HTML (no source was kept); saving them unchanged
    gives the same page."""
    from communities.writing import render

    assert render(stored) == stored


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "Rapport : https://iom.int/fr/rapport?pays=TN&annee=2025.",
            '<p>Rapport : <a href="https://iom.int/fr/rapport?pays=TN&amp;annee=2025" rel="nofollow ugc">'
            "https://iom.int/fr/rapport?pays=TN&amp;annee=2025</a>.</p>",
        ),
        ("انظر www.unhcr.org", '<p>انظر <a href="https://www.unhcr.org" rel="nofollow ugc">www.unhcr.org</a></p>'),
        # Already a link, or code: left as it is. File names and abbreviations are not addresses.
        ("[le guide](https://e.org/g)", '<p><a href="https://e.org/g" rel="nofollow ugc">le guide</a></p>'),
        ("`curl https://e.org`", "<p><code>curl https://e.org</code></p>"),
        ("rapport.pdf, v1.2, e.g.", "<p>rapport.pdf, v1.2, e.g.</p>"),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
    ],
)
def test_web_addresses_typed_as_text_become_links(typed, expected):
    from communities.writing import render

    assert render(typed) == expected
