"""Editors see the newsletter list in the admin and can export it; nobody adds or edits a subscriber by hand."""

import pytest
from django.contrib.auth.models import Permission

from cms_pages.outreach.models import Subscription
from cms_pages.outreach.permissions import can_manage_subscriptions
from tests.factories import UserFactory
from tests.factories.outreach import SubscriptionFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/newsletter_subscriptions/"


@pytest.fixture
def admin(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_the_list_shows_and_filters_subscriptions(client, admin):
    SubscriptionFactory(email="amina@exemple.org", language="ar")
    SubscriptionFactory(email="pending@exemple.org", status=Subscription.Status.PENDING)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "amina@exemple.org" in html and "pending@exemple.org" in html
    subscribed_only = client.get(LIST, {"status": "subscribed"}).content.decode()
    assert "amina@exemple.org" in subscribed_only and "pending@exemple.org" not in subscribed_only


def test_the_list_exports_as_csv(client, admin):
    SubscriptionFactory(email="amina@exemple.org", language="ar")
    response = client.get(LIST, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert "amina@exemple.org" in body and "ar" in body


def test_nobody_adds_or_edits_a_subscriber_by_hand(client, admin):
    subscription = SubscriptionFactory()
    assert not can_manage_subscriptions(admin, "add")
    assert not can_manage_subscriptions(admin, "change")
    assert can_manage_subscriptions(admin, "view") and can_manage_subscriptions(admin, "delete")
    assert client.get(f"{LIST}new/").status_code != 200
    assert client.get(f"{LIST}edit/{subscription.pk}/").status_code != 200
    assert client.get(f"{LIST}inspect/{subscription.pk}/").status_code == 200


def test_staff_without_the_permission_cannot_see_the_list(client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    SubscriptionFactory(email="amina@exemple.org")
    response = client.get(LIST)
    assert "amina@exemple.org" not in response.content.decode()
    assert not can_manage_subscriptions(editor, "view")
    editor.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    editor = type(editor).objects.get(pk=editor.pk)
    assert can_manage_subscriptions(editor, "view")
    assert "amina@exemple.org" in client.get(LIST).content.decode()
