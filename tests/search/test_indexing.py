"""Every kind of content change reaches the index through the signal -> task -> engine path."""

import pytest
from wagtail.models import PageViewRestriction

from cms_pages.models import HomePage, StandardPage
from search.engine import get_engine
from search.query import Query

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db, pytest.mark.usefixtures("live_indexing")]


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo's core, loaded once for the module."""
    return shared_demo_site


def find(text):
    return {hit.id: hit for hit in get_engine().search(Query(text=text)).hits}


@pytest.fixture
def page(demo_site, committed):
    home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(
        title="Counter-trafficking hotline in Tripoli", slug="hotline", intro="A free line for survivors."
    )

    def publish():
        home.add_child(instance=page)
        page.save_revision().publish()

    committed(publish)
    return page


def test_publish_indexes(page):
    assert f"page:{page.pk}" in find("hotline")


def test_edit_reindexes(page, committed):
    page.title = "Counter-trafficking helpline in Tripoli"
    committed(lambda: page.save_revision().publish())
    assert find("helpline")[f"page:{page.pk}"].title == "Counter-trafficking helpline in Tripoli"
    assert find("hotline") == {}


def test_unpublish_removes(page, committed):
    committed(page.unpublish)
    assert find("hotline") == {}


def test_move_updates_the_url(page, committed):
    about = StandardPage.objects.get(locale__language_code="en", slug="about")
    committed(lambda: page.move(about, pos="last-child"))
    assert find("hotline")[f"page:{page.pk}"].url == "/en/about/hotline/"


def test_delete_removes(page, committed):
    key = f"page:{page.pk}"
    committed(page.delete)
    assert find("hotline") == {}
    assert key not in get_engine().ids()


def test_view_restriction_removes_and_lifting_it_restores(page, committed):
    restriction = []
    committed(lambda: restriction.append(PageViewRestriction.objects.create(page=page, restriction_type="login")))
    assert find("hotline") == {}
    committed(restriction[0].delete)
    assert f"page:{page.pk}" in find("hotline")
