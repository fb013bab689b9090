"""The Content-Security-Policy in a real browser: nothing the site or the Wagtail admin loads is refused."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from cms_pages.models import HomePage
from tests.factories.communities import CommunityFactory, PublishedLessonFactory
from tests.services import snapshots

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Chromium fires `securitypolicyviolation` on the document for every refusal; the listener is installed
# before any of the page's own code runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def site_url(live_server):
    with open(os.devnull, "w") as quiet:
        snapshots.load_demo("core")
        call_command("search_index", "rebuild", "--no-progress", stdout=quiet)
    return live_server.url


@pytest.fixture
def watched(browser):
    """A page that records CSP violations, as events and as console errors."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    yield page, console
    context.close()


def visit(page, console, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    assert_no_violation(page, console, url)
    return response.headers["content-security-policy"]


def assert_no_violation(page, console, where):
    violations = page.evaluate("window.__cspViolations")
    refused = [text for text in console if "Content Security Policy" in text]
    assert (violations, refused) == ([], []), where


def test_public_pages_load_without_a_csp_violation(watched, site_url):
    page, console = watched
    community = CommunityFactory()
    lesson = PublishedLessonFactory(community=community)
    for path in (
        "/en/",
        "/ar/",
        "/en/search/?q=network",
        "/en/communities/",
        community.get_absolute_url(),
        lesson.get_absolute_url(),
        "/en/accounts/login/",
    ):
        policy = visit(page, console, f"{site_url}{path}")
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy


def test_the_wagtail_admin_works_for_staff_under_the_policy(watched, site_url):
    page, console = watched
    assert "unsafe-inline" not in visit(page, console, f"{site_url}/admin/login/")

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site_url}])
    visit(page, console, f"{site_url}/admin/")
    assert page.locator("h1").first.is_visible()
    # The page editor, whose inline scripts start StreamField, inline panels, choosers and date pickers.
    home = HomePage.objects.get(locale__language_code="en")
    policy = visit(page, console, f"{site_url}/admin/pages/{home.pk}/edit/")
    assert "'unsafe-inline'" in policy  # the admin's relaxation, documented in settings
    page.locator("[data-side-panel-toggle='preview']").click()
    page.wait_for_load_state("networkidle")
    assert_no_violation(page, console, "the editor's preview panel")
    leave_the_editor(page)


def leave_the_editor(page):
    """Leaving the editor sends a beacon that ends its editing session; the test waits for it, so the
    session's row is not written while the database is emptied for the next test."""
    from wagtail.admin.models import EditingSession

    page.goto("about:blank")
    for _ in range(100):
        if not EditingSession.objects.exists():
            return
        page.wait_for_timeout(50)
