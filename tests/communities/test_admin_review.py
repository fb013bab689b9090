"""The admin's "Community review": what waits, oldest first, with its text, author, community and flags,
and the review steps taken there through the same actions as the member pages' queue."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from communities.models import Flag, Lesson, LessonTransition, Reply
from tests.factories import UserFactory
from tests.factories.communities import LessonFactory, MembershipFactory, ReplyFactory, ThreadFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

REVIEW = "kms_community_review"


@pytest.fixture
def submitted(community, member):
    return LessonFactory(
        community=community,
        author=member,
        state=Lesson.State.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
        what_worked="<p>Un pair aidant <strong>arabophone</strong> · مرافق من الأقران.</p>",
    )


@pytest.fixture
def flagged(community, member, outsider):
    reply = ReplyFactory(
        thread=ThreadFactory(community=community, title="Transport vers Sfax"),
        author=outsider,
        body="<p>Appelez Karim au <em>0021612345678</em> — اتصلوا بكريم.</p>",
    )
    flag = Flag.objects.create(reply=reply, flagged_by=member, reason="Numéro personnel publié — رقم شخصي.")
    Flag.objects.filter(pk=flag.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    return reply


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def test_menu_item_and_dashboard_panel_for_those_who_review(moderator_client, submitted, flagged):
    home = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(REVIEW) in home and "Community review" in home
    # The panel lists both, the lesson first: it has waited longest.
    assert submitted.title in home and "Transport vers Sfax" in home
    assert home.index(submitted.title) < home.index("Transport vers Sfax")
    assert "waiting for 3\xa0days" in home


def test_staff_who_review_nothing_see_neither(client, submitted):
    staff = UserFactory(is_staff=True, is_superuser=False)
    staff.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(staff)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200 and reverse(REVIEW) not in home.content.decode()
    assert client.get(reverse(REVIEW)).status_code in (302, 403)


def test_review_page_shows_full_text_author_community_and_flags(moderator_client, submitted, flagged, member):
    page = moderator_client.get(reverse(REVIEW))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Un pair aidant <strong>arabophone</strong> · مرافق من الأقران." in html
    assert "Appelez Karim au <em>0021612345678</em> — اتصلوا بكريم." in html
    assert "Numéro personnel publié — رقم شخصي." in html and member.profile.name in html
    assert flagged.author.profile.name in html and submitted.community.name_en in html
    assert html.index("arabophone") < html.index("0021612345678")  # oldest first


def test_publish_from_the_admin_goes_through_the_lesson_workflow(moderator_client, moderator, submitted):
    url = reverse("kms_community_review_lesson", args=[submitted.pk])
    response = moderator_client.post(url, {"action": "publish", "reason": ""}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(REVIEW)
    submitted.refresh_from_db()
    assert submitted.state == Lesson.State.PUBLISHED
    assert LessonTransition.objects.filter(lesson=submitted, actor=moderator, to_state="published").exists()
    assert "Published" in response.content.decode()


@pytest.mark.parametrize("step", ["request_changes", "reject"])
def test_request_changes_and_reject_need_a_reason(moderator_client, submitted, step):
    url = reverse("kms_community_review_lesson", args=[submitted.pk])
    refused = moderator_client.post(url, {"action": step, "reason": "  "}, follow=True)
    assert "Please give the author a reason." in refused.content.decode()
    assert Lesson.objects.get(pk=submitted.pk).state == Lesson.State.SUBMITTED
    moderator_client.post(url, {"action": step, "reason": "Précisez les chiffres — وضحوا الأرقام."})
    submitted.refresh_from_db()
    assert submitted.state != Lesson.State.SUBMITTED
    assert submitted.moderation_reason == "Précisez les chiffres — وضحوا الأرقام."


def test_dismissing_flags_keeps_the_message_and_records_who_when_why(moderator_client, moderator, flagged):
    url = reverse("kms_community_review_post", args=["replies", flagged.pk, "dismiss"])
    moderator_client.post(url, {"reason": ""})
    assert Flag.objects.get().resolved_at is None  # a reason is needed
    moderator_client.post(url, {"reason": "Numéro d'une permanence publique."})
    flag = Flag.objects.get()
    assert flag.resolved_at is not None and flag.resolved_by == moderator
    assert flag.resolution_reason == "Numéro d'une permanence publique."
    assert not Reply.objects.get(pk=flagged.pk).is_hidden
    assert "0021612345678" not in moderator_client.get(reverse(REVIEW)).content.decode()
    again = moderator_client.post(url, {"reason": "encore"}, follow=True)
    assert "already dealt with" in again.content.decode()


def test_hiding_from_the_admin(moderator_client, moderator, flagged):
    url = reverse("kms_community_review_post", args=["replies", flagged.pk, "hide"])
    moderator_client.post(url, {"reason": "Données personnelles d'un tiers."})
    reply = Reply.objects.get(pk=flagged.pk)
    assert reply.is_hidden and reply.hidden_by == moderator
    flag = Flag.objects.get()
    assert flag.resolved_by == moderator and flag.resolution_reason == "Données personnelles d'un tiers."


def test_the_member_queue_takes_the_same_steps(client, community, facilitator, flagged):
    client.force_login(facilitator)
    queue = client.get(reverse("communities:queue")).content.decode()
    dismiss = reverse("communities:queue_post", args=["replies", flagged.pk, "dismiss"])
    assert dismiss in queue and "0021612345678" in queue
    response = client.post(dismiss, {"reason": "Rien de personnel."})
    assert response.status_code == 302 and response.url == reverse("communities:queue")
    assert Flag.objects.get().resolved_by == facilitator


def test_steps_are_post_only_csrf_checked_and_refused_to_others(community, member, submitted, flagged):
    other = MembershipFactory(community=community).user
    client = Client(enforce_csrf_checks=True)
    client.force_login(other)
    hide = reverse("communities:queue_post", args=["replies", flagged.pk, "hide"])
    assert client.post(hide, {"reason": "x"}).status_code == 403  # no CSRF token
    client = Client()
    client.force_login(other)
    assert client.get(hide).status_code == 405
    assert client.post(hide, {"reason": "x"}).status_code == 403
    publish = reverse("communities:queue_lesson", args=[submitted.pk])
    assert client.post(publish, {"action": "publish"}).status_code == 403
    assert client.post(reverse("communities:queue_post", args=["replies", flagged.pk, "delete"])).status_code == 404
    assert not Reply.objects.get(pk=flagged.pk).is_hidden
    assert Lesson.objects.get(pk=submitted.pk).state == Lesson.State.SUBMITTED


def test_admin_review_page_in_arabic_and_french(moderator_client, moderator, submitted):
    profile = UserProfile.get_for_user(moderator)
    for language, word in (("fr", "Révision des communautés"), ("ar", "مراجعة المجتمعات")):
        profile.preferred_language = language
        profile.save()
        html = moderator_client.get(reverse(REVIEW)).content.decode()
        assert word in html


@pytest.mark.both_databases
def test_query_count_does_not_grow_with_what_waits(
    moderator_client, community, member, submitted, flagged, django_assert_max_num_queries
):
    def more():
        LessonFactory(community=community, author=member, state=Lesson.State.SUBMITTED)
        thread = ThreadFactory(community=community)
        Flag.objects.create(thread=thread, flagged_by=member, reason="Hors charte.")
        Flag.objects.create(reply=ReplyFactory(thread=thread), flagged_by=member, reason="Insultant.")

    more()
    moderator_client.get(reverse(REVIEW))  # warm caches
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(reverse(REVIEW))
    for _n in range(4):
        more()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert moderator_client.get(reverse(REVIEW)).status_code == 200
