"""Members-only links: a signed-out visitor signs in and comes back; a signed-in non-member is told the
page is for members and offered to join; what must stay hidden stays a 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Membership
from tests.factories import PASSWORD, UserFactory
from tests.factories.communities import (
    EventFactory,
    LessonFactory,
    MembershipFactory,
    PublishedLessonFactory,
    ThreadFactory,
)

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


@pytest.fixture
def lesson(private_community):
    return PublishedLessonFactory(community=private_community, title="Leçon réservée aux membres")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_signed_out_visitor_signs_in_and_comes_back_to_the_link(client, lesson, language):
    member = MembershipFactory(community=lesson.community).user
    url = f"/{language}/communities/{lesson.community.slug}/lessons/{lesson.pk}/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/accounts/login/?next={url}"
    login = client.get(response["Location"])
    assert login.status_code == 200 and f'value="{url}"' in login.content.decode()
    signed_in = client.post(f"/{language}/accounts/login/", {"login": member.email, "password": PASSWORD, "next": url})
    assert signed_in.status_code == 302 and signed_in["Location"] == url
    assert lesson.title in client.get(url).content.decode()


@pytest.mark.parametrize(
    "language, words, ask",
    [("en", "This page is for the members of", "Ask to join"), ("ar", "هذه الصفحة مخصّصة لأعضاء", "طلب الانضمام")],
)
def test_a_signed_in_non_member_is_told_and_offered_to_ask_to_join(client, lesson, language, words, ask):
    client.force_login(UserFactory())
    response = client.get(f"/{language}/communities/{lesson.community.slug}/lessons/{lesson.pk}/")
    page = response.content.decode()
    assert response.status_code == 403
    assert words in page and lesson.title not in page
    assert f'href="/{language}/communities/{lesson.community.slug}/request/"' in page
    assert ask in page


def test_the_offer_follows_the_communitys_way_of_joining(client, lesson):
    community = lesson.community
    url = lesson.get_absolute_url()
    person = UserFactory()
    client.force_login(person)
    MembershipFactory(community=community, user=person, state=Membership.State.REQUESTED)
    page = client.get(url).content.decode()
    assert "Your request to join is waiting for a facilitator" in page and "/request/" not in page
    Community.objects.filter(pk=community.pk).update(join_policy=Community.JoinPolicy.BY_INVITATION)
    Membership.objects.filter(user=person).delete()
    page = client.get(url).content.decode()
    assert "by invitation" in page and "/request/" not in page
    Community.objects.filter(pk=community.pk).update(join_policy=Community.JoinPolicy.OPEN)
    page = client.get(url).content.decode()
    assert f'action="/en/communities/{community.slug}/join/"' in page


def test_every_members_only_page_answers_the_same_way(client, private_community):
    thread = ThreadFactory(community=private_community)
    event = EventFactory(community=private_community)
    urls = [
        private_community.get_absolute_url(),
        reverse("communities:lessons", args=[private_community.slug]),
        thread.get_absolute_url(),
        event.get_absolute_url(),
        reverse("communities:members", args=[private_community.slug]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/?next="), url
    client.force_login(UserFactory())
    for url in urls[1:]:  # the home page itself shows a non-member the community's name and how to join
        assert client.get(url).status_code == 403, url


def test_a_public_communitys_member_list_asks_to_sign_in_or_join(client, community):
    url = reverse("communities:members", args=[community.slug])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    response = client.get(url)
    assert (
        response.status_code == 403 and f'action="/en/communities/{community.slug}/join/"' in response.content.decode()
    )


def test_what_must_stay_hidden_stays_a_404(client, community, private_community):
    member = MembershipFactory(community=private_community).user
    draft = LessonFactory(community=private_community)  # someone else's draft
    hidden = ThreadFactory(community=private_community, hidden_at=timezone.now())
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/en/communities/{private_community.slug}/lessons/999999/").status_code == 404
    assert client.get("/en/communities/no-such-community/lessons/1/").status_code == 404
    # A non-member learns nothing of what exists inside: a real and a made-up number answer alike.
    client.force_login(UserFactory())
    real = PublishedLessonFactory(community=private_community)
    assert client.get(real.get_absolute_url()).status_code == 403
    assert client.get(f"/en/communities/{private_community.slug}/lessons/999999/").status_code == 403
    # Signed out, unknown communities are not found; feeds and calendars never ask anyone to sign in.
    client.logout()
    assert client.get("/en/communities/no-such-community/").status_code == 404
    assert client.get(reverse("communities:community_ical", args=[private_community.slug])).status_code == 404
    assert client.get(reverse("communities:feed_rss", args=[private_community.slug])).status_code == 404
    # A draft in a public community: signing in could help its author, so a visitor is asked to.
    assert client.get(LessonFactory(community=community).get_absolute_url()).status_code == 302


def test_an_author_who_left_still_reads_their_own_draft(client, private_community):
    draft = LessonFactory(community=private_community, title="Brouillon à Sfax")
    MembershipFactory(community=private_community, user=draft.author, state=Membership.State.LEFT)
    client.force_login(draft.author)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and "Brouillon à Sfax" in response.content.decode()
    other = PublishedLessonFactory(community=private_community)
    assert client.get(other.get_absolute_url()).status_code == 403
