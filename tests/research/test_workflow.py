"""Researchers draft and submit in the research section only; Editors approve through the review workflow."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from cms_pages.models import StandardPage
from kms.accounts.groups import EDITORS, RESEARCHERS
from research.models import PublicationPage
from research.workflow import WORKFLOW_NAME, setup_research_section
from tests.factories import UserFactory
from tests.factories.research import home_page, publication, research_index
from tests.research.admin_forms import publication_form_data

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


def member_of(group_name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def section():
    return research_index()


@pytest.fixture
def researcher(client, section):
    user = member_of(RESEARCHERS)
    client.force_login(user)
    return user


def assert_refused(response):
    """Wagtail answers a forbidden admin view with 403, or with a redirect to the dashboard and a message."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


def test_researcher_may_open_the_add_form_in_research_only(client, researcher, section):
    home = home_page()
    assert (
        client.get(reverse("wagtailadmin_pages:add", args=("research", "publicationpage", section.pk))).status_code
        == 200
    )
    assert_refused(client.get(reverse("wagtailadmin_pages:add", args=("cms_pages", "standardpage", home.pk))))


def test_researcher_cannot_edit_pages_outside_research(client, researcher):
    home = home_page()
    other = StandardPage(title="À propos — من نحن", slug="a-propos")
    home.add_child(instance=other)
    for page in (home, other):
        assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))))
        assert_refused(client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), {"title": "Piraté"}))
    other.refresh_from_db()
    assert other.title == "À propos — من نحن"
    assert not other.permissions_for_user(researcher).can_edit()


def test_researcher_submits_for_review_and_cannot_publish(client, researcher, section):
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("research", "publicationpage", section.pk)),
        publication_form_data(**{"action-submit": "Submit to Research review", "action-publish": "Publish"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PublicationPage.objects.get(slug="parcours-femmes-tunis")
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.workflow.name == WORKFLOW_NAME
    assert state.status == "in_progress"
    assert not page.permissions_for_user(researcher).can_publish()

    # An editor approves: the publication goes live.
    editor = member_of(EDITORS)
    client.force_login(editor)
    task_state = page.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": "Très bien."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert page.authors.get().family_name == "Benoît-Lefèvre"


def test_researcher_can_edit_an_existing_publication_in_research(client, researcher):
    page = publication()
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200


def test_setup_is_idempotent(section):
    setup_research_section(section)
    setup_research_section(section)
    researchers = Group.objects.get(name=RESEARCHERS)
    assert GroupPagePermission.objects.filter(group=researchers, page=section).count() == 2
    editors = Group.objects.get(name=EDITORS)
    assert (
        GroupPagePermission.objects.filter(group=editors, page=section, permission__codename="publish_page").count()
        == 1
    )
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert WorkflowPage.objects.get(page=section).workflow.name == WORKFLOW_NAME
    assert not GroupPagePermission.objects.filter(group=researchers).exclude(page=section).exists()
