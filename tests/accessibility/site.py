"""Shared by the accessibility and page-weight browser tests: axe-core, the demo site, the pages to visit."""

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.services import snapshots

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
LANGUAGES = ("en", "ar")


def axe_script():
    """The path of axe.min.js, or a skip saying how to install it (CI turns a browser skip into a failure)."""
    if AXE.exists():
        return AXE
    if shutil.which("npm") is None:
        pytest.skip("npm not found: install Debian's npm, then `make install` runs `npm ci` to fetch axe-core")
    pytest.skip(f"{AXE.relative_to(AXE.parents[2])} missing: run `make install` (npm ci --no-audit --no-fund)")


def load_demo():
    """The parts of the demo these pages show: the public site, its contact page and the services."""
    snapshots.load_demo("pages", "contact", "mapping")


def public_page(model, language):
    """The first live, public page of one type in one language, or a failure naming what is missing."""
    page = model.objects.live().public().filter(locale__language_code=language).order_by("path").first()
    assert page is not None, f"the demo has no live public {model.__name__} in {language!r}"
    return page


def demo_urls(language):
    """{label: path} of the pages readers open first, found by their page type in the loaded demo."""
    from cms_pages.models import CountryPage, DocumentPage, NewsPage, PartnersPage

    return {
        "home": f"/{language}/",
        "news": public_page(NewsPage, language).url,
        "document": public_page(DocumentPage, language).url,
        "country": public_page(CountryPage, language).url,
        "partners": public_page(PartnersPage, language).url,
        "services": f"/{language}/services/",
    }


def same_origin(url, base_url):
    parts, base = urlsplit(url), urlsplit(base_url)
    return parts.scheme in ("data", "blob") or (parts.hostname, parts.port) == (base.hostname, base.port)


def run_axe(page, script):
    """axe-core's violations on the page as loaded (WCAG 2.x A/AA and best practices)."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per loaded page, not once per check
        page.add_script_tag(path=str(script))
    return page.evaluate("""async () => {
        const results = await axe.run(document, {resultTypes: ["violations"]});
        return results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 300),
                                      summary: n.failureSummary}))
        }));
    }""")


def describe(label, url, violations):
    """Readable lines for one page's violations: rule, impact, and each element."""
    if not violations:
        return [f"{label} {url}: no violations"]
    lines = [f"{label} {url}: {len(violations)} rule(s) violated"]
    for violation in violations:
        count = len(violation["nodes"])
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({count} element(s))")
        for node in violation["nodes"][:5]:
            lines.append(f"      {node['target']}  {node['html'][:160]}")
    return lines


def blocking(violations):
    return [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
