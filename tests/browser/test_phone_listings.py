"""The search page on a 390-pixel phone: the filters fold behind a "Filters" control that shows how many
are active, and the first result is on the first screen; on a wide screen the filters simply show."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.services import snapshots

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "build" / "test-artifacts"


@pytest.fixture
def site_url(live_server):
    with open(os.devnull, "w") as quiet:
        snapshots.load_demo("core")
        call_command("search_index", "rebuild", "--no-progress", stdout=quiet)
    return live_server.url


@pytest.mark.parametrize(
    "code,words,filters,active", [("en", "network", "Filters", "1 active"), ("ar", "الشبكة", "عوامل التصفية", "نشط")]
)
def test_phone_search_folds_filters_and_shows_the_first_result(page, site_url, code, words, filters, active):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}/{code}/search/?q={words}&lang={code}")
    control = page.locator(".filters-fold > summary")
    assert control.is_visible()
    assert filters in control.inner_text() and active in control.inner_text()
    assert not page.locator(".facets").is_visible()
    first = page.locator(".hit-title").first.bounding_box()
    assert first["y"] + first["height"] <= 844, "the first result is below the first screen"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-390-{code}.png"))
    # The control opens the filters without any script.
    control.click()
    assert page.locator(".facets").is_visible()
    # On a wide screen there is no control: the filters are simply there.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{site_url}/{code}/search/?q={words}&lang={code}")
    assert not control.is_visible() and page.locator(".facets").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"search-1366-{code}.png"))
