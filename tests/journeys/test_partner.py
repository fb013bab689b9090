"""A partner signs up, verifies their address, joins a community and posts a lesson in French with a PDF; the
community's facilitator approves it; staff find it through the real search with an inflected English query."""

import re

import pytest
from django.contrib.auth.models import Group

from communities.models import Lesson
from kms.demo.pdf import build_pdf
from tests.factories import UserFactory

from .conftest import link_in_last_email, sign_in_as, user

pytestmark = [pytest.mark.browser, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SEARCHED_AMONG = ("lesson", "thread")  # the demo's records of these kinds are indexed (conftest.real_search)

EMAIL = "nadia.trabelsi@partenaires.example.org"
PASSWORD = "Gabès-2026-formations"
TITLE = "Formations professionnelles pour les rapatriés de Gabès"
PDF_WORDS = "Les apprentis rapatriés ont suivi neuf mois de chantiers-écoles en soudure et en froid."


def test_a_partner_joins_posts_a_french_lesson_with_a_pdf_and_staff_find_it(page, site_url, real_search):
    # Sign up, then follow the link of the verification email.
    page.goto(f"{site_url}/en/")
    page.get_by_role("link", name="Create an account").click()
    form = page.get_by_role("main")
    form.get_by_label("Email").fill(EMAIL)
    form.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    form.get_by_label("Password (again)").fill(PASSWORD)
    form.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    page.goto(link_in_last_email(EMAIL, site_url, "/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    assert user(EMAIL).emailaddress_set.get().verified

    # Join an open community and share a lesson written in French, with a PDF as evidence.
    page.goto(f"{site_url}/en/communities/")
    page.get_by_role("link", name="Community-based reintegration").first.click()
    page.get_by_role("button", name="Join this community").click()
    page.get_by_role("link", name="Share a lesson learned").first.click()
    form = page.get_by_role("main")
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Context").fill(
        "À Gabès, les rapatriés revenus de Libye cherchaient un métier ; les formations professionnelles "
        "classiques duraient trop longtemps pour des familles sans revenu."
    )
    form.get_by_label("What worked").fill(
        "Des formations courtes, payées, sur des chantiers réels avec les employeurs."
    )
    form.get_by_label("Language").select_option("fr")
    form.get_by_label("Add a file as evidence").set_input_files(
        {"name": "chantiers-ecoles.pdf", "mimeType": "application/pdf", "buffer": build_pdf(TITLE, [PDF_WORDS], "fr")}
    )
    form.get_by_role("button", name="Save and submit for review").click()
    page.get_by_text("Your lesson has been submitted for review.").wait_for()
    lesson = Lesson.objects.get(title=TITLE)
    assert (lesson.state, lesson.language) == ("submitted", "fr")
    assert "chantiers-écoles" in lesson.attachments.get().text  # the PDF's text was read after the upload

    # The community's facilitator approves it from the lesson page.
    sign_in_as(page, site_url, user("amira.benali@partners.kms.example.org"))
    page.goto(site_url + lesson.get_absolute_url())
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("the lesson is now").wait_for()
    lesson.refresh_from_db()
    assert lesson.state == "published"

    # Staff search in English, with inflected words: "returnees" reaches the French lesson's "rapatriés" through
    # the thesaurus and French stemming, and the result says so; the PDF's words find it too.
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name="Staff"))
    sign_in_as(page, site_url, staff)
    page.goto(f"{site_url}/en/")
    for words, found_through in (("trainings for returnees", "Found through the French term"), ("écoles soudure", "")):
        box = page.get_by_role("banner").get_by_label("Search", exact=True)
        box.fill(words)
        box.press("Enter")
        hit = page.locator(".hit", has=page.get_by_role("link", name=TITLE))
        hit.wait_for()
        assert hit.get_by_text("français", exact=True).is_visible()  # its language, not the reader's
        assert found_through in hit.inner_text()
    hit.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    assert re.search(r"/communities/community-based-reintegration/lessons/\d+/$", page.url)
