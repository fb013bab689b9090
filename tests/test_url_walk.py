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

pytestmark = pytest.mark.django_db

SEED = 11
OVERLONG = "9" * 20
HOSTILE_PATH = {
    "id": [OVERLONG, "9" * 400, "0", str(2**63)],
    "int": [OVERLONG, "9" * 400, "0"],
    "str": ["\x00", "..%2F..%2Fetc%2Fpasswd", "\u202egnp.exe", "x" * 3000, "%01%0B", "²", "a%22%3E%3Cscript%3E"],
    "slug": ["a" * 300, "nope", "-", "_"],
    "path": ["..%2F..%2F", "\u202e/\u200b", "x" * 3000],
    "regex": ["\x00", "../", "\u202e", "9" * 40, "x" * 2000, "abc"],
}
QUERY_NAMES = [
    "q", "page", "page_size", "lesson", "type", "kind", "verb", "identifier", "set", "metadataPrefix", "sort", "lang",
    "year", "version", "quote", "next", "locale", "from", "until", "resumptionToken", "country", "theme", "token",
    "search", "p", "ordering", "format", "id",
]
QUERY_VALUES = [OVERLONG, "abc", "\x00", "\x0b\x01", "\u202e\u2066", "../../", "-1", "x" * 5000, "²", "'\"><script>"]
FORM_VALUES = ["\u202eexe.png", "\x00", OVERLONG, "<script>alert(1)</script>", "x" * 30000]
LANGUAGES = ["en", "fr", "ar", "nl"]
STAFF_SHARE = float(os.environ.get("KMS_WALK_STAFF_SHARE", "0.2"))  # of the admins' URLs, also asked by a superuser (the admin views run, not only their login check)


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


def _fill(pattern, values):
    """One path part: `values` maps a converter name (or "regex") to the text to put in."""
    if isinstance(pattern, LocalePrefixPattern):
        return values["lang"] + "/"
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: values.get(m.group(2)) or values[m.group(1) or "str"],
                      str(pattern))
    if isinstance(pattern, RegexPattern):
        return _fill_regex(str(pattern), values["regex"])
    return str(pattern)


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
        "slug": community.slug, "pk": str(lesson.pk), "lesson": str(lesson.pk), "thread": str(thread.pk),
        "reply": str(reply.pk), "event": str(event.pk), "member": str(member.pk), "page_id": str(page.pk),
        "kind": "thread", "fmt": "bib",
    }
    staff = UserFactory(is_staff=True, is_superuser=True)
    return {"member": member, "staff": staff, "real": real, "publication": page}


def _real_values(name, real, lang):
    """Real ids for a pattern, so hostile query values reach the view behind it."""
    pk = real["pk"]
    for prefix, key in (("thread", "thread"), ("reply", "reply"), ("event", "event"), ("member", "member"),
                        ("decide", "member"), ("promote", "member")):
        if name.startswith(prefix):
            pk = real[key]
    return {"lang": lang, "id": pk, "int": pk, "str": "abc", "slug": real["slug"], "path": "x", "regex": "1",
            "pk": pk, "page_id": real["page_id"], "kind": real["kind"], "fmt": real["fmt"]}


def _urls(rng, real):
    """(url, method, data, is_admin) for every pattern: hostile path fills, then real fills with hostile queries.

    The admins' URLs get one GET each (a hostile path fill when they have one, with hostile
    query values): anonymous visitors and members only meet their login redirect there.
    """
    for index, (parts, entry) in enumerate(walk(get_resolver().url_patterns)):
        lang = LANGUAGES[index % len(LANGUAGES)]
        text = "".join(str(part) for part in parts)
        admin = text.startswith("admin/")
        has_values = "<" in text or any(isinstance(part, RegexPattern) for part in parts)
        query = "?" + urlencode({name: rng.choice(QUERY_VALUES) for name in rng.sample(QUERY_NAMES, 8)})
        if has_values:
            for round_ in range(1 if admin else 2):
                values = {"lang": lang, **{kind: rng.choice(HOSTILE_PATH[kind]) for kind in HOSTILE_PATH}}
                if round_:
                    values["regex"] = rng.choice(HOSTILE_PATH["str"])
                yield "/" + _fill_all(parts, values) + (query if admin else ""), "get", None, admin
        base = "/" + _fill_all(parts, _real_values(entry.name or "", real, lang))
        if admin:
            if not has_values:
                yield base + query, "get", None, True
            continue
        yield base + query, "get", None, False
        yield base + "?" + urlencode({name: rng.choice(QUERY_VALUES) for name in rng.sample(QUERY_NAMES, 8)}), "get", None, False
        form = {name: rng.choice(FORM_VALUES) for name in (*rng.sample(QUERY_NAMES, 6), "title", "body", "name", "email")}
        yield base, "post", form, False


def _fill_all(parts, values):
    return "".join(_fill(part, values) for part in parts)


def test_no_url_answers_5xx_to_hostile_values(site):
    rng = random.Random(SEED)
    urls = list(_urls(rng, site["real"]))
    rng.shuffle(urls)  # a view that changes state (leave, logout) is not always met last
    browsers = {"anonymous": Client(raise_request_exception=False), "member": Client(raise_request_exception=False),
                "staff": Client(raise_request_exception=False)}
    browsers["member"].force_login(site["member"])
    browsers["staff"].force_login(site["staff"])
    failures, counts, statuses, timings = [], {}, {}, []
    for url, method, data, admin in urls:
        if "logout" in url and method == "post":
            continue
        if admin:
            who = ["anonymous", "staff"] if rng.random() < STAFF_SHARE else ["anonymous"]
        else:
            who = ["member"] if method == "post" else ["anonymous", "member"]
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
                failures.append(f"{response.status_code} {name} {method.upper()} {url[:200]!r}")
        if browsers["member"].session.get("_auth_user_id") is None:
            browsers["member"].force_login(site["member"])
    print(f"\nhostile URL walk: {sum(counts.values())} requests {dict(sorted(counts.items()))} over "
          f"{len({u for u, *_ in urls})} URLs; answers: {dict(sorted(statuses.items()))}")
    for seconds, url in sorted(timings, reverse=True)[:15]:
        print(f"{seconds:.3f} {url}")
    assert not failures, "\n".join(failures)
