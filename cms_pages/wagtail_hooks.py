"""Admin hooks: tell the editor when a document page was saved without a cover, and why."""

from django.contrib import messages
from wagtail import hooks


def _warn_about_cover(request, page):
    problem = getattr(page, "cover_problem", "")
    if problem:
        messages.warning(request, problem)


hooks.register("after_create_page", _warn_about_cover)
hooks.register("after_edit_page", _warn_about_cover)
