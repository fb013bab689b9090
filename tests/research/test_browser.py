"""Researchers' readers in a real browser with JavaScript off: filter, sort and export the publication list."""

import datetime

import pytest

from tests.factories.research import publication, research_index

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def test_filter_sort_and_export_without_javascript(no_script_page, live_server):
    index = research_index()
    publication(
        index,
        title="Zouara : récits de traversée",
        publication_type="study",
        publication_date=datetime.date(2024, 3, 1),
    )
    publication(
        index,
        title="Assistance juridique à Tunis",
        publication_type="study",
        publication_date=datetime.date(2025, 3, 1),
    )
    publication(index, title="Données sur le retour", publication_type="dataset")
    page = no_script_page
    page.goto(live_server.url + index.url)
    page.select_option("select[name=type]", "study")
    page.select_option("select[name=sort]", "title")
    with page.expect_navigation():
        page.click("form.publication-filters button[type=submit]")
    assert "type=study" in page.url and "sort=title" in page.url
    assert page.locator(".hit-title").all_inner_texts() == [
        "Assistance juridique à Tunis",
        "Zouara : récits de traversée",
    ]
    with page.expect_download() as download:
        page.click("p.export >> text=RIS")
    assert download.value.suggested_filename == "publications.ris"
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.count("TY  - RPRT") == 2 and "Données sur le retour" not in text
