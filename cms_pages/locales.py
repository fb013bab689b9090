"""Every site language has a Wagtail locale, so pages can be translated into it."""

from django.conf import settings


def ensure_locales():
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def ensure_locales_after_migrate(sender, **kwargs):
    ensure_locales()
