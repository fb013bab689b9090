"""A visitor saves a search; news that matches it is published later; the daily digest brings it to their inbox,
and its link to the page."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cms_pages.models import NewsIndexPage
from tests.factories import UserFactory
from tests.factories.cms_pages import news_page

from .conftest import link_in_last_email, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SEARCHED_AMONG = ("news",)  # the demo's records of these kinds are indexed (conftest.real_search)

TITLE = "A new shelter for families returning to Kufra"


def test_a_visitor_saves_a_search_and_the_digest_brings_a_new_match(page, site_url, real_search):
    visitor = UserFactory(email="lecteur.kufra@example.org")  # with a verified address
    sign_in_as(page, site_url, visitor)
    page.goto(f"{site_url}/en/search/?q=Kufra")
    saving = page.get_by_role("complementary", name="Save this search")
    saving.get_by_label("Email me new results").select_option("daily")
    saving.get_by_role("button", name="Save this search").click()
    page.get_by_text("Search saved.").wait_for()

    # Later an editor publishes news that matches, and the daily digest runs.
    index = NewsIndexPage.objects.get(locale__language_code="en")
    news_page(index, title=TITLE, intro="Forty families found shelter in Kufra this month.", date=timezone.localdate())
    call_command("send_saved_searches", "--frequency", "daily", stdout=StringIO())

    (digest,) = [message for message in mail.outbox if message.to == [visitor.email]]
    assert "1 new result" in digest.subject and TITLE in digest.body
    page.goto(link_in_last_email(visitor.email, site_url, "/en/news/"))
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
