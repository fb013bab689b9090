"""The research section's admin rules: Researchers draft and submit there only; Editors approve.

Run for every research section when it is first published, after each migrate and
by the demo loader; every step is idempotent and never removes what an admin added.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from kms.accounts.groups import EDITORS, RESEARCHERS

from .models import ResearchIndexPage

WORKFLOW_NAME = "Research review"
TASK_NAME = "Editors approve research"
RESEARCHER_PAGE_PERMISSIONS = ("add_page", "change_page")
# Approving the last task publishes the page, which Wagtail checks against the approver.
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
RESEARCHER_DOCUMENT_PERMISSIONS = ("add_document", "choose_document")


def research_workflow():
    """One "Research review" workflow whose single task is approval by the Editors group."""
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(editors)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count())
    return workflow


def setup_research_section(index_page):
    """Researchers may add and edit in this section only, Editors may publish there; reviews go through the workflow."""
    researchers, _created = Group.objects.get_or_create(name=RESEARCHERS)
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    for group, codenames in ((researchers, RESEARCHER_PAGE_PERMISSIONS), (editors, EDITOR_PAGE_PERMISSIONS)):
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=index_page, permission=permission)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for codename in RESEARCHER_DOCUMENT_PERMISSIONS:
            permission = Permission.objects.filter(content_type__app_label="wagtaildocs", codename=codename).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=researchers, collection=root_collection, permission=permission
                )
    WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": research_workflow()})


def setup_all_sections():
    for index_page in ResearchIndexPage.objects.all():
        setup_research_section(index_page)
