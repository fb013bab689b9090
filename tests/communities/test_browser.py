"""A partner works in a real browser with JavaScript off: sign in, share a lesson, reply; Arabic reads right to left."""

import os

import pytest

from communities.models import Lesson, Reply
from kms.demo.loader import read
from tests.services import snapshots

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_url(live_server):
    snapshots.load_demo()
    return live_server.url


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, site_url, language="en"):
    page.goto(f"{site_url}/{language}/accounts/login/")
    demo = read("communities")
    page.fill("input[name=login]", demo["partners"][0]["email"])
    page.fill("input[name=password]", demo["password"])
    page.press("input[name=password]", "Enter")


def test_partner_shares_a_lesson_and_replies_without_javascript(no_script_page, site_url):
    page = no_script_page
    sign_in(page, site_url)
    page.goto(f"{site_url}/en/communities/community-based-reintegration/")
    page.click("text=Share a lesson learned")
    page.fill("input[name=title]", "Savings groups before the grant")
    page.fill(
        "textarea[name=context]", "<p>Returnees in Zarzis formed savings groups <strong>before</strong> any grant.</p>"
    )
    page.fill("textarea[name=what_worked]", "Members who saved together kept working together.")
    with page.expect_navigation():
        page.click("button[name=submit]")
    assert page.locator(".message").first.inner_text() == "Your lesson has been submitted for review."
    assert page.locator("h1").inner_text() == "Savings groups before the grant"
    assert page.locator(".lesson-section strong").inner_text() == "before"
    assert Lesson.objects.get(title="Savings groups before the grant").state == "submitted"

    page.goto(f"{site_url}/en/communities/community-based-reintegration/")
    page.click("text=Subventions en nature ou en espèces pour les projets collectifs ?")
    with page.expect_navigation():
        page.locator(".post-actions a", has_text="Quote").first.click()
    assert page.locator("#reply-form blockquote").count() == 1
    page.fill("textarea[name=body]", "Merci, nous allons essayer la formule mixte.")
    with page.expect_navigation():
        page.click("text=Post my reply")
    assert "Merci, nous allons essayer la formule mixte." in page.locator(".reply-list").inner_text()
    reply = Reply.objects.get(body__contains="formule mixte")
    assert reply.quoted is not None


def test_community_home_in_arabic_is_right_to_left(page, site_url):
    sign_in(page, site_url, "ar")
    page.goto(f"{site_url}/ar/communities/community-based-reintegration/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "إعادة الإدماج المجتمعي"
    assert page.evaluate("getComputedStyle(document.querySelector('.community-columns')).direction") == "rtl"
    breadcrumbs = page.locator(".breadcrumbs").bounding_box()
    viewport = page.viewport_size
    # The breadcrumbs start at the right edge in Arabic.
    assert breadcrumbs["x"] + breadcrumbs["width"] > viewport["width"] / 2
    page.screenshot(
        path=os.path.join(os.environ.get("KMS_SCREENSHOTS", "/tmp"), "community-home-ar.png"), full_page=True
    )


def test_related_documents_are_chosen_as_one_types(page, site_url):
    """The chooser offers documents, publications and lessons as the author types; the one chosen is saved."""
    from research.models import PublicationPage
    from search import sources
    from search.engine import get_engine

    study = PublicationPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    get_engine().index([sources.record_for(f"page:{study.pk}")])
    sign_in(page, site_url)
    page.goto(f"{site_url}/en/communities/community-based-reintegration/lessons/new/")
    box = page.locator("#id_related_q")
    box.press_sequentially(study.title.split()[0][:6])
    options = page.locator("#id_related_q-suggestions [role=option]")
    options.first.wait_for()
    assert "Publication" in options.first.inner_text()
    box.press("ArrowDown")
    box.press("Enter")  # adds the title; it does not send the form
    chosen = page.locator("[data-related-chosen] input[type=checkbox]")
    assert (
        chosen.count() == 1 and chosen.first.is_checked() and chosen.first.get_attribute("value") == f"page:{study.pk}"
    )
    assert box.input_value() == "" and "/lessons/new/" in page.url
    page.fill("input[name=title]", "Savings groups and the study")
    page.fill("textarea[name=context]", "<p>See the study.</p>")
    page.click("button[name=save]")
    lesson = Lesson.objects.get(title="Savings groups and the study")
    assert list(lesson.related_pages.values_list("pk", flat=True)) == [study.pk]
