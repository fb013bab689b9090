"""Phone-first listings: the search page and the news list fold their filters behind a "Filters" control,
show a chip per active filter, hide facet values that match nothing, take a validated date range, and the
contact page is linked from the main menu and the footer in the reader's language."""

import datetime
import re
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Locale

from cms_pages.models import NewsPage
from cms_pages.outreach.models import ContactPage
from search.engine import reset_engine
from tests.factories import cms_pages as pages
from tests.factories import outreach

pytestmark = [pytest.mark.django_db]


@pytest.fixture(scope="module")
def built(module_db, tmp_path_factory):
    """English and Arabic homes, an English news list of four items, a contact page in both languages, and
    a search index of it all, built once for the module."""
    home, _arabic_home = pages.home_pages()
    index = pages.news_index(home)
    for title, day, kind in (
        ("Sfax returnees 2023", datetime.date(2023, 5, 2), NewsPage.NewsType.RELEASE),
        ("Médenine story 2024", datetime.date(2024, 6, 20), NewsPage.NewsType.STORY),
        ("Sfax workshop 2025", datetime.date(2025, 1, 15), NewsPage.NewsType.RELEASE),
        ("Djerba release 2025", datetime.date(2025, 9, 1), NewsPage.NewsType.RELEASE),
    ):
        pages.news_page(index, title=title, slug=re.sub(r"\W+", "-", title.lower()), date=day, news_type=kind)
    contact = outreach.contact_page("en", title="Contact", slug="contact")
    arabic_contact = pages.translate(contact, "ar", title="اتصل بنا", slug="ittasil")
    path = tmp_path_factory.mktemp("phone") / "search.sqlite3"
    with override_settings(SEARCH={**settings.SEARCH, "ENGINE": "embedded", "EMBEDDED_PATH": str(path)}):
        reset_engine()
        try:
            call_command("search_index", "rebuild", "--no-progress", stdout=StringIO())
        finally:
            reset_engine()
    return {"index_file": path, "news": index, "contact": contact, "arabic_contact": arabic_contact}


@pytest.fixture
def site(built, db):
    shutil.copyfile(built["index_file"], settings.SEARCH["EMBEDDED_PATH"])
    reset_engine()
    return built


def chips(html):
    return re.findall(r'<a class="chip" href="([^"]*)">', html)


def summary(html):
    return re.sub(r"<[^>]+>|\s+", " ", re.search(r"<summary>(.*?)</summary>", html, re.S).group(1)).split()


# --- Search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language,filters_word,active_word", [("en", "Filters", "active"), ("ar", "عوامل التصفية", "نشط")]
)
def test_search_chips_count_and_clear_all(client, site, language, filters_word, active_word):
    response = client.get(f"/{language}/search/", {"kind": "news", "from": "2024", "q": ""})
    html = response.content.decode()
    assert response.status_code == 200
    # Two filters are active: the summary says so, in the reader's language.
    words = " ".join(summary(html))
    assert filters_word in words and "2" in words and active_word in words
    links = chips(html)
    assert len(links) == 2
    # Each chip removes its own filter and keeps the other.
    assert "kind=news" not in links[0] and "from=2024" in links[0]
    assert "from=2024" not in links[1] and "kind=news" in links[1]
    clear_all = re.search(r'<a class="chips-clear" href="([^"]*)"', html).group(1)
    assert "kind" not in clear_all and "from" not in clear_all


def test_search_without_filters_has_no_chips_and_no_count(client, site):
    html = client.get("/en/search/", {"q": "Sfax"}).content.decode()
    assert chips(html) == [] and "filter-count" not in html
    assert summary(html) == ["Filters"]


def test_search_facet_values_with_no_items_are_hidden(client, site):
    # Only news is indexed under "Sfax", so the kind facet offers news and nothing else.
    html = client.get("/en/search/", {"q": "Sfax", "lang": "ar"}).content.decode()
    # Nothing in Arabic matches: the language chosen stays in the form (hidden) and as a chip, with no
    # zero-count checkbox anywhere.
    assert "(0)" not in html
    assert '<input type="hidden" name="lang" value="ar">' in html
    assert len(chips(html)) == 1


