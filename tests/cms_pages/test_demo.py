"""The demo site `make run` loads: a realistic network site in four languages."""

import os

import feedparser
import pypdfium2
import pytest

from cms_pages.models import CountryPage, DocumentPage, NewsIndexPage, NewsPage, PartnersPage, RegionPage
from tests.services import snapshots

# The whole demo, loaded through the command once per worker (tests/services/snapshots.py), so committed.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def public_demo():
    """The demo as `make run` loads it: the public site's pages among the rest."""
    snapshots.load_demo()


def test_demo_public_site(client, public_demo):
    english_news = NewsPage.objects.filter(locale__language_code="en")
    assert english_news.count() >= 12
    assert set(english_news.values_list("news_type", flat=True)) == set(NewsPage.NewsType.values)
    for code in ("fr", "ar", "nl"):
        assert NewsPage.objects.filter(locale__language_code=code).count() >= 5

    documents = DocumentPage.objects.all()
    assert documents.values("translation_key").distinct().count() >= 8
    assert set(documents.values_list("file_language", flat=True)) == {"en", "fr", "ar", "nl"}
    for page in documents.select_related("document"):
        with page.document.open_file() as handle:
            pdf = pypdfium2.PdfDocument(handle.read())
        assert len(pdf) >= 1 and len(pdf[0].get_textpage().get_text_range()) > 100
        assert page.cover_image_id is not None
    flagship = DocumentPage.objects.get(locale__language_code="en", slug="network-capacity-statement")
    assert [version.file_language for version in flagship.language_versions()] == ["ar", "fr", "nl"]

    assert RegionPage.objects.filter(locale__language_code="en").count() == 3
    countries = CountryPage.objects.filter(locale__language_code="en")
    assert countries.count() == 4
    for page in [*countries, *RegionPage.objects.filter(locale__language_code="en")]:
        assert len(page.key_figures) >= 1 and len(page.trends[0].rows()) >= 3
    for code in ("fr", "ar", "nl"):
        assert CountryPage.objects.filter(locale__language_code=code).count() == 4

    partners = PartnersPage.objects.get(locale__language_code="en")
    assert len(partners.entries()) == 12

    arabic_index = NewsIndexPage.objects.get(locale__language_code="ar")
    feed = feedparser.parse(client.get(arabic_index.url + "feed/atom/").content)
    assert not feed.bozo and len(feed.entries) >= 5


def test_demo_pages_answer_in_each_language(client, public_demo):
    for page in DocumentPage.objects.live()[:3]:
        assert client.get(page.url).status_code == 200
    for code in ("en", "fr", "ar", "nl"):
        for model in (NewsPage, CountryPage, RegionPage, PartnersPage):
            page = model.objects.filter(locale__language_code=code).first()
            response = client.get(page.url)
            assert response.status_code == 200, (code, model.__name__)
            assert f'lang="{code}"' in response.content.decode()[:200]
    assert os.path.exists(DocumentPage.objects.first().document.file.path)
