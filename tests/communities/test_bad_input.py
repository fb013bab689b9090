"""Bad input gets a clear message and the author's text is never lost."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from communities.models import Invitation, Lesson, Membership, Reply, Thread
from tests.factories import PASSWORD, UserFactory
from tests.factories.communities import CommunityFactory, ThreadFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

LESSON = {
    "title": "Orientation protectrice à Tripoli",
    "context": "<p>Les personnes interceptées en mer arrivent sans documents ; الأشخاص الذين يتم اعتراضهم.</p>",
    "evidence_links": "",
    "language": "",
}


def test_double_submit_of_the_lesson_form_creates_one_lesson(client, community, member):
    client.force_login(member)
    url = reverse("communities:lesson_create", args=[community.slug])
    form = client.get(url).context["form"]
    data = {**LESSON, "submit_token": str(form.initial["submit_token"])}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert Lesson.objects.count() == 1
    assert first.url == Lesson.objects.get().get_absolute_url()
    assert "already saved" in second.content.decode()


def test_double_submit_of_a_reply_posts_once(client, community, member):
    thread = ThreadFactory(community=community)
    client.force_login(member)
    token = str(client.get(thread.get_absolute_url()).context["form"].initial["submit_token"])
    data = {"body": "<p>Merci pour ce retour d'expérience.</p>", "submit_token": token}
    client.post(thread.get_absolute_url(), data)
    response = client.post(thread.get_absolute_url(), data, follow=True)
    assert Reply.objects.count() == 1
    assert "already posted" in response.content.decode()


def test_double_submit_of_a_thread_starts_one(client, community, member):
    client.force_login(member)
    url = reverse("communities:thread_create", args=[community.slug])
    token = str(client.get(url).context["form"].initial["submit_token"])
    data = {"title": "Transport vers les centres", "body": "<p>Qui finance ?</p>", "submit_token": token}
    client.post(url, data)
    client.post(url, data)
    assert Thread.objects.count() == 1


def leave(client, community):
    client.post(reverse("communities:leave", args=[community.slug]))


def test_lesson_posted_after_leaving_is_refused_and_the_text_comes_back(client, community, member):
    client.force_login(member)
    url = reverse("communities:lesson_create", args=[community.slug])
    client.get(url)
    leave(client, community)  # e.g. in another tab
    response = client.post(url, LESSON)
    body = response.content.decode()
    assert response.status_code == 403
    assert "Only members of this community can post lessons" in body
    assert "Orientation protectrice à Tripoli" in body and "الأشخاص الذين يتم اعتراضهم" in body
    assert not Lesson.objects.exists()


def test_reply_posted_after_leaving_is_refused_and_the_text_comes_back(client, community, member):
    thread = ThreadFactory(community=community)
    client.force_login(member)
    leave(client, community)
    response = client.post(thread.get_absolute_url(), {"body": "<p>Ma réponse très réfléchie — ردي المفصل</p>"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Only members of this community can reply" in body
    assert "ردي المفصل" in body
    assert not Reply.objects.exists()


def test_discussion_started_after_leaving_keeps_the_text(client, community, member):
    client.force_login(member)
    leave(client, community)
    response = client.post(
        reverse("communities:thread_create", args=[community.slug]),
        {"title": "Sujet perdu ?", "body": "<p>Texte important</p>"},
    )
    assert response.status_code == 403
    assert "Sujet perdu ?" in response.content.decode() and "Texte important" in response.content.decode()


def test_edit_after_the_window_is_refused_and_keeps_the_text(client, community, member):
    thread = ThreadFactory(community=community, author=member)
    reply = Reply.objects.create(
        thread=thread, author=member, body="<p>Avant</p>", created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(member)
    response = client.post(
        reverse("communities:reply_edit", args=[community.slug, reply.pk]), {"body": "<p>Après correction</p>"}
    )
    assert response.status_code == 403
    assert "Après correction" in response.content.decode()
    reply.refresh_from_db()
    assert reply.body == "<p>Avant</p>"


def test_overlong_reply_is_refused_with_the_limit_and_kept(client, community, member):
    thread = ThreadFactory(community=community)
    client.force_login(member)
    text = "ص" * 10_001
    response = client.post(thread.get_absolute_url(), {"body": text})
    assert response.status_code == 400
    assert "the limit is 10000 characters" in response.content.decode().replace(",", "").replace("\u202f", "").replace(
        "\xa0", ""
    )
    assert text in response.content.decode()


def test_invalid_evidence_link_is_refused_and_the_lesson_text_kept(client, community, member):
    client.force_login(member)
    response = client.post(
        reverse("communities:lesson_create", args=[community.slug]), {**LESSON, "evidence_links": "javascript:alert(1)"}
    )
    assert "is not a web address starting with http:// or https://" in response.content.decode()
    assert "Orientation protectrice à Tripoli" in response.content.decode()


# --- Invitations ---------------------------------------------------------------------------


def invite(client, community, facilitator, email):
    client.force_login(facilitator)
    client.post(reverse("communities:invite", args=[community.slug]), {"email": email, "message": "Bienvenue !"})
    client.logout()
    return Invitation.objects.get(email=email.lower())


def test_invitation_for_someone_without_an_account_is_accepted_after_sign_up(client, facilitator):
    community = CommunityFactory(visibility="members_only", join_policy="by_invitation")
    from tests.factories.communities import MembershipFactory

    facilitator = MembershipFactory(community=community, role="facilitator").user
    invitation = invite(client, community, facilitator, "Salma.Nouvelle@example.org")
    assert len(mail.outbox) == 1 and invitation.get_absolute_url() in mail.outbox[0].body
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200 and "salma.nouvelle@example.org" in page.content.decode()
    # She signs up with that address, confirms it from the email, is signed in: the invitation is accepted.
    client.post(
        reverse("account_signup"), {"email": "salma.nouvelle@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    confirmation = mail.outbox[-1].body
    link = re.search(r"https?://[^/\s]+(/\S*confirm-email/\S+)", confirmation).group(1)
    client.post(link)
    newcomer = EmailAddress.objects.get(email="salma.nouvelle@example.org").user
    membership = Membership.objects.get(community=community, user=newcomer)
    assert membership.state == "active"
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer


def test_invitation_accepted_by_a_signed_in_person_with_that_address(client, community, facilitator):
    person = UserFactory()
    invitation = invite(client, community, facilitator, person.email)
    client.force_login(person)
    client.post(invitation.get_absolute_url())
    assert Membership.objects.get(community=community, user=person).is_active


def test_invitation_refused_to_another_address(client, community, facilitator):
    invitation = invite(client, community, facilitator, "quelquun@example.org")
    stranger = UserFactory()
    client.force_login(stranger)
    response = client.post(invitation.get_absolute_url())
    assert "Sign in with that address to accept it" in response.content.decode()
    assert not Membership.objects.filter(user=stranger).exists()


def test_expired_invitation_says_so_and_does_not_admit(client, community, facilitator):
    person = UserFactory()
    invitation = invite(client, community, facilitator, person.email)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(person)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(user=person, community=community).exists()
    # Signing in later does not accept it either.
    client.logout()
    EmailAddress.objects.filter(user=person).update(verified=True)
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert not Membership.objects.filter(user=person, community=community).exists()


def test_reinviting_after_expiry_sends_a_fresh_invitation(client, community, facilitator):
    invitation = invite(client, community, facilitator, "retour@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    fresh = invite(client, community, facilitator, "retour@example.org")
    assert fresh.pk != invitation.pk and fresh.is_open
