"""The actions behind the member pages, called directly as the admin, commands and views call them:
each refuses with a message the person reads and changes nothing, or makes its one change."""

import datetime
import io
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from communities import moderation
from communities.actions import AlreadyDone, Refused
from communities.discussions import EditPost, FlagPost, HidePost, PostReply, StartThread
from communities.events import SaveEvent
from communities.forms import (
    AttachmentForm,
    CommunityForm,
    DecisionForm,
    EditPostForm,
    EventForm,
    FlagForm,
    HideForm,
    InvitationForm,
    LessonForm,
    MembershipRoleForm,
    ReplyForm,
    RequestMembershipForm,
    ThreadForm,
)
from communities.invitations import AcceptInvitation, InvitePerson
from communities.lessons import AddAttachment, SaveLesson
from communities.membership import (
    ChangeRole,
    DecideMembership,
    EditCommunity,
    JoinCommunity,
    LeaveCommunity,
    RequestMembership,
)
from communities.models import Attachment, Flag, Lesson, LessonVersion, Membership, Reply, Thread
from communities.notifications.models import Notification
from tests.factories import UserFactory
from tests.factories.communities import (
    LessonFactory,
    MembershipFactory,
    PublishedLessonFactory,
    ReplyFactory,
    ThreadFactory,
)

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


def refused(action):
    """Execute `action`, expecting a refusal; the refusal's message, in the active language."""
    with pytest.raises(Refused) as caught:
        action.execute()
    return str(caught.value.message)


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("carte-médenine.png", buffer.getvalue(), content_type="image/png")


def test_a_refusal_is_a_permission_denied_and_so_is_a_refused_transition():
    # Uncaught, a refusal answers 403 rather than 500.
    assert issubclass(Refused, PermissionDenied)
    assert issubclass(AlreadyDone, Refused)
    assert issubclass(moderation.TransitionRefused, Refused)


def test_an_action_given_an_invalid_form_changes_nothing(community, member):
    with pytest.raises(ValueError):
        StartThread(member, community, ThreadForm({"title": "", "body": ""})).execute()
    assert not Thread.objects.exists()


# --- Membership ----------------------------------------------------------------------------


def test_join_makes_a_member_then_says_so_in_the_persons_language(community, outsider):
    membership = JoinCommunity(outsider, community).execute()
    assert membership.state == Membership.State.ACTIVE and membership.joined_at is not None
    with translation.override("fr"):
        with pytest.raises(AlreadyDone) as caught:
            JoinCommunity(outsider, community).execute()
        assert str(caught.value.message) == "Vous êtes déjà membre de cette communauté."


def test_join_refuses_a_community_that_takes_requests(private_community, outsider):
    assert refused(JoinCommunity(outsider, private_community)) == "This community cannot be joined directly."
    assert not Membership.objects.filter(user=outsider).exists()


def test_request_is_kept_with_its_message_and_not_sent_twice(private_community, outsider):
    form = RequestMembershipForm({"message": "Nous accompagnons les rapatriés à Sfax."})
    membership = RequestMembership(outsider, private_community, form).execute()
    assert membership.state == Membership.State.REQUESTED
    assert membership.request_message == "Nous accompagnons les rapatriés à Sfax."
    with pytest.raises(AlreadyDone, match="waiting for a facilitator"):
        RequestMembership(outsider, private_community, form).execute()


def test_request_refused_where_anyone_may_join(community, outsider):
    action = RequestMembership(outsider, community, RequestMembershipForm({"message": ""}))
    assert refused(action) == "This community does not take requests to join."
    assert not Membership.objects.filter(user=outsider).exists()


def test_leaving_keeps_the_row_and_drops_the_role(community, facilitator, outsider):
    membership = LeaveCommunity(facilitator, community).execute()
    membership.refresh_from_db()
    assert (membership.state, membership.role) == (Membership.State.LEFT, Membership.Role.MEMBER)
    with pytest.raises(AlreadyDone, match="not a member"):
        LeaveCommunity(outsider, community).execute()


def test_only_facilitators_answer_requests_and_the_person_is_told(private_community):
    facilitator = MembershipFactory(community=private_community, role=Membership.Role.FACILITATOR).user
    other_member = MembershipFactory(community=private_community).user
    request = MembershipFactory(community=private_community, state=Membership.State.REQUESTED)
    approve = DecisionForm({"decision": "approve", "reason": ""})

    assert refused(DecideMembership(other_member, request, approve)) == "You are not allowed to do this."
    request.refresh_from_db()
    assert request.state == Membership.State.REQUESTED

    DecideMembership(facilitator, request, approve).execute()
    request.refresh_from_db()
    assert request.state == Membership.State.ACTIVE and request.decided_by == facilitator
    assert Notification.objects.filter(recipient=request.user, kind="membership_decision").exists()
    decline = DecisionForm({"decision": "decline", "reason": "Déjà membre par votre organisation."})
    with pytest.raises(AlreadyDone, match="already been answered"):
        DecideMembership(facilitator, request, decline).execute()


