"""What a lesson cites: documents, publications and other lessons, in any language, chosen by searching.

The field holds record keys ("page:12", "document:3", "lesson:7"), the names search gives them, so the
chooser, its no-JavaScript "Find" and the lesson page all ask search one question: which of these may this
person see? A key of another kind, or of something they may not see, is refused.
"""

import json

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.translation import get_language, get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _

KINDS = ("document", "publication", "lesson")
MAX_RELATED = 20
FIND_LIMIT = 10
MIN_FIND_CHARS = 2


def kind_labels():
    return {"document": _("Document"), "publication": _("Publication"), "lesson": _("Lesson learned")}


def language_name(code):
    if code in dict(settings.LANGUAGES):
        return str(get_language_info(code)["name_translated"])
    return _("Other language")


def described(suggestion):
    """A record as the chooser and the lesson page show it: title, link, kind and language, named for the reader."""
    return {
        "id": suggestion.id,
        "title": suggestion.title,
        "url": suggestion.url,
        "kind": suggestion.kind,
        "kind_label": kind_labels().get(suggestion.kind, suggestion.kind),
        "language": suggestion.language,
        "language_name": language_name(suggestion.language),
        "other_language": suggestion.language != (get_language() or settings.LANGUAGE_CODE),
        "bidi": suggestion.language in dict(settings.LANGUAGES) and get_language_info(suggestion.language)["bidi"],
    }


def visible(keys, user):
    """{key: Suggestion} of the keys `user` may see among the kinds a lesson may cite (search decides)."""
    # Imported on use: search depends on communities (its sources read our lessons), not the other way round.
    from search.lookup import visible as visible_records

    return visible_records([key for key in keys if _well_formed(key)], user, kinds=KINDS)


def _well_formed(key):
    name, _sep, pk = key.partition(":")
    return name in ("page", "document", "lesson") and pk.isdigit() and len(pk) < 12


def keys_of(lesson):
    """The record keys of what `lesson` cites, pages first, then files, then lessons."""
    if lesson.pk is None:
        return []
    return [
        *(f"page:{pk}" for pk in lesson.related_pages.values_list("pk", flat=True)),
        *(f"document:{pk}" for pk in lesson.related_documents.values_list("pk", flat=True)),
        *(f"lesson:{pk}" for pk in lesson.related_lessons.values_list("pk", flat=True)),
    ]


def save(lesson, keys):
    """Replace what `lesson` cites by the records `keys` (already checked by the form)."""
    by_name = {"page": [], "document": [], "lesson": []}
    for key in keys:
        name, _sep, pk = key.partition(":")
        by_name[name].append(int(pk))
    lesson.related_pages.set(by_name["page"])
    lesson.related_documents.set(by_name["document"])
    lesson.related_lessons.set(by_name["lesson"])


class RelatedChooser(forms.Widget):
    """Chosen items as ticked boxes, a search box with a "Find" button, and the matches found as boxes to tick.

    Without JavaScript "Find" sends the form back as it was, with the matches (the view's `find`); with it,
    communities/related.js offers titles as one types from the autocomplete API and adds the one chosen.
    """

    template_name = "communities/widgets/related_chooser.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.chosen = {}
        self.matches = []
        self.query = ""
        self.notice = ""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])

    def value_omitted_from_data(self, data, files, name):
        return False  # no box ticked means nothing chosen

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen_keys = [key for key in (value or []) if key in self.chosen]
        widget = context["widget"]
        widget.update(
            chosen=[described(self.chosen[key]) for key in chosen_keys],
            matches=[described(match) for match in self.matches if match.id not in chosen_keys],
            query=self.query,
            notice=self.notice,
            api_url=reverse("api-autocomplete"),
            kinds=KINDS,
            labels=json.dumps(
                {
                    "kinds": kind_labels(),
                    "languages": {code: language_name(code) for code, _name in settings.LANGUAGES},
                    "other": _("Other language"),
                    "none": _("No documents, publications or lessons match."),
                    "added": _("Added: %(title)s"),
                    "list": _("Documents, publications and lessons"),
                },
                ensure_ascii=False,
            ),
        )
        return context


class RelatedField(forms.Field):
    """Record keys of documents, publications and lessons; the form checks them against who is choosing."""

    widget = RelatedChooser
    default_error_messages = {
        "refused": gettext_lazy(
            "These items cannot be linked (they are not documents, publications or lessons you may see): %(keys)s."
        )
    }

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return list(dict.fromkeys(str(key).strip() for key in values if str(key).strip()))

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_RELATED:
            raise ValidationError(
                ngettext("Choose at most %(limit)s item.", "Choose at most %(limit)s items.", MAX_RELATED)
                % {"limit": MAX_RELATED}
            )


class RelatedFormMixin:
    """For a ModelForm of lessons with a RelatedField named `related`: what is chosen is checked against
    `user`, shown with its title, kind and language, and saved with the lesson's other relations."""

    def setup_related(self, user):
        self.related_user = user = user or AnonymousUser()
        field = self.fields["related"]
        keys = field.widget.value_from_datadict(self.data, self.files, self.add_prefix("related"))
        existing = keys_of(self.instance)
        if not self.is_bound:
            keys = existing
            self.initial["related"] = keys
        # More than MAX_RELATED is refused by the field: never more lookups than that, whatever is sent.
        keys = list(dict.fromkeys(keys))[: MAX_RELATED + 1]
        field.widget.chosen = visible(keys, user) if keys else {}
        # What the lesson cites that the chooser cannot offer this author (a page of another kind linked
        # before the chooser existed, an item they may not see) is kept as it is: never dropped by a save.
        offered = field.widget.chosen if not self.is_bound else (visible(existing, user) if existing else {})
        self.related_kept = [key for key in existing if key not in offered]

    def clean_related(self):
        keys = self.cleaned_data["related"]
        own = f"lesson:{self.instance.pk}" if self.instance.pk else None
        chosen = self.fields["related"].widget.chosen
        refused = [key for key in keys if key not in chosen or key == own]
        if refused:
            raise ValidationError(
                self.fields["related"].error_messages["refused"],
                code="refused",
                params={"keys": ", ".join(key[:40] for key in refused)},
            )
        return keys

    def find_related(self, text):
        """The matches for `text` offered as boxes to tick (the chooser's "Find" without JavaScript)."""
        from search.lookup import matching

        widget = self.fields["related"].widget
        widget.query = " ".join(text.split())[:200]
        if len(widget.query) < MIN_FIND_CHARS:
            widget.notice = _("Type at least two characters to find documents, publications and lessons.")
            return
        found = matching(widget.query, self.related_user, kinds=KINDS, language=get_language() or "", limit=FIND_LIMIT)
        if found is None:
            widget.notice = _("Search is temporarily unavailable; what you chose is kept. Please try again later.")
            return
        widget.matches = [match for match in found if match.id != f"lesson:{self.instance.pk}"]
        if not widget.matches:
            widget.notice = _("No documents, publications or lessons match “%(text)s”.") % {"text": widget.query}

    def hide_errors(self):
        """Shown again as sent, before the author has asked to save: no field is judged yet."""
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def _save_m2m(self):
        super()._save_m2m()
        if "related" in self.cleaned_data:
            save(self.instance, [*self.cleaned_data["related"], *self.related_kept])
