"""axe-core in Chromium on the pages readers open first, in English and in Arabic (right to left).

Any serious or critical violation fails the test; every violation found, of any
impact, is printed with its rule and elements.
"""

from urllib.parse import unquote

import pytest

from .site import LANGUAGES, axe_script, blocking, demo_urls, describe, load_demo, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]  # a live demo site each


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the site's Content-Security-Policy refuses (the policy
    itself is checked in tests/test_csp.py and tests/browser/test_csp.py)."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def axe():
    return axe_script()


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_serious_accessibility_violations(page, live_server, axe, language):
    load_demo()
    report, failures = [], []
    for label, path in demo_urls(language).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{label} {unquote(path)} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        violations = run_axe(page, axe)
        report.extend(describe(f"[{language}] {label}", unquote(path), violations))
        if blocking(violations):
            failures.extend(describe(f"[{language}] {label}", unquote(path), blocking(violations)))
    print("\nAXE " + "\nAXE ".join(report))
    assert not failures, "serious or critical accessibility violations:\n" + "\n".join(failures)


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_and_newsletter_pages_have_no_serious_accessibility_violations(page, live_server, axe, language):
    from cms_pages.outreach import newsletter
    from cms_pages.outreach.models import ContactPage, Subscription

    load_demo()
    contact = ContactPage.objects.live().get(locale__language_code=language)
    pending = Subscription.objects.create(email=f"lectrice-{language}@example.org", language=language)
    paths = {
        "contact": contact.url,
        "newsletter signup": f"/{language}/newsletter/",
        "check your inbox": f"/{language}/newsletter/check-your-inbox/",
        "confirm": f"/{language}/newsletter/confirm/{newsletter.confirm_token(pending)}/",
        "unsubscribe": f"/{language}/newsletter/unsubscribe/{newsletter.unsubscribe_token(pending)}/",
        "damaged link": f"/{language}/newsletter/confirm/damaged/",
    }
    report, failures = [], []
    for label, path in paths.items():
        assert page.goto(live_server.url + path).status in (200, 400)
        violations = run_axe(page, axe)
        report.extend(describe(f"[{language}] {label}", unquote(path), violations))
        if blocking(violations):
            failures.extend(describe(f"[{language}] {label}", unquote(path), blocking(violations)))
    # The same pages with a rejected submission: error messages and invalid fields must stay accessible too.
    page.goto(live_server.url + paths["contact"])
    page.evaluate("document.querySelector('form.contact-form').noValidate = true")
    page.locator("form.contact-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("form.contact-form [aria-invalid=true]").count() >= 3  # name, email and message are required
    violations = run_axe(page, axe)
    report.extend(describe(f"[{language}] contact, after submitting it empty", "", violations))
    if blocking(violations):
        failures.extend(describe(f"[{language}] contact, after submitting it empty", "", blocking(violations)))
    print("\nAXE " + "\nAXE ".join(report))
    assert not failures, "serious or critical accessibility violations:\n" + "\n".join(failures)


def test_the_check_itself_catches_a_broken_page(page, axe):
    """A page with an image without alt text and an unlabelled field: proof that axe runs and reports."""
    page.set_content(
        '<html lang="en"><head><title>x</title></head><body><main><h1>Broken</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>'
    )
    found = {violation["id"]: violation["impact"] for violation in run_axe(page, axe)}
    assert found.get("image-alt") == "critical"
    assert found.get("label") == "critical"
    assert blocking(run_axe(page, axe))
