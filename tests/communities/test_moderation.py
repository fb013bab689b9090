"""The lesson lifecycle: every allowed step, every refused one, reasons the author sees, versions kept."""

import pytest
from django.urls import reverse

from communities import moderation
from communities.models import Lesson, LessonTransition, LessonVersion
from communities.notifications.models import Notification
from tests.factories import UserFactory
from tests.factories.communities import LessonFactory, MembershipFactory

pytestmark = pytest.mark.django_db
S = Lesson.State


@pytest.fixture
def lesson(community, member):
    return LessonFactory(community=community, author=member)


def test_happy_path_draft_submitted_published(lesson, facilitator):
    moderation.apply(lesson.author, lesson, "submit")
    assert lesson.state == S.SUBMITTED and lesson.submitted_at is not None
    moderation.apply(facilitator, lesson, "publish")
    assert lesson.state == S.PUBLISHED and lesson.published_at is not None
    steps = list(
        LessonTransition.objects.filter(lesson=lesson).order_by("pk").values_list("from_state", "to_state", "actor")
    )
    assert steps == [(S.DRAFT, S.SUBMITTED, lesson.author_id), (S.SUBMITTED, S.PUBLISHED, facilitator.pk)]


def test_changes_requested_then_answered_then_published(lesson, facilitator):
    moderation.apply(lesson.author, lesson, "submit")
    moderation.apply(facilitator, lesson, "request_changes", "Précisez le nombre de participants.")
    assert lesson.state == S.CHANGES_REQUESTED
    assert lesson.moderation_reason == "Précisez le nombre de participants."
    moderation.apply(lesson.author, lesson, "submit")
    assert lesson.state == S.SUBMITTED and lesson.moderation_reason == ""
    moderation.apply(facilitator, lesson, "publish")
    assert lesson.state == S.PUBLISHED


def test_reject_needs_a_reason_and_is_final(lesson, facilitator):
    moderation.apply(lesson.author, lesson, "submit")
    with pytest.raises(moderation.TransitionRefused):
        moderation.apply(facilitator, lesson, "reject", "   ")
    assert Lesson.objects.get(pk=lesson.pk).state == S.SUBMITTED
    moderation.apply(facilitator, lesson, "reject", "Hors sujet pour cette communauté.")
    assert lesson.state == S.REJECTED
    for name in ("submit", "publish", "withdraw", "request_changes"):
        with pytest.raises(moderation.TransitionRefused):
            moderation.apply(facilitator if name != "submit" else lesson.author, lesson, name, "raison")


@pytest.mark.parametrize(
    "state,name",
    [
        (S.DRAFT, "publish"),
        (S.DRAFT, "reject"),
        (S.DRAFT, "request_changes"),
        (S.CHANGES_REQUESTED, "publish"),
        (S.PUBLISHED, "submit"),
        (S.PUBLISHED, "publish"),
        (S.REJECTED, "publish"),
        (S.SUBMITTED, "submit"),
    ],
)
def test_steps_refused_from_the_wrong_state(community, member, facilitator, state, name):
    lesson = LessonFactory(community=community, author=member, state=state)
    actor = member if moderation.TRANSITIONS[name].by_author else facilitator
    with pytest.raises(moderation.TransitionRefused):
        moderation.apply(actor, lesson, name, "raison")
    assert Lesson.objects.get(pk=lesson.pk).state == state
    assert not LessonTransition.objects.filter(lesson=lesson).exists()


def test_who_may_take_each_step(community, member, facilitator, moderator, outsider):
    lesson = LessonFactory(community=community, author=member, state=S.SUBMITTED)
    other_member = MembershipFactory(community=community).user
    assert moderation.allowed(facilitator, lesson, "publish")
    assert moderation.allowed(moderator, lesson, "publish")
    assert not moderation.allowed(other_member, lesson, "publish")
    assert not moderation.allowed(outsider, lesson, "publish")
    assert not moderation.allowed(member, lesson, "publish")  # authors do not publish themselves
    assert moderation.allowed(member, lesson, "withdraw")
    assert not moderation.allowed(other_member, lesson, "withdraw")
    with pytest.raises(moderation.TransitionRefused):
        moderation.apply(other_member, lesson, "publish")


