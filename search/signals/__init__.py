"""Content changes -> indexing tasks: one module of receivers per app, connected from `SearchConfig.ready()`.

With search/sources/, the only code in search/ that knows app models.
"""


def connect():
    from . import base, cms_pages, communities, mapping, pages  # noqa: F401 (importing declares their receivers)

    base.connect()
