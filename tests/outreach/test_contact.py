"""The contact form: stored and emailed to the team, honeypot, rate limit, bad input comes back filled."""

import pytest
from django.core import mail
from django.test import override_settings
from wagtail.contrib.forms.models import FormSubmission

from cms_pages.models import HomePage, StandardPage
from cms_pages.outreach.forms import HONEYPOT
from cms_pages.outreach.models import ContactPage
from tests.factories.outreach import contact_page

pytestmark = pytest.mark.django_db

MESSAGE = "Bonjour, nous préparons un reportage sur la réintegration à Sfax. هل يمكننا التحدث مع فريقكم؟"


@pytest.fixture
def contact():
    return contact_page()


def names(page):
    """The form's field names by label (Wagtail derives them from the labels)."""
    return {field.label: field.clean_name for field in page.get_form_fields()}


def filled(page, **overrides):
    fields = names(page)
    data = {
        fields["Nom complet"]: "Aïcha Ben Ali",
        fields["Adresse e-mail"]: "aicha@example.org",
        fields["Organisation"]: "Association d'entraide",
        fields["Message"]: MESSAGE,
        HONEYPOT: "",
    }
    data.update(overrides)
    return data


def test_form_shows_every_field_and_hides_the_honeypot(client, contact):
    page = contact
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Nom complet", "Adresse e-mail", "Organisation", "Message"):
        assert f">{label}" in html
    # The honeypot sits inside an element with the `hidden` attribute: no person sees or tabs to it.
    form = html.split('class="contact-form"', 1)[1].split("</form>", 1)[0]
    hidden_block = form.split("<div hidden>", 1)[1].split("</div>", 1)[0]
    assert f'name="{HONEYPOT}"' in hidden_block
    assert form.count(f'name="{HONEYPOT}"') == 1


def test_arabic_contact_page_reads_right_to_left(client):
    page = contact_page("ar", slug="اتصل-بنا")
    response = client.get(page.url)
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_a_sent_message_is_stored_and_emailed_without_the_honeypot(client, contact):
    page = contact
    response = client.post(page.url, filled(page))
    assert response.status_code == 200
    assert "your message has been sent" in response.content.decode()
    submission = FormSubmission.objects.get(page=page)
    assert submission.form_data[names(page)["Message"]] == MESSAGE
    assert HONEYPOT not in submission.form_data
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["secretariat@réseau-exemple.org"]
    assert MESSAGE in mail.outbox[0].body
    assert HONEYPOT not in mail.outbox[0].body


def test_the_editors_thank_you_text_is_shown(client):
    page = contact_page(thank_you_text="Merci ! شكرًا لكم على رسالتكم.")
    response = client.post(page.url, filled(page))
    assert "Merci ! شكرًا لكم على رسالتكم." in response.content.decode()


def test_a_filled_honeypot_looks_like_success_but_stores_and_sends_nothing(client, contact):
    page = contact
    response = client.post(page.url, filled(page, **{HONEYPOT: "http://cheap-pills.example"}))
    assert response.status_code == 200
    assert "your message has been sent" in response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_bad_input_gets_a_message_and_keeps_what_was_typed(client, contact):
    page = contact
    fields = names(page)
    response = client.post(page.url, filled(page, **{fields["Adresse e-mail"]: "aicha-at-example"}))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please correct the fields marked below" in html
    assert "Enter a valid email address." in html
    assert 'value="aicha-at-example"' in html
    # The long message the visitor wrote comes back in its textarea.
    assert "réintegration à Sfax" in html and "هل يمكننا التحدث مع فريقكم؟" in html
    assert 'aria-invalid="true"' in html
    assert FormSubmission.objects.count() == 0 and mail.outbox == []


def test_missing_required_fields_are_named(client, contact):
    page = contact
    fields = names(page)
    response = client.post(page.url, filled(page, **{fields["Message"]: "", fields["Nom complet"]: ""}))
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 2


@override_settings(OUTREACH_RATE_LIMITS={"contact": (2, 3600)})
def test_rate_limit_per_client_keeps_the_text_and_says_when_to_retry(client, contact):
    page = contact
    for _attempt in range(2):
        assert client.post(page.url, filled(page), REMOTE_ADDR="198.51.100.7").status_code == 200
    limited = client.post(page.url, filled(page), REMOTE_ADDR="198.51.100.7")
    html = limited.content.decode()
    assert limited.status_code == 429
    assert "Please try again in 60 minutes" in html
    assert "réintegration à Sfax" in html and 'value="Aïcha Ben Ali"' in html
    assert FormSubmission.objects.count() == 2
    # Another client is not affected.
    assert client.post(page.url, filled(page), REMOTE_ADDR="203.0.113.9").status_code == 200
    assert FormSubmission.objects.count() == 3


@override_settings(OUTREACH_RATE_LIMITS={"contact": (1, 3600)})
def test_invalid_attempts_do_not_use_up_the_limit(client, contact):
    page = contact
    fields = names(page)
    for _attempt in range(3):
        client.post(page.url, filled(page, **{fields["Message"]: ""}), REMOTE_ADDR="198.51.100.7")
    assert client.post(page.url, filled(page), REMOTE_ADDR="198.51.100.7").status_code == 200
    assert FormSubmission.objects.count() == 1


@override_settings(OUTREACH_RATE_LIMITS={"contact": (1, 3600)})
def test_honeypot_submissions_count_towards_the_limit(client, contact):
    page = contact
    client.post(page.url, filled(page, **{HONEYPOT: "spam"}), REMOTE_ADDR="198.51.100.7")
    assert client.post(page.url, filled(page), REMOTE_ADDR="198.51.100.7").status_code == 429


def test_contact_pages_live_directly_under_a_home_page():
    assert ContactPage.parent_page_types == ["cms_pages.HomePage"]
    assert HomePage in ContactPage.allowed_parent_page_models()
    assert StandardPage not in ContactPage.allowed_parent_page_models()
    assert ContactPage.allowed_subpage_models() == []


@override_settings(OUTREACH_RATE_LIMITS={"contact": (1, 3600)}, CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_limit_follows_the_address_the_proxy_saw(client, contact):
    page = contact
    # Both arrive from the proxy (same REMOTE_ADDR); the proxy appended each visitor's own address last.
    first = client.post(page.url, filled(page), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    other = client.post(page.url, filled(page), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert first.status_code == other.status_code == 200
    # A client cannot escape its limit by sending its own X-Forwarded-For: the proxy's entry comes last.
    forged = client.post(page.url, filled(page), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7")
    assert forged.status_code == 429
