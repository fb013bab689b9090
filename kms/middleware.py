"""Requests no view should see, and admin page saves that succeed or fail as one."""

from django.core.exceptions import BadRequest
from django.db import transaction


class RejectNulMiddleware:
    """A NUL character anywhere in the path or query string is a 400, before any view.

    No address, id, search or parameter of the site legitimately holds one, and
    PostgreSQL cannot store or compare text holding one: a lookup by such a value
    raised ValueError (a 500) in views that read the query string directly. Forms
    already refuse NUL in their fields (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


class AtomicPageSavesMiddleware:
    """Creating or editing a page in the admin is one transaction: the uploaded file's document, its cover, the
    page, its revision and the publish are all stored, or, when any step fails, none of them.

    Wagtail's create and edit views save the page, then its revision, then publish, each on its own; a
    failure in between (SQLite's "database is locked", an error in a publish hook) left a live page with
    no revision and an orphan document. Last in MIDDLEWARE, so every other middleware has run first.
    """

    VIEWS = {"wagtailadmin_pages:add", "wagtailadmin_pages:edit"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match.view_name not in self.VIEWS:
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
