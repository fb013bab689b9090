"""Notifications: in the site, by email immediately or in a weekly digest, in each person's language."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from communities.notifications import notify
from communities.notifications.delivery import (
    read_unsubscribe_token,
    recipient_language,
    send_digests,
    send_immediate,
    unsubscribe_token,
)
from communities.notifications.models import (
    CommunityPreference,
    Digest,
    EmailChoice,
    Notification,
    NotificationPreference,
)
from communities.notifications.rendering import render
from communities.notifications.tasks import send_digests as send_digests_task
from tests.factories import PASSWORD, UserFactory
from tests.factories.communities import CommunityFactory, PublishedLessonFactory, ReplyFactory, ThreadFactory

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def prefer(user, email=EmailChoice.IMMEDIATE, language=""):
    NotificationPreference.objects.update_or_create(user=user, defaults={"email": email, "language": language})


def new_lesson(recipients, community=None, **kwargs):
    community = community or CommunityFactory()
    lesson = PublishedLessonFactory(community=community, title="Groupes de parole à Médenine")
    return notify(recipients, kind="new_lesson", target=lesson, community=community, **kwargs)


def unsubscribe_links(text):
    return re.findall(r"https?://\S+/notifications/unsubscribe/[^/\s]+/", text)


# --- Making notifications -------------------------------------------------------------------


def test_one_notification_per_person_skipping_the_author_duplicates_and_closed_accounts(
    django_capture_on_commit_callbacks,
):
    author, reader, closed = UserFactory(), UserFactory(), UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        made = new_lesson([author, reader, reader, closed], actor=author)
    assert [n.recipient for n in made] == [reader]
    notification = Notification.objects.get()
    assert notification.kind == "new_lesson"
    assert "Groupes de parole à Médenine" in render(notification).subject
    assert render(notification).subject.startswith("New lesson in Réintégration communautaire")
    assert notification.read_at is None


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown notification kind"):
        notify([UserFactory()], kind="birthday", subject="x", body="y")
    with pytest.raises(ValueError, match="needs the object it is about"):
        notify([UserFactory()], kind="new_lesson")


def test_reply_body_is_plain_text_from_the_cleaned_html():
    reader = UserFactory()
    thread = ThreadFactory(title="Orientation des rapatriés")
    reply = ReplyFactory(thread=thread, body="<p>Nous passons par le <strong>centre</strong> &amp; l’école.</p>")
    (notification,) = notify([reader], kind="reply", target=reply, community=thread.community)
    text = render(notification, "en")
    assert text.subject == "New reply in “Orientation des rapatriés”"
    assert "Nous passons par le centre & l’école." in text.body
    assert "<" not in text.body


@pytest.mark.parametrize(
    "outcome, expected",
    [
        ("published", "Your lesson is published: Groupes"),
        ("changes_requested", "Changes requested on your lesson: Groupes"),
        ("rejected", "Your lesson was not accepted: Groupes"),
    ],
)
def test_moderation_outcomes_say_what_happened_and_why(outcome, expected):
    author = UserFactory()
    lesson = PublishedLessonFactory(author=author, title="Groupes de parole")
    (notification,) = notify(
        [author],
        kind="moderation_outcome",
        target=lesson,
        community=lesson.community,
        data={"outcome": outcome, "reason": "Ajoutez les sources, s’il vous plaît."},
    )
    text = render(notification, "en")
    assert text.subject.startswith(expected)
    assert "Reason given: Ajoutez les sources, s’il vous plaît." in text.body


def test_membership_decision_welcomes_or_explains():
    from tests.factories.communities import MembershipFactory

    membership = MembershipFactory()
    person, community = membership.user, membership.community
    (welcome,) = notify(
        [person], kind="membership_decision", target=membership, community=community, data={"accepted": True}
    )
    (declined,) = notify(
        [person],
        kind="membership_decision",
        target=membership,
        community=community,
        data={"accepted": False, "reason": "Complet."},
    )
    welcome, declined = render(welcome, "en"), render(declined, "en")
    assert welcome.subject == f"Welcome to {community.name_en}"
    assert "You are now a member" in welcome.body and "Reason given" not in welcome.body
    assert declined.subject == f"Your request to join {community.name_en}"
    assert "was declined" in declined.body and "Reason given: Complet." in declined.body


def test_callers_may_pass_ready_texts():
    (notification,) = notify([UserFactory()], kind="reply", subject="Sujet prêt", body="Corps prêt")
    assert (render(notification).subject, render(notification).body) == ("Sujet prêt", "Corps prêt")


# --- Language ---------------------------------------------------------------------------------


def test_language_order_choice_then_last_used_then_profile_then_default():
    user = UserFactory()
    assert recipient_language(user) == "en"
    user.profile.languages = ["ti", "nl", "fr"]
    user.profile.save()
    assert recipient_language(user) == "nl"  # Tigrinya is not a site language
    NotificationPreference.objects.create(user=user, last_language="fr")
    assert recipient_language(user) == "fr"
    NotificationPreference.objects.filter(user=user).update(language="ar")
    assert recipient_language(user) == "ar"


@pytest.mark.parametrize(
    "language, subject_start, unsubscribe_word",
    [
        ("en", "New lesson in Réintégration", "Stop all notification emails"),
        ("fr", "Nouvelle leçon dans Réintégration", "Ne plus recevoir aucun e-mail de notification"),
        ("ar", "درس جديد في إعادة الإدماج", "إيقاف جميع رسائل الإشعارات"),
        ("nl", "Nieuwe les in Gemeenschapsgerichte", "Geen meldingsmails meer ontvangen"),
    ],
)
def test_each_person_is_written_to_in_their_language(
    language, subject_start, unsubscribe_word, django_capture_on_commit_callbacks
):
    reader = UserFactory()
    prefer(reader, language=language)
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = new_lesson([reader])
    assert notification.language == language
    assert render(notification, language).subject.startswith(subject_start)
    (message,) = mail.outbox
    assert subject_start in message.subject
    assert unsubscribe_word in message.body
    html, _mime = message.alternatives[0]
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    # The link in the email opens the site in the same language.
    assert f"/{language}/notifications/unsubscribe/" in message.body


def test_signing_in_remembers_the_language(client):
    user = UserFactory()
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user).last_language == "fr"
    assert recipient_language(user) == "fr"


# --- Immediate emails -------------------------------------------------------------------------


def test_immediate_email_leaves_after_commit_with_one_click_unsubscribe(django_capture_on_commit_callbacks):
    reader = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (notification,) = new_lesson([reader])
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert message.subject.startswith("[kms] New lesson in")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert header_url in message.body
    links = unsubscribe_links(message.body)
    assert len(links) == 2  # this community, and everything
    tokens = {read_unsubscribe_token(link.rstrip("/").rsplit("/", 1)[1]) for link in links}
    assert tokens == {(reader.pk, None), (reader.pk, notification.community_id)}
    assert f"/en/communities/{notification.community.slug}/lessons/" in message.body
    notification.refresh_from_db()
    assert notification.email == Notification.Email.SENT and notification.emailed_at is not None


def test_an_immediate_email_is_sent_once(django_capture_on_commit_callbacks):
    reader = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = new_lesson([reader])
    assert send_immediate(notification.pk) == Notification.Email.SENT
    assert len(mail.outbox) == 1


def test_no_email_without_a_verified_address(django_capture_on_commit_callbacks):
    reader = UserFactory(verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = new_lesson([reader])
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email == Notification.Email.NO_ADDRESS


def test_email_off_keeps_the_notification_in_the_site_only(django_capture_on_commit_callbacks):
    reader = UserFactory()
    prefer(reader, EmailChoice.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = new_lesson([reader])
    assert mail.outbox == []
    assert notification.email == Notification.Email.OFF
    assert send_digests().emails == 0


def test_a_community_choice_overrides_the_general_one(django_capture_on_commit_callbacks):
    reader = UserFactory()
    loud, quiet = CommunityFactory(), CommunityFactory()
    prefer(reader, EmailChoice.WEEKLY)
    CommunityPreference.objects.create(user=reader, community=loud, email=EmailChoice.IMMEDIATE)
    CommunityPreference.objects.create(user=reader, community=quiet, email=EmailChoice.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        (first,) = new_lesson([reader], community=loud)
        (second,) = new_lesson([reader], community=quiet)
        (third,) = new_lesson([reader])
    assert len(mail.outbox) == 1 and loud.name_en in mail.outbox[0].subject
    assert [n.email for n in (first, second, third)] == ["immediate", "off", "digest"]


def test_a_failed_immediate_email_goes_into_the_next_digest(settings, django_capture_on_commit_callbacks):
    reader = UserFactory()
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = new_lesson([reader])
    notification.refresh_from_db()
    assert notification.email == Notification.Email.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    summary = send_digests()
    assert (summary.emails, summary.notifications) == (1, 1)
    assert render(notification).subject in mail.outbox[0].body


# --- Weekly digests ---------------------------------------------------------------------------


def test_weekly_digest_gathers_everything_once(django_capture_on_commit_callbacks):
    reader, other = UserFactory(), UserFactory()
    prefer(reader, EmailChoice.WEEKLY)
    prefer(other, EmailChoice.WEEKLY)
    first, second = CommunityFactory(), CommunityFactory()
    with django_capture_on_commit_callbacks(execute=True):
        new_lesson([reader, other], community=first)
        new_lesson([reader], community=second)
    assert mail.outbox == []  # weekly: nothing right away
    summary = send_digests()
    assert (summary.people, summary.emails, summary.notifications) == (2, 2, 3)
    mine = next(m for m in mail.outbox if m.to == [reader.email])
    assert mine.subject == "[kms] Your weekly digest: 2 new notifications"
    assert f"== {first.name_en} ==" in mine.body and f"== {second.name_en} ==" in mine.body
    assert mine.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert len(unsubscribe_links(mine.body)) == 3  # one per community, and everything
    assert Notification.objects.filter(digest__isnull=False).count() == 3
    assert set(Notification.objects.values_list("email", flat=True)) == {"sent"}
    # A second run finds nothing left: each notification is in exactly one digest.
    again = send_digests()
    assert (again.people, again.emails) == (0, 0)
    assert len(mail.outbox) == 2


def test_next_digest_waits_a_week(django_capture_on_commit_callbacks):
    reader = UserFactory()
    prefer(reader, EmailChoice.WEEKLY)
    new_lesson([reader])
    now = timezone.now()
    assert send_digests(now=now).emails == 1
    new_lesson([reader])
    tomorrow = send_digests(now=now + datetime.timedelta(days=1))
    assert (tomorrow.emails, tomorrow.not_due) == (0, 1)
    next_week = send_digests(now=now + datetime.timedelta(days=7))
    assert (next_week.emails, next_week.notifications) == (1, 1)
    assert Digest.objects.filter(recipient=reader, sent_at__isnull=False).count() == 2


def test_a_digest_that_cannot_be_sent_is_retried_next_run(settings):
    reader = UserFactory()
    prefer(reader, EmailChoice.WEEKLY)
    new_lesson([reader])
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    assert send_digests().failed == 1
    assert Notification.objects.get().email == Notification.Email.DIGEST
    assert not Digest.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests().emails == 1
    assert len(mail.outbox) == 1


def test_turning_email_off_before_the_digest_is_respected():
    reader = UserFactory()
    prefer(reader, EmailChoice.WEEKLY)
    new_lesson([reader])
    prefer(reader, EmailChoice.OFF)
    summary = send_digests()
    assert (summary.emails, summary.turned_off) == (0, 1)
    assert Notification.objects.get().email == Notification.Email.OFF


def test_digest_in_the_recipients_language():
    reader = UserFactory()
    prefer(reader, EmailChoice.WEEKLY, language="ar")
    new_lesson([reader])
    new_lesson([reader])
    send_digests()
    (message,) = mail.outbox
    assert "ملخصك الأسبوعي" in message.subject
    html, _mime = message.alternatives[0]
    assert 'dir="rtl"' in html and 'lang="ar"' in html


def test_send_digests_command_dry_run_then_real_run():
    readers = [UserFactory(), UserFactory()]
    for reader in readers:
        prefer(reader, EmailChoice.WEEKLY)
    new_lesson(readers)
    out = io.StringIO()
    call_command("send_digests", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "[1/2]" in text and "[2/2]" in text and "would send 1 notification(s)" in text
    assert "would send 2 digests with 2 notifications" in text
    assert mail.outbox == [] and not Digest.objects.exists()
    assert set(Notification.objects.values_list("email", flat=True)) == {"digest"}
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    assert "sent 2 digests with 2 notifications" in out.getvalue()
    assert len(mail.outbox) == 2
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    assert "0 people waiting; sent 0 digests" in out.getvalue()


def test_send_digests_command_fails_loudly_when_mail_is_down(settings):
    from django.core.management.base import CommandError

    reader = UserFactory()
    prefer(reader, EmailChoice.WEEKLY)
    new_lesson([reader])
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with pytest.raises(CommandError, match="1 digests could not be sent"):
        call_command("send_digests", stdout=io.StringIO())


def test_digest_task_runs_the_same_code():
    reader = UserFactory()
    prefer(reader, EmailChoice.WEEKLY)
    new_lesson([reader])
    result = send_digests_task.enqueue()
    assert result.return_value["emails"] == 1
    assert len(mail.outbox) == 1


# --- Pages ------------------------------------------------------------------------------------


def test_list_needs_sign_in(client):
    response = client.get("/en/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_shows_own_notifications_and_unread_count(client, django_assert_max_num_queries):
    reader, other = UserFactory(), UserFactory()
    for _ in range(12):
        new_lesson([reader])
    new_lesson([other])
    oldest = Notification.objects.filter(recipient=reader).order_by("pk").first()
    Notification.objects.filter(pk=oldest.pk).update(read_at=timezone.now())
    client.force_login(reader)
    with CaptureQueriesContext(connection) as few:
        client.get("/en/notifications/")
    for _ in range(20):
        new_lesson([reader], community=CommunityFactory())
    # The count does not grow with the notifications or their communities (the site layout adds its own).
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/en/notifications/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "31 unread notifications" in page
    assert page.count('class="notification unread"') == 30  # one page of 30
    assert "Page 1 of 2" in page
    assert str(Notification.objects.get(recipient=other).pk) + "/open/" not in page
    older = client.get("/en/notifications/?page=2").content.decode()
    assert older.count('class="notification unread"') == 1 and older.count('class="notification"') == 1


def test_opening_marks_read_and_follows_the_link(client):
    reader = UserFactory()
    (notification,) = new_lesson([reader])
    client.force_login(reader)
    response = client.get(f"/en/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == notification.target.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_outside_link_is_not_followed(client):
    reader = UserFactory()
    (notification,) = notify([reader], kind="reply", subject="s", body="b", url="https://evil.example/")
    client.force_login(reader)
    response = client.get(f"/en/notifications/{notification.pk}/open/")
    assert response["Location"] == "/en/notifications/"


def test_no_one_opens_or_marks_another_persons_notification(client):
    reader, intruder = UserFactory(), UserFactory()
    (notification,) = new_lesson([reader])
    client.force_login(intruder)
    assert client.get(f"/en/notifications/{notification.pk}/open/").status_code == 404
    assert client.post(f"/en/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_and_mark_all_read(client):
    reader = UserFactory()
    (first,) = new_lesson([reader])
    new_lesson([reader])
    new_lesson([reader])
    client.force_login(reader)
    assert client.get(f"/en/notifications/{first.pk}/read/").status_code == 405
    response = client.post(f"/en/notifications/{first.pk}/read/", {"page": "1"})
    assert response["Location"] == "/en/notifications/?page=1"
    assert Notification.objects.filter(recipient=reader, read_at__isnull=True).count() == 2
    response = client.post("/en/notifications/read-all/", follow=True)
    assert "2 notifications marked as read." in response.content.decode()
    assert "0 unread notifications" in response.content.decode()


def test_list_in_arabic_is_translated(client):
    reader = UserFactory()
    new_lesson([reader])
    client.force_login(reader)
    page = client.get("/ar/notifications/").content.decode()
    assert "الإشعارات" in page
    assert NotificationPreference.objects.get(user=reader).last_language == "ar"


def test_preferences_save_general_and_per_community_choices(client):
    from tests.factories.communities import MembershipFactory

    reader = UserFactory()
    joined = MembershipFactory(user=reader).community
    MembershipFactory(user=reader, state="left")  # a community left is not offered
    client.force_login(reader)
    page = client.get("/en/notifications/preferences/").content.decode()
    assert joined.name_en in page
    assert page.count('name="community_') == 1
    response = client.post(
        "/en/notifications/preferences/", {"email": "weekly", "language": "nl", f"community_{joined.pk}": "immediate"}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=reader)
    assert (preference.email, preference.language) == ("weekly", "nl")
    assert CommunityPreference.objects.get(user=reader, community=joined).email == "immediate"
    # Back to "same as my general choice" removes the override.
    client.post("/en/notifications/preferences/", {"email": "weekly", "language": "", f"community_{joined.pk}": ""})
    assert not CommunityPreference.objects.filter(user=reader).exists()


def test_preferences_refuse_a_bad_choice_and_keep_the_rest(client):
    reader = UserFactory()
    client.force_login(reader)
    response = client.post("/en/notifications/preferences/", {"email": "hourly", "language": "fr"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert '<option value="fr" selected>' in page


# --- One-click unsubscribe ------------------------------------------------------------------


def test_unsubscribe_asks_on_get_and_acts_on_post_without_a_session():
    from django.test import Client

    reader = UserFactory()
    prefer(reader, EmailChoice.WEEKLY)
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(reader)])
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200 and "Stop all notification emails?" in page.content.decode()
    assert NotificationPreference.objects.get(user=reader).email == "weekly"  # a link scanner changes nothing
    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "you will receive no more notification emails" in done.content.decode()
    assert NotificationPreference.objects.get(user=reader).email == "off"


def test_unsubscribe_from_everything_also_silences_community_choices(client):
    reader = UserFactory()
    community = CommunityFactory()
    CommunityPreference.objects.create(user=reader, community=community, email=EmailChoice.IMMEDIATE)
    client.post(reverse("notifications:unsubscribe", args=[unsubscribe_token(reader)]))
    assert CommunityPreference.objects.get(user=reader).email == "off"


def test_unsubscribe_from_one_community(client, django_capture_on_commit_callbacks):
    reader = UserFactory()
    community = CommunityFactory()
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(reader, community)])
    assert community.name_en in client.get(url).content.decode()
    client.post(url)
    assert CommunityPreference.objects.get(user=reader, community=community).email == "off"
    with django_capture_on_commit_callbacks(execute=True):
        new_lesson([reader], community=community)
        new_lesson([reader])
    assert len(mail.outbox) == 1  # the other communities still email


def test_a_tampered_unsubscribe_link_is_refused(client):
    reader = UserFactory()
    token = unsubscribe_token(reader)
    forged = token.replace(token.split(":")[0], "eyJ1Ijo5OTl9")
    response = client.post(reverse("notifications:unsubscribe", args=[forged]))
    assert response.status_code == 400
    assert "damaged or incomplete" in response.content.decode()
    assert not NotificationPreference.objects.filter(email="off").exists()


def test_unsubscribe_page_in_french():
    from django.test import Client

    reader = UserFactory()
    with translation.override("fr"):
        url = reverse("notifications:unsubscribe", args=[unsubscribe_token(reader)])
    assert url.startswith("/fr/")
    page = Client().get(url).content.decode()
    assert "Ne plus recevoir aucun e-mail de notification ?" in page


def test_unread_count_tag_for_the_site_header(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    reader = UserFactory()
    new_lesson([reader])
    new_lesson([reader])
    Notification.objects.filter(recipient=reader).update(read_at=None)
    Notification.objects.filter(pk=Notification.objects.filter(recipient=reader).first().pk).update(
        read_at=timezone.now()
    )
    template = Template("{% load notifications_tags %}{% unread_notifications as n %}[{{ n }}]")
    request = rf.get("/")
    request.user = reader
    assert template.render(Context({"request": request})) == "[1]"
    request.user = AnonymousUser()
    assert template.render(Context({"request": request})) == "[0]"
