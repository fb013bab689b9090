"""People search in a real browser: with JavaScript off, filters and paging still work; Arabic reads right to left."""

import os

import pytest
from django.core.management import call_command

from tests.services import snapshots

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_url(live_server):
    with open(os.devnull, "w") as quiet:
        snapshots.load_demo("core")
        call_command("search_index", "rebuild", "--no-progress", stdout=quiet)
    return live_server.url


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_search_and_filter_without_javascript(no_script_page, site_url):
    page = no_script_page
    page.goto(f"{site_url}/en/")
    page.fill("#site-search-q", "network")
    page.press("#site-search-q", "Enter")
    assert "/en/search/?q=network" in page.url
    assert page.locator(".hit").count() == 1
    assert page.locator(".hit mark").first.inner_text().lower() == "network"
    # The other language versions are offered on the same result.
    assert sorted(page.locator(".also-in a").all_inner_texts()) == ["AR", "FR", "NL"]
    # Filter by language with a plain checkbox and the submit button.
    page.check("input[name=lang][value=en]")
    page.click("text=Apply filters")
    assert "lang=en" in page.url
    assert page.locator(".hit").count() == 1


def test_arabic_search_page_is_right_to_left(page, site_url):
    page.goto(f"{site_url}/ar/search/?q=الشبكة")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.search-layout')).direction") == "rtl"
    results = page.locator(".results").bounding_box()
    facets = page.locator(".facets").bounding_box()
    # Filters sit on the right in Arabic, before the results in reading order.
    assert facets["x"] > results["x"]
    assert "عن الشبكة" in page.locator(".hit-title").first.inner_text()
