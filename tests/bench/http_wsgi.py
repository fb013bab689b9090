"""The site as gunicorn serves it in the HTTP benchmark, plus one route for the baseline.

`/bench/wagtail-search?q=...` answers with Wagtail's own database search over the corpus stored as
`LibraryDocument` rows (title and full text, see tests/bench/http.py): the first 20 results and
the count, as JSON. It has no facets, snippets or language versions, so it is lighter than the
search API it is compared with. Every other path goes to the site unchanged.
"""

import json
import os
from urllib.parse import parse_qs

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kms.settings.production")
site = get_wsgi_application()


def wagtail_search(environ, start_response):
    from django.db import close_old_connections
    from wagtail.search.backends import get_search_backend

    from tests.bench.http import WAGTAIL_PATH, full_text_library_document

    assert environ["PATH_INFO"] == WAGTAIL_PATH
    text = parse_qs(environ.get("QUERY_STRING", "")).get("q", [""])[0]
    close_old_connections()
    try:
        results = get_search_backend().search(text, full_text_library_document())
        page = [{"id": document.pk, "title": document.title} for document in results[:20]]
        body = json.dumps({"total": results.count(), "results": page}).encode()
    finally:
        close_old_connections()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/bench/wagtail-search":
        return wagtail_search(environ, start_response)
    return site(environ, start_response)
