"""The search boxes offer suggestions through a deferred static script; without it they are plain search forms."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo's core, loaded once for this module."""


@pytest.mark.parametrize("path, box", [("/en/", "site-search-q"), ("/ar/search/?q=x", "search-q")])
def test_the_boxes_name_the_autocomplete_api_and_the_script_is_deferred(client, path, box):
    page = client.get(path).content.decode()
    assert '<script src="/static/js/suggest.js" defer></script>' in page
    label = "اقتراحات" if path.startswith("/ar/") else "Suggestions"
    assert f'id="{box}"' in page
    assert f'data-suggest-url="/api/v1/autocomplete" data-suggest-label="{label}"' in page
    # The form itself needs no script: a plain GET to the search page.
    assert 'method="get"' in page and 'name="q"' in page


def test_the_script_is_served_and_starts_no_inline_code(client):
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/suggest.js"), encoding="utf-8").read()
    assert "data-suggest-url" in script and 'setAttribute("role", "combobox")' in script
    assert "innerHTML" not in script  # titles are written as text, never parsed as markup
    assert "eval(" not in script and ".style." not in script
