"""On a phone (390 CSS px wide), the filters and the first results are on the first screen."""

import pytest

from tests.services import snapshots

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_filters_and_first_results_fit_the_first_screen(phone, live_server, language):
    snapshots.load_demo("mapping")
    phone.goto(f"{live_server.url}/{language}/services/")
    screen = phone.viewport_size
    # No sideways scrolling: the page is as wide as the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    for selector in ["#id_country", "#id_region", "#id_type", "#id_group", "#id_language", ".filters button"]:
        box = phone.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= screen["height"], selector
        assert 0 <= box["x"] and box["x"] + box["width"] <= screen["width"], selector
    first = phone.locator(".service-item").first.bounding_box()
    assert first["y"] + first["height"] <= screen["height"]
    # Filtering works with the plain form: choose a country, submit, and the list follows.
    phone.select_option("#id_country", "TN")
    with phone.expect_navigation():  # read the list once the new page has loaded, not when its address changes
        phone.locator(".filters button").click()
    assert "country=TN" in phone.url
    assert phone.locator(".service-item").count() == phone.locator(".service-map circle").count() > 0
