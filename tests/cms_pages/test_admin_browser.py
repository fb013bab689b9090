"""The page editor in headless Chromium, in English and in Arabic, with Wagtail's autosave running: a brochure
saved five times while it is edited leaves one document and one cover; a testimony waiting for consent is
saved as a draft with a warning, and publishing it is refused with the reason."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.images import get_image_model
from wagtail.users.models import UserProfile

from cms_pages.models import DocumentPage, LibraryDocument, StandardPage
from tests.factories import cms_pages as make
from tests.search import files

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BROCHURE = files.pdf([["Brochure : réintégration durable — إعادة الإدماج", "Deuxième paragraphe."]])


@pytest.fixture(params=["en", "ar"])
def editor(request, live_server, homes, page):
    """A browser page signed in to the admin as an editor who reads it in `request.param`."""
    user = get_user_model().objects.create_superuser("editrice", "editrice@example.org", "mot-de-passe-sûr")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = request.param
    profile.save()
    page.context.add_init_script(WATCH_EDITS)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    yield page, live_server.url, request.param
    # The editor says it is leaving (a request to release its editing session) as the page closes; it would
    # reach the server while the test database is being emptied.
    page.route("**/admin/**", lambda route: route.abort())
    page.goto("about:blank")


# The editor notices changes only once it has taken the form's state as the saved one: two seconds after
# loading, and again after each autosave. On loading it may take that state twice, tens of milliseconds apart
# (two timers are set up as the page settles), and a change made between the two is then taken as saved. The
# count of those moments and the time of the last are kept on <html> for the test to wait on.
WATCH_EDITS = """
document.addEventListener("w-unsaved:watch-edits", () => {
  const root = document.documentElement;
  root.dataset.watchingEdits = String(Number(root.dataset.watchingEdits || 0) + 1);
  root.dataset.watchedAt = String(performance.now());
});
"""
SETTLED_MS = 600


def watching(page, after=0):
    """Waits until the editor has taken the form's state more than `after` times and then not again for a while."""
    page.wait_for_function(
        """([after, settled]) => {
          const data = document.documentElement.dataset;
          return Number(data.watchingEdits || 0) > Number(after) && performance.now() - Number(data.watchedAt) > settled;
        }""",
        arg=[after, SETTLED_MS],
    )


def open_editor(page, base_url, code, wagtail_page):
    page.goto(f"{base_url}/admin/pages/{wagtail_page.pk}/edit/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
    watching(page)


def autosaved(page, change):
    """Makes `change` in the editor and returns what the autosave that follows answered."""
    times = page.locator("html").get_attribute("data-watching-edits")
    with page.expect_response(
        lambda response: (
            response.request.method == "POST" and "application/json" in (response.request.headers.get("accept") or "")
        )
    ) as answer:
        change()
    watching(page, after=times)  # the editor has taken the saved state, so the next change counts
    return answer.value.json()


def publish(page):
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    with page.expect_navigation():
        page.locator("button[name='action-publish']").click()


def test_a_brochure_saved_five_times_leaves_one_document_and_one_cover(editor, tmp_path):
    page, base_url, code = editor
    library = make.library_page(make_home())
    draft = make.document_page(library, slug="brochure", live=False, title="Brochure · كتيّب")
    brochure = tmp_path / "brochure.pdf"
    brochure.write_bytes(BROCHURE)
    open_editor(page, base_url, code, draft)

    first = autosaved(page, lambda: page.set_input_files("input[name='upload']", str(brochure)))  # 1
    assert first["success"]
    # The same file chosen again, as an editor unsure it was taken would.
    assert autosaved(page, lambda: page.set_input_files("input[name='upload']", str(brochure)))["success"]  # 2
    assert autosaved(page, lambda: page.fill("textarea[name='summary']", "Résumé · ملخص"))["success"]  # 3
    with page.expect_navigation():
        page.locator("button.action-save:visible").first.click()  # 4: Save draft
    publish(page)  # 5
    published = DocumentPage.objects.get(pk=draft.pk)
    assert published.live and published.document is not None
    assert LibraryDocument.objects.count() == 1
    assert get_image_model().objects.count() == 1 and published.cover_image is not None


def test_a_testimony_waiting_for_consent_is_saved_but_not_published(editor):
    page, base_url, code = editor
    draft = make.standard_page(make_home(), slug="temoignages")
    draft.body = [
        {"type": "quote", "value": {"quote": "Je suis rentrée · عدت", "speaker": "Aïcha Benali", "consent": False}}
    ]
    draft.save_revision()
    open_editor(page, base_url, code, draft)
    answer = autosaved(page, lambda: page.fill("input[name='title']", "Témoignages · شهادات"))
    assert answer["success"]
    with page.expect_navigation():
        page.locator("button.action-save:visible").first.click()
    warning = page.locator(".messages .warning, .messages li").filter(has_text="Aïcha Benali")
    assert warning.count() == 1
    publish(page)
    assert page.locator(".error-message, .help-critical").filter(has_text=consent_needed(code)).count() >= 1
    assert not StandardPage.objects.get(pk=draft.pk).body  # readers still see the page without the testimony


def make_home():
    from cms_pages.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


def consent_needed(code):
    from django.utils import translation

    with translation.override(code):
        return translation.gettext(
            "Publishing needs the speaker's recorded consent. Record it, or save a draft until you have it."
        )
