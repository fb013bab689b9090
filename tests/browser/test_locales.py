"""Headless Chromium reads the home page in every language; Arabic is laid out right to left."""

import pytest

from tests.services import snapshots

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_url(live_server):
    snapshots.load_demo("core")
    return live_server.url


@pytest.mark.parametrize("code,direction", [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl"), ("nl", "ltr")])
def test_home_page_language_and_direction(page, site_url, code, direction):
    page.goto(f"{site_url}/{code}/")
    html = page.locator("html")
    assert html.get_attribute("lang") == code
    assert html.get_attribute("dir") == direction
    # The browser itself computes the direction, so the stylesheet's logical properties apply.
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    assert page.locator("h1").first.is_visible()


def test_arabic_header_is_mirrored(page, site_url):
    page.goto(f"{site_url}/ar/")
    brand = page.locator(".brand").bounding_box()
    switcher = page.locator(".language-switcher").bounding_box()
    # In right-to-left the brand sits on the right, the language links to its left.
    assert brand["x"] > switcher["x"]
    page.goto(f"{site_url}/en/")
    brand = page.locator(".brand").bounding_box()
    switcher = page.locator(".language-switcher").bounding_box()
    assert brand["x"] < switcher["x"]


def test_language_switcher_moves_to_the_translation(page, site_url):
    page.goto(f"{site_url}/en/about/")
    with page.expect_navigation():
        page.locator(".language-switcher a[lang=fr]").click()
    assert page.url.endswith("/fr/a-propos/")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_skip_link_is_first_and_reaches_main(page, site_url):
    page.goto(f"{site_url}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
