"""Notifications are events written when read: in the page's language on the site, in the recipient's
language in emails, with titles from other languages isolated; old text notifications migrated."""

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone

from communities.models import Flag, LessonTransition, Membership
from communities.notifications import notify
from communities.notifications.delivery import send_immediate
from communities.notifications.models import EmailChoice, Notification, NotificationPreference
from communities.notifications.rendering import FSI, PDI, render
from tests.factories import UserFactory
from tests.factories.communities import (
    CommunityFactory,
    MembershipFactory,
    PublishedLessonFactory,
    ReplyFactory,
    ThreadFactory,
)

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

migration = importlib.import_module("communities.notifications.migrations.0004_notifications_as_events")


def lesson_notice(reader, title="Groupes de parole à Médenine", language="fr"):
    lesson = PublishedLessonFactory(title=title, language=language)
    (notification,) = notify([reader], kind="new_lesson", target=lesson, community=lesson.community)
    return notification


def test_the_list_speaks_the_pages_language_whatever_the_language_it_was_made_in(client):
    reader = UserFactory()
    NotificationPreference.objects.create(user=reader, language="ar", email=EmailChoice.OFF)
    notification = lesson_notice(reader)
    assert notification.language == "ar" and notification.subject == ""  # no text is stored
    client.force_login(reader)
    english = client.get("/en/notifications/").content.decode()
    assert "New lesson in <bdi>Réintégration communautaire" in english
    assert "درس جديد" not in english
    # The French title is isolated and marked French; same direction as English, so no dir.
    assert '<bdi lang="fr">Groupes de parole à Médenine</bdi>' in english
    arabic = client.get("/ar/notifications/").content.decode()
    assert "درس جديد في" in arabic
    # On a right-to-left page the left-to-right title carries its direction too.
    assert '<bdi lang="fr" dir="ltr">Groupes de parole à Médenine</bdi>' in arabic
    # The community's name is in the page's language: no lang on it.
    assert "<bdi>إعادة الإدماج المجتمعي" in arabic


def test_a_title_in_the_readers_language_carries_no_lang_and_markup_in_it_is_escaped():
    reader = UserFactory()
    notification = lesson_notice(reader, title="كيف نشرف على <b>الأقران</b>؟", language="ar")
    text = render(notification, "ar")
    assert "<bdi>كيف نشرف على &lt;b&gt;الأقران&lt;/b&gt;؟</bdi>" in text.html_subject
    english = render(notification, "en")
    assert '<bdi lang="ar" dir="rtl">كيف نشرف' in english.html_subject
    # In plain text (emails) a title running the other way is isolated so punctuation stays in place.
    assert f"{FSI}كيف نشرف على <b>الأقران</b>؟{PDI}" in english.subject


def test_the_email_is_written_in_the_recipients_language_of_the_moment_it_leaves(django_capture_on_commit_callbacks):
    reader = UserFactory()
    NotificationPreference.objects.create(user=reader, language="en", email=EmailChoice.WEEKLY)
    notification = lesson_notice(reader)
    NotificationPreference.objects.filter(user=reader).update(language="ar", email=EmailChoice.IMMEDIATE)
    Notification.objects.filter(pk=notification.pk).update(email=Notification.Email.IMMEDIATE)
    assert send_immediate(notification.pk) == Notification.Email.SENT
    (message,) = mail.outbox
    assert "درس جديد في" in message.subject
    assert f"{FSI}Groupes de parole à Médenine{PDI}" in message.subject
    html, _mime = message.alternatives[0]
    assert 'lang="ar"' in html and '<bdi lang="fr" dir="ltr">Groupes de parole à Médenine</bdi>' in html
    assert "/ar/communities/" in message.body  # the link opens the site in the same language


def test_a_reply_hidden_since_is_not_quoted_and_a_deleted_lesson_leaves_a_readable_notice(client):
    reader = UserFactory()
    reply = ReplyFactory(thread=ThreadFactory(title="Orientation"), body="<p>Texte à masquer</p>")
    (notification,) = notify([reader], kind="reply", target=reply, community=reply.thread.community)
    assert "Texte à masquer" in render(notification, "en").body
    reply.hidden_at = timezone.now()
    reply.save()
    notification.refresh_from_db()
    assert "Texte à masquer" not in render(notification, "en").body
    gone = lesson_notice(reader)
    gone.target.delete()
    client.force_login(reader)
    page = client.get("/ar/notifications/").content.decode()
    assert "لم يعد ما يتعلق به هذا الإشعار متاحًا." in page
    response = client.get(f"/en/notifications/{gone.pk}/open/")
    assert response["Location"] == "/en/notifications/"