def test_facilitator_cannot_publish_own_lesson_but_a_moderator_can(community, facilitator, moderator):
    lesson = LessonFactory(community=community, author=facilitator, state=S.SUBMITTED)
    assert not moderation.allowed(facilitator, lesson, "publish")
    moderation.apply(moderator, lesson, "publish")
    assert lesson.state == S.PUBLISHED


def test_author_who_left_can_no_longer_submit(community, member, lesson):
    membership = member.community_memberships.get()
    membership.state = "left"
    membership.save()
    with pytest.raises(moderation.TransitionRefused):
        moderation.apply(member, lesson, "submit")


def test_double_submit_through_the_page_changes_nothing_the_second_time(client, lesson):
    client.force_login(lesson.author)
    url = reverse("communities:lesson_submit", args=[lesson.community.slug, lesson.pk])
    client.post(url, {"action": "submit"})
    response = client.post(url, {"action": "submit"}, follow=True)
    assert "already" in response.content.decode()
    assert LessonTransition.objects.filter(lesson=lesson, to_state=S.SUBMITTED).count() == 1


def test_author_sees_the_reason_and_edits_are_versioned(client, lesson, facilitator):
    moderation.apply(lesson.author, lesson, "submit")
    moderation.apply(facilitator, lesson, "request_changes", "Ajoutez les chiffres de 2025, s'il vous plaît.")
    client.force_login(lesson.author)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "Ajoutez les chiffres de 2025" in page
    edit_url = reverse("communities:lesson_edit", args=[lesson.community.slug, lesson.pk])
    assert "Ajoutez les chiffres de 2025" in client.get(edit_url).content.decode()
    response = client.post(
        edit_url,
        {
            "title": "Groupes de parole : chiffres 2025",
            "context": "<p>142 participants en 2025.</p>",
            "evidence_links": "",
            "language": "fr",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.state == S.SUBMITTED and lesson.title == "Groupes de parole : chiffres 2025"
    versions = LessonVersion.objects.filter(lesson=lesson)
    assert versions.count() == 1 and versions.get().content["context"] == "<p>142 participants en 2025.</p>"
    page = client.get(reverse("communities:lesson_versions", args=[lesson.community.slug, lesson.pk])).content.decode()
    assert "142 participants" in page


def test_reviewing_through_the_page_and_the_queue(client, lesson, facilitator):
    moderation.apply(lesson.author, lesson, "submit")
    client.force_login(facilitator)
    queue = client.get(reverse("communities:queue")).content.decode()
    assert lesson.title in queue
    url = reverse("communities:lesson_review", args=[lesson.community.slug, lesson.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400 and "reason" in response.content.decode()
    client.post(url, {"action": "publish", "next": "queue"})
    lesson.refresh_from_db()
    assert lesson.state == S.PUBLISHED
    assert lesson.title not in client.get(reverse("communities:queue")).content.decode()


def test_queue_is_refused_to_ordinary_members(client, member):
    client.force_login(member)
    assert client.get(reverse("communities:queue")).status_code == 403


def test_unpublished_states_are_invisible_to_other_members(client, community, lesson):
    other = MembershipFactory(community=community).user
    client.force_login(other)
    for state in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED):
        Lesson.objects.filter(pk=lesson.pk).update(state=state)
        assert client.get(lesson.get_absolute_url()).status_code == 404


def test_moderation_notifies_author_reviewers_and_members(
    django_capture_on_commit_callbacks, community, lesson, facilitator
):
    reader = MembershipFactory(community=community).user
    with django_capture_on_commit_callbacks(execute=True):
        moderation.apply(lesson.author, lesson, "submit")
    assert Notification.objects.filter(recipient=facilitator, kind="review_requested").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        moderation.apply(facilitator, lesson, "publish")
    assert Notification.objects.filter(recipient=lesson.author, kind="moderation_outcome").count() == 1
    assert Notification.objects.filter(recipient=reader, kind="new_lesson").count() == 1
    assert not Notification.objects.filter(recipient=lesson.author, kind="new_lesson").exists()
    assert not Notification.objects.filter(recipient=UserFactory()).exists()
