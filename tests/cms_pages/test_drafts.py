"""Drafts are never blocked by what only publishing needs: a testimony waiting for consent, a lead image waiting
for its description. Saving and autosaving a draft warn; publishing and submitting are refused, and say why."""

import html

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms_pages.models import NewsPage, StandardPage
from tests.factories import cms_pages as make

pytestmark = pytest.mark.django_db

SPEAKER = "Aïcha Benali"
QUOTE = {
    "quote": "Le plus dur, c'était la première semaine. أصعب ما في الأمر كان الأسبوع الأول.",
    "speaker": SPEAKER,
    "role": "",
    "place": "Médenine",
    "photo": "",
    "anonymise": "none",
}
CONSENT_NEEDED = "Publishing needs the speaker's recorded consent. Record it, or save a draft until you have it."
CONSENT_WARNING = f"Draft saved, but not ready to publish: the testimony of “{SPEAKER}” has no recorded consent."


@pytest.fixture
def site(db):
    home, _arabic = make.home_pages()
    return home


def page_form(action=None, consent=False, **fields):
    quote = {**QUOTE, **({"consent": "on"} if consent else {})}
    data = {
        "title": "Témoignages · شهادات",
        "slug": "temoignages",
        "intro": "",
        "body": streamfield([("quote", quote)]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        **fields,
    }
    data = nested_form_data(data)
    if action:
        data[f"action-{action}"] = action
    return data


def text(response):
    return html.unescape(response.content.decode())


def test_a_testimony_without_consent_is_saved_as_a_draft_with_a_warning(editor, site):
    response = editor.post(f"/admin/pages/add/cms_pages/standardpage/{site.pk}/", page_form(), follow=True)
    assert response.status_code == 200
    page = StandardPage.objects.get(slug="temoignages")
    assert not page.live
    assert page.get_latest_revision_as_object().body[0].value["speaker"] == SPEAKER
    assert CONSENT_WARNING in text(response)
    # Saved again while still waiting: still a draft, still the warning.
    response = editor.post(f"/admin/pages/{page.pk}/edit/", page_form(), follow=True)
    assert CONSENT_WARNING in text(response)


def test_an_autosave_without_consent_succeeds(editor, site):
    page = make.standard_page(site, slug="temoignages")
    response = editor.post(f"/admin/pages/{page.pk}/edit/", page_form(), HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["success"]
    page.refresh_from_db()
    assert not page.get_latest_revision_as_object().body[0].value["consent"]


@pytest.mark.parametrize("action", ["publish", "submit"])
def test_publishing_a_testimony_without_consent_is_refused_and_says_why(editor, site, action):
    page = make.standard_page(site, slug="temoignages")
    response = editor.post(f"/admin/pages/{page.pk}/edit/", page_form(action))
    assert response.status_code == 200  # the form again, with the reason
    assert CONSENT_NEEDED in text(response)
    page.refresh_from_db()
    assert not page.body and not page.has_unpublished_changes


def test_a_testimony_with_consent_publishes_without_warning(editor, site):
    page = make.standard_page(site, slug="temoignages")
    response = editor.post(f"/admin/pages/{page.pk}/edit/", page_form("publish", consent=True), follow=True)
    assert response.status_code == 200 and "not ready to publish" not in text(response)
    page.refresh_from_db()
    assert page.live and page.body[0].value["consent"]


def news_form(image, action=None, alt=""):
    data = page_form(
        action,
        consent=True,
        slug="avec-photo",
        news_type="release",
        date="2025-03-01",
        author="",
        lead_image=image.pk,
        lead_image_alt=alt,
        countries=[],
        themes=[],
        tags="",
    )
    return data


def test_a_lead_image_without_description_waits_in_a_draft(editor, site):
    index = make.news_index(site)
    image = make.image()
    url = f"/admin/pages/add/cms_pages/newspage/{index.pk}/"
    response = editor.post(url, news_form(image), follow=True)
    assert "Draft saved, but not ready to publish: the lead image has no description." in text(response)
    news = NewsPage.objects.get(slug="avec-photo")
    assert not news.live
    response = editor.post(f"/admin/pages/{news.pk}/edit/", news_form(image, "publish"))
    assert response.status_code == 200
    assert "Publishing needs a description of the lead image" in text(response)
    news.refresh_from_db()
    assert not news.live
    editor.post(f"/admin/pages/{news.pk}/edit/", news_form(image, "publish", alt="Des volontaires · متطوعون"))
    news.refresh_from_db()
    assert news.live
