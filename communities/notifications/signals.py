"""Remember the language a person signs in with: their emails are then written in it."""

from django.utils.translation import get_language


def remember_language_at_sign_in(sender, request, user, **kwargs):
    from .delivery import remember_language

    remember_language(user, getattr(request, "LANGUAGE_CODE", None) or get_language())
