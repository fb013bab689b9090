"""The can_* functions, person by person, on public and members-only communities."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from communities import permissions as p
from communities.models import Community, Lesson, Membership
from tests.factories import UserFactory
from tests.factories.communities import (
    CommunityFactory,
    EventFactory,
    LessonFactory,
    MembershipFactory,
    ReplyFactory,
    ThreadFactory,
)

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

PEOPLE = (
    "anonymous",
    "non_member",
    "other_member",
    "requested",
    "left",
    "member",
    "facilitator",
    "moderator",
    "staff",
    "superuser",
)


def people(community, moderator):
    other = CommunityFactory()
    return {
        "anonymous": AnonymousUser(),
        "non_member": UserFactory(),
        "other_member": MembershipFactory(community=other).user,
        "requested": MembershipFactory(community=community, state=Membership.State.REQUESTED).user,
        "left": MembershipFactory(community=community, state=Membership.State.LEFT).user,
        "member": MembershipFactory(community=community).user,
        "facilitator": MembershipFactory(community=community, role=Membership.Role.FACILITATOR).user,
        "moderator": moderator,
        "staff": UserFactory(is_staff=True),
        "superuser": UserFactory(is_superuser=True),
    }


def allowed(check, everyone):
    return {name for name, user in everyone.items() if check(user)}


MEMBERS = {"member", "facilitator"}
MODERATING = {"moderator", "superuser"}
SIGNED_IN = set(PEOPLE) - {"anonymous"}


@pytest.mark.parametrize("visibility", ["public", "members_only"])
def test_reading_a_community(visibility, moderator):
    community = CommunityFactory(visibility=visibility)
    everyone = people(community, moderator)
    public = visibility == "public"
    assert allowed(lambda u: p.can_see_community(u, community), everyone) == (set(PEOPLE) if public else SIGNED_IN)
    assert allowed(lambda u: p.can_view_content(u, community), everyone) == (
        set(PEOPLE) if public else MEMBERS | MODERATING
    )
    assert allowed(lambda u: p.can_view_members(u, community), everyone) == MEMBERS | MODERATING
    assert p.can_have_feed(community) is public


@pytest.mark.parametrize("visibility", ["public", "members_only"])
def test_published_lesson_and_its_files_and_discussion(visibility, moderator):
    community = CommunityFactory(visibility=visibility)
    everyone = people(community, moderator)
    lesson = LessonFactory(community=community, author=everyone["member"], state=Lesson.State.PUBLISHED)
    expected = set(PEOPLE) if visibility == "public" else MEMBERS | MODERATING
    assert allowed(lambda u: p.can_view_lesson(u, lesson), everyone) == expected
    attachment = lesson.attachments.model(
        lesson=lesson, original_name="rapport.pdf", content_type="application/pdf", size=1
    )
    assert allowed(lambda u: p.can_view_attachment(u, attachment), everyone) == expected
    thread = ThreadFactory(community=community, lesson=lesson)
    assert allowed(lambda u: p.can_view_thread(u, thread), everyone) == expected
    event = EventFactory(community=community)
    assert allowed(lambda u: p.can_view_event(u, event), everyone) == expected
    assert allowed(lambda u: p.can_see_online_link(u, event), everyone) == MEMBERS | MODERATING


@pytest.mark.parametrize("state", [Lesson.State.DRAFT, Lesson.State.CHANGES_REQUESTED, Lesson.State.REJECTED])
def test_draft_is_for_its_author_and_later_states_for_reviewers_too(state, community, moderator):
    everyone = people(community, moderator)
    lesson = LessonFactory(community=community, author=everyone["member"], state=state)
    readers = {"member"} if state == Lesson.State.DRAFT else {"member", "facilitator"} | MODERATING
    assert allowed(lambda u: p.can_view_lesson(u, lesson), everyone) == readers
    editable = {"member"} if state != Lesson.State.REJECTED else set()
    assert allowed(lambda u: p.can_edit_lesson(u, lesson), everyone) == editable


def test_submitted_lesson_is_seen_by_facilitators_not_other_members(community, moderator):
    everyone = people(community, moderator)
    lesson = LessonFactory(community=community, author=everyone["member"], state=Lesson.State.SUBMITTED)
    assert allowed(lambda u: p.can_view_lesson(u, lesson), everyone) == {"member", "facilitator"} | MODERATING
    assert allowed(lambda u: p.can_edit_lesson(u, lesson), everyone) == set()
    assert allowed(lambda u: p.can_moderate_lesson(u, lesson), everyone) == {"facilitator"} | MODERATING


def test_author_who_left_loses_editing(community, moderator):
    everyone = people(community, moderator)
    lesson = LessonFactory(community=community, author=everyone["left"], state=Lesson.State.DRAFT)
    assert not p.can_edit_lesson(everyone["left"], lesson)
    assert p.can_view_lesson(everyone["left"], lesson)  # they can still read what they wrote


@pytest.mark.parametrize("policy", ["open", "on_request", "by_invitation"])
def test_joining_by_policy(policy, moderator):
    community = CommunityFactory(join_policy=policy)
    everyone = people(community, moderator)
    non_members = {"non_member", "other_member", "left", "moderator", "staff", "superuser"}
    assert allowed(lambda u: p.can_join(u, community), everyone) == (
        non_members | {"requested"} if policy == "open" else set()
    )
    assert allowed(lambda u: p.can_request_membership(u, community), everyone) == (
        {"non_member", "other_member", "left", "moderator", "staff", "superuser"} if policy == "on_request" else set()
    )
    assert allowed(lambda u: p.can_leave(u, community), everyone) == MEMBERS


def test_running_a_community(community, moderator):
    everyone = people(community, moderator)
    for check in (
        p.can_manage_members,
        p.can_invite,
        p.can_manage_events,
        p.can_moderate_community,
        p.can_hide,
        p.can_edit_community,
    ):
        assert allowed(lambda u, check=check: check(u, community), everyone) == {"facilitator"} | MODERATING, (
            check.__name__
        )
    for check in (p.can_post_lesson, p.can_start_thread):
        assert allowed(lambda u, check=check: check(u, community), everyone) == MEMBERS, check.__name__


def test_replying_editing_and_flagging(community, moderator):
    everyone = people(community, moderator)
    thread = ThreadFactory(community=community, author=everyone["member"])
    reply = ReplyFactory(thread=thread, author=everyone["member"])
    assert allowed(lambda u: p.can_reply(u, thread), everyone) == MEMBERS
    assert allowed(lambda u: p.can_edit_post(u, reply, community), everyone) == {"member"}
    later = timezone.now() + p.EDIT_WINDOW + datetime.timedelta(seconds=1)
    assert allowed(lambda u: p.can_edit_post(u, reply, community, now=later), everyone) == set()
    assert allowed(lambda u: p.can_flag(u, reply, community), everyone) == SIGNED_IN - {"member"}
    reply.hidden_at = timezone.now()
    assert allowed(lambda u: p.can_edit_post(u, reply, community), everyone) == set()
    thread.hidden_at = timezone.now()
    assert allowed(lambda u: p.can_reply(u, thread), everyone) == set()


def test_flagging_members_only_content_needs_access(moderator):
    community = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    everyone = people(community, moderator)
    thread = ThreadFactory(community=community, author=everyone["facilitator"])
    assert allowed(lambda u: p.can_flag(u, thread, community), everyone) == {"member"} | MODERATING


def test_inactive_accounts_have_no_rights(community):
    membership = MembershipFactory(community=community, role=Membership.Role.FACILITATOR)
    user = membership.user
    user.is_active = False
    user.save()
    assert not p.is_member(user, community)
    assert not p.can_manage_members(user, community)
    inactive_superuser = UserFactory(is_superuser=True, is_active=False)
    assert not p.is_moderator(inactive_superuser)
