"""The small public site most tests here read: one page of each type in English, most translated into Arabic."""

import pytest
from django.contrib.auth import get_user_model

from kms.taxonomy.models import Country, Organisation, Theme
from tests.factories import cms_pages as make


@pytest.fixture
def homes(db):
    """English and Arabic home pages; works for plain and transactional database tests."""
    return build_homes()


@pytest.fixture
def library(db):
    """A document library under an English home page."""
    home, _arabic = make.home_pages()
    return make.library_page(home)


@pytest.fixture
def editor_user(client):
    """An editor (a superuser), signed in on the test client."""
    user = get_user_model().objects.create_superuser("editrice", "editrice@example.org", "mot-de-passe-sûr")
    client.force_login(user)
    return user


@pytest.fixture
def editor(client, editor_user):
    """The test client, signed in as an editor."""
    return client


@pytest.fixture
def tree(homes):
    """One page of each type in English, most of them translated into Arabic."""
    return build_tree(homes)


def build_homes():
    if not Country.objects.exists():  # a transactional test's flush removed what the migration loaded
        from kms.taxonomy.loader import load_taxonomy

        load_taxonomy()
    return make.home_pages()


def build_tree(homes):
    home, home_ar = homes
    libya, tunisia = Country.objects.get(code="LY"), Country.objects.get(code="TN")
    protection = Theme.objects.get(slug="protection")
    pages = {"home": home, "home_ar": home_ar}
    pages["standard"] = make.standard_page(home)
    pages["index"] = make.news_index(home)
    pages["news"] = make.news_page(pages["index"], slug="retour", countries=[libya], themes=[protection])
    pages["library"] = make.library_page(home)
    pages["document"] = make.document_page(pages["library"], slug="fiche", countries=[tunisia])
    pages["region"] = make.region_page(home)
    pages["country"] = make.country_page(pages["region"])
    pages["partners"] = make.partners_page(
        home, Organisation.objects.filter(slug__in=["iom", "drc", "unhcr"]), {"drc": ["protection"]}
    )
    for name in ("standard", "index", "news", "library", "document", "region", "country", "partners"):
        pages[f"{name}_ar"] = make.translate(pages[name], "ar", title=f"{pages[name].title} · نسخة عربية")
    return pages
