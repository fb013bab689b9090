"""Sources build records from the database in bulk, with a query count that does not grow per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms_pages.models import HomePage, StandardPage
from search import sources

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo's core, loaded once for this module."""


def add_pages(count):
    home = HomePage.objects.get(locale__language_code="en")
    for number in range(count):
        page = StandardPage(
            title=f"Fiche pratique n° {number} : accès aux soins",
            slug=f"fiche-{number}-{home.numchild}",
            intro="Accès aux services de base pour les personnes déplacées.",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        home.refresh_from_db()


def queries_for_all_records():
    with CaptureQueriesContext(connection) as context:
        records = list(sources.all_records())
    return len(context), records


def test_bulk_query_count_does_not_grow_with_pages(demo_site):
    add_pages(3)
    queries_for_all_records()  # fills the site-root cache every later call shares
    few, records = queries_for_all_records()
    add_pages(12)
    many, more_records = queries_for_all_records()
    assert len(more_records) == len(records) + 12
    assert many == few


def test_page_records_carry_language_group_and_text(demo_site):
    records = {record.id: record for record in sources.all_records()}
    about_fr = StandardPage.objects.get(locale__language_code="fr")
    record = records[f"page:{about_fr.pk}"]
    assert record.language == "fr"
    assert record.url == "/fr/a-propos/"
    assert "rassemble" in record.body or "rassemble" in record.summary
    english = records[f"page:{StandardPage.objects.get(locale__language_code='en').pk}"]
    assert english.group == record.group


def test_unpublished_and_restricted_pages_are_not_searchable(demo_site):
    about_nl = StandardPage.objects.get(locale__language_code="nl")
    about_nl.unpublish()
    about_ar = StandardPage.objects.get(locale__language_code="ar")
    PageViewRestriction.objects.create(page=about_ar, restriction_type=PageViewRestriction.LOGIN)
    keys = sources.all_keys()
    assert f"page:{about_nl.pk}" not in keys
    assert f"page:{about_ar.pk}" not in keys
    assert sources.record_for(f"page:{about_ar.pk}") is None
    assert f"page:{StandardPage.objects.get(locale__language_code='fr').pk}" in keys
