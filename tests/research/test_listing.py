"""The publication list: filters from a plain GET form, sorting, pagination, constant query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from kms.taxonomy.models import Country
from research import listing
from tests.conftest import fresh_copies
from tests.factories import OrganisationFactory, ThemeFactory
from tests.factories.research import project, publication, research_index

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


def titles(client, index, query=""):
    response = client.get(index.url + ("?" + query if query else ""))
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    return [
        a.text_content()
        for a in tree.xpath("//section[@aria-labelledby='publications-heading']//a[contains(@class, 'hit-title')]")
    ]


@pytest.fixture(scope="module")
def shared_library(module_db):
    """Built once for the module's thirteen filter cases."""
    index = research_index()
    egypt, tunisia = Country.objects.get(code="EG"), Country.objects.get(code="TN")
    protection = ThemeFactory(slug="protection-test")
    university = OrganisationFactory(slug="universite-de-sfax")
    lead = OrganisationFactory(slug="ong-chef-de-file")
    work = project(index, lead_organisation=lead)
    pubs = {
        "Alpha": publication(
            index,
            title="Alpha : retour au Caire",
            publication_type="report",
            publication_date=datetime.date(2023, 2, 1),
            countries=[egypt],
            language="fr",
        ),
        "Bêta": publication(
            index,
            title="Bêta — حماية",
            publication_type="policy_brief",
            publication_date=datetime.date(2024, 5, 1),
            themes=[protection],
            language="ar",
        ),
        "Gamma": publication(
            index,
            title="Gamma labour routes",
            publication_type="dataset",
            publication_date=datetime.date(2025, 1, 1),
            countries=[tunisia],
            language="en",
            authors=[{"given_names": "Hédi", "family_name": "Trabelsi", "affiliation": university}],
        ),
        "Delta": publication(
            index,
            title="Delta werk",
            publication_type="article",
            publication_date=datetime.date(2025, 9, 1),
            project=work,
            language="nl",
        ),
    }
    publication(index, title="Zêta brouillon", publish=False)
    return index, pubs


@pytest.fixture
def library(shared_library, db):
    index, pubs = shared_library
    return fresh_copies({"index": index})["index"], fresh_copies(pubs)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Delta werk", "Gamma labour routes", "Bêta — حماية", "Alpha : retour au Caire"]),
        ("type=policy_brief", ["Bêta — حماية"]),
        ("year=2025", ["Delta werk", "Gamma labour routes"]),
        ("country=EG", ["Alpha : retour au Caire"]),
        ("theme=protection-test", ["Bêta — حماية"]),
        ("organisation=universite-de-sfax", ["Gamma labour routes"]),
        ("organisation=ong-chef-de-file", ["Delta werk"]),
        ("language=ar", ["Bêta — حماية"]),
        ("sort=title", ["Alpha : retour au Caire", "Bêta — حماية", "Delta werk", "Gamma labour routes"]),
        ("sort=date", ["Alpha : retour au Caire", "Bêta — حماية", "Gamma labour routes", "Delta werk"]),
        ("year=2025&sort=title", ["Delta werk", "Gamma labour routes"]),
        # Unknown values are dropped, not errors: the other filters still apply.
        ("year=abc&type=dataset", ["Gamma labour routes"]),
        ("type=poem", ["Delta werk", "Gamma labour routes", "Bêta — حماية", "Alpha : retour au Caire"]),
    ],
)
def test_filters_and_sorting(client, library, query, expected):
    index, _pubs = library
    assert titles(client, index, query) == expected


def test_filter_form_is_a_plain_get_form_that_keeps_its_values(client, library):
    index, _pubs = library
    tree = html.fromstring(client.get(index.url + "?type=dataset&sort=title").content)
    form = tree.xpath("//form[contains(@class, 'publication-filters')]")[0]
    assert form.get("method") == "get"
    assert form.xpath(".//select[@name='type']/option[@selected]/@value") == ["dataset"]
    assert form.xpath(".//select[@name='sort']/option[@selected]/@value") == ["title"]
    assert all(src.startswith("/") for src in tree.xpath("//script/@src"))  # no third-party requests
    export = tree.xpath("//p[contains(@class, 'export')]/a/@href")
    assert (
        export[0].startswith("/citations/publications.bib?")
        and "type=dataset" in export[0]
        and "locale=en" in export[0]
    )


def test_pagination_keeps_filters(client, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 4)  # the same paging with fewer publications to make
    index = research_index()
    for n in range(listing.PAGE_SIZE + 3):
        publication(index, title=f"Étude {n:02d}", publication_type="study")
    first = titles(client, index, "type=study&sort=title")
    assert len(first) == listing.PAGE_SIZE
    tree = html.fromstring(client.get(index.url + "?type=study&sort=title").content)
    next_link = tree.xpath("//a[@rel='next']/@href")[0]
    assert "type=study" in next_link and "page=2" in next_link
    second = titles(client, index, next_link.lstrip("?"))
    assert second == [f"Étude {n:02d}" for n in range(listing.PAGE_SIZE, listing.PAGE_SIZE + 3)]


def test_query_count_does_not_grow_with_the_list(client, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 6)  # a full page twice as long as the first list
    index = research_index()
    theme = ThemeFactory()
    for n in range(3):
        publication(index, title=f"Rapport {n}", themes=[theme])
    client.get(index.url)  # warm caches (site root paths, locales)
    with CaptureQueriesContext(connection) as few:
        client.get(index.url)
    for n in range(3, listing.PAGE_SIZE):
        publication(index, title=f"Rapport {n}", themes=[theme])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(index.url)
    assert len(titles(client, index)) == listing.PAGE_SIZE
    assert response.status_code == 200
    with django_assert_max_num_queries(40):
        client.get(index.url + f"?theme={theme.slug}&sort=title")
