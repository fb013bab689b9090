"""Readers stay in their language: lists and featured blocks give each item in the reader's language where it
exists, those first; the others follow in their own language, marked with `lang`, `dir` and a badge."""

import datetime

import pytest
from lxml import html

from tests.factories import cms_pages as make
from tests.factories.research import publication, research_index

pytestmark = [pytest.mark.django_db]


@pytest.fixture(scope="module")
def site(module_db):
    home, home_ar = make.home_pages()
    english, arabic, french = research_index("en"), research_index("ar"), research_index("fr")
    only_english = publication(english, title="Routes through the Sahel", publication_date=datetime.date(2025, 3, 1))
    both = publication(english, title="Returnees in Kassala", publication_date=datetime.date(2024, 1, 1))
    both_ar = make.translate(both, "ar", title="العائدون في كسلا")
    only_arabic = publication(arabic, title="دليل الإحالة", language="ar", publication_date=datetime.date(2023, 5, 1))
    only_french = publication(
        french, title="Parcours à Sfax", language="fr", publication_date=datetime.date(2025, 9, 1)
    )

    library = make.library_page(home)
    library_ar = make.translate(library, "ar", title="المكتبة")
    capacity = make.document_page(
        library,
        slug="capacity",
        title="Capacity statement",
        file_language="en",
        publication_date=datetime.date(2025, 1, 1),
    )
    guide = make.document_page(library, slug="guide", title="Referral guide", file_language="fr")
    guide_fr = make.translate(guide, "fr", title="Guide de référence")
    statement_ar = make.document_page(library_ar, slug="bayan", title="بيان قدرات الشبكة", file_language="ar")
    for home_page, heading in ((home, "Featured"), (home_ar, "مختارات")):
        home_page.refresh_from_db()  # children were added since: its tree counters changed
        home_page.body = [("featured", {"heading": heading, "pages": [capacity, both, statement_ar]})]
        home_page.save_revision().publish()
    return {
        "indexes": {"en": english, "ar": arabic},
        "titles": {
            "only_english": only_english.title,
            "both": both.title,
            "both_ar": both_ar.title,
            "only_arabic": only_arabic.title,
            "only_french": only_french.title,
            "guide_fr": guide_fr.title,
        },
        "libraries": {"en": library, "ar": library_ar},
        "homes": {"en": home, "ar": home_ar},
    }


def items(client, url, xpath):
    response = client.get(url)
    assert response.status_code == 200
    return [
        (element.text_content().strip(), element.get("lang"), element.get("dir"), _badge(element))
        for element in html.fromstring(response.content).xpath(xpath)
    ]


def _badge(element):
    badge = element.xpath("./following-sibling::span[contains(@class, 'other-language')]")
    return badge[0].text_content() if badge else None


PUBLICATIONS = "//section[@aria-labelledby='publications-heading']//a[contains(@class, 'hit-title')]"


def test_the_arabic_research_list_shows_every_publication_arabic_first(client, site):
    t = site["titles"]
    listed = items(client, site["indexes"]["ar"].url, PUBLICATIONS)
    # Newest first within each group; a translated publication once, under its Arabic title.
    assert listed == [
        (t["both_ar"], None, None, None),
        (t["only_arabic"], None, None, None),
        (t["only_french"], "fr", "ltr", "الفرنسية"),
        (t["only_english"], "en", "ltr", "الإنجليزية"),
    ]


def test_the_english_research_list_marks_arabic_titles_right_to_left(client, site):
    t = site["titles"]
    listed = items(client, site["indexes"]["en"].url, PUBLICATIONS)
    assert listed == [
        (t["only_english"], None, None, None),
        (t["both"], None, None, None),
        (t["only_french"], "fr", "ltr", "French"),
        (t["only_arabic"], "ar", "rtl", "Arabic"),
    ]


def test_the_list_export_gives_what_the_arabic_list_shows(client, site):
    ris = client.get("/citations/publications.ris", {"locale": "ar"}).content.decode()
    assert ris.count("ER  -") == 4
    assert site["titles"]["both_ar"] in ris and site["titles"]["both"] not in ris


def test_the_arabic_library_lists_its_own_documents_first_and_others_in_their_own_language(client, site):
    listed = items(client, site["libraries"]["ar"].url, "//h3[contains(@class, 'card-title')]")
    assert [title for title, *_rest in listed] == ["بيان قدرات الشبكة", "Capacity statement", "Guide de référence"]
    # The guide's file is in French: its French page presents it, not the English one.
    assert listed[2][1:3] == ("fr", "ltr")
    assert listed[0][1:3] == (None, None)
    response = client.get(site["libraries"]["ar"].url)
    badges = html.fromstring(response.content).xpath("//span[contains(@class, 'other-language')]/text()")
    assert badges == ["الإنجليزية", "الفرنسية"]


@pytest.mark.parametrize("code", ["en", "ar"])
def test_featured_pages_come_in_the_readers_language_first(client, site, code):
    listed = items(client, site["homes"][code].url, "//section[@class='featured']//li/a")
    if code == "ar":
        assert listed == [
            (site["titles"]["both_ar"], None, None, None),
            ("بيان قدرات الشبكة", None, None, None),
            ("Capacity statement", "en", "ltr", "الإنجليزية"),
        ]
    else:
        assert listed == [
            ("Capacity statement", None, None, None),
            (site["titles"]["both"], None, None, None),
            ("بيان قدرات الشبكة", "ar", "rtl", "Arabic"),
        ]
