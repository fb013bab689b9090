"""Requests no view should see."""

from django.core.exceptions import BadRequest


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
