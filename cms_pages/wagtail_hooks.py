"""Wagtail hooks: tell the editor when a document page was saved without a cover, and why; hand a
document's file only to its audience; publish imported files on document pages."""

from django.contrib import messages
from django.http import Http404
from wagtail import hooks

from .library_pages import LibraryPublisher
from .permissions import can_download


def _warn_about_cover(request, page):
    problem = getattr(page, "cover_problem", "")
    if problem:
        messages.warning(request, problem)


hooks.register("after_create_page", _warn_about_cover)
hooks.register("after_edit_page", _warn_about_cover)


@hooks.register("before_serve_document")
def _serve_only_to_audience(document, request):
    # Not found rather than forbidden: a staff-only file's id and name tell a stranger nothing.
    if not can_download(request.user, document):
        raise Http404


@hooks.register("kms_library_publisher")
def _library_publisher():
    """What `import_library --audience public` publishes each file with (search knows no app)."""
    return LibraryPublisher
