"""Every absolute link kms gives out is on the public address (settings.WAGTAILADMIN_BASE_URL).

The Wagtail Site row says `localhost` (as on a fresh installation) and the test client says
`testserver`; neither may appear in citations, JSON-LD, sitemaps, feeds, OAI-PMH or emails.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import get_page_models

from cms_pages.outreach.forms import HONEYPOT
from kms import public_url
from kms.accounts.groups import EDITORS, RESEARCHERS
from research.models import PublicationPage
from tests.factories import UserFactory
from tests.factories.cms_pages import news_index, news_page
from tests.factories.communities import CommunityFactory, MembershipFactory, PublishedLessonFactory
from tests.factories.research import home_page, pdf_document, publication, research_index
from tests.research.admin_forms import publication_form_data

pytestmark = [pytest.mark.django_db]

PUBLIC = "https://kms.example.org"
WRONG_HOSTS = ("localhost", "testserver", "127.0.0.1")


@pytest.fixture(scope="module")
def content(module_db):
    home = home_page()
    section = research_index()
    study = publication(section, primary_file=pdf_document())
    news = news_index(home)
    news_page(news)
    community = CommunityFactory()
    PublishedLessonFactory(community=community)
    return {"study": study, "section": section, "news": news, "community": community}


@pytest.fixture
def public(settings, content):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    return content


def assert_public(text):
    for host in WRONG_HOSTS:
        assert host not in text, f"{host} in: {text[:3000]}"
    assert PUBLIC in text, text[:3000]


def body(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_page_model_takes_its_full_url_from_the_setting():
    for model in get_page_models():
        if model._meta.app_label in ("cms_pages", "research", "outreach", "communities"):
            assert issubclass(model, public_url.PublicUrlMixin), model


def test_publication_page_json_ld_canonical_and_hreflang(client, public):
    html = body(client, public["study"].url)
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert f'"url": "{PUBLIC}/' in json_ld
    assert f'<link rel="canonical" href="{PUBLIC}/' in html
    assert f'hreflang="en" href="{PUBLIC}/' in html
    assert f'name="citation_pdf_url" content="{PUBLIC}/documents/' in html
    assert_public(json_ld)
    assert not any(f"//{host}" in html for host in WRONG_HOSTS)


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_citation_exports(client, public, fmt):
    study = public["study"]
    assert_public(body(client, f"/citations/publication/{study.pk}.{fmt}"))
    assert_public(body(client, f"/citations/publications.{fmt}"))


def test_oai_pmh(client, public):
    assert_public(body(client, "/oai", verb="Identify"))
    records = body(client, "/oai", verb="ListRecords", metadataPrefix="oai_dc")
    assert_public(records)
    assert f"<dc:identifier>{PUBLIC}/" in records


def test_sitemaps_and_robots(client, public):
    for url in ("/robots.txt", "/sitemap.xml", "/en/sitemap.xml"):
        assert_public(body(client, url))
    assert f"<loc>{PUBLIC}/en/communities/" in body(client, "/en/sitemap.xml")


def test_feeds(client, public):
    slug = public["community"].slug
    for url in (
        public["news"].url + "feed/rss/",
        public["news"].url + "feed/atom/",
        public["section"].url + "feed/",
        reverse("communities:feed_rss", args=[slug]),
        reverse("communities:feed_atom", args=[slug]),
    ):
        assert_public(body(client, url))


def test_account_emails(client, public):
    client.post(
        "/ar/accounts/signup/", {"email": "amal@example.org", "password1": "x-Pass-2025!", "password2": "x-Pass-2025!"}
    )
    client.post("/en/accounts/password/reset/", {"email": "nobody-here@example.org"})
    user = UserFactory()
    client.post("/en/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert_public(message.body)


def test_newsletter_and_invitation_emails(client, public):
    client.post("/en/newsletter/", {"email": "lectrice@example.org", HONEYPOT: ""})
    facilitator = MembershipFactory(community=public["community"], role="facilitator").user
    client.force_login(facilitator)
    client.post(reverse("communities:invite", args=[public["community"].slug]), {"email": "nouvelle@example.org"})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert_public(message.body)


def test_research_workflow_emails(client, public):
    researcher = UserFactory()
    researcher.groups.add(Group.objects.get(name=RESEARCHERS))
    client.force_login(researcher)
    client.post(
        reverse("wagtailadmin_pages:add", args=("research", "publicationpage", public["section"].pk)),
        publication_form_data(**{"action-submit": "Submit"}),
    )
    page = PublicationPage.objects.get(slug="parcours-femmes-tunis")
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    mail.outbox.clear()
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", page.current_workflow_task_state.pk)),
        {"comment": "Très bien."},
    )
    approved = [message for message in mail.outbox if researcher.email in message.to]
    assert approved
    for message in approved:
        assert_public(message.body)
