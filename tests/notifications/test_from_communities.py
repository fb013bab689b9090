"""The communities' own pages make the notifications: publishing, reviewing, replying, deciding on members."""

import pytest
from django.core import mail

from communities.models import Lesson, Membership
from communities.notifications.models import EmailChoice, Notification, NotificationPreference
from communities.notifications.rendering import render
from tests.factories.communities import CommunityFactory, LessonFactory, MembershipFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


def test_publishing_tells_members_and_the_author_each_in_their_language(client, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    author = MembershipFactory(community=community).user
    facilitator = MembershipFactory(community=community, role=Membership.Role.FACILITATOR).user
    reader = MembershipFactory(community=community).user
    weekly = MembershipFactory(community=community).user
    NotificationPreference.objects.create(user=reader, language="ar")
    NotificationPreference.objects.create(user=weekly, email=EmailChoice.WEEKLY)
    MembershipFactory(community=CommunityFactory())  # someone elsewhere hears nothing
    lesson = LessonFactory(community=community, author=author, state=Lesson.State.SUBMITTED, title="Cash à Sfax")
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/communities/{community.slug}/lessons/{lesson.pk}/review/", {"action": "publish"})
    assert response.status_code == 302
    by_person = {n.recipient_id: n for n in Notification.objects.all()}
    assert set(by_person) == {author.pk, reader.pk, weekly.pk}  # not the facilitator who acted
    assert by_person[author.pk].kind == "moderation_outcome"
    assert render(by_person[author.pk], "en").subject == "Your lesson is published: Cash à Sfax"
    assert render(by_person[reader.pk], "ar").subject.startswith("درس جديد في")
    assert by_person[weekly.pk].email == Notification.Email.DIGEST
    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, reader.email])


def test_a_reply_tells_the_discussion_starter(client, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    starter = MembershipFactory(community=community).user
    replier = MembershipFactory(community=community).user
    thread = ThreadFactory(community=community, author=starter, title="Orientation à Médenine")
    client.force_login(replier)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            thread.get_absolute_url(), {"body": "<p>Par le centre de santé <script>x()</script></p>"}
        )
    assert response.status_code == 302
    (notification,) = Notification.objects.all()
    assert notification.recipient == starter and notification.kind == "followed_reply"  # starters follow
    text = render(notification, "en")
    assert text.subject == "New reply in “Orientation à Médenine”, a discussion you follow"
    assert "Par le centre de santé" in text.body and "x()" not in text.body
    (message,) = mail.outbox
    assert message.to == [starter.email]


def test_a_membership_decision_reaches_the_person_who_asked(client, django_capture_on_commit_callbacks):
    community = CommunityFactory(join_policy="on_request")
    facilitator = MembershipFactory(community=community, role=Membership.Role.FACILITATOR).user
    asking = MembershipFactory(community=community, state=Membership.State.REQUESTED)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/communities/{community.slug}/members/{asking.pk}/decide/",
            {"decision": "decline", "reason": "Réservé aux organisations de Médenine."},
        )
    asking.refresh_from_db()
    assert asking.state == Membership.State.DECLINED
    (notification,) = Notification.objects.filter(recipient=asking.user)
    assert notification.kind == "membership_decision"
    assert "Réservé aux organisations de Médenine." in render(notification, "en").body
    assert mail.outbox and mail.outbox[0].to == [asking.user.email]
