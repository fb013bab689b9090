"""Every URL pattern of the project, filled with hostile values, answers below 500.

The walk reads Django's resolver (Wagtail's admin, allauth and the language-prefixed
patterns included), fills each path converter with values an attacker would try
(overlong and non-ASCII digits, control characters, "../", bidi overrides, very long
strings) and also with real ids, adds the common query parameters with hostile values,
and asks as an anonymous visitor and as a community member. Member-facing views are
also sent a POST of hostile form values; the admins only GETs (their POSTs are staff
forms with CSRF, tested by Wagtail). Values are sampled with a fixed seed, so a failure
is reproducible, and the count of requests tried is printed.
"""

import logging
import os
import random
import re
import time
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from tests.factories import UserFactory
from tests.factories.communities import (
    CommunityFactory,
    EventFactory,
    MembershipFactory,
    PublishedLessonFactory,
    ReplyFactory,
    ThreadFactory,
)
from tests.factories.research import publication, research_index

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

SEED = 11
OVERLONG = "9" * 20
HOSTILE_PATH = {
    "id": [OVERLONG, "9" * 400, "0", str(2**63)],
    "int": [OVERLONG, "9" * 400, "0"],
    "str": [
        "\x01\x0b",
        "\x00",
        "..%2F..%2Fetc%2Fpasswd",
        "\u202egnp.exe",
        "x" * 3000,
        "%01%0B",
        "²",
        "a%22%3E%3Cscript%3E",
    ],
    "slug": ["a" * 300, "nope", "-", "_"],
    "path": ["..%2F..%2F", "\u202e/\u200b", "x" * 3000],
    "regex": ["\x01", "\x00", "../", "\u202e", "9" * 40, "x" * 2000, "abc"],
}
QUERY_NAMES = [
    "q",
    "page",
    "page_size",
    "lesson",
    "type",
    "kind",
    "verb",
    "identifier",
    "set",
    "metadataPrefix",
    "sort",
    "lang",
    "year",
    "version",
    "quote",
    "next",
    "locale",
    "from",
    "until",
    "resumptionToken",
    "country",
    "theme",
    "token",
    "search",
    "p",
    "ordering",
    "format",
    "id",
]
# NUL is one value among many: the middleware answers it with a 400 before any view, so it would hide the rest.
QUERY_VALUES = [
    OVERLONG,
    "abc",
    "\x08\x7f",
    "\x0b\x01",
    "\u202e\u2066",
    "../../",
    "-1",
    "x" * 5000,
    "²",
    "'\"><script>",
]
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}  # Wagtail's /admin/failwhale/ raises on purpose, to show the 500 page
CONTROL_VALUES = ["\x08", "\x0b\x01", "\x1f", "\u202e\u2066", "\ufeff"]
OAI_VERBS = ["Identify", "ListRecords", "ListIdentifiers", "GetRecord", "ListMetadataFormats", "ListSets"]
FORM_VALUES = ["\u202eexe.png", "\x00", OVERLONG, "<script>alert(1)</script>", "x" * 30000]
LANGUAGES = ["en", "fr", "ar", "nl"]
# The default walk samples, to stay fast: a quarter of the admins' URLs (asked anonymously and by a
# superuser, so the admin views run, not only their login check), and each member-facing variant asked
# by one of anonymous or member in turn. KMS_WALK_FULL=1 asks every URL as everyone.
FULL = os.environ.get("KMS_WALK_FULL") == "1"
ADMIN_SHARE = 1.0 if FULL else 0.25


def walk(patterns, prefix=()):
    for entry in patterns:
        parts = (*prefix, entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, parts)
        elif isinstance(entry, URLPattern):
            yield parts, entry


def _fill_regex(regex, value):
    """The regex with each top-level group replaced by `value` and its anchors and escapes removed."""
    out, depth, index = [], 0, 0
    while index < len(regex):
        char = regex[index]
        if char == "\\" and index + 1 < len(regex):
            if depth == 0:
                out.append(regex[index + 1])
            index += 2
            continue
        if char == "(":
            if depth == 0:
                out.append(value)
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char not in "^$?*+":
            out.append(char)
        index += 1
    return "".join(out)


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _slots(parts):
    """The places a value goes, in order: (converter kind, argument name) per route converter, one per regex."""
    slots = []
    for part in parts:
        if isinstance(part, RoutePattern):
            slots += [(kind or "str", name) for kind, name in _CONVERTER.findall(str(part))]
        elif isinstance(part, RegexPattern):
            slots.append(("regex", "regex"))
    return slots


def _fill_all(parts, lang, values):
    """The URL path with `values` (one per slot, in order) in its slots."""
    values, out = iter(values), []
    for part in parts:
        if isinstance(part, LocalePrefixPattern):
            out.append(lang + "/")
        elif isinstance(part, RoutePattern):
            out.append(_CONVERTER.sub(lambda _m: next(values), str(part)))
        elif isinstance(part, RegexPattern):
            out.append(_fill_regex(str(part), next(values)))
        else:
            out.append(str(part))
    return "".join(out)


