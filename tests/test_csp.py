"""Every HTML page, the Wagtail admin's included, carries a Content-Security-Policy that allows no inline script."""

import datetime
import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.factories import UserFactory
from tests.factories.communities import CommunityFactory, MembershipFactory, PublishedLessonFactory, ThreadFactory
from tests.factories.research import pdf_document, project, publication

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo's core, loaded once for this module."""


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, _sep, values in (part.strip().partition(" ") for part in policy.split(";"))}


def inline_scripts(response):
    """The scripts a page carries in its markup that the policy would refuse: no src, no nonce, not data."""
    tags = re.findall(r"<script\b([^>]*)>", response.content.decode())
    return [attrs for attrs in tags if not re.search(r"\b(src|nonce)=|type=\"application/(ld\+)?json\"", attrs)]


def started_names(response):
    return re.findall(r'data-kms-init="([^"]+)"', response.content.decode())


def admin_init_allows():
    """The names static/js/admin-init.js may call."""
    script = (Path(settings.BASE_DIR) / "static/js/admin-init.js").read_text()
    return set(re.findall(r'"([A-Za-z]+)"', script[: script.index("var SELECTOR")]))


def assert_strict(response, url):
    assert response["Content-Type"].startswith("text/html"), url
    policy = directives(response)
    assert policy["default-src"] == "'self'", url
    assert "unsafe-inline" not in policy["script-src"], url
    assert "unsafe-eval" not in policy["script-src"], url
    assert "unsafe-inline" not in policy["style-src"], url
    assert policy["object-src"] == "'none'", url
    assert policy["frame-ancestors"] == "'none'", url