def test_the_link_opens_in_the_readers_language(client):
    reader = UserFactory()
    notification = lesson_notice(reader)
    client.force_login(reader)
    response = client.get(f"/ar/notifications/{notification.pk}/open/")
    assert response["Location"] == f"/ar/communities/{notification.community.slug}/lessons/{notification.target_id}/"


# --- Migrating notifications stored as text ----------------------------------------------------


def old(recipient, kind, community, url, subject="Ancien sujet", body="Ancien corps", language="fr", **fields):
    """A notification as they were stored before events: text in one language, no references."""
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        community=community,
        url=url,
        subject=subject,
        body=body,
        language=language,
        **fields,
    )


def test_migration_turns_old_text_into_events_and_keeps_what_it_cannot_tell():
    reader, reviewer = UserFactory(), UserFactory()
    lesson = PublishedLessonFactory(title="Cash à Sfax")
    community = lesson.community
    LessonTransition.objects.create(
        lesson=lesson, from_state="submitted", to_state="changes_requested", actor=reviewer, reason="Sources ?"
    )
    thread = ThreadFactory(community=community)
    reply = ReplyFactory(thread=thread)
    flag = Flag.objects.create(reply=reply, flagged_by=reviewer, reason="Numéro")
    membership = MembershipFactory(community=community, user=reader, decision_reason="Bienvenue")
    lesson_url = f"/fr/communities/{community.slug}/lessons/{lesson.pk}/"
    rows = {
        "new_lesson": old(reader, "new_lesson", community, lesson_url),
        "outcome": old(reader, "moderation_outcome", community, lesson_url, subject="Modifications demandées"),
        "reply": old(
            reader, "reply", community, f"/fr/communities/{community.slug}/discussions/{thread.pk}/#reply-{reply.pk}"
        ),
        "flag": old(reader, "post_flagged", community, f"/fr/communities/queue/#replies-{reply.pk}"),
        "welcome": old(reader, "membership_decision", community, community.get_absolute_url()),
        "gone": old(reader, "new_lesson", community, f"/fr/communities/{community.slug}/lessons/999999/"),
        "elsewhere": old(reader, "new_lesson", CommunityFactory(), lesson_url),  # a link into another community
        "read": old(reader, "reply", community, "/fr/", read_at=timezone.now()),
    }
    migration.text_to_events(apps, None)
    got = {name: Notification.objects.get(pk=row.pk) for name, row in rows.items()}
    assert got["new_lesson"].target == lesson and got["new_lesson"].actor == lesson.author
    assert got["outcome"].data["outcome"] == "changes_requested" and got["outcome"].data["reason"] == "Sources ?"
    assert got["outcome"].actor == reviewer
    assert got["reply"].target == reply and got["flag"].target == flag
    assert got["welcome"].target == membership and got["welcome"].data["accepted"] is True
    for name in ("new_lesson", "outcome", "reply", "flag", "welcome"):
        assert got[name].is_event, name
        assert got[name].data["text"]["language"] == "fr"  # the old words are kept, not lost
    # Now written in the reader's language, from the references.
    assert render(got["outcome"], "en").subject == "Changes requested on your lesson: Cash à Sfax"
    assert "Reason given: Sources ?" in render(got["outcome"], "en").body
    assert render(got["welcome"], "en").subject == f"Welcome to {community.name_en}"
    # What cannot be told stays as written, marked with its language, read state kept.
    for name in ("gone", "elsewhere", "read"):
        assert not got[name].is_event and got[name].subject == "Ancien sujet", name
    assert got["read"].read_at is not None
    kept = render(got["gone"], "en")
    assert (kept.subject, kept.lang, kept.dir) == ("Ancien sujet", "fr", "ltr")
    # Running it again changes nothing; going back restores the old words exactly.
    migration.text_to_events(apps, None)
    assert Notification.objects.get(pk=rows["outcome"].pk).data == got["outcome"].data
    (made_after,) = notify([reader], kind="new_lesson", target=lesson, community=community)
    migration.events_to_text(apps, None)
    for name, row in rows.items():
        back = Notification.objects.get(pk=row.pk)
        assert (back.subject, back.body, back.language) == (row.subject, row.body, "fr"), name
        assert back.target_id is None and "text" not in back.data
    back = Notification.objects.get(pk=made_after.pk)
    assert back.subject.startswith("New lesson in") and "Cash à Sfax" in back.subject
    assert Membership.objects.filter(pk=membership.pk).exists()