def test_role_change_through_the_form(community, member, facilitator):
    other = MembershipFactory(community=community)
    assert (
        refused(ChangeRole(member, other, MembershipRoleForm({"role": "facilitator"})))
        == "You are not allowed to do this."
    )
    other.refresh_from_db()
    assert other.role == Membership.Role.MEMBER
    # The promote button without a role makes a facilitator, as it always has.
    ChangeRole(facilitator, other, MembershipRoleForm({})).execute()
    other.refresh_from_db()
    assert other.role == Membership.Role.FACILITATOR
    assert not MembershipRoleForm({"role": "owner"}).is_valid()


def test_only_facilitators_edit_the_community(community, member, facilitator):
    data = {
        **{f"name_{code}": f"Cohésion sociale {code}" for code in ("en", "fr", "ar", "nl")},
        "original_language": "fr",
        "visibility": "public",
        "join_policy": "open",
    }
    assert refused(EditCommunity(member, CommunityForm(data, instance=community))) == "You are not allowed to do this."
    EditCommunity(facilitator, CommunityForm(data, instance=community)).execute()
    community.refresh_from_db()
    assert community.name_fr == "Cohésion sociale fr"


def test_invitation_is_sent_by_facilitators_with_a_link_to_this_site(community, member, facilitator):
    form = InvitationForm({"email": "Nadia.Partenaire@example.org", "message": "Bienvenue !"})
    assert refused(InvitePerson(member, community, form)) == "You are not allowed to do this."
    assert not mail.outbox
    invitation = InvitePerson(facilitator, community, form, site_url="https://kms.example.org/").execute()
    assert invitation.email == "nadia.partenaire@example.org"
    assert f"https://kms.example.org{invitation.get_absolute_url()}" in mail.outbox[0].body


def test_invitation_accepted_only_with_the_invited_address_and_once(community, facilitator):
    person, stranger = UserFactory(), UserFactory()
    invitation = InvitePerson(facilitator, community, InvitationForm({"email": person.email, "message": ""})).execute()
    assert "Sign in with that address to accept it" in refused(AcceptInvitation(stranger, invitation))
    assert not Membership.objects.filter(user=stranger).exists()
    AcceptInvitation(person, invitation).execute()
    assert Membership.objects.get(user=person, community=community).is_active
    with pytest.raises(AlreadyDone, match="already been accepted"):
        AcceptInvitation(person, invitation).execute()


def test_expired_invitation_is_refused(community, facilitator):
    person = UserFactory()
    invitation = InvitePerson(facilitator, community, InvitationForm({"email": person.email, "message": ""})).execute()
    invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    assert refused(AcceptInvitation(person, invitation)).startswith("This invitation has expired.")
    assert not Membership.objects.filter(user=person).exists()


# --- Lessons -------------------------------------------------------------------------------


def lesson_form(instance=None, **overrides):
    data = {
        "title": "Orientation protectrice à Tripoli",
        "context": "<p>Les personnes interceptées en mer arrivent sans documents et ont besoin d'orientation.</p>",
        "evidence_links": "https://example.org/rapport",
        "language": "",
        "submit_token": str(uuid.uuid4()),
        **overrides,
    }
    return LessonForm(data, instance=instance)


def test_lesson_refused_to_non_members_and_the_text_is_not_saved(community, outsider):
    message = refused(SaveLesson(outsider, lesson_form(), community))
    assert message == "Only members of this community can post lessons. Your text is still below."
    assert not Lesson.objects.exists()


def test_new_lesson_saved_once_with_its_language_and_first_version(community, member):
    form = lesson_form()
    lesson = SaveLesson(member, form, community).execute()
    assert (lesson.community, lesson.author, lesson.state) == (community, member, Lesson.State.DRAFT)
    assert lesson.language == "fr"  # detected, since the author left it to us
    assert list(LessonVersion.objects.filter(lesson=lesson).values_list("number", flat=True)) == [1]
    # The same form sent again finds the lesson it already saved.
    with pytest.raises(AlreadyDone) as caught:
        SaveLesson(member, lesson_form(submit_token=form.data["submit_token"]), community).execute()
    assert caught.value.existing == lesson
    assert Lesson.objects.count() == 1


def test_edit_is_saved_as_a_new_version_until_the_lesson_is_submitted(community, member):
    lesson = LessonFactory(community=community, author=member)
    SaveLesson(member, lesson_form(instance=lesson, title="Orientation à Tripoli, bilan 2025")).execute()
    lesson.refresh_from_db()
    assert lesson.title == "Orientation à Tripoli, bilan 2025" and lesson.versions.count() == 1
    moderation.apply(member, lesson, "submit")
    message = refused(SaveLesson(member, lesson_form(instance=lesson, title="Autre titre")))
    assert message.startswith("This lesson can no longer be edited (it is “Submitted for review”")
    lesson.refresh_from_db()
    assert lesson.title == "Orientation à Tripoli, bilan 2025"