@pytest.mark.slow
def test_every_public_and_member_page_has_a_strict_policy(client, demo_site):
    community = CommunityFactory()
    member = MembershipFactory(community=community).user
    lesson = PublishedLessonFactory(community=community, author=member)
    thread = ThreadFactory(community=community, author=member)
    public = [
        "/en/",
        "/fr/",
        "/ar/",
        "/nl/",
        "/en/search/?q=réintégration",
        "/ar/search/?q=العائدين",
        "/en/communities/",
        community.get_absolute_url(),
        lesson.get_absolute_url(),
        thread.get_absolute_url(),
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/en/accounts/password/reset/",
        "/en/page-that-does-not-exist/",
        "/admin/login/",
        "/admin/password_reset/",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_strict(response, url)

    client.force_login(member)
    for url in ["/en/profile/", "/en/profile/edit/", "/en/search/saved/", "/en/notifications/", "/en/accounts/email/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response, url)


def test_the_wagtail_admin_allows_inline_styles_only_and_only_for_signed_in_staff(client, demo_site):
    """Wagtail's widgets start without inline scripts (kms.choosers); its inline styles are allowed in the admin alone."""
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["frame-ancestors"] == "'self'"  # the editor's preview panel
    assert "unsafe-inline" not in directives(client.get("/en/"))["style-src"]

    # An anonymous visitor is sent to the admin's sign-in page, which is strict.
    client.logout()
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == "/admin/login/"
    assert_strict(response, "/admin/login/")


def test_a_template_can_allow_one_inline_script_with_the_request_nonce(rf):
    """The way for a template that truly needs an inline script: nonce="{{ request.csp_nonce }}"."""
    from django.http import HttpResponse
    from django.template import engines

    from kms.csp import ContentSecurityPolicyMiddleware

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">kms()</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = rf.get("/en/")
    request.user = UserFactory.build()
    response = ContentSecurityPolicyMiddleware(view)(request)
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]


def argument_free_paths(patterns, prefix=""):
    """Every URL the project routes that takes no argument, built from the URL configuration itself."""
    from django.urls import URLResolver
    from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            part = "en/"
        elif isinstance(pattern, RoutePattern) and not pattern.converters:
            part = str(pattern)
        elif isinstance(pattern, RegexPattern) and pattern.regex.groups == 0:
            part = str(pattern).lstrip("^").rstrip("$").replace("\\", "")
            if any(char in part for char in "[]()*+?{}|"):
                continue
        else:
            continue
        if isinstance(entry, URLResolver):
            yield from argument_free_paths(entry.url_patterns, prefix + part)
        else:
            yield "/" + prefix + part


@pytest.mark.slow
def test_every_html_page_without_arguments_has_the_policy(client, demo_site):
    from django.urls import get_resolver

    paths = sorted(set(argument_free_paths(get_resolver().url_patterns)))
    assert len(paths) > 30
    client.force_login(UserFactory())
    html = 0
    for path in paths:
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html += 1
        assert "unsafe-inline" not in directives(response)["script-src"], path
        assert inline_scripts(response) == [], path
    assert html > 15  # 24 when written: home pages, search, communities, accounts, profile, ...


@pytest.mark.slow
def test_the_admin_s_editing_views_start_their_widgets_without_an_inline_script(client, demo_site):
    """Inline panels, date pickers and page, document and task choosers are inert elements that
    static/js/admin-init.js starts; every name they call is one it allows."""
    client.force_login(get_user_model().objects.get(username="admin"))
    document = pdf_document()
    parent = project()
    page = publication(
        parent,
        primary_file=document,
        project=parent,
        versions=[{"number": 1, "date": datetime.date(2025, 1, 9), "change_note": "Première — الأولى"}],
    )
    allowed = admin_init_allows()
    assert {"InlinePanel", "DocumentChooser", "initDateChooser", "createTaskChooser"} <= allowed
    editors = {
        f"/admin/pages/{page.pk}/edit/": {
            "InlinePanel",
            "initDateChooser",
            "initDateTimeChooser",  # go-live and expiry, in the page's settings
            "DocumentChooser",
            "PageChooser",
        },
        f"/admin/pages/{parent.pk}/edit/": {"InlinePanel", "initDateChooser"},
        f"/admin/documents/edit/{document.pk}/": set(),
        "/admin/workflows/add/": {"InlinePanel", "createTaskChooser"},
    }
    for url, expected in editors.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_scripts(response) == [], url
        names = set(started_names(response))
        assert expected <= names <= allowed, url


def widgets():
    from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminPageChooser, AdminTimeInput
    from wagtail.admin.widgets.workflows import AdminTaskChooser
    from wagtail.documents.widgets import AdminDocumentChooser
    from wagtail.images.widgets import AdminImageChooser
    from wagtail.snippets.widgets import AdminSnippetChooser

    from kms.taxonomy.models import Country

    return {
        "initDateChooser": AdminDateInput(),
        "initTimeChooser": AdminTimeInput(),
        "initDateTimeChooser": AdminDateTimeInput(),
        "PageChooser": AdminPageChooser(),
        "DocumentChooser": AdminDocumentChooser(),
        "ImageChooser": AdminImageChooser(),
        "SnippetChooser": AdminSnippetChooser(Country),
        "createTaskChooser": AdminTaskChooser(),
    }


def test_wagtail_s_widgets_write_an_element_admin_init_starts_instead_of_a_script():

    allowed = admin_init_allows()
    for name, widget in widgets().items():
        rendered = widget.render("field", None, {"id": "id_versions-__prefix__-field"})
        assert "<script" not in rendered, name
        element = re.search(
            r'<span hidden data-kms-init="(\w+)" data-kms-id="([^"]*)" data-kms-args="([^"]*)">', rendered
        )
        assert element is not None, name
        assert element[1] == name and name in allowed
        # The id, where an inline panel's empty form has its prefix, stands alone in its attribute.
        assert element[2] == "id_versions-__prefix__-field"
        assert isinstance(json.loads(html.unescape(element[3])), list), name


def test_a_chooser_that_starts_its_own_way_must_say_how_without_a_script():
    from django.core.exceptions import ImproperlyConfigured
    from wagtail.documents.widgets import AdminDocumentChooser

    class Custom(AdminDocumentChooser):
        def render_js_init(self, id_, name, value_data):
            return f"customChooser({json.dumps(id_)});"

    with pytest.raises(ImproperlyConfigured):
        Custom().render("field", None, {"id": "id_field"})


def test_a_multiple_chooser_panel_keeps_its_chooser_definition_and_starts_without_a_script(rf, demo_site):
    """No page type uses one yet; Wagtail's template is overridden with the inline panel's all the same."""
    from wagtail.admin.panels import MultipleChooserPanel, ObjectList

    from research.models import PublicationPage

    user = get_user_model().objects.get(username="admin")
    panel = ObjectList([MultipleChooserPanel("annexes", chooser_field_name="document")]).bind_to_model(PublicationPage)
    request = rf.get("/admin/")
    request.user = user
    page = PublicationPage()
    form = panel.get_form_class()(instance=page, for_user=user)
    rendered = panel.get_bound_panel(instance=page, form=form, request=request).render_html()
    assert re.findall(r"<script\b[^>]*>", rendered) == [
        '<script id="id_annexes-CHOOSER_WIDGET" type="application/json">'
    ]
    names = re.findall(r'data-kms-init="(\w+)"', rendered)
    assert names[-1] == "MultipleChooserPanel"  # after its empty form's chooser, as its script was
    assert set(names) <= admin_init_allows()
