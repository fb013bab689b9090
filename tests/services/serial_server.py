"""The live server answers one request at a time.

On SQLite the test database lives in memory, in SQLite's shared cache: each request thread opens its own
connection to it, and the shared cache locks a table written by one connection against the others
without waiting (no busy timeout applies). So two requests at once (the editor's autosave and its
editing-session ping, say) were answered "database table is locked". A browser still opens several
connections at once; they simply wait their turn.

The test's own thread takes the same turn (`between_requests()`) before it puts a database image back
after a test: a request the last test's browser left running (a slow page, a late fetch) then finishes
on the database it began on, never half on the old one and half on the next test's. Each statement the
test itself runs on that database takes the turn too (`_in_turn`): a test that read the page it had just
published, while a request the editor sent after loading wrote the same table, was answered "database
table is locked".
"""

import threading
from contextlib import contextmanager

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db.backends.signals import connection_created
from django.test import testcases

TURN = threading.Lock()
_holding = threading.local()  # whether this thread holds TURN (a request's thread, or a between_requests block)


@contextmanager
def between_requests(timeout=30):
    """Waits (up to `timeout` seconds) for the request the live server is answering, and keeps the next
    one waiting until the block ends."""
    if getattr(_holding, "turn", False):
        yield
        return
    taken = TURN.acquire(timeout=timeout)
    _holding.turn = taken
    try:
        yield
    finally:
        if taken:
            _holding.turn = False
            TURN.release()


def _in_turn(execute, sql, params, many, context):
    """A statement of the test's thread, run between the live server's requests."""
    with between_requests():
        return execute(sql, params, many, context)


def take_turns(sender, connection, **kwargs):
    """Makes the statements on a new connection wait for the live server's request, if it is to the
    in-memory SQLite database the request threads open too (a PostgreSQL test database waits on its own
    locks). Every such connection gets it: the test's (a new one in a browser test, whose thread runs
    Playwright's event loop and so has its own connections), and a request's, which holds the turn already."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db() and _in_turn not in connection.execute_wrappers:
        connection.execute_wrappers.append(_in_turn)


class OneRequestAtATime(ThreadedWSGIServer):
    def set_app(self, application):
        def serialised(environ, start_response):
            with between_requests(timeout=-1):
                return application(environ, start_response)

        super().set_app(serialised)


def install():
    testcases.LiveServerThread.server_class = OneRequestAtATime
    connection_created.connect(take_turns, weak=False)
