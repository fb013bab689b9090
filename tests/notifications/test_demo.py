"""The demo gives each partner account notifications in its language, without emailing."""

import os

import pytest
from django.core import mail
from django.core.management import call_command

from communities.notifications.models import Notification
from communities.notifications.rendering import render


@pytest.fixture
def community_demo(db):
    call_command("load_demo", "--only", "communities", "--only", "notifications", stdout=open(os.devnull, "w"))


def test_demo_notifications_in_each_partners_language(community_demo):
    made = Notification.objects.all()
    assert made.count() > 10
    assert set(made.values_list("kind", flat=True)) == {"new_lesson", "reply", "moderation_outcome"}
    assert set(made.values_list("email", flat=True)) == {"off"}
    assert mail.outbox == []
    arabic = made.filter(recipient__email__startswith="amira.benali").first()
    assert arabic.language == "ar" and any("\u0600" <= c <= "\u06ff" for c in render(arabic, "ar").subject)
    assert arabic.is_event and not any("\u0600" <= c <= "\u06ff" for c in render(arabic, "en").subject[:10])
    assert made.filter(read_at__isnull=True).exists() and made.filter(read_at__isnull=False).exists()
