"""Accounts: email login with mandatory verification, password and email changes, profiles."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings

from kms.accounts.models import Profile
from kms.taxonomy.models import Country, Organisation
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]
NEW_PASSWORD = "Nouveau-مرور-2027!"


def link_in(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def signup(client, email, password=PASSWORD, language="en"):
    return client.post(f"/{language}/accounts/signup/", {"email": email, "password1": password, "password2": password})


def test_signup_sends_a_verification_email_and_login_waits_for_it(client):
    response = signup(client, "amal@example.org")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="amal@example.org")
    assert Profile.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1 and "amal@example.org" in mail.outbox[0].to
    confirm_url = link_in(mail.outbox[0])

    # Logging in before verifying does not open a session.
    client.logout()
    response = client.post("/en/accounts/login/", {"login": "amal@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "confirm-email" in response["Location"]

    # Confirming the address (a POST, so mail scanners following links confirm nothing) logs in.
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert EmailAddress.objects.get(email="amal@example.org").verified
    assert int(client.session["_auth_user_id"]) == user.pk


def test_signup_page_is_translated(client):
    content = client.get("/ar/accounts/signup/").content.decode()
    assert 'dir="rtl"' in content
    assert "التسجيل" in content or "إنشاء" in content


def test_duplicate_email_creates_no_second_account_and_warns_the_owner(client):
    UserFactory(email="owner@example.org")
    response = signup(client, "OWNER@example.org")
    # No enumeration: the page looks like a normal signup, but nothing is created…
    assert response.status_code == 302
    assert get_user_model().objects.filter(email__iexact="owner@example.org").count() == 1
    # …and the real owner is told someone tried to register with their address.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@example.org"]


def test_weak_password_is_refused_and_the_email_is_kept(client):
    response = signup(client, "weak@example.org", password="password")
    assert response.status_code == 200
    content = response.content.decode()
    assert "too common" in content or "too short" in content
    assert 'value="weak@example.org"' in content
    assert not get_user_model().objects.filter(email="weak@example.org").exists()


def test_login_and_logout(client):
    user = UserFactory()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _attempt in range(5):
        response = client.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"})
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    # Even the right password waits once the limit is reached.
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_failed_logins_lock_the_email_only_from_the_address_they_came_from(client):
    user = UserFactory()
    stranger = {"REMOTE_ADDR": "198.51.100.7"}
    for _attempt in range(5):
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"}, **stranger)
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD}, **stranger)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # The owner, elsewhere, is not locked out by the stranger's attempts.
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.20"
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_lockout_follows_the_address_the_proxy_saw(client):
    user = UserFactory()
    for _attempt in range(5):
        client.post(
            "/en/accounts/login/",
            {"login": user.email, "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert "Too many failed login attempts" in response.content.decode()
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.20"
    )
    assert response.status_code == 302


def request_reset(client, user):
    client.post("/en/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    return link_in(mail.outbox[0])


def test_password_reset_works_once(client):
    user = UserFactory()
    link = request_reset(client, user)
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # The same link cannot be used a second time.
    response = client.get(link, follow=True)
    assert response.context["token_fail"] is True


@override_settings(PASSWORD_RESET_TIMEOUT=-1)
def test_expired_password_reset_link_is_refused(client):
    user = UserFactory()
    link = request_reset(client, user)
    response = client.get(link, follow=True)
    assert response.context["token_fail"] is True
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_the_current_password(client):
    user = UserFactory()
    client.force_login(user)
    data = {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post("/en/accounts/password/change/", data)
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post("/en/accounts/password/change/", {**data, "oldpassword": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_email_change_is_verified_before_it_replaces_the_old_one(client):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    response = client.post("/en/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "old@example.org"
    assert mail.outbox[-1].to == ["new@example.org"]
    client.post(link_in(mail.outbox[-1]))
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == ["new@example.org"]


def test_profile_is_editable_by_its_owner(client):
    user = UserFactory()
    client.force_login(user)
    organisation = Organisation.objects.get(slug="iom")
    tunisia = Country.objects.get(code="TN")
    response = client.post(
        "/fr/profile/edit/",
        {
            "display_name": "Aïcha بن علي",
            "organisation": organisation.pk,
            "country": tunisia.pk,
            "languages": ["ar", "fr"],
            "bio": "Chargée de protection à Sfax.",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.organisation, profile.country, profile.languages) == (
        "Aïcha بن علي",
        organisation,
        tunisia,
        ["ar", "fr"],
    )
    content = client.get("/fr/profile/").content.decode()
    assert "Aïcha بن علي" in content
    assert "Tunisie" in content


def test_profile_form_with_bad_input_keeps_what_was_typed(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/profile/edit/",
        {
            "display_name": "Jean-Noël Dupré",
            "organisation": Organisation.objects.get(slug="iom").pk,
            "organisation_other": "Association des rapatriés de Conakry",
            "bio": "Médiateur communautaire.",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "not both" in content
    assert 'value="Jean-Noël Dupré"' in content
    assert "Médiateur communautaire." in content
    assert Profile.objects.get(user=user).display_name == ""


def test_profile_needs_a_login(client):
    response = client.get("/en/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_groups_exist_with_admin_access_where_needed():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {"Staff", "Editors", "Moderators", "Researchers", "Partner members"} <= names
    for name in ("Staff", "Editors", "Moderators", "Researchers"):
        user = UserFactory()
        user.groups.add(Group.objects.get(name=name))
        assert user.has_perm("wagtailadmin.access_admin"), name
    partner = UserFactory()
    partner.groups.add(Group.objects.get(name="Partner members"))
    assert not partner.has_perm("wagtailadmin.access_admin")


def test_the_wagtail_admin_sign_in_has_the_same_lockout(client):
    """/admin/login/ authenticates through the account adapter: guessing there is limited too, and only
    from the address that guessed."""
    user = UserFactory(is_superuser=True, is_staff=True)
    stranger = {"REMOTE_ADDR": "198.51.100.7"}
    for _attempt in range(5):
        response = client.post("/admin/login/", {"username": user.email, "password": "wrong-password"}, **stranger)
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD}, **stranger)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.20")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
