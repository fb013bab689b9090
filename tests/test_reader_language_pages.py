"""Readers stay in their language on news lists, the home page's research list and document pages: the reader's
items first, the others in their own language with `lang`, `dir` and a badge; a document whose file is in another
language points to its page in that language, or wears that language on its title."""

import datetime

import pytest
from lxml import html

from kms.taxonomy.models import Country
from tests.factories import cms_pages as make
from tests.factories.research import publication, research_index

pytestmark = [pytest.mark.django_db]


@pytest.fixture(scope="module")
def site(module_db):
    home, home_ar = make.home_pages()
    news_en = make.news_index(home, title="News", slug="news")
    news_ar = make.translate(news_en, "ar", title="الأخبار")
    both = make.news_page(news_en, title="Returnees open a bakery", slug="bakery", date=datetime.date(2025, 5, 1))
    both_ar = make.translate(both, "ar", title="عائدون يفتحون مخبزًا")
    only_en = make.news_page(news_en, title="Webinar on referral", slug="webinar", date=datetime.date(2025, 9, 1))
    only_ar = make.news_page(news_ar, title="قافلة طبية في مدنين", slug="qafila", date=datetime.date(2024, 2, 1))

    english, arabic = research_index("en"), research_index("ar")
    study = publication(english, title="Routes through the Sahel", publication_date=datetime.date(2025, 3, 1))
    study_ar = make.translate(study, "ar", title="طرق عبر الساحل")
    guide = publication(arabic, title="دليل الإحالة", language="ar", publication_date=datetime.date(2023, 5, 1))
    french = research_index("fr")
    parcours = publication(french, title="Parcours à Sfax", language="fr", publication_date=datetime.date(2025, 9, 1))

    library = make.library_page(home)
    referral = make.document_page(library, slug="referral", title="دليل الإحالة الآمنة", file_language="ar")
    statement = make.document_page(library, slug="statement", title="Capacity statement", file_language="ar")
    statement_ar = make.translate(statement, "ar", title="بيان القدرات")
    return {
        "homes": {"en": home, "ar": home_ar},
        "news": {"en": news_en, "ar": news_ar},
        "titles": {
            "both": both.title,
            "both_ar": both_ar.title,
            "only_en": only_en.title,
            "only_ar": only_ar.title,
            "study": study.title,
            "study_ar": study_ar.title,
            "guide": guide.title,
            "parcours": parcours.title,
        },
        "guide": guide,
        "referral": referral,
        "statement": statement,
        "statement_ar": statement_ar,
    }


def cards(client, url):
    """(title, lang, dir, language badge) of each news card, in order."""
    response = client.get(url)
    assert response.status_code == 200
    found = []
    for card in html.fromstring(response.content).xpath("//article[contains(@class, 'news-card')]"):
        (link,) = card.xpath(".//h3/a")
        badge = card.xpath(".//span[contains(@class, 'other-language')]/text()")
        found.append((link.text_content().strip(), link.get("lang"), link.get("dir"), badge[0] if badge else None))
    return found


def test_the_arabic_news_list_shows_every_item_arabic_first(client, site):
    t = site["titles"]
    assert cards(client, site["news"]["ar"].url) == [
        (t["both_ar"], None, None, None),
        (t["only_ar"], None, None, None),
        (t["only_en"], "en", "ltr", "الإنجليزية"),
    ]


def test_the_english_news_list_marks_arabic_items(client, site):
    t = site["titles"]
    assert cards(client, site["news"]["en"].url) == [
        (t["only_en"], None, None, None),
        (t["both"], None, None, None),
        (t["only_ar"], "ar", "rtl", "Arabic"),
    ]


def test_the_news_list_filters_still_apply(client, site):
    t = site["titles"]
    assert [title for title, *_rest in cards(client, site["news"]["ar"].url + "?year=2025")] == [
        t["both_ar"],
        t["only_en"],
    ]


