"""The admin's lesson screens: every one answers, shows the text and the state, and none adds a lesson."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model

from communities.models import Lesson
from tests.factories import UserFactory
from tests.factories.communities import LessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def lesson(community):
    return LessonFactory(
        community=community,
        state=Lesson.State.SUBMITTED,
        what_worked="<p>Un pair aidant <strong>arabophone</strong> · مرافق من الأقران.</p>",
    )


def test_listing_shows_state_and_community(admin_client, lesson):
    page = admin_client.get(reverse("wagtailsnippets_communities_lesson:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert lesson.title in html and "Submitted for review" in html and lesson.community.name_en in html


@pytest.mark.parametrize("view", ["inspect", "edit"])
def test_inspect_and_edit_show_the_text_and_state(admin_client, lesson, view):
    page = admin_client.get(reverse(f"wagtailsnippets_communities_lesson:{view}", args=[lesson.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # The section is member HTML, cleaned when saved: shown as markup, not as escaped tags.
    assert "Un pair aidant <strong>arabophone</strong> · مرافق من الأقران." in html
    assert "Submitted for review" in html


@pytest.mark.parametrize("view", ["inspect", "edit", "delete", "history"])
def test_a_lesson_whose_author_left_still_opens(admin_client, community, view):
    lesson = LessonFactory(community=community, author=None, state=Lesson.State.REJECTED, what_worked="")
    assert admin_client.get(reverse(f"wagtailsnippets_communities_lesson:{view}", args=[lesson.pk])).status_code == 200


def test_editing_the_title_keeps_the_text_and_state(admin_client, lesson):
    url = reverse("wagtailsnippets_communities_lesson:edit", args=[lesson.pk])
    response = admin_client.post(url, {"title": "Titre corrigé — عنوان مصحح", "language": "fr"})
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Titre corrigé — عنوان مصحح"
    assert lesson.state == Lesson.State.SUBMITTED and "arabophone" in lesson.what_worked


def test_no_lesson_is_added_in_the_admin(admin_client, community):
    """Lessons are written by members on the member pages (see LessonPermissionPolicy): no button, and
    the add address refuses, with no 500 and no lesson without a community."""
    listing = admin_client.get(reverse("wagtailsnippets_communities_lesson:list")).content.decode()
    add_url = reverse("wagtailsnippets_communities_lesson:add")
    assert add_url not in listing
    # Wagtail answers a refused permission by sending the person back to the dashboard.
    for response in (admin_client.get(add_url), admin_client.post(add_url, {"title": "x", "language": "fr"})):
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not Lesson.objects.exists()


def test_the_lesson_panel_lists_its_related_lessons_and_files(admin_client, lesson, community):
    cited = LessonFactory(community=community, title="Groupes d'épargne — مجموعات الادخار", language="fr")
    guide = get_document_model().objects.create(title="Guide de référencement 2025", file="documents/guide.pdf")
    lesson.related_lessons.add(cited)
    lesson.related_documents.add(guide)
    html = admin_client.get(reverse("wagtailsnippets_communities_lesson:edit", args=[lesson.pk])).content.decode()
    assert "Related lessons" in html and "Related files" in html
    assert reverse("wagtailsnippets_communities_lesson:edit", args=[cited.pk]) in html
    assert reverse("wagtaildocs:edit", args=[guide.pk]) in html and "Guide de référencement 2025" in html