@pytest.fixture
def quiet_request_log():
    """4xx answers are expected by the hundred; their log lines (with tracebacks) only slow the walk."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def site(demo_site, settings, tmp_path, quiet_request_log):
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"
    community = CommunityFactory(slug="cohesion")
    member = MembershipFactory(community=community).user
    lesson = PublishedLessonFactory(community=community, author=member)
    thread = ThreadFactory(community=community, lesson=lesson)
    reply = ReplyFactory(thread=thread)
    event = EventFactory(community=community)
    page = publication(research_index())
    real = {
        "slug": community.slug,
        "pk": str(lesson.pk),
        "lesson": str(lesson.pk),
        "thread": str(thread.pk),
        "reply": str(reply.pk),
        "event": str(event.pk),
        "member": str(member.pk),
        "page_id": str(page.pk),
        "kind": "thread",
        "fmt": "bib",
    }
    staff = UserFactory(is_staff=True, is_superuser=True)
    return {"member": member, "staff": staff, "real": real, "publication": page}


def _real_value(kind, name, url_name, real):
    """A value that exists, so that the hostile value next to it reaches the view behind the URL."""
    if kind == "slug":
        return real["slug"]
    if name in ("page_id", "kind", "fmt"):
        return real[name]
    if kind in ("id", "int") or name == "pk":
        for prefix, key in (
            ("thread", "thread"),
            ("reply", "reply"),
            ("event", "event"),
            ("member", "member"),
            ("decide", "member"),
            ("promote", "member"),
            ("flag", "thread"),
            ("hide", "thread"),
        ):
            if url_name.startswith(prefix):
                return real[key]
        return real["pk"]
    return "1" if kind == "regex" else "abc"


def _urls(rng, real):
    """(url, method, data, is_admin) for every pattern.

    Each slot of a path is made hostile in turn, the others holding real values (so that an
    overlong id meets the view, not a 404 for the slug beside it); then the real path gets
    three hostile query strings: control characters next to valid OAI-PMH and lesson values
    plus a hostile parameter name, a random sample, and every common parameter at once.
    Member-facing URLs also get a POST of hostile form values. The admins' URLs get one
    hostile GET each.
    """
    for index, (parts, entry) in enumerate(walk(get_resolver().url_patterns)):
        if entry.name in DELIBERATE_ERRORS:
            continue
        lang = LANGUAGES[index % len(LANGUAGES)]
        admin = str(parts[0]).startswith("admin/")
        slots = _slots(parts)
        real_values = [_real_value(kind, name, entry.name or "", real) for kind, name in slots]
        sampled = "?" + urlencode({name: rng.choice(QUERY_VALUES) for name in rng.sample(QUERY_NAMES, 8)})
        if admin:
            hostile = [rng.choice(HOSTILE_PATH[kind if kind in HOSTILE_PATH else "str"]) for kind, _name in slots]
            yield "/" + _fill_all(parts, lang, hostile) + sampled, "get", None, True
            continue
        for position, (kind, _name) in enumerate(slots):
            choices = HOSTILE_PATH[kind if kind in HOSTILE_PATH else "str"]
            for value in (choices[0], rng.choice(choices[1:])):
                values = list(real_values)
                values[position] = value
                yield "/" + _fill_all(parts, lang, values), "get", None, False
        base = "/" + _fill_all(parts, lang, real_values)
        near_valid = {
            **{name: rng.choice(CONTROL_VALUES) for name in rng.sample(QUERY_NAMES, 6)},
            "verb": rng.choice(OAI_VERBS),
            "metadataPrefix": "oai_dc",
            "lesson": real["pk"],
            rng.choice(CONTROL_VALUES): "1",
        }
        everything = {
            name: QUERY_VALUES[(index + number) % len(QUERY_VALUES)] for number, name in enumerate(QUERY_NAMES)
        }
        for query in (near_valid, everything):
            yield base + "?" + urlencode(query), "get", None, False
        yield base + sampled, "get", None, False
        form = {
            name: rng.choice(FORM_VALUES) for name in (*rng.sample(QUERY_NAMES, 6), "title", "body", "name", "email")
        }
        yield base, "post", form, False


@pytest.mark.slow  # about 700 requests (1,559 with KMS_WALK_FULL=1)
def test_no_url_answers_5xx_to_hostile_values(site):
    rng = random.Random(SEED)
    urls = list(_urls(rng, site["real"]))
    rng.shuffle(urls)  # a view that changes state (leave, logout) is not always met last
    browsers = {
        "anonymous": Client(raise_request_exception=False),
        "member": Client(raise_request_exception=False),
        "staff": Client(raise_request_exception=False),
    }
    browsers["member"].force_login(site["member"])
    browsers["staff"].force_login(site["staff"])
    failures, counts, statuses, timings = [], {}, {}, []
    for index, (url, method, data, admin) in enumerate(urls):
        if index % 50 == 0 and "\x00" not in url:
            url = url + ("&" if "?" in url else "?") + "nul=%00"  # now and then, the NUL refusal itself
        if "logout" in url and method == "post":
            continue
        if admin:
            if rng.random() >= ADMIN_SHARE:
                continue
            who = ["anonymous", "staff"]
        elif method == "post":
            who = ["member"]
        else:
            who = ["anonymous", "member"] if FULL else [("anonymous", "member")[index % 2]]
        for name in who:
            started = time.perf_counter()
            path, _sep, query = url.partition("?")
            payload = data if method == "post" else dict(parse_qsl(query, keep_blank_values=True))
            response = getattr(browsers[name], method)(quote(path, safe="/%"), data=payload, follow=False)
            key = f"{name} {method.upper()}"
            counts[key] = counts.get(key, 0) + 1
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if os.environ.get("KMS_WALK_TIMES"):
                timings.append((time.perf_counter() - started, url[:120]))
            if response.status_code >= 500:
                line = f"{response.status_code} {name} {method.upper()} {url[:200]!r}"
                failures.append(line)
        if browsers["member"].session.get("_auth_user_id") is None:
            browsers["member"].force_login(site["member"])
    print(
        f"\nhostile URL walk: {sum(counts.values())} requests {dict(sorted(counts.items()))} over "
        f"{len({u for u, *_ in urls})} URLs; answers: {dict(sorted(statuses.items()))}"
    )
    for seconds, url in sorted(timings, reverse=True)[:15]:
        print(f"{seconds:.3f} {url}")
    assert not failures, "\n".join(failures)
