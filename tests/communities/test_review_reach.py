"""What waits for a decision reaches the people who can take it: on submission, on a request to join,
in the queue (oldest first, with its age) and in a daily reminder after three days."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from communities.models import Flag, Lesson, Membership
from communities.notifications.models import Notification
from communities.notifications.rendering import render
from communities.notifying import remind_reviewers
from communities.tasks import remind_reviewers as remind_task
from tests.factories import UserFactory
from tests.factories.communities import CommunityFactory, LessonFactory, MembershipFactory, ReplyFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


def submit(client, author, lesson):
    client.force_login(author)
    return client.post(reverse("communities:lesson_submit", args=[lesson.community.slug, lesson.pk]))


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_a_submitted_lesson_reaches_the_facilitators_not_its_author(client, community, facilitator, moderator):
    author = MembershipFactory(community=community).user
    lesson = LessonFactory(community=community, author=author, title="Cash à Sfax")
    assert submit(client, author, lesson).status_code == 302
    assert told("review_requested") == {facilitator.pk}  # the moderators are not needed here
    (notice,) = Notification.objects.filter(kind="review_requested")
    assert render(notice, "en").subject == "A lesson waits for review: Cash à Sfax"
    assert "Cash à Sfax" in render(notice, "ar").html_subject and "درس" in render(notice, "ar").subject


def test_when_the_author_is_the_only_facilitator_the_moderators_are_told(client, community, moderator):
    author = MembershipFactory(community=community, role="facilitator").user
    author.groups.add(*moderator.groups.all())  # a moderator who wrote it does not review it either
    other_moderator = UserFactory()
    other_moderator.groups.add(*moderator.groups.all())
    lesson = LessonFactory(community=community, author=author)
    submit(client, author, lesson)
    assert told("review_requested") == {moderator.pk, other_moderator.pk}


def test_a_request_to_join_reaches_the_facilitators_in_their_language(client, private_community, moderator):
    facilitator = MembershipFactory(community=private_community, role="facilitator").user
    asking = UserFactory()
    client.force_login(asking)
    response = client.post(
        reverse("communities:request", args=[private_community.slug]), {"message": "Nous travaillons à Sfax."}
    )
    assert response.status_code == 302
    assert told("join_requested") == {facilitator.pk}
    (notice,) = Notification.objects.filter(kind="join_requested")
    text = render(notice, "en")
    assert "asks to join" in text.subject and "Nous travaillons à Sfax." in text.body
    assert text.url == f"/en/communities/{private_community.slug}/members/#request-{notice.target_id}"
    assert "يطلب" in render(notice, "ar").subject
    # The link leads the facilitator to the request, with its answer buttons.
    client.force_login(facilitator)
    page = client.get(text.url).content.decode()
    assert f'id="request-{notice.target_id}"' in page


def test_a_request_to_a_community_without_facilitators_reaches_the_moderators(client, private_community, moderator):
    client.force_login(UserFactory())
    client.post(reverse("communities:request", args=[private_community.slug]), {"message": ""})
    assert told("join_requested") == {moderator.pk}


def test_the_queue_lists_everything_waiting_oldest_first_with_its_age(client, private_community, moderator):
    now = timezone.now()
    lesson = LessonFactory(
        community=private_community, state=Lesson.State.SUBMITTED, submitted_at=now - datetime.timedelta(days=2)
    )
    request = MembershipFactory(community=private_community, state=Membership.State.REQUESTED)
    Membership.objects.filter(pk=request.pk).update(created_at=now - datetime.timedelta(days=5))
    reply = ReplyFactory(thread__community=private_community)
    Flag.objects.create(reply=reply, flagged_by=UserFactory(), reason="Numéro personnel")
    client.force_login(moderator)
    for language, request_label, age in (("en", "Request to join", "waiting for 5"), ("ar", "طلب انضمام", "5")):
        page = client.get(f"/{language}/communities/queue/").content.decode()
        order = [page.index(f'id="{anchor}"') for anchor in (f"request-{request.pk}", f"lesson-{lesson.pk}")]
        order.append(page.index(f'id="replies-{reply.pk}"'))
        assert order == sorted(order), language  # oldest first
        assert request_label in page and age in page
    # The facilitators answer from the queue as from the members page.
    response = client.post(
        reverse("communities:decide", args=[private_community.slug, request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == Membership.State.ACTIVE


def test_a_daily_reminder_for_what_waits_more_than_three_days_once_a_day(community, facilitator, moderator):
    now = timezone.now()
    old = LessonFactory(community=community, state="submitted", submitted_at=now - datetime.timedelta(days=4))
    LessonFactory(community=community, state="submitted", submitted_at=now - datetime.timedelta(days=1))  # recent
    asking = MembershipFactory(community=community, state=Membership.State.REQUESTED)
    Membership.objects.filter(pk=asking.pk).update(created_at=now - datetime.timedelta(days=10))
    summary = remind_reviewers(now=now)
    assert (summary.items, summary.people) == (2, 2)
    by_person = {n.recipient_id: n for n in Notification.objects.filter(kind="review_reminder")}
    assert set(by_person) == {facilitator.pk, moderator.pk}
    assert by_person[facilitator.pk].data == {"count": 2}
    text = render(by_person[facilitator.pk], "en")
    assert text.subject == "2 items have waited more than three days for review"
    assert text.url == "/en/communities/queue/"
    assert render(by_person[facilitator.pk], "ar").subject.startswith("عنصران ينتظران المراجعة")
    # The same day again (command, task, a second run): no one is reminded twice.
    out = io.StringIO()
    call_command("remind_reviewers", stdout=out)
    assert "reminded 0 people; 2 already reminded today" in out.getvalue()
    assert remind_task.enqueue().return_value["people"] == 0
    assert Notification.objects.filter(kind="review_reminder").count() == 2
    # The next day, what still waits is recalled once more.
    old.state = Lesson.State.PUBLISHED
    old.save()
    tomorrow = remind_reviewers(now=now + datetime.timedelta(days=1))
    assert (tomorrow.items, tomorrow.people) == (1, 2)
    assert Notification.objects.filter(kind="review_reminder", data={"count": 1}).count() == 2


def test_the_reminder_dry_run_changes_nothing(community, facilitator):
    LessonFactory(community=community, state="submitted", submitted_at=timezone.now() - datetime.timedelta(days=5))
    out = io.StringIO()
    call_command("remind_reviewers", "--dry-run", stdout=out)
    assert "1 items waiting more than three days; would remind 1 people" in out.getvalue()
    assert not Notification.objects.exists()


def test_nothing_waiting_nothing_sent():
    CommunityFactory()
    assert remind_reviewers().people == 0
