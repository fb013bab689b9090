"""An Arabic reader goes from the home page to the news, a country page and the document library, right to left
all the way, and downloads a brochure."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def assert_right_to_left(page):
    assert (page.locator("html").get_attribute("lang"), page.locator("html").get_attribute("dir")) == ("ar", "rtl")
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"


def test_an_arabic_reader_goes_from_home_to_the_library_and_downloads_a_brochure(page, site_url):
    page.goto(f"{site_url}/ar/")
    assert_right_to_left(page)
    menu = page.get_by_role("banner")

    menu.get_by_role("link", name="الأخبار", exact=True).click()
    page.get_by_role("heading", level=1, name="الأخبار").wait_for()
    assert_right_to_left(page)
    page.get_by_role("main").get_by_role("link", name="مركز رابع لموارد المهاجرين يفتح أبوابه في الإسكندرية").click()
    page.get_by_role("heading", level=1, name="مركز رابع لموارد المهاجرين").wait_for()
    assert_right_to_left(page)

    menu.get_by_role("link", name="شمال أفريقيا", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="مصر", exact=True).first.click()
    page.get_by_role("heading", level=1, name="مصر").wait_for()
    assert_right_to_left(page)

    # The library, narrowed to Egypt's brochures with its filters; the filters sit on the right of the list.
    menu.get_by_role("link", name="الوثائق", exact=True).click()
    filters = page.get_by_role("search", name="تصفية")
    filters.wait_for()
    assert_right_to_left(page)
    filters.get_by_label("نوع الوثيقة").select_option("brochure")
    filters.get_by_label("البلد").select_option("EG")
    filters.get_by_role("button", name="تطبيق عوامل التصفية").click()
    results = page.locator(".listing-results")
    page.wait_for_url(re.compile(r"kind=brochure.*country=EG|country=EG.*kind=brochure"))
    assert results.get_by_role("article").count() == 1  # the demo's one brochure about Egypt
    assert filters.bounding_box()["x"] > results.bounding_box()["x"]
    brochure = results.get_by_role("link", name="Migrant resource centres in Egypt: what to expect")
    # An English title in the Arabic list is marked as English, so it is read and laid out as English.
    assert brochure.locator("xpath=ancestor-or-self::*[@lang][1]").get_attribute("lang") == "en"
    brochure.click()

    # The brochure exists in English only: its page is English, and its file downloads whole.
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
