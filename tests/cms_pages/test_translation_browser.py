"""wagtail-localize's translation editor (a React app) in headless Chromium, in English and in Arabic, under the
admin's Content-Security-Policy: a page translated before it came shows each source segment beside its
translation."""

import os

import pytest
from django.core.management import call_command

from tests.factories import cms_pages as make

from .test_admin_browser import editor, make_home  # noqa: F401 (the signed-in editor fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def test_the_translation_editor_shows_source_beside_translation(editor):  # noqa: F811
    page, base_url, code = editor
    page.context.add_init_script(RECORD_VIOLATIONS)
    index = make.news_index(make_home())
    news = make.news_page(
        index,
        slug="retour",
        title="Back home in Sfax",
        body=[{"type": "paragraph", "value": "<p>Second paragraph.</p>"}],
    )
    french = make.translate(
        news,
        "fr",
        title="De retour à Sfax",
        slug="retour-fr",
        body=[{"type": "paragraph", "value": "<p>Deuxième paragraphe.</p>"}],
    )
    call_command("adopt_translations", stdout=open(os.devnull, "w"))

    page.goto(f"{base_url}/admin/pages/{french.pk}/edit/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
    page.get_by_text("Second paragraph.", exact=True).first.wait_for()
    assert page.get_by_text("Deuxième paragraphe.", exact=True).count() >= 1
    assert page.get_by_text("Back home in Sfax", exact=True).count() >= 1
    assert page.evaluate("window.__cspViolations") == []
