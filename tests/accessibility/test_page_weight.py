"""Low bandwidth: what a first visit to a page costs, that nothing comes from another host, and that it works without JavaScript.

Weights are measured in Chromium through Playwright's network events: for every
request of the first load (document, CSS, fonts, images; a fresh context, so an
empty cache), the response headers and body as transferred (`request.sizes()`).
Images the page lazy-loads below the fold are not part of a first load and are
not counted. Each weighed page is loaded as on a desktop and as on a phone (SCREENS); the
others, checked for other hosts only, as on a desktop.
The news page must stay under NEWS_PAGE_BUDGET; the document, country and services
(map) pages are printed. Every request of the home, news, document, country, partners and
services pages must go to the site itself.
"""

from collections import defaultdict
from urllib.parse import unquote

import pytest

from .site import demo_urls, load_demo, same_origin

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]  # a live demo site each

NEWS_PAGE_BUDGET = 200 * 1000  # bytes
WEIGHED = ("news", "document", "country", "services")


def first_load(browser, url, **context_options):
    """(bytes by resource type, every URL requested) for one cold load of `url`."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    requested, finished, pending = [], [], set()

    def started(request):
        requested.append(request.url)
        pending.add(request)

    def ended(request, done=True):
        pending.discard(request)
        if done:
            finished.append(request)

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", lambda request: ended(request, done=False))
    response = page.goto(url, wait_until="load")
    assert response.status == 200, f"{unquote(url)} answered {response.status}"
    settled(page, pending)
    weights = defaultdict(int)
    for request in finished:
        sizes = request.sizes()
        weights[request.resource_type] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    # A measurement of nothing would pass any budget: the HTML itself must have been counted.
    assert weights.get("document", 0) > 1000, f"{unquote(url)}: the document's own bytes were not measured"
    return dict(weights), requested


def settled(page, pending, quiet_ms=200, step_ms=50):
    """Returns once no request of the page has been in flight for `quiet_ms`: what the page asks for after its
    load event (a map's tiles, say) is part of its first load. Playwright's "networkidle" waits 500 ms after the
    last request, and did so on every one of this module's twenty loads."""
    quiet = 0
    while quiet < quiet_ms:
        page.wait_for_timeout(step_ms)  # Playwright delivers the page's request events meanwhile
        quiet = 0 if pending else quiet + step_ms


# A desktop window, and a phone (360 CSS px wide, 2 device pixels per CSS pixel: srcset picks larger files).
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True},
}


def test_first_load_weight_and_hosts(browser, live_server):
    load_demo()
    lines, foreign, news_weights = [], [], {}
    for language in ("en", "ar"):
        for label, path in demo_urls(language).items():
            # Pages that are only checked for other hosts are loaded once; the weighed ones on each screen.
            for screen, options in SCREENS.items() if label in WEIGHED else list(SCREENS.items())[:1]:
                weights, requested = first_load(browser, live_server.url + path, **options)
                foreign.extend(
                    f"{label} {language} {screen}: {request}"
                    for request in requested
                    if not same_origin(request, live_server.url)
                )
                if label not in WEIGHED:
                    continue
                total = sum(weights.values())
                if label == "news":
                    news_weights[(language, screen)] = total
                parts = ", ".join(f"{kind} {size / 1000:.1f}" for kind, size in sorted(weights.items()))
                lines.append(
                    f"WEIGHT [{language}] {label:<8} {screen:<7} {total / 1000:6.1f} KB  ({parts})  {unquote(path)}"
                )
    print("\n" + "\n".join(lines))
    assert not foreign, "requests to another host:\n" + "\n".join(foreign)
    over = {key: size for key, size in news_weights.items() if size > NEWS_PAGE_BUDGET}
    assert not over, f"news page first load over 200 KB: { {key: round(size / 1000, 1) for key, size in over.items()} }"


@pytest.fixture
def no_script(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("language", ("en", "ar"))
def test_pages_are_usable_without_javascript(no_script, live_server, language):
    """With scripts off, each page shows its heading and text, its links lead somewhere, and the site search works."""
    load_demo()
    page = no_script
    for label, path in demo_urls(language).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{label} {unquote(path)}"
        heading = page.locator("main h1").first
        assert heading.is_visible() and heading.inner_text().strip(), f"{label}: no visible heading"
        assert len(page.locator("main").inner_text().strip()) > 80, f"{label}: main content is nearly empty"
        links = [
            href
            for href in page.locator("main a[href]").evaluate_all(
                # An SVG link's href is an SVGAnimatedString (the services map's marks link to services).
                "els => els.map(e => typeof e.href === 'string' ? e.href : new URL(e.href.baseVal, location.href).href)"
            )
            if same_origin(href, live_server.url) and "#" not in href
        ]
        for href in links[:3]:
            status = page.request.get(href).status
            assert status == 200, f"{label}: link {unquote(href)} answered {status}"
    # The footer's newsletter signup is a plain form.
    page.goto(f"{live_server.url}/{language}/")
    page.locator(".newsletter-signup input[type=email]").fill("lecteur@example.org")
    page.locator(".newsletter-signup button[type=submit]").click()
    assert page.url.endswith(f"/{language}/newsletter/check-your-inbox/")
