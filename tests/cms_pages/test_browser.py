"""Each public page type in a real browser, in English and in Arabic: it renders, reads in the right
direction, asks nothing of another host, and works with JavaScript switched off."""

import pytest
from wagtail.models import Page

from tests.cms_pages.conftest import build_homes, build_tree
from tests.services import snapshots

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAGE_TYPES = ["home", "standard", "index", "news", "library", "document", "region", "country", "partners"]


@pytest.fixture
def site(live_server):
    """The page tree of tests/cms_pages/conftest.py, built once per run and restored for each test."""

    def build():
        return {name: page.pk for name, page in build_tree(build_homes()).items()}

    tree = snapshots.restore_or_build("cms_pages-tree", build)
    return live_server.url, {name: Page.objects.get(pk=pk).specific for name, pk in tree.items()}


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def visit(page, base_url, url):
    """Opens `url` and returns the hosts the page asked for anything."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(base_url + url)
    assert response.status == 200
    return {address.split("/")[2] for address in requested if address.startswith("http")}


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_in_english_and_arabic(page, site, name):
    base_url, tree = site
    host = base_url.split("/")[2]
    for suffix, direction in (("", "ltr"), ("_ar", "rtl")):
        wagtail_page = tree[f"{name}{suffix}"]
        hosts = visit(page, base_url, wagtail_page.url)
        assert hosts == {host}, f"{name}{suffix} asked other hosts: {hosts - {host}}"
        assert page.locator("html").get_attribute("dir") == direction
        assert page.evaluate("getComputedStyle(document.body).direction") == direction
        assert page.locator("h1").first.is_visible()
        assert wagtail_page.title.split(" · ")[0] in page.locator("h1").first.inner_text()
        # The skip link leads to the main landmark, and there is exactly one of it.
        assert page.locator("main#main").count() == 1
        assert page.locator("a.skip-link").get_attribute("href") == "#main"


def test_news_filters_work_without_javascript(no_script_page, site):
    base_url, tree = site
    page = no_script_page
    page.goto(base_url + tree["index"].url)
    page.select_option("#id_country", "LY")
    with page.expect_navigation():
        page.click("text=Apply filters")
    assert "country=LY" in page.url
    assert page.locator(".news-card").count() == 1
    page.select_option("#id_country", "TN")
    with page.expect_navigation():
        page.click("text=Apply filters")
    assert page.locator(".news-card").count() == 0
    # The chosen value stays selected after the page reloads.
    assert page.locator("#id_country").input_value() == "TN"


def test_arabic_chart_runs_right_to_left(page, site):
    base_url, tree = site
    page.goto(base_url + tree["country_ar"].url)
    bars = page.locator("svg.chart rect")
    assert bars.count() == 3
    first, last = bars.nth(0).bounding_box(), bars.nth(2).bounding_box()
    # The earliest year is drawn on the right in Arabic, on the left in English.
    assert first["x"] > last["x"]
    page.goto(base_url + tree["country"].url)
    first, last = (
        page.locator("svg.chart rect").nth(0).bounding_box(),
        page.locator("svg.chart rect").nth(2).bounding_box(),
    )
    assert first["x"] < last["x"]


def test_video_asks_the_video_site_only_after_a_click(page, site):
    from cms_pages.models import StandardPage

    base_url, tree = site
    standard = StandardPage.objects.get(pk=tree["standard"].pk)
    standard.body = [
        {
            "type": "video",
            "value": {
                "url": "https://www.youtube.com/watch?v=abcdefghijk",
                "title": "Témoignage · شهادة",
                "transcript": "Transcription complète du témoignage. النص الكامل للشهادة.",
            },
        }
    ]
    standard.save_revision().publish()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(status=200, body="<p>player</p>"))
    page.goto(base_url + standard.url)
    assert page.locator("iframe").count() == 0
    assert not [url for url in requested if "youtube" in url]
    assert page.locator("details.transcript").is_visible()
    page.click("[data-video-play]")
    page.wait_for_selector("figure.video iframe")
    assert (
        page.locator("figure.video iframe")
        .get_attribute("src")
        .startswith("https://www.youtube-nocookie.com/embed/abcdefghijk")
    )
