"""Newsletter: double opt-in in the reader's language, one-click unsubscribe (RFC 8058), no address enumeration."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone, translation

from cms_pages.outreach import newsletter
from cms_pages.outreach.forms import HONEYPOT
from cms_pages.outreach.models import Subscription
from tests.factories.outreach import SubscriptionFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

ADDRESS = "Lectrice.Etienne@Exemple.org"


def sign_up(client, email=ADDRESS, language="en", **extra):
    return client.post(f"/{language}/newsletter/", {"email": email, HONEYPOT: ""}, **extra)


def link_in(message, name):
    found = re.findall(rf"https?://\S+/newsletter/{name}/[^/\s]+/", message.body)
    assert found, message.body
    return found[0]


def path_of(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def confirm_link(message):
    return path_of(link_in(message, "confirm"))


def subscribe_confirmed(client, email=ADDRESS, language="en"):
    sign_up(client, email, language)
    client.post(confirm_link(mail.outbox[-1]))
    return Subscription.objects.get(email=email.lower())


# --- Signup and confirmation -------------------------------------------------------------------


def test_signup_page_and_footer_form_post_to_the_signup_view(client):
    response = client.get("/fr/newsletter/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'action="/fr/newsletter/"' in html and 'name="email"' in html
    # The form base.html includes in the footer, rendered the way it is there: without a form in the context.
    request = RequestFactory().get("/ar/")
    with translation.override("ar"):
        footer = render_to_string("outreach/signup_form.html", {}, request=request)
    assert 'action="/ar/newsletter/"' in footer
    # No CSRF token: the footer is on pages every reader shares (kms.pagecache); the view checks the origin.
    assert 'name="csrfmiddlewaretoken"' not in footer
    assert "النشرة الإخبارية" in footer
    assert re.search(r'<div hidden>\s*<label[^>]*>[^<]*</label>\s*<input[^>]*name="website_url"', footer)


def test_signup_creates_a_pending_subscription_and_sends_a_confirmation_in_the_readers_language(client):
    response = sign_up(client, language="ar")
    assert response.status_code == 302
    assert response["Location"] == "/ar/newsletter/check-your-inbox/"
    subscription = Subscription.objects.get()
    assert subscription.email == ADDRESS.lower()
    assert subscription.status == Subscription.Status.PENDING
    assert subscription.language == "ar"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS.lower()]
    assert "أكّد اشتراكك في النشرة الإخبارية" in message.subject
    assert "/ar/newsletter/confirm/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and 'dir="rtl"' in html and 'lang="ar"' in html
    # Pending addresses receive no newsletter.
    assert newsletter.send_newsletter("Numéro 1", "Texte", "ar") == 0


def test_check_your_inbox_page(client):
    response = client.get(sign_up(client)["Location"])
    assert response.status_code == 200
    assert "Open the link in that email to confirm" in response.content.decode()


def test_the_confirm_link_asks_first_and_confirms_on_post(client):
    sign_up(client, language="fr")
    link = confirm_link(mail.outbox[0])
    assert link.startswith("/fr/newsletter/confirm/")
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirmer mon abonnement" in page.content.decode()
    # A mail scanner following the link confirms nothing.
    assert Subscription.objects.get().status == Subscription.Status.PENDING
    done = client.post(link)
    assert done.status_code == 200
    assert "reçoit désormais la lettre d'information" in done.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.SUBSCRIBED
    assert subscription.confirmed_at is not None
    # Clicking again is harmless.
    assert client.post(link).status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.SUBSCRIBED


def test_an_expired_confirm_link_says_so_and_offers_the_form(client):
    sign_up(client)
    token = confirm_link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    payload = signing.loads(token, salt=newsletter.CONFIRM_SALT)

    class EightDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - timedelta(days=8).total_seconds()))

    old = EightDaysAgo(salt=newsletter.CONFIRM_SALT).sign_object(payload)
    response = client.post(f"/en/newsletter/confirm/{old}/")
    assert response.status_code == 410
    assert "This confirmation link has expired" in response.content.decode()
    assert 'action="/en/newsletter/"' in response.content.decode()
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_a_damaged_link_gets_a_clear_message(client):
    sign_up(client)
    link = confirm_link(mail.outbox[0])
    for url in (link[:-6] + "XXXXX/", "/en/newsletter/unsubscribe/not-a-token/"):
        response = client.get(url)
        assert response.status_code == 400
        assert "This link is damaged or incomplete" in response.content.decode()
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_a_confirm_token_cannot_unsubscribe_and_the_other_way_round(client):
    subscription = SubscriptionFactory()
    confirm_token = newsletter.confirm_token(subscription)
    assert client.post(f"/en/newsletter/unsubscribe/{confirm_token}/").status_code == 400
    unsubscribe_token = newsletter.unsubscribe_token(subscription)
    assert client.post(f"/en/newsletter/confirm/{unsubscribe_token}/").status_code == 400
    assert Subscription.objects.get().status == Subscription.Status.SUBSCRIBED


# --- Duplicates, honeypot, bad input, rate limit -------------------------------------------------


def test_a_second_signup_creates_no_duplicate_and_looks_the_same(client):
    first = sign_up(client, ADDRESS)
    client.post(confirm_link(mail.outbox[0]))
    mail.outbox.clear()
    Subscription.objects.update(last_email_at=timezone.now() - timedelta(hours=1))
    again = sign_up(client, ADDRESS.upper())
    unknown = sign_up(client, "quelqu.un@example.org")
    # The page cannot tell a subscribed address from a new one.
    assert again.status_code == unknown.status_code == first.status_code == 302
    assert again["Location"] == unknown["Location"]
    assert Subscription.objects.filter(email=ADDRESS.lower()).count() == 1
    assert Subscription.objects.get(email=ADDRESS.lower()).status == Subscription.Status.SUBSCRIBED
    # The owner of the subscribed address learns it by email, with a way out; no new confirmation link.
    to_owner = [message for message in mail.outbox if message.to == [ADDRESS.lower()]]
    assert len(to_owner) == 1
    assert "already subscribed" in to_owner[0].subject
    assert "/newsletter/unsubscribe/" in to_owner[0].body and "/newsletter/confirm/" not in to_owner[0].body


def test_signing_up_again_soon_sends_no_second_email(client):
    sign_up(client)
    sign_up(client)
    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 1
    Subscription.objects.update(last_email_at=timezone.now() - newsletter.RESEND_AFTER - timedelta(seconds=1))
    sign_up(client)
    assert len(mail.outbox) == 2
    # Both links work: the first email's link still confirms.
    assert client.post(confirm_link(mail.outbox[0])).status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.SUBSCRIBED


def test_a_filled_honeypot_gets_the_same_answer_and_nothing_happens(client):
    response = client.post("/en/newsletter/", {"email": ADDRESS, HONEYPOT: "https://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == "/en/newsletter/check-your-inbox/"
    assert Subscription.objects.count() == 0 and mail.outbox == []


def test_a_bad_address_gets_a_message_and_comes_back_filled(client):
    response = sign_up(client, "étienne@@example", language="fr")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez une adresse de courriel valide." in html
    assert 'value="étienne@@example"' in html
    assert 'aria-invalid="true"' in html
    assert Subscription.objects.count() == 0 and mail.outbox == []


@override_settings(OUTREACH_RATE_LIMITS={"signup": (3, 600)})
def test_signups_are_rate_limited_per_client(client):
    for number in range(3):
        assert sign_up(client, f"personne{number}@example.org", REMOTE_ADDR="192.0.2.5").status_code == 302
    limited = sign_up(client, "encore@example.org", REMOTE_ADDR="192.0.2.5")
    html = limited.content.decode()
    assert limited.status_code == 429
    assert "Please try again in 10 minutes" in html
    assert 'value="encore@example.org"' in html
    assert not Subscription.objects.filter(email="encore@example.org").exists()
    assert sign_up(client, "encore@example.org", REMOTE_ADDR="192.0.2.99").status_code == 302


# --- Newsletter emails and unsubscribing ------------------------------------------------------


def test_every_newsletter_email_has_an_unsubscribe_link_and_rfc_8058_headers():
    reader = SubscriptionFactory(language="nl")
    SubscriptionFactory(language="nl", status=Subscription.Status.PENDING)
    SubscriptionFactory(language="nl", status=Subscription.Status.UNSUBSCRIBED)
    SubscriptionFactory(language="fr")
    sent = newsletter.send_newsletter(
        "Nieuwsbrief — juni", "Nieuws uit Tunis en Caïro.", "nl", base_url="https://kms.example.org"
    )
    assert sent == 1
    (message,) = mail.outbox
    assert message.to == [reader.email]
    link = link_in(message, "unsubscribe")
    assert link.startswith("https://kms.example.org/nl/newsletter/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, _mime = message.alternatives[0]
    assert f'href="{link}"' in html
    assert "Nieuws uit Tunis en Caïro." in message.body and "Nieuws uit Tunis en Caïro." in html


def test_unsubscribe_asks_on_get_and_unsubscribes_on_post(client):
    subscription = subscribe_confirmed(client, language="nl")
    newsletter.send_newsletter("Juni", "Nieuws.", "nl")
    link = path_of(link_in(mail.outbox[-1], "unsubscribe"))
    page = client.get(link)
    assert page.status_code == 200
    assert "Afmelden" in page.content.decode()
    assert Subscription.objects.get(pk=subscription.pk).status == Subscription.Status.SUBSCRIBED
    done = client.post(link)
    assert done.status_code == 200
    assert "ontvangt geen nieuwsbrieven meer" in done.content.decode()
    assert Subscription.objects.get(pk=subscription.pk).status == Subscription.Status.UNSUBSCRIBED
    mail.outbox.clear()
    assert newsletter.send_newsletter("Juli", "Nieuws.", "nl") == 0
    # The page that confirms offers to sign up again, already filled in.
    assert f'value="{ADDRESS.lower()}"' in done.content.decode()


def test_one_click_post_from_a_mail_client_needs_no_session_or_csrf_token():
    subscription = SubscriptionFactory()
    message = newsletter.newsletter_message(subscription, "Numéro 3", "Des nouvelles de Niamey.", "http://testserver")
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path_of(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.UNSUBSCRIBED


def test_resubscribing_after_unsubscribing_needs_a_new_confirmation(client):
    sign_up(client)
    old_link = confirm_link(mail.outbox[-1])
    client.post(old_link)
    subscription = Subscription.objects.get()
    client.post(path_of(newsletter.unsubscribe_url(subscription, "http://testserver")))
    # The old confirmation link does not bring the address back.
    stale = client.post(old_link)
    assert stale.status_code == 404
    assert "no longer valid" in stale.content.decode()
    assert Subscription.objects.get().status == Subscription.Status.UNSUBSCRIBED
    Subscription.objects.update(last_email_at=timezone.now() - timedelta(hours=1))
    mail.outbox.clear()
    sign_up(client, language="fr")
    assert Subscription.objects.count() == 1
    assert Subscription.objects.get().status == Subscription.Status.PENDING
    assert "/fr/newsletter/confirm/" in mail.outbox[0].body
    client.post(confirm_link(mail.outbox[0]))
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.SUBSCRIBED
    assert subscription.language == "fr"
    assert subscription.unsubscribed_at is None


def test_an_unsubscribe_link_for_a_deleted_address_says_it_is_gone(client):
    subscription = SubscriptionFactory(language="en")
    url = path_of(newsletter.unsubscribe_url(subscription, "http://testserver"))
    subscription.delete()
    response = client.post(url)
    assert response.status_code == 404
    assert "no longer on our list" in response.content.decode()


# --- The operator's command --------------------------------------------------------------------


def test_send_newsletter_command(tmp_path):
    SubscriptionFactory(language="ar")
    SubscriptionFactory(language="ar")
    SubscriptionFactory(language="en")
    issue = tmp_path / "issue.txt"
    issue.write_text("أخبار الشبكة في تونس ومصر.", encoding="utf-8")
    out = []

    class Out:
        def write(self, text):
            out.append(text)

    arguments = [str(issue), "--subject", "نشرة يونيو", "--language", "ar"]
    call_command("send_newsletter", *arguments, "--dry-run", stdout=Out())
    assert mail.outbox == [] and "Would send the issue to 2 subscriber(s)" in "".join(out)
    call_command("send_newsletter", *arguments, stdout=Out())
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "أخبار الشبكة" in message.body and message.subject.endswith("نشرة يونيو")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(CommandError, match="empty"):
        call_command("send_newsletter", str(empty), "--subject", "x", "--language", "ar")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("send_newsletter", str(tmp_path / "missing.txt"), "--subject", "x", "--language", "ar")
