"""Reads the demo's data files and writes pages the way every part of the demo needs.

Each part has `data/<part>.yaml` with what does not depend on language (keys, dates,
references to the taxonomy) and `data/<language>/<part>.yaml` with its words, by the
same keys. `read` joins them: every item gets `words`, a mapping of language code to
that language's fields, holding only the languages it is written in.
"""

import copy
import functools
from pathlib import Path

import yaml
from django.utils import timezone
from wagtail.models import Locale
from wagtail.signals import page_published

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr", "ar", "nl")


@functools.cache
def _file(path):
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def read(part):
    """The part's data with each item's words joined in (a fresh copy: callers may change it)."""
    data = copy.deepcopy(_file(DATA / f"{part}.yaml"))
    for code in LANGUAGES:
        for section, words in _file(DATA / code / f"{part}.yaml").items():
            target = data.setdefault(section, {})
            items = target if isinstance(target, list) else [target]
            for item in items:
                text = words.get(item["key"]) if "key" in item else words
                if text is not None:
                    item.setdefault("words", {})[code] = copy.deepcopy(text)
    return data


def only_language(item):
    """The language and words of an item written in one language only (a lesson, a reply, an event)."""
    ((code, words),) = item["words"].items()
    return code, words


def translation_of(page, code):
    """The page's translation into `code` and None; or, when there is none yet, a new page of the same
    kind in that locale (not saved) and the page to add it under: the translation of the page's parent.

    Made for `save_live(**translation_of(page, code), **fields)` and `publish(...)` alike.
    """
    locale = Locale.objects.get(language_code=code)
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation.specific, None
    parent = page.get_parent()
    parent = parent if parent.is_root() else parent.get_translation(locale)
    return type(page)(locale=locale, translation_key=page.translation_key, slug=page.slug), parent


def _assign(page, fields, m2m):
    for name, value in fields.items():
        setattr(page, name, value)
    for name, values in (m2m or {}).items():
        getattr(page, name).set(values)


def save_live(page, parent=None, m2m=None, **fields):
    """Sets the fields (`m2m`: many-to-many fields and tags) and saves the page live in one write,
    adding it under `parent` when new.

    No revision is written (the public site's many pages load in seconds), but whatever listens
    for publication (search indexing, document audiences) hears of it, as after an editor's publish.
    """
    _assign(page, fields, m2m)
    now = timezone.now()
    page.live, page.has_unpublished_changes = True, False
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now
    if page.pk is None:
        parent.add_child(instance=page)
    else:
        page.save()
    page_published.send(sender=type(page), instance=page, revision=None)
    return page


def publish(page, parent=None, m2m=None, **fields):
    """Sets the fields and publishes a revision, as an editor would; adds the page under `parent` when new."""
    _assign(page, fields, m2m)
    if page.pk is None:
        parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def child(parent, model, slug):
    """The child page of `parent` with this slug, or a new one in the parent's locale (unsaved)."""
    return model.objects.child_of(parent).filter(slug=slug).first() or model(slug=slug, locale=parent.locale)
