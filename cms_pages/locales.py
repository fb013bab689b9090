"""Every site language has a Wagtail locale, and the page and collection trees have their roots."""

from django.conf import settings
from wagtail.models import Collection, Locale, Page


def ensure_locales():
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def ensure_locales_after_migrate(sender, **kwargs):
    ensure_locales()


def ensure_tree_roots():
    """The root page and root collection Wagtail's migrations create, recreated if a flush removed them."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root
