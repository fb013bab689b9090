"""The demo's one idempotency test: loaded a second time, it adds no row to any table but the history ones."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.services import snapshots

# The first load is the worker's demo image (tests/services/snapshots.py), committed; the second is made here.
pytestmark = pytest.mark.django_db(transaction=True)

# Each run publishes the pages again, as an editor would, and that leaves history behind; Wagtail's
# reference index is derived, and catches up on the second run with references made late in the first.
HISTORY = {"wagtailcore.revision", "wagtailcore.pagelogentry", "wagtailcore.referenceindex"}


def row_counts():
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if model._meta.label_lower not in HISTORY and not model._meta.proxy
    }


@pytest.mark.slow  # loads the whole demo (twice, when the worker has no image of it yet)
def test_second_load_adds_nothing():
    snapshots.load_demo()
    before = row_counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    after = row_counts()
    assert {label: (count, after[label]) for label, count in before.items() if after[label] != count} == {}
    assert "0 notifications" in out.getvalue()
    assert before["cms_pages.homepage"] == 4 and before["wagtailcore.site"] == 1
    assert before["outreach.contactpage"] == 4 and before["outreach.formfield"] == 16