def test_search_date_range_narrows_results(client, site):
    def total(params):
        return client.get("/api/v1/search", {"kind": "news", **params}).json()["total"]

    assert total({}) == 4
    assert total({"from": "2025"}) == 2
    assert total({"to": "2024"}) == 2
    # Both ends are included; a year as the end means its last day.
    assert total({"from": "2024-06-20", "to": "2025-01-15"}) == 2
    assert total({"from": "2024-06-21", "to": "2025-01-14"}) == 0


@pytest.mark.parametrize(
    "params,message",
    [
        ({"from": "last year"}, "is not a date"),
        ({"to": "2025-02-30"}, "is not a date"),
        ({"from": "2025", "to": "2024"}, "comes after its end"),
    ],
)
def test_search_bad_date_range_is_a_clear_400(client, site, params, message):
    response = client.get("/en/search/", params)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    # The form comes back open with what was typed, to be corrected.
    assert '<details class="filters-fold" open>' in html
    assert client.get("/api/v1/search", params).status_code == 400


def test_arabic_search_date_error_is_in_arabic(client, site):
    response = client.get("/ar/search/", {"from": "2025", "to": "2024"})
    assert response.status_code == 400
    assert "بداية" in response.content.decode()


# --- News ---------------------------------------------------------------------------------


def test_news_chips_count_and_date_range(client, site):
    url = site["news"].url
    html = client.get(url, {"type": "release", "from": "2025"}).content.decode()
    assert "Sfax workshop 2025" in html and "Djerba release 2025" in html and "Sfax returnees 2023" not in html
    assert summary(html)[:2] == ["Filters", "2"]
    links = chips(html)
    assert len(links) == 2
    assert "type=" not in links[0] and "from=2025" in links[0]
    assert "from=" not in links[1] and "type=release" in links[1]


def test_news_types_without_items_are_not_offered(client, site):
    html = client.get(site["news"].url).content.decode()
    assert 'value="release"' in html and 'value="story"' in html
    assert 'value="best_practice"' not in html


def test_news_bad_date_is_reported_and_the_rest_still_applies(client, site):
    response = client.get(site["news"].url, {"type": "story", "to": "someday"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not a date" in html and '<details class="filters-fold" open>' in html
    assert "Médenine story 2024" in html and "Sfax workshop 2025" not in html


def test_news_range_with_its_ends_swapped_is_refused(client, site):
    html = client.get(site["news"].url, {"from": "2025", "to": "2023"}).content.decode()
    assert "comes after its end" in html
    # The end is dropped with its message; the start still applies.
    assert "Sfax workshop 2025" in html and "Médenine story 2024" not in html


# --- Contact ------------------------------------------------------------------------------


def menu_and_footer(html):
    menu = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    return menu, footer


def test_contact_page_is_linked_in_the_reader_language(client, site):
    english_menu, english_footer = menu_and_footer(client.get("/en/search/").content.decode())
    assert f'href="{site["contact"].url}">Contact<' in english_menu
    assert f'href="{site["contact"].url}">Contact us<' in english_footer
    arabic_menu, arabic_footer = menu_and_footer(client.get("/ar/search/").content.decode())
    assert site["arabic_contact"].url != site["contact"].url
    assert f'href="{site["arabic_contact"].url}">اتصل بنا<' in arabic_menu
    assert f'href="{site["arabic_contact"].url}">' in arabic_footer


def test_untranslated_contact_page_falls_back_to_the_site_language(client, site):
    ContactPage.objects.filter(locale=Locale.objects.get(language_code="ar")).update(live=False)
    arabic_menu, _footer = menu_and_footer(client.get("/ar/search/").content.decode())
    assert f'href="{site["contact"].url}"' in arabic_menu


def test_a_saved_search_keeps_and_describes_its_date_range(client, site):
    from search.models import SavedSearch
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    client.post("/en/search/save/", {"q": "Sfax", "from": "2024", "to": "2025-01-31", "frequency": "weekly"})
    saved = SavedSearch.objects.get(user=user)
    assert "from=2024" in saved.query and "to=2025-01-31" in saved.query
    html = client.get("/en/search/saved/").content.decode()
    assert "From: 2024" in html and "To: 2025-01-31" in html
