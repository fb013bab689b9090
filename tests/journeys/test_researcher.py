"""A researcher submits a study with its PDF in the admin; an editor approves it; the public finds it through the
real search and exports its BibTeX."""

import re

import pytest
from django.contrib.auth.models import Group

from kms.accounts.groups import EDITORS, RESEARCHERS
from kms.demo.pdf import build_pdf
from research.models import PublicationPage, ResearchIndexPage
from tests.factories import UserFactory

from .conftest import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SEARCHED_AMONG = ("publication", "document")  # the demo's records of these kinds are indexed (conftest.real_search)

TITLE = "Saisonniers d'Agadez : salaires et dettes de retour"
PDF_WORDS = "Les saisonniers interrogés remboursaient leurs dettes de voyage en moyenne en quatorze mois."


def field(where, label, role="textbox"):
    """The admin's field labelled `label` (Wagtail marks required ones with a "*"); lists are "combobox"."""
    return where.get_by_role(role, name=re.compile(rf"^{re.escape(label)}\*?$"))


def member_of(group):
    person = UserFactory()
    person.groups.add(Group.objects.get(name=group))
    return person


def test_a_researcher_submits_a_study_an_editor_approves_it_and_the_public_cites_it(
    page, site_url, real_search, settings
):
    # Wagtail's autosave could create the draft in the background while "Submit" posts the new page's form, and
    # the form would then find its own slug taken: the journey is about submitting, so autosave is off.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    section = ResearchIndexPage.objects.get(locale__language_code="en")

    # The researcher writes the study in the admin, uploads its PDF in the document chooser and submits it.
    sign_in_as(page, site_url, member_of(RESEARCHERS))
    page.goto(f"{site_url}/admin/pages/add/research/publicationpage/{section.pk}/")
    field(page, "Title").fill(TITLE)
    field(page, "Type", "combobox").select_option("study")
    field(page, "Language of the publication", "combobox").select_option("fr")
    field(page, "Abstract").fill("Quarante saisonniers nigériens racontent leurs salaires et leurs dettes.")
    field(page, "Given names").fill("Hadiza")
    field(page, "Family name").fill("Moussa Idrissa")
    field(page, "Licence", "combobox").select_option("CC-BY-4.0")
    page.get_by_role("button", name="Choose a document").first.click()
    modal = page.locator(".modal")
    modal.get_by_role("tab", name="Upload").click()
    field(modal, "Title").fill("Saisonniers d'Agadez (PDF)")
    modal.get_by_label(re.compile(r"^\s*File\s*\*?\s*$")).set_input_files(
        {"name": "saisonniers-agadez.pdf", "mimeType": "application/pdf", "buffer": build_pdf(TITLE, [PDF_WORDS], "fr")}
    )
    modal.get_by_role("button", name="Upload").click()
    modal.wait_for(state="detached")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Research review").click()
    page.get_by_text("submitted for moderation").wait_for()
    study = PublicationPage.objects.get(title=TITLE)
    assert not study.live and study.current_workflow_state.status == "in_progress"

    # An editor approves it: the study goes live.
    sign_in_as(page, site_url, member_of(EDITORS))
    page.goto(f"{site_url}/admin/pages/{study.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    page.get_by_text("has been updated").wait_for()
    study.refresh_from_db()
    assert study.live

    # The public finds it by a word only its PDF holds ("voyage") and another in another form ("dette" for
    # "dettes"), and cites it.
    page.context.clear_cookies()
    page.goto(f"{site_url}/en/search/?q=dette+voyage")
    page.get_by_role("main").get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="BibTeX").click()
    bibtex = open(download.value.path(), encoding="utf-8").read()
    assert bibtex.startswith("@")
    assert TITLE.split(" :")[0] in bibtex and "Moussa Idrissa" in bibtex
