"""The indexing receivers' decorator: on commit only, never for raw (fixture) saves, and only while
live indexing is on (the test settings turn it off; `live_indexing` turns it back on)."""

import pytest

from search.engine import get_engine
from tests.factories import UserFactory
from tests.factories.communities import CommunityFactory, ThreadFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


def test_nothing_is_indexed_while_live_indexing_is_off(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thread = ThreadFactory()
    assert f"thread:{thread.pk}" not in get_engine().ids()


@pytest.mark.usefixtures("live_indexing")
def test_a_change_is_indexed_once_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thread = ThreadFactory()
        # Inside the transaction the task is only promised: a rollback would leave nothing to undo.
        assert f"thread:{thread.pk}" not in get_engine().ids()
    assert f"thread:{thread.pk}" in get_engine().ids()


@pytest.mark.usefixtures("live_indexing")
def test_raw_saves_from_fixtures_are_left_to_a_rebuild(django_capture_on_commit_callbacks):
    thread = ThreadFactory.build(community=CommunityFactory(), author=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        thread.save_base(raw=True)
    assert f"thread:{thread.pk}" not in get_engine().ids()
