"""The admin's header search and its document chooser search through the kms engine, with the editor's audiences."""

import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.documents import get_document_model

from communities.models import Community
from search.engine import get_engine, reset_engine
from tests.factories import UserFactory
from tests.factories import cms_pages as make
from tests.factories.communities import CommunityFactory, PublishedLessonFactory
from tests.search import files

pytestmark = [pytest.mark.django_db]

PRESENTED_TEXT = "Les palmeraies de Tozeur emploient des rapatriés pendant la récolte des dattes."
FILE_TEXT = "Les maraîchers de Kindia ont repris la culture de la pomme de terre après la saison des pluies."


@pytest.fixture(scope="module")
def built(module_db, tmp_path_factory):
    """A staff-only PDF whose title says nothing of its text, a public community's lesson and a members-only
    community's lesson, indexed once for the module in their own index file."""
    index = tmp_path_factory.mktemp("admin-search") / "search.sqlite3"
    search = {**settings.SEARCH, "ENGINE": "embedded", "EMBEDDED_PATH": str(index)}
    with override_settings(SEARCH=search, SEARCH_LIVE_INDEXING=True):
        reset_engine()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                document = get_document_model()(title="Note de terrain 14")
                document.file.save("note.pdf", ContentFile(files.pdf([[FILE_TEXT]])), save=False)
                document.save()
            with TestCase.captureOnCommitCallbacks(execute=True):
                lesson = PublishedLessonFactory(title="Coopératives de pêche à Zarzis")
                closed = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
                hidden = PublishedLessonFactory(title="Microcrédit des pêcheurs de Zarzis", community=closed)
            with TestCase.captureOnCommitCallbacks(execute=True):
                home, _arabic = make.home_pages()
                page = make.standard_page(home, title="Guide d'accueil à Tataouine", slug="guide")
                library = make.library_page(home)
            with TestCase.captureOnCommitCallbacks(execute=True):
                brochure = make.library_document(files.pdf([[PRESENTED_TEXT]]), name="brochure.pdf", title="Brochure 7")
            with TestCase.captureOnCommitCallbacks(execute=True):
                make.document_page(library, document=brochure, title="Fiche de la brochure", slug="brochure")
        finally:
            reset_engine()
    return index, {"document": document.pk, "lesson": lesson.pk, "hidden": hidden.pk, "page": page.pk}


@pytest.fixture
def content(built, db):
    """`built` for one test, searching a copy of its index."""
    index, pks = built
    shutil.copyfile(index, settings.SEARCH["EMBEDDED_PATH"])
    reset_engine()
    return pks


@pytest.fixture
def editor(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_the_header_search_box_searches_everything(client, editor):
    response = client.get("/admin/")
    assert f'"wagtail.sidebar.SearchModule", "_args": ["{reverse("kms_admin_search")}"]' in response.content.decode()


def test_a_word_only_in_a_pdf_finds_the_document_with_its_edit_link(client, editor, content):
    response = client.get(reverse("kms_admin_search"), {"q": "Kindia"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Note de terrain 14" in html
    assert reverse("wagtaildocs:edit", args=[content["document"]]) in html
    assert "<mark>Kindia</mark>" in html
    # Wagtail's other search areas stay a click away.
    assert reverse("wagtailadmin_pages:search") in html


def test_a_lesson_title_finds_the_lesson_but_not_one_of_a_community_the_editor_cannot_read(client, editor, content):
    html = client.get(reverse("kms_admin_search"), {"q": "Zarzis"}).content.decode()
    assert "Coopératives de pêche à Zarzis" in html
    assert "Microcrédit des pêcheurs" not in html
    assert "1 result" in html


def test_a_bad_query_is_explained_and_an_empty_one_shows_the_form(client, editor):
    response = client.get(reverse("kms_admin_search"), {"q": "x", "page": "abc"})
    assert response.status_code == 400
    assert "page must be a whole number" in response.content.decode()
    response = client.get(reverse("kms_admin_search"))
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_the_document_chooser_finds_a_document_by_a_word_of_its_text(client, editor, content):
    results = reverse("wagtaildocs_chooser:choose_results")
    assert "Note de terrain 14" in client.get(results, {"q": "Kindia"}).content.decode()
    assert "Note de terrain 14" in client.get(results, {"q": "terrain"}).content.decode()  # by its title, as before
    assert "Note de terrain 14" not in client.get(results, {"q": "Zarzis"}).content.decode()
    assert "Note de terrain 14" in client.get(results).content.decode()
    # A file a live page presents is found through that page's hit.
    assert "Brochure 7" in client.get(results, {"q": "Tozeur"}).content.decode()


def test_the_document_chooser_keeps_its_collections(client, editor, content):
    from wagtail.models import Collection

    other = Collection.get_first_root_node().add_child(name="Archives")
    results = reverse("wagtaildocs_chooser:choose_results")
    html = client.get(results, {"q": "Kindia", "collection_id": other.pk}).content.decode()
    assert "Note de terrain 14" not in html


def test_a_hit_links_to_its_edit_view_for_whoever_may_edit_it_else_to_its_public_page(client, editor, content):
    from django.contrib.auth.models import Permission

    from communities.models import Lesson

    lesson = Lesson.objects.get(pk=content["lesson"])
    edit_url = reverse(lesson.snippet_viewset.get_url_name("edit"), args=[lesson.pk])
    html = client.get(reverse("kms_admin_search"), {"q": "Zarzis"}).content.decode()
    assert f'href="/fr/communities/{lesson.community.slug}/lessons/{lesson.pk}/"' in html
    assert edit_url not in html
    editor.user_permissions.add(Permission.objects.get(codename="change_lesson"))
    html = client.get(reverse("kms_admin_search"), {"q": "Zarzis"}).content.decode()
    assert f'href="{edit_url}"' in html
    assert "View on the site" in html


def test_a_page_links_to_the_page_editor(client, editor, content):
    html = client.get(reverse("kms_admin_search"), {"q": "Tataouine"}).content.decode()
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[content["page"]])}"' in html


@pytest.mark.elasticsearch
@pytest.mark.usefixtures("live_indexing")
def test_on_elasticsearch_too(client, editor, settings, es_index_prefix, elasticsearch_url, committed):
    """The same engine call on the production engine: a word only in a PDF, in the admin search and the chooser."""
    settings.SEARCH = {
        **settings.SEARCH,
        "ENGINE": "elasticsearch",
        "INDEX_PREFIX": es_index_prefix.rstrip("-"),
        "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": elasticsearch_url},
    }
    reset_engine()
    engine = get_engine()
    engine.setup()
    try:
        document = committed(lambda: make.library_document(files.pdf([[FILE_TEXT]]), title="Note de terrain 15"))
        html = client.get(reverse("kms_admin_search"), {"q": "Kindia"}).content.decode()
        assert reverse("wagtaildocs:edit", args=[document.pk]) in html
        html = client.get(reverse("wagtaildocs_chooser:choose_results"), {"q": "Kindia"}).content.decode()
        assert "Note de terrain 15" in html
    finally:
        engine.drop()
        reset_engine()
