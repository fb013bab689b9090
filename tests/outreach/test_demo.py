"""The demo's contact page: one per language, labels in that language."""

import os

import pytest
from django.core.management import call_command

from cms_pages.outreach.models import ContactPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_demo(db):
    call_command("load_demo", "--only", "contact", stdout=open(os.devnull, "w"))


def test_demo_has_a_contact_page_in_every_language(client, contact_demo):
    pages = {page.locale.language_code: page for page in ContactPage.objects.live()}
    assert sorted(pages) == ["ar", "en", "fr", "nl"]
    labels = {code: [field.label for field in page.get_form_fields()] for code, page in pages.items()}
    assert labels["ar"] == ["اسمك", "بريدك الإلكتروني", "المنظمة", "رسالتك"]
    assert labels["fr"][0] == "Votre nom"
    # Every language version stores its answers under the same names, so submissions line up.
    names = {code: [field.clean_name for field in page.get_form_fields()] for code, page in pages.items()}
    assert names["ar"] == names["en"] == names["fr"] == names["nl"]
    response = client.get(pages["ar"].url)
    assert response.status_code == 200
    assert "رسالتك" in response.content.decode()
