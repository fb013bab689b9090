"""The contact form and the newsletter signup in a browser with JavaScript off, in Arabic."""

import pytest
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission

from cms_pages.outreach.models import Subscription
from tests.factories.outreach import contact_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MESSAGE = "نودّ معرفة مواعيد الدورة التدريبية القادمة حول إعادة الإدماج في تونس."


@pytest.fixture
def no_script(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_contact_form_without_javascript_and_its_rate_limit(no_script, live_server, settings):
    settings.OUTREACH_RATE_LIMITS = {"contact": (1, 3600)}
    contact = contact_page("ar", slug="اتصل-بنا")
    page = no_script
    page.goto(live_server.url + contact.url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("Nom complet").fill("أمينة بن علي")
    page.get_by_label("Adresse e-mail").fill("amina@example.org")
    page.get_by_label("Message").fill(MESSAGE)
    # The honeypot is not shown, so a person never fills it.
    assert not page.locator("input[name=website_url]").first.is_visible()
    page.locator("form.contact-form button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_be_visible()  # once the answer to the post has loaded
    assert FormSubmission.objects.count() == 1
    # A second message within the hour is refused with a message, and the text is still there.
    page.goto(live_server.url + contact.url)
    page.get_by_label("Nom complet").fill("أمينة بن علي")
    page.get_by_label("Adresse e-mail").fill("amina@example.org")
    page.get_by_label("Message").fill(MESSAGE)
    page.locator("form.contact-form button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_be_visible()  # once the answer to the post has loaded
    assert page.get_by_label("Message").input_value() == MESSAGE
    assert FormSubmission.objects.count() == 1


def test_newsletter_signup_and_confirmation_without_javascript(no_script, live_server, mailoutbox):
    contact_page("en")
    page = no_script
    page.goto(f"{live_server.url}/fr/newsletter/")
    page.get_by_label("Votre adresse e-mail").first.fill("lecteur@example.org")
    page.locator("main button[type=submit]").click()
    assert page.url.endswith("/fr/newsletter/check-your-inbox/")
    link = next(line for line in mailoutbox[0].body.splitlines() if "/newsletter/confirm/" in line)
    page.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    page.get_by_role("button", name="Confirmer mon abonnement").click()
    expect(page.locator("main [role=status]")).to_be_visible()  # once the answer to the post has loaded
    assert Subscription.objects.get().status == Subscription.Status.SUBSCRIBED
