"""axe-core in Chromium on the pages readers open first, in English and in Arabic (right to left).

Any serious or critical violation fails the test; every violation found, of any
impact, is printed with its rule and elements.
"""

from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from cms_pages.models import NewsPage
from tests.services import snapshots
from tests.services.demo_index import demo_records

from .site import LANGUAGES, axe_script, blocking, demo_urls, describe, load_demo, public_page, run_axe

SCREENSHOTS = Path(settings.BASE_DIR) / "build" / "screenshots"
WIDTHS = (390, 1366)  # a phone, a laptop
# axe runs on the phone's layout, where filters fold and menus wrap; the laptop's is kept as a screenshot
# (axe took about a second a check: both widths cost the suite some 20 s more).
AXE_WIDTH = 390

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]  # a live demo site each


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the site's Content-Security-Policy refuses (the policy
    itself is checked in tests/test_csp.py and tests/browser/test_csp.py)."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def axe():
    return axe_script()


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_serious_accessibility_violations(page, live_server, axe, language):
    load_demo()
    report, failures = [], []
    for label, path in demo_urls(language).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{label} {unquote(path)} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        violations = run_axe(page, axe)
        report.extend(describe(f"[{language}] {label}", unquote(path), violations))
        if blocking(violations):
            failures.extend(describe(f"[{language}] {label}", unquote(path), blocking(violations)))
    print("\nAXE " + "\nAXE ".join(report))
    assert not failures, "serious or critical accessibility violations:\n" + "\n".join(failures)


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_and_newsletter_pages_have_no_serious_accessibility_violations(page, live_server, axe, language):
    from cms_pages.outreach import newsletter
    from cms_pages.outreach.models import ContactPage, Subscription

    load_demo()
    contact = ContactPage.objects.live().get(locale__language_code=language)
    pending = Subscription.objects.create(email=f"lectrice-{language}@example.org", language=language)
    paths = {
        "contact": contact.url,
        "newsletter signup": f"/{language}/newsletter/",
        "check your inbox": f"/{language}/newsletter/check-your-inbox/",
        "confirm": f"/{language}/newsletter/confirm/{newsletter.confirm_token(pending)}/",
        "unsubscribe": f"/{language}/newsletter/unsubscribe/{newsletter.unsubscribe_token(pending)}/",
        "damaged link": f"/{language}/newsletter/confirm/damaged/",
    }
    report, failures = [], []
    for label, path in paths.items():
        assert page.goto(live_server.url + path).status in (200, 400)
        violations = run_axe(page, axe)
        report.extend(describe(f"[{language}] {label}", unquote(path), violations))
        if blocking(violations):
            failures.extend(describe(f"[{language}] {label}", unquote(path), blocking(violations)))
    # The same pages with a rejected submission: error messages and invalid fields must stay accessible too.
    page.goto(live_server.url + paths["contact"])
    page.evaluate("document.querySelector('form.contact-form').noValidate = true")
    page.locator("form.contact-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("form.contact-form [aria-invalid=true]").count() >= 3  # name, email and message are required
    violations = run_axe(page, axe)
    report.extend(describe(f"[{language}] contact, after submitting it empty", "", violations))
    if blocking(violations):
        failures.extend(describe(f"[{language}] contact, after submitting it empty", "", blocking(violations)))
    print("\nAXE " + "\nAXE ".join(report))
    assert not failures, "serious or critical accessibility violations:\n" + "\n".join(failures)


def member_pages(language):
    """{label: path} of the pages a partner reads and writes in, and the search page with results."""
    from communities.models import Lesson
    from research.models import PublicationPage

    lessons = Lesson.objects.published().filter(community__visibility="public").order_by("pk")
    lesson = lessons.filter(language=language).first() or lessons.first()
    return {
        "home": f"/{language}/",
        "search": f"/{language}/search/?q=" + ("returnees" if language == "en" else "العائدين"),
        "news": public_page(NewsPage, language).url,
        "lesson": f"/{language}/communities/{lesson.community.slug}/lessons/{lesson.pk}/",
        "publication": public_page(PublicationPage, language).url,
        "notifications": f"/{language}/notifications/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_pages_have_no_accessibility_violations_on_a_phone_with_screenshots_at_two_widths(
    page, live_server, axe, language
):
    """The home, search, news, lesson, publication and notifications pages, as a signed-in partner sees them, checked
    at 390 pixels; each is kept as a screenshot at 390 and 1366 pixels under build/screenshots."""
    from search.engine import get_engine

    snapshots.load_demo()
    get_engine().rebuild(demo_records("lesson"))  # the search page with results
    client = Client()
    client.force_login(get_user_model().objects.get(email="amira.benali@partners.kms.example.org"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report, failures = [], []
    paths = member_pages(language)
    for label, path in paths.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{label} {unquote(path)} answered {response.status}"
        for width in WIDTHS:  # the same page, laid out again for each screen
            page.set_viewport_size({"width": width, "height": 900})
            where = f"[{language} {width}px] {label}"
            page.screenshot(path=str(SCREENSHOTS / f"{label}-{language}-{width}.png"))
            if width != AXE_WIDTH:
                continue
            violations = run_axe(page, axe)
            report.extend(describe(where, unquote(path), violations))
            if violations:  # any impact: these pages are held to no violations at all
                failures.extend(describe(where, unquote(path), violations))
    print("\nAXE " + "\nAXE ".join(report))
    assert not failures, "accessibility violations:\n" + "\n".join(failures)


def test_the_check_itself_catches_a_broken_page(page, axe):
    """A page with an image without alt text and an unlabelled field: proof that axe runs and reports."""
    page.set_content(
        '<html lang="en"><head><title>x</title></head><body><main><h1>Broken</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>'
    )
    found = {violation["id"]: violation["impact"] for violation in run_axe(page, axe)}
    assert found.get("image-alt") == "critical"
    assert found.get("label") == "critical"
    assert blocking(run_axe(page, axe))
