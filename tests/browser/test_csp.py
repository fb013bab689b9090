"""The Content-Security-Policy in a real browser: nothing the site or the Wagtail admin loads is refused."""

import datetime
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client

from cms_pages.models import HomePage
from research.models import PublicationPage
from tests.factories.communities import CommunityFactory, PublishedLessonFactory
from tests.factories.research import pdf_document, project, publication
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


def script_src(policy):
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("script-src "))


def sign_in_to_the_admin(page, site_url):
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site_url}])


def test_the_wagtail_admin_works_for_staff_under_the_policy(watched, site_url):
    page, console = watched
    assert "unsafe-inline" not in visit(page, console, f"{site_url}/admin/login/")

    sign_in_to_the_admin(page, site_url)
    assert script_src(visit(page, console, f"{site_url}/admin/")) == "script-src 'self'"
    assert page.locator("h1").first.is_visible()
    # The page editor, with StreamField, and its preview panel.
    home = HomePage.objects.get(locale__language_code="en")
    policy = visit(page, console, f"{site_url}/admin/pages/{home.pk}/edit/")
    assert script_src(policy) == "script-src 'self'"
    assert "style-src 'self' 'unsafe-inline'" in policy  # the admin's one relaxation (kms.csp)
    page.locator("[data-side-panel-toggle='preview']").click()
    # The preview is the site's page, framed from the admin's address: it is there once its <main> is.
    page.frame_locator("#w-preview-iframe").locator("main#main").wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    assert_no_violation(page, console, "the editor's preview panel")
    leave_the_editor(page)


def test_a_publication_is_edited_with_its_inline_panels_date_pickers_and_choosers(watched, site_url):
    """The widgets Wagtail starts with inline scripts start from admin-init.js, in the page and in the forms
    an inline panel adds, and a draft is saved with what they chose."""
    page, console = watched
    document = pdf_document(title="Annexe statistique — ملحق")
    parent = project()
    draft = publication(
        parent,
        project=parent,
        primary_file=document,
        versions=[{"number": 1, "date": datetime.date(2025, 1, 9), "change_note": "Première — الأولى"}],
    )
    sign_in_to_the_admin(page, site_url)
    assert script_src(visit(page, console, f"{site_url}/admin/pages/{draft.pk}/edit/")) == "script-src 'self'"

    # One click adds one form: an inline panel started twice would add two.
    page.locator("#id_versions-ADD").click()
    page.wait_for_selector("#id_versions-1-number")
    assert page.locator("#id_versions-TOTAL_FORMS").input_value() == "2"
    assert page.locator("#id_versions-2-number").count() == 0

    # The new form's date picker opens.
    page.locator("#id_versions-1-date").click()
    page.locator(".xdsoft_datetimepicker:visible").wait_for()
    assert page.evaluate("Boolean(jQuery('#id_versions-1-date').data('xdsoft_datetimepicker'))")
    page.keyboard.press("Escape")
    page.locator("#id_versions-1-date").fill("2025-11-20")
    page.locator("#id_versions-1-number").fill("2")

    # The new form's document chooser opens its modal, and the document chosen there is taken.
    page.locator("#id_versions-1-document-chooser .unchosen [data-chooser-action-choose]").click()
    page.locator(".modal a", has_text=document.title).click()
    page.wait_for_selector(".modal", state="detached")
    assert page.locator("#id_versions-1-document").input_value() == str(document.pk)
    assert page.locator("#id_versions-1-document-chooser .chooser__title").inner_text() == document.title

    with page.expect_navigation():
        page.locator("button.action-save:visible").first.click()
    page.wait_for_load_state("networkidle")
    assert_no_violation(page, console, "the publication editor")
    saved = PublicationPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    versions = sorted(saved.versions.all(), key=lambda version: version.number)
    assert [(version.number, version.date, version.document_id) for version in versions] == [
        (1, datetime.date(2025, 1, 9), None),
        (2, datetime.date(2025, 11, 20), document.pk),
    ]
    leave_the_editor(page)


def test_a_workflow_is_composed_with_its_task_and_page_choosers(watched, site_url):
    """Wagtail's workflow editor: an inline panel of task choosers and a formset of page choosers."""
    from wagtail.models import Workflow

    page, console = watched
    sign_in_to_the_admin(page, site_url)
    visit(page, console, f"{site_url}/admin/workflows/add/")
    page.locator("#id_name").fill("Relecture — مراجعة")

    page.locator("#id_pages-0-page-chooser .unchosen [data-chooser-action-choose]").click()
    page.locator(".modal a.choose-page").first.wait_for()
    page.locator(".modal button[data-dismiss='modal']").click()
    page.wait_for_selector(".modal", state="detached")

    page.locator("#id_workflow_tasks-ADD").click()
    page.locator("#id_workflow_tasks-0-task-chooser .unchosen [data-chooser-action-choose]").click()
    page.locator(".modal #tab-label-existing").click()  # the modal opens on "New"
    task = page.locator(".modal a.task-choice").first
    name = task.inner_text()
    task.click()
    page.wait_for_selector(".modal", state="detached")
    assert page.locator("#id_workflow_tasks-0-task-chooser [data-chooser-title]").inner_text() == name

    with page.expect_navigation():
        page.locator("form[method='post'] button[type='submit']:visible").last.click()
    page.wait_for_load_state("networkidle")
    assert_no_violation(page, console, "the workflow editor")
    workflow = Workflow.objects.get(name="Relecture — مراجعة")
    assert [task.name for task in workflow.tasks] == [name]


def leave_the_editor(page):
    """Leaving the editor sends a beacon that ends its editing session; the test waits for it, so the
    session's row is not written while the database is emptied for the next test."""
    from wagtail.admin.models import EditingSession

    page.goto("about:blank")
    for _ in range(100):
        try:
            if not EditingSession.objects.exists():
                return
        except OperationalError:  # the live server is writing that table right now ("table is locked")
            pass
        page.wait_for_timeout(50)
