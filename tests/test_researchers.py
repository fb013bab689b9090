"""Becoming a researcher: asked from the profile, decided by staff in the admin, the member told in their language;
the admin's user forms accept a user as sign-up made them (no first or last name)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from kms.accounts.groups import EDITORS, RESEARCHERS, STAFF, ensure_groups
from kms.accounts.models import ResearcherRequest
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

ASK = {"organisation": "Université de Sfax", "reason": "أدرس مسارات العودة إلى كسلا وأريد نشر دراستنا."}


@pytest.fixture(autouse=True)
def groups(db):
    ensure_groups()


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def decide(client, committed):
    """Staff's click in the admin, as a committed request (the email goes on commit)."""

    def click(editor, researcher_request, step, note=""):
        client.force_login(editor)
        url = reverse("kms_researcher_request_decide", args=[researcher_request.pk, step])
        return committed(lambda: client.post(url, {"note": note}))

    return click


@pytest.mark.parametrize(
    "code,offer,sent",
    [("en", "Ask for the researcher role", "Your request has been sent."), ("ar", "اطلب دور الباحث", "أُرسل طلبك.")],
)
def test_a_member_asks_from_the_profile(client, member, code, offer, sent):
    assert offer in client.get(f"/{code}/profile/").content.decode()
    response = client.post(f"/{code}/profile/researcher/", ASK, follow=True)
    assert sent in response.content.decode()
    request = ResearcherRequest.objects.get(user=member)
    assert (request.status, request.organisation, request.language) == ("pending", ASK["organisation"], code)
    # Asked once: the form gives way to the waiting request, and a second ask is refused.
    assert offer not in response.content.decode()
    client.post(f"/{code}/profile/researcher/", ASK)
    assert ResearcherRequest.objects.filter(user=member).count() == 1


def test_an_empty_reason_is_refused_and_the_organisation_kept(client, member):
    response = client.post("/en/profile/researcher/", {"organisation": "ONG Tunis", "reason": "  "})
    assert response.status_code == 400
    assert 'value="ONG Tunis"' in response.content.decode()
    assert not ResearcherRequest.objects.exists()


def test_staff_approve_and_the_member_is_told_in_the_language_they_asked_in(client, member, editor, decide):
    client.post("/ar/profile/researcher/", ASK)
    researcher_request = ResearcherRequest.objects.get()
    listing = client.get(reverse("kms_researcher_requests"))
    assert listing.status_code == 403 or listing.status_code == 302  # a member has no admin access
    client.force_login(editor)
    assert ASK["reason"] in client.get(reverse("kms_researcher_requests")).content.decode()
    mail.outbox.clear()
    assert decide(editor, researcher_request, "approve").status_code == 302
    assert member.groups.filter(name=RESEARCHERS).exists()
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "تمت الموافقة على طلبك" in message.body
    assert "/ar/profile/" in message.body
    researcher_request.refresh_from_db()
    assert (researcher_request.status, researcher_request.decided_by) == ("approved", editor)
    # Decided once: a second click changes nothing and sends nothing.
    decide(editor, researcher_request, "refuse")
    researcher_request.refresh_from_db()
    assert researcher_request.status == "approved" and len(mail.outbox) == 1
    client.force_login(member)
    assert "You are a researcher" in client.get("/en/profile/").content.decode()


def test_staff_refuse_with_a_note_and_the_member_may_ask_again(client, member, editor, decide):
    client.post("/en/profile/researcher/", ASK)
    mail.outbox.clear()
    decide(editor, ResearcherRequest.objects.get(), "refuse", note="Please give your project's name.")
    assert not member.groups.filter(name=RESEARCHERS).exists()
    (message,) = mail.outbox
    assert "has been refused" in message.body and "Please give your project's name." in message.body
    client.force_login(member)
    page = client.get("/en/profile/").content.decode()
    assert "Your last request was refused." in page and "Ask for the researcher role" in page


def test_only_those_who_decide_may_decide(client, member, decide):
    client.post("/en/profile/researcher/", ASK)
    researcher_request = ResearcherRequest.objects.get()
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=STAFF))
    assert decide(staff, researcher_request, "approve").status_code in (302, 403)
    researcher_request.refresh_from_db()
    assert researcher_request.status == "pending"
    assert not member.groups.filter(name=RESEARCHERS).exists()


def test_the_admin_saves_a_user_who_signed_up_without_names(client):
    client.post(
        "/en/accounts/signup/", {"email": "chercheuse@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    user = get_user_model().objects.get(email="chercheuse@example.org")
    assert (user.first_name, user.last_name) == ("", "")
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    form = client.get(reverse("wagtailusers_users:edit", args=[user.pk])).context["form"]
    assert not form.fields["first_name"].required and not form.fields["last_name"].required
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "groups": [Group.objects.get(name=RESEARCHERS).pk],
    }
    response = client.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert user.groups.filter(name=RESEARCHERS).exists()
    response = client.post(
        reverse("wagtailusers_users:add"),
        {"username": "nouveau", "email": "nouveau@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert get_user_model().objects.filter(email="nouveau@example.org", first_name="").exists()
