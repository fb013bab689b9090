"""A researcher submitting a publication with personal data confirms it; the editor who reviews it
sees the findings and who confirmed them, then approves."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from kms.accounts.groups import EDITORS, RESEARCHERS
from research.models import PublicationPage
from tests.factories import UserFactory
from tests.factories.research import research_index
from tests.research.admin_forms import publication_form_data

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

ABSTRACT = "Entretiens à Zouara. Témoin joignable au +218 91 234 5678. مقابلات في زوارة."


def member_of(group_name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_submitting_for_review_with_a_phone_number_needs_a_confirmation(client):
    section = research_index()
    researcher = member_of(RESEARCHERS)
    client.force_login(researcher)
    url = reverse("wagtailadmin_pages:add", args=("research", "publicationpage", section.pk))
    submit = {"action-submit": "Submit to Research review", "abstract": ABSTRACT}
    response = client.post(url, publication_form_data(**submit))
    assert response.status_code == 200 and not PublicationPage.objects.exists()
    assert "+21• •• ••• ••78" in response.content.decode()

    response = client.post(url, publication_form_data(**submit, confirm_personal_data="on"))
    assert response.status_code == 302
    page = PublicationPage.objects.get()
    assert page.personal_data_kinds == "phone" and page.personal_data_confirmed_by == researcher

    editor = member_of(EDITORS)
    client.force_login(editor)
    review = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "+21• •• ••• ••78" in review and "Personal data confirmed by" in review
    task_state = page.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)), {"comment": ""}
    )
    page.refresh_from_db()
    assert page.live and page.personal_data_kinds == "phone"
