"""The XSS corpus, typed into the real lesson, discussion and reply forms, never runs in a real browser.

A member posts every payload of the corpus through the forms (Chromium, JavaScript on), a
facilitator publishes the lesson through the review form, and the lesson and discussion
pages are then opened by a visitor. The payloads try to open a dialog (alert) or set
`window.__xss`; neither may happen, and no element of the pages may carry an event
handler attribute or a javascript: link. Payloads with a NUL character are left out here:
Django's form fields refuse NUL outright (tests/communities_security/test_sanitize.py
cleans them directly).
"""

import json
import uuid
from pathlib import Path

import pytest

from communities.models import Lesson, Membership, Thread
from tests.factories import PASSWORD
from tests.factories.communities import CommunityFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    p for p in json.loads((Path(__file__).parent / "data" / "xss_payloads.json").read_text()) if "\x00" not in p
]
# A legitimate link first: several payloads (an unclosed <script>, <plaintext>) swallow all that follows.
CORPUS = '<p>Voir <a href="https://ok.example/guide">le guide</a> · الدليل</p>\n' + "\n".join(PAYLOADS)

HANDLERS_AND_SCRIPT_LINKS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('main *')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      if (attr.name.startsWith('on') || /^(javascript|vbscript|data):/.test(value)) bad.push(el.tagName + ' ' + attr.name);
    }
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'STYLE', 'IMG', 'FORM'].includes(el.tagName.toUpperCase())
        && el.closest('.lesson-body, .post-body, article')) bad.push(el.tagName);
  }
  return bad;
}"""


@pytest.fixture
def people(settings, tmp_path):
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    community = CommunityFactory(slug="xss-corpus")
    author = MembershipFactory(community=community).user
    facilitator = MembershipFactory(community=community, role=Membership.Role.FACILITATOR).user
    return community, author, facilitator


def sign_in(context, base_url, user):
    page = context.new_page()
    page.goto(f"{base_url}/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/profile/**")
    return page


def watch(page):
    """Collect every dialog the page tries to open (and close it, so the page goes on)."""
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def test_the_canary_works_on_raw_payloads(page):
    """Control: the same payloads, not cleaned, do run in this browser; so the checks below can fail."""
    dialogs = watch(page)
    page.set_content("\n".join(PAYLOADS[:40]), wait_until="load")
    assert page.evaluate("window.__xss") == 1 or dialogs
    assert page.evaluate(HANDLERS_AND_SCRIPT_LINKS.replace("main *", "body *"))


def test_the_corpus_posted_through_the_forms_never_runs(browser, live_server, people):
    community, author, facilitator = people
    base = live_server.url

    # A member shares a lesson made of the corpus, and submits it for review.
    author_context = browser.new_context()
    page = sign_in(author_context, base, author)
    dialogs = watch(page)
    response = page.goto(f"{base}/en/communities/{community.slug}/lessons/new/")
    assert response.status == 200, page.inner_text("body")[:2000]
    page.fill("input[name=title]", "<script>window.__xss=1</script>Leçon <img src=x onerror=alert(1)>")
    page.fill("textarea[name=context]", CORPUS)
    page.fill("textarea[name=what_worked]", "<p>Ce qui a <strong>marché</strong> · ما الذي نجح</p>")
    page.fill("textarea[name=recommendations]", CORPUS)
    page.click("button[name=submit]")
    page.wait_for_load_state("load")
    lesson = Lesson.objects.get(community=community)
    assert lesson.state == Lesson.State.SUBMITTED, page.content()[:3000]
    assert "<strong>marché</strong>" in lesson.what_worked

    # The same member starts a discussion with the corpus, and replies to it with the corpus.
    page.goto(f"{base}/en/communities/{community.slug}/discussions/new/")
    page.fill("input[name=title]", '"><svg onload=window.__xss=1> Discussion')
    page.fill("textarea[name=body]", CORPUS)
    page.click("form[action$='/discussions/new/'] button[type=submit]")
    page.wait_for_load_state("load")
    thread = Thread.objects.get(community=community)
    page.fill("#reply-form textarea[name=body]", CORPUS)
    page.click("#reply-form button[type=submit]")
    page.wait_for_load_state("load")
    assert thread.replies.count() == 1, page.content()[:3000]
    assert dialogs == []

    # Then each payload on its own, as one reply each, through the same form's endpoint with the
    # session's CSRF token: in one text, an unclosed <script> or <plaintext> swallows all that follows.
    thread_url = f"{base}{thread.get_absolute_url()}"
    csrf = next(c["value"] for c in author_context.cookies() if c["name"] == "csrftoken")
    refused = 0
    for payload in PAYLOADS:
        response = author_context.request.post(
            thread_url,
            form={"csrfmiddlewaretoken": csrf, "body": payload, "submit_token": str(uuid.uuid4())},
            max_redirects=0,
        )
        if response.status == 400:
            # Nothing left once cleaned: refused with the sanitiser's message, the text kept in the form.
            assert "Nothing is left of this text" in response.text(), payload
            refused += 1
        else:
            assert response.status == 302, (payload, response.status)
    assert thread.replies.count() == 1 + len(PAYLOADS) - refused
    # Most payloads carry some text (a link's words, a heading) and are stored and rendered.
    assert thread.replies.count() - 1 >= len(PAYLOADS) // 3
    author_context.close()

    # A facilitator publishes it through the review form.
    reviewer_context = browser.new_context()
    page = sign_in(reviewer_context, base, facilitator)
    dialogs = watch(page)
    page.goto(f"{base}{lesson.get_absolute_url()}")
    page.click("button[name=action][value=publish]")
    page.wait_for_load_state("load")
    lesson.refresh_from_db()
    assert lesson.state == Lesson.State.PUBLISHED
    assert dialogs == []
    assert page.evaluate("typeof window.__xss") == "undefined"
    reviewer_context.close()

    # A visitor, and the author, read the published lesson and the discussion.
    for user in (None, author):
        context = browser.new_context()
        page = sign_in(context, base, user) if user else context.new_page()
        dialogs = watch(page)
        for url in (lesson.get_absolute_url(), thread.get_absolute_url()):
            response = page.goto(f"{base}{url}", wait_until="networkidle")
            assert response.status == 200
            text = page.inner_text("main")
            assert "Leçon" in text or "Discussion" in text
            assert page.evaluate("typeof window.__xss") == "undefined", url
            assert page.evaluate(HANDLERS_AND_SCRIPT_LINKS) == [], url
            # The allow-list's links are still there, with the rel the sanitiser forces.
            rels = page.eval_on_selector_all("main a[href^='https://ok.example']", "els => els.map(e => e.rel)")
            assert rels and set(rels) == {"nofollow ugc"}, url
        assert dialogs == []
        context.close()
