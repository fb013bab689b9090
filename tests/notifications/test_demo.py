"""The demo gives each partner account notifications in its language, without emailing."""

import os

import pytest
from django.core import mail
from django.core.management import call_command

from communities.notifications.models import Notification
from communities.notifications.rendering import render


@pytest.fixture(scope="module")
def module_community_demo(module_db):
    """The communities' demo and its notifications, loaded once; returns the emails sent while loading."""
    mail.outbox = []
    call_command("load_demo", "--only", "communities", "--only", "notifications", stdout=open(os.devnull, "w"))
    return list(mail.outbox)


@pytest.fixture
def community_demo(module_community_demo, db):
    return module_community_demo


def test_demo_notifications_in_each_partners_language(community_demo):
    made = Notification.objects.all()
    assert made.count() > 10
    assert set(made.values_list("kind", flat=True)) == {
        "new_lesson",
        "reply",
        "moderation_outcome",
        "review_requested",
        "join_requested",
    }
    assert set(made.values_list("email", flat=True)) == {"off"}
    assert community_demo == []
    arabic = made.filter(recipient__email__startswith="amira.benali").first()
    assert arabic.language == "ar" and any("\u0600" <= c <= "\u06ff" for c in render(arabic, "ar").subject)
    assert arabic.is_event and not any("\u0600" <= c <= "\u06ff" for c in render(arabic, "en").subject[:10])
    assert made.filter(read_at__isnull=True).exists() and made.filter(read_at__isnull=False).exists()


def test_facilitators_are_told_what_waits_for_them_once(community_demo, client):
    """A lesson submitted for review and a request to join reach the facilitators who decide, unread; loading
    the demo again tells no one twice."""
    waiting = Notification.objects.filter(kind__in=("review_requested", "join_requested"), read_at__isnull=True)
    reviewer = waiting.get(kind="review_requested", recipient__email__startswith="amira.benali")
    assert reviewer.target.state == "submitted" and reviewer.target.author.email.startswith("claire.dubois")
    request = waiting.get(kind="join_requested")
    assert request.recipient.email.startswith("mona.fathy") and request.target.state == "requested"
    assert request.actor.email.startswith("pieter.janssens")
    count = Notification.objects.count()
    call_command("load_demo", "--only", "communities", "--only", "notifications", stdout=open(os.devnull, "w"))
    assert Notification.objects.count() == count
    client.force_login(request.recipient)
    body = client.get("/en/notifications/").content.decode()
    assert "<bdi>Pieter Janssens</bdi> asks to join" in body and render(request, "en").url.split("#")[0] in "".join(
        client.get(f"/en/notifications/{request.pk}/open/")["Location"]
    )