def test_only_the_author_adds_evidence_while_editing(community, member):
    lesson = LessonFactory(community=community, author=member)
    other = MembershipFactory(community=community).user
    assert refused(AddAttachment(other, lesson, AttachmentForm({}, {"file": png()}))).startswith(
        "This lesson can no longer be edited"
    )
    attachment = AddAttachment(member, lesson, AttachmentForm({}, {"file": png()})).execute()
    assert attachment.content_type == "image/png" and attachment.uploaded_by == member
    assert Attachment.objects.filter(lesson=lesson).count() == 1


# --- Discussions ---------------------------------------------------------------------------


def thread_form(**overrides):
    return ThreadForm(
        {
            "title": "Transport vers les centres",
            "body": "<p>Qui finance le transport ?</p>",
            "submit_token": str(uuid.uuid4()),
            **overrides,
        }
    )


def test_discussion_started_by_members_only_and_once(community, member, outsider):
    message = refused(StartThread(outsider, community, thread_form()))
    assert message == "Only members of this community can start a discussion. Your text is still below."
    form = thread_form()
    thread = StartThread(member, community, form).execute()
    assert thread.author == member and thread.language == "fr"
    with pytest.raises(AlreadyDone) as caught:
        StartThread(member, community, thread_form(submit_token=form.data["submit_token"])).execute()
    assert caught.value.existing == thread and Thread.objects.count() == 1


def test_discussion_about_a_lesson(community, member):
    lesson = PublishedLessonFactory(community=community)
    assert StartThread(member, community, thread_form(), lesson=lesson).execute().lesson == lesson


def test_reply_posted_by_members_notifies_the_discussion(community, member, outsider):
    thread = ThreadFactory(community=community, author=MembershipFactory(community=community).user)
    form = ReplyForm({"body": "<p>Nous passons par le centre de santé.</p>", "submit_token": str(uuid.uuid4())})
    assert (
        refused(PostReply(outsider, thread, form))
        == "Only members of this community can reply. Your text is still below."
    )
    reply = PostReply(member, thread, form).execute()
    thread.refresh_from_db()
    assert thread.last_activity_at == reply.created_at
    assert Notification.objects.filter(recipient=thread.author, kind="followed_reply").exists()
    with pytest.raises(AlreadyDone, match="already posted"):
        PostReply(member, thread, form).execute()
    assert Reply.objects.count() == 1


def test_reply_quotes_only_a_visible_reply(community, member):
    thread = ThreadFactory(community=community)
    quoted = ReplyFactory(thread=thread)
    hidden = ReplyFactory(thread=thread, hidden_at=timezone.now())
    for target, expected in ((quoted, quoted), (hidden, None)):
        form = ReplyForm({"body": "<p>D'accord.</p>", "quoted": target.pk, "submit_token": str(uuid.uuid4())})
        assert PostReply(member, thread, form).execute().quoted == expected


def test_edit_within_the_window_only(community, member):
    thread = ThreadFactory(community=community, author=member)
    EditPost(
        member, community, thread, EditPostForm({"title": "Transport : qui finance ?", "body": "<p>Corrigé.</p>"})
    ).execute()
    thread.refresh_from_db()
    assert thread.title == "Transport : qui finance ?" and thread.edited_at is not None
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    thread.refresh_from_db()
    message = refused(EditPost(member, community, thread, EditPostForm({"body": "<p>Trop tard.</p>"})))
    assert message == "The time to edit this message has passed. Your text is still below."
    thread.refresh_from_db()
    assert thread.body == "<p>Corrigé.</p>"


def test_flag_then_hide_resolves_the_flag(community, member, facilitator):
    reply = ReplyFactory(thread=ThreadFactory(community=community), author=member)
    assert refused(FlagPost(member, community, reply, FlagForm({"reason": "Mon propre message"}))) == (
        "You are not allowed to do this."
    )
    flag = FlagPost(facilitator, community, reply, FlagForm({"reason": "Données personnelles visibles."})).execute()
    assert flag.reply == reply and flag.thread is None

    hide = HideForm({"reason": "Contient un numéro de téléphone."})
    assert refused(HidePost(member, community, reply, hide)) == "You are not allowed to do this."
    HidePost(facilitator, community, reply, hide).execute()
    reply.refresh_from_db()
    assert (
        reply.is_hidden and reply.hidden_by == facilitator and reply.hidden_reason == "Contient un numéro de téléphone."
    )
    assert Flag.objects.get(pk=flag.pk).resolved_at == reply.hidden_at


# --- Events --------------------------------------------------------------------------------


def test_events_are_added_by_facilitators(community, member, facilitator):
    data = {
        "kind": "webinar",
        "title": "Webinaire : réintégration économique",
        "starts_at": "2031-03-04T10:00",
        "ends_at": "2031-03-04T12:00",
        "time_zone": "Africa/Tunis",
        "place": "",
        "online_link": "",
        "agenda": "",
    }
    assert refused(SaveEvent(member, EventForm(data), community)) == "You are not allowed to do this."
    event = SaveEvent(facilitator, EventForm(data), community).execute()
    assert event.community == community and event.created_by == facilitator
    assert event.local_start.hour == 10
