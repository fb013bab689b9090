"""Uploaded media for the development server (DEBUG only): images and the like, never the library's files.

Documents are stored outside MEDIA_ROOT (cms_pages.storage); the documents/ folder is
refused here too, so a file left there from before the move is not served either.
"""

import posixpath
import re

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

PRIVATE_FOLDERS = ("documents",)


def media(request, path):
    # The folder is judged after normalising, as the static view will read it ("images/../documents/x").
    folder = posixpath.normpath(path).lstrip("/").split("/", 1)[0]
    if folder in PRIVATE_FOLDERS:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", media)]
