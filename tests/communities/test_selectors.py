"""What other apps may show of the communities: public communities and their published lessons only."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from communities.models import Community, Lesson
from communities.selectors import public_communities, public_lessons
from kms.taxonomy.models import Country, Theme
from tests.factories.communities import CommunityFactory, LessonFactory, PublishedLessonFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


@pytest.fixture
def study(db):
    root = Page.objects.get(depth=1)
    section = root.add_child(instance=Page(title="Recherche", slug="recherche-communautes"))
    return section.add_child(instance=Page(title="Étude sur la réintégration durable", slug="etude-reintegration"))


def test_public_communities_filter_by_country_and_theme():
    tunisia = Country.objects.get(code="TN")
    theme = Theme.objects.get(slug="reintegration")
    tagged = CommunityFactory()
    tagged.countries.add(tunisia)
    tagged.themes.add(theme)
    hidden = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    hidden.countries.add(tunisia)
    CommunityFactory()
    assert list(public_communities(country="TN")) == [tagged]
    assert list(public_communities(country=tunisia, theme=theme)) == [tagged]
    assert list(public_communities(theme="reintegration")) == [tagged]
    assert len(public_communities(limit=2)) == 2
    assert hidden not in public_communities()


def test_public_lessons_are_published_lessons_of_public_communities(study):
    egypt = Country.objects.get(code="EG")
    shown = PublishedLessonFactory()
    shown.countries.add(egypt)
    shown.related_pages.add(study)
    members_only = PublishedLessonFactory(community=CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY))
    members_only.countries.add(egypt)
    members_only.related_pages.add(study)
    draft = LessonFactory(state=Lesson.State.SUBMITTED)
    draft.countries.add(egypt)
    assert list(public_lessons(country="EG")) == [shown]
    assert list(public_lessons(related_page=study)) == [shown]
    lesson = public_lessons()[0]
    assert str(lesson) == lesson.title and lesson.get_absolute_url().endswith(f"/lessons/{lesson.pk}/")


def test_pages_read_in_arabic_and_dutch(client, community):
    assert "مجتمعات الممارسة" in client.get("/ar/communities/").content.decode()
    assert "Praktijkgemeenschappen" in client.get("/nl/communities/").content.decode()
    body = client.get(f"/fr/communities/{community.slug}/").content.decode()
    assert "Leçons apprises" in body and "Rejoindre cette communauté" not in body  # anonymous: sign in first
    assert "Connectez-vous pour rejoindre" in body


def test_lessons_list_has_bounded_queries(client, community, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PublishedLessonFactory(community=community)
    url = reverse("communities:lessons", args=[community.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        PublishedLessonFactory(community=community)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_sitemap_lists_public_community_content_only(client, community):
    from tests.factories.communities import EventFactory, ThreadFactory

    lesson = PublishedLessonFactory(community=community)
    draft = LessonFactory(community=community, state=Lesson.State.SUBMITTED)
    thread = ThreadFactory(community=community)
    event = EventFactory(community=community)
    private = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    secret = PublishedLessonFactory(community=private)
    secret_thread = ThreadFactory(community=private)
    body = client.get("/en/sitemap.xml").content.decode()
    for shown in (community, lesson, thread, event):
        assert f"{shown.get_absolute_url()}</loc>" in body, shown
    for hidden in (draft, private, secret, secret_thread):
        assert f"{hidden.get_absolute_url()}</loc>" not in body, hidden


def test_sitemap_lists_community_content_before_any_site_is_configured(client, community):
    from wagtail.models import Site

    Site.objects.all().delete()  # a fresh install, or a database a transactional test flushed
    lesson = PublishedLessonFactory(community=community)
    response = client.get("/en/sitemap.xml")
    assert response.status_code == 200
    assert f"{lesson.get_absolute_url()}</loc>" in response.content.decode()


def test_lessons_page_filters_by_country_theme_and_language(client, community):
    tunisia, egypt = Country.objects.get(code="TN"), Country.objects.get(code="EG")
    in_tunisia = PublishedLessonFactory(community=community, language="fr", title="Leçon tunisienne")
    in_tunisia.countries.add(tunisia)
    in_egypt = PublishedLessonFactory(community=community, language="ar", title="درس من مصر")
    in_egypt.countries.add(egypt)
    in_egypt.themes.add(Theme.objects.get(slug="livelihoods"))
    url = reverse("communities:lessons", args=[community.slug])

    def titles(**params):
        body = client.get(url, params).content.decode()
        return {title for title in (in_tunisia.title, in_egypt.title) if title in body}

    assert titles() == {in_tunisia.title, in_egypt.title}
    assert titles(country="TN") == {in_tunisia.title}
    assert titles(theme="livelihoods") == {in_egypt.title}
    assert titles(language="ar") == {in_egypt.title}
    assert titles(country="TN", language="ar") == set()
    assert titles(language="xx") == {in_tunisia.title, in_egypt.title}  # unknown values are ignored
