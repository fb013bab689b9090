"""The test's own statements on the in-memory SQLite database wait for the live server's request in
progress (tests/services/serial_server.py): SQLite's shared cache answers a read of a table that another
connection is writing with "database table is locked", at once."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction

from tests.services import serial_server

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["plain", pytest.param("browser", marks=pytest.mark.browser)])
def thread_kind(request):
    """A plain test, or a browser test: Playwright runs its event loop on the test's thread, and Django then
    gives that thread connections of its own (the session's first one is not the one the test uses)."""
    if request.param == "browser":
        request.getfixturevalue("page")


def test_a_read_waits_for_the_request_that_is_writing_the_same_table(thread_kind):
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        pytest.skip("the shared in-memory SQLite database of the SQLite pass only")
    users = get_user_model().objects
    users.create(username="before")
    writing, release = threading.Event(), threading.Event()

    def request():
        # As the live server answers a request: its own connection, holding the turn, writing in a transaction.
        try:
            with serial_server.between_requests(), transaction.atomic():
                users.create(username="during")
                writing.set()
                release.wait(5)
        finally:
            connections.close_all()

    thread = threading.Thread(target=request)
    thread.start()
    try:
        assert writing.wait(5)
        threading.Timer(0.3, release.set).start()  # the request ends while the read below waits its turn
        assert sorted(users.values_list("username", flat=True)) == ["before", "during"]
    finally:
        release.set()
        thread.join(10)