def test_the_home_pages_news_and_research_come_in_the_readers_language_first(client, site):
    t = site["titles"]
    assert [title for title, *_rest in cards(client, site["homes"]["ar"].url)] == [
        t["both_ar"],
        t["only_ar"],
        t["only_en"],
    ]
    page = html.fromstring(client.get(site["homes"]["ar"].url).content)
    research = [
        (a.text_content(), a.get("lang"), a.get("dir"))
        for a in page.xpath("//section[@aria-labelledby='latest-research']//li/a")
    ]
    # Every publication once: the Arabic ones (a translation under its Arabic title) first, then the others.
    assert research == [(t["study_ar"], None, None), (t["guide"], None, None), (t["parcours"], "fr", "ltr")]
    assert page.xpath(
        "//section[@aria-labelledby='latest-research']//span[contains(@class, 'other-language')]/text()"
    ) == ["الفرنسية"]


def test_a_document_in_arabic_without_an_arabic_page_wears_its_language(client, site):
    page = html.fromstring(client.get(site["referral"].url).content)
    (title,) = page.xpath("//h1")
    assert (title.get("lang"), title.get("dir")) == ("ar", "rtl")
    assert page.xpath("//h1/following-sibling::span[contains(@class, 'other-language')]/text()") == ["Arabic"]
    assert not page.xpath("//p[contains(@class, 'in-own-language')]")


def test_a_document_in_arabic_points_to_its_arabic_page(client, site):
    page = html.fromstring(client.get(site["statement"].url).content)
    (link,) = page.xpath("//p[contains(@class, 'in-own-language')]/a")
    assert link.get("href") == site["statement_ar"].url and (link.get("lang"), link.get("dir")) == ("ar", "rtl")
    assert page.xpath("//h1")[0].get("lang") is None  # the English page's own title is English
    # Its Arabic page is the document in its own language: nothing to point to, nothing foreign to mark.
    arabic = html.fromstring(client.get(site["statement_ar"].url).content)
    assert not arabic.xpath("//p[contains(@class, 'in-own-language')]") and arabic.xpath("//h1")[0].get("lang") is None


def test_the_switcher_from_an_arabic_only_publication_says_why_on_the_french_home(client, site):
    page = html.fromstring(client.get(site["guide"].url).content)
    french = page.xpath("//a[@lang='fr' and contains(@href, '/fr/')]/@href")
    assert french and french[0].endswith("?untranslated=1")
    landed = client.get(french[0]).content.decode()
    assert "La page que vous lisiez n’existe pas dans cette langue" in landed


def test_a_country_page_shows_its_news_and_documents_in_every_language_its_own_first(client, site):
    tunisia = Country.objects.get(code="TN")
    region = make.region_page(site["homes"]["en"])
    country_ar = make.translate(make.country_page(region, country=tunisia), "ar", title="تونس")
    news_en, news_ar = site["news"]["en"], site["news"]["ar"]
    make.news_page(news_en, title="Jobs fair in Sfax", slug="jobs-sfax", countries=[tunisia])
    make.news_page(news_ar, title="معرض للتشغيل في قابس", slug="gabes", countries=[tunisia])
    library = make.library_page(site["homes"]["en"], slug="library-tn")
    make.document_page(library, slug="tn-brochure", title="Tunisia brochure", countries=[tunisia])
    page = html.fromstring(client.get(country_ar.url).content)
    news = [
        (a.text_content().strip(), a.get("lang")) for a in page.xpath("//article[contains(@class,'news-card')]//h3/a")
    ]
    assert news == [("معرض للتشغيل في قابس", None), ("Jobs fair in Sfax", "en")]
    (document,) = page.xpath("//ul[@class='link-list']/li[a[text()='Tunisia brochure']]")
    assert document.xpath("a/@lang") == ["en"] and document.xpath(".//span[contains(@class,'other-language')]")
