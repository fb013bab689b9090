"""The live server answers one request at a time.

Its request threads share the test's own database connection (an in-memory SQLite database cannot be
opened twice), so two requests at once (the editor's autosave and its editing-session ping, say) ran
statements on one connection together, and SQLite answered "database table is locked". A browser still
opens several connections at once; they simply wait their turn.
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import testcases


class OneRequestAtATime(ThreadedWSGIServer):
    def set_app(self, application):
        lock = threading.Lock()

        def serialised(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(serialised)


def install():
    testcases.LiveServerThread.server_class = OneRequestAtATime
