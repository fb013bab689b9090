"""Wagtail hooks: tell the editor when a document page was saved without a cover, and why, and what a draft still
lacks before it can be published; keep one document per uploaded file; hand a document's file only to its
audience; publish imported files on document pages; the figures of countries and regions, entered once."""

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from kms.choosers import SnippetViewSet

from .figures import PlaceFigures
from .library_pages import LibraryPublisher
from .models import DocumentPage
from .permissions import can_download
from .publishing import draft_warnings
from .uploads import claim, discard_replaced


def _warn_about_cover(request, page):
    problem = getattr(page, "cover_problem", "")
    if problem:
        messages.warning(request, problem)


def _warn_about_publishing(request, page):
    if request.accepts("text/html"):  # an autosave answers in JSON; the editor sees these on their next save
        for warning in draft_warnings(page):
            messages.warning(request, warning)


def _settle_uploads(request, page):
    """Once the page and its revision are saved: the upload belongs to the page, and what it replaced goes."""
    if not isinstance(page, DocumentPage):
        return
    uploaded = getattr(page, "uploaded_document", None)
    if uploaded is not None:
        claim(page, uploaded)
    discard_replaced(page)


for _hook in ("after_create_page", "after_edit_page"):
    hooks.register(_hook, _warn_about_cover)
    hooks.register(_hook, _warn_about_publishing)
    hooks.register(_hook, _settle_uploads)


@hooks.register("before_serve_document")
def _serve_only_to_audience(document, request):
    # Not found rather than forbidden: a staff-only file's id and name tell a stranger nothing.
    if not can_download(request.user, document):
        raise Http404


@hooks.register("kms_library_publisher")
def _library_publisher():
    """What `import_library --audience public` publishes each file with (search knows no app)."""
    return LibraryPublisher


class PlaceFiguresViewSet(SnippetViewSet):
    """Key figures and trends, one screen per country or region, shared by every language version of its page."""

    model = PlaceFigures
    icon = "order"
    menu_label = _("Figures")
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["__str__", "updated_at"]
    ordering = ["region__name_en", "country__name_en"]


register_snippet(PlaceFiguresViewSet)


def _warn_about_figures(request, figures):
    if isinstance(figures, PlaceFigures) and request.accepts("text/html"):
        for warning in figures.disagreements():
            messages.warning(request, warning)


hooks.register("after_create_snippet", _warn_about_figures)
hooks.register("after_edit_snippet", _warn_about_figures)
