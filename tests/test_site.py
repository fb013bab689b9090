"""The public site answers in four languages, with the reader kept on the same page."""

import re

import pytest

from cms_pages.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo's core, loaded once for this module."""


LANGUAGES = {"en": "ltr", "fr": "ltr", "ar": "rtl", "nl": "ltr"}


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_root_redirects_to_a_language(client, demo_site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize("code,direction", LANGUAGES.items())
def test_home_page_in_each_language(client, demo_site, code, direction):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert f'lang="{code}"' in html_tag(response)
    assert f'dir="{direction}"' in html_tag(response)
    home = HomePage.objects.get(locale__language_code=code)
    assert home.title in response.content.decode()


def test_language_switcher_keeps_the_reader_on_the_same_page(client, demo_site):
    response = client.get("/en/about/")
    content = response.content.decode()
    french = StandardPage.objects.get(locale__language_code="fr")
    arabic = StandardPage.objects.get(locale__language_code="ar")
    # The French link goes to the French about page, not to the French home page.
    assert f'href="{french.url}" lang="fr"' in content
    assert f'href="{arabic.url}" lang="ar"' in content
    # hreflang alternates name every translation, with absolute URLs.
    assert f'hreflang="fr" href="http://testserver{french.url}"' in content


def test_switcher_falls_back_to_the_home_page_when_no_translation_exists(client, demo_site):
    about_nl = StandardPage.objects.get(locale__language_code="nl")
    about_nl.unpublish()
    content = client.get("/en/about/").content.decode()
    assert 'href="/nl/?untranslated=1" lang="nl"' in content
    # No hreflang promises a Dutch version that is not published.
    assert 'hreflang="nl"' not in content.split("</head>")[0]


@pytest.mark.parametrize("code", ["en", "ar"])
def test_the_home_page_says_why_the_reader_landed_there(client, demo_site, code):
    said = {
        "en": "The page you were reading has no version in this language, so you are on the home page.",
        "ar": "الصفحة التي كنت تقرؤها غير متوفرة بهذه اللغة، لذلك أنت الآن في الصفحة الرئيسية.",
    }[code]
    assert said in client.get(f"/{code}/?untranslated=1").content.decode()
    assert said not in client.get(f"/{code}/").content.decode()


def test_switcher_keeps_the_readers_filters_but_not_the_page_number(client, demo_site):
    french = StandardPage.objects.get(locale__language_code="fr")
    arabic = StandardPage.objects.get(locale__language_code="ar")
    content = client.get(f"{arabic.url}?type=report&country=TN&page=3").content.decode()
    assert f'href="{french.url}?type=report&amp;country=TN" lang="fr"' in content
    # hreflang names the page itself, never a filtered list.
    assert f'hreflang="fr" href="http://testserver{french.url}"' in content
    assert (
        'href="/fr/accounts/login/?next=%2Fen%2F" lang="fr"'
        in client.get("/en/accounts/login/?next=%2Fen%2F").content.decode()
    )


def test_pages_outside_wagtail_switch_by_prefix(client, demo_site):
    content = client.get("/fr/accounts/login/").content.decode()
    assert 'href="/ar/accounts/login/" lang="ar"' in content
    assert 'dir="ltr"' in html_tag(client.get("/fr/accounts/login/"))
    assert 'dir="rtl"' in html_tag(client.get("/ar/accounts/login/"))


def test_unknown_page_is_a_friendly_404_in_the_reader_language(client, demo_site):
    response = client.get("/fr/cette-page-nexiste-pas/")
    assert response.status_code == 404
    assert 'lang="fr"' in html_tag(response)
    assert "/fr/" in response.content.decode()


def test_admin_accepts_the_demo_login(client, demo_site):
    from kms.demo.loader import read

    admin = read("core")["admin"]
    response = client.post("/admin/login/", {"username": admin["username"], "password": admin["password"]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert admin["email"].endswith("example.org")
