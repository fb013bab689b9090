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
    with page.expect_navigation() as navigation:
        page.press("#site-search-q", "Enter")
    assert navigation.value.status == 200
    assert "/en/search/?q=network" in page.url
    assert page.locator(".hit").count() == 1, page.locator("main").inner_text()[:500]
    assert page.locator(".hit mark").first.inner_text().lower() == "network"
    # The other language versions are offered on the same result.
    assert sorted(page.locator(".also-in a").all_inner_texts()) == ["AR", "FR", "NL"]
    # Filter by language with a plain checkbox and the submit button.
    page.check("input[name=lang][value=en]")
    with page.expect_navigation():
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


def test_suggestions_as_one_types_with_the_keyboard_in_arabic(page, site_url):
    page.goto(f"{site_url}/ar/")
    box = page.locator("#site-search-q")
    box.press_sequentially("عن الشب")
    options = page.locator("#site-search-q-suggestions [role=option]")
    options.first.wait_for()
    assert "عن الشبكة" in options.all_inner_texts()
    assert box.get_attribute("aria-expanded") == "true"
    # The list hangs under the box from its right edge, where Arabic starts.
    suggestions, field = page.locator("#site-search-q-suggestions").bounding_box(), box.bounding_box()
    assert abs((suggestions["x"] + suggestions["width"]) - (field["x"] + field["width"])) < 2
    assert suggestions["y"] >= field["y"] + field["height"] - 1
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "site-search-q-suggestions-0"
    assert options.first.get_attribute("aria-selected") == "true"
    box.press("Escape")  # closes the list and keeps what was typed
    assert (box.get_attribute("aria-expanded"), box.input_value()) == ("false", "عن الشب")
    box.press("ArrowDown")  # opens it again
    options.first.wait_for()
    box.press("ArrowDown")
    chosen = options.first.inner_text()
    with page.expect_navigation():
        box.press("Enter")
    assert "/search/" not in page.url
    assert chosen in page.locator("h1").inner_text()
