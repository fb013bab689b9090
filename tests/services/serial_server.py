"""The live server answers one request at a time.

Its request threads share the test's own database connection (an in-memory SQLite database cannot be
opened twice), so two requests at once (the editor's autosave and its editing-session ping, say) ran
statements on one connection together, and SQLite answered "database table is locked". A browser still
opens several connections at once; they simply wait their turn.

The test's own thread takes the same turn (`between_requests()`) before it puts a database image back
after a test: a request the last test's browser left running (a slow page, a late fetch) then finishes
on the database it began on, never half on the old one and half on the next test's.
"""

import threading
from contextlib import contextmanager

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import testcases

TURN = threading.Lock()


@contextmanager
def between_requests(timeout=30):
    """Waits (up to `timeout` seconds) for the request the live server is answering, and keeps the next
    one waiting until the block ends."""
    taken = TURN.acquire(timeout=timeout)
    try:
        yield
    finally:
        if taken:
            TURN.release()


class OneRequestAtATime(ThreadedWSGIServer):
    def set_app(self, application):
        def serialised(environ, start_response):
            with TURN:
                return application(environ, start_response)

        super().set_app(serialised)


def install():
    testcases.LiveServerThread.server_class = OneRequestAtATime
