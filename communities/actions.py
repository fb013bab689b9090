"""The one shape of every change people make in the communities: check, then change one thing.

An action is built from the person, what they act on and, where members write, the
bound form that cleaned their input (member HTML is cleaned by the form's fields, so
no action stores uncleaned text). `check()` says whether the change may be made now
and raises `Refused` with a message in the person's language when not; `execute()`
checks again and makes the change. The member pages use them, and the admin, commands
and tests can call them the same way: a view parses input, calls an action and
renders; a refusal becomes a message, or a 403 when nothing catches it (`Refused` is
a `PermissionDenied`).

The shape follows Wagtail's own actions (wagtail/actions), which check a permission
and raise a `PermissionDenied` subclass before changing anything.
"""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.html import strip_tags

from search.language import detect_language


class Refused(PermissionDenied):
    """The change is not allowed or not possible now; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class AlreadyDone(Refused):
    """Nothing to change: it was done before (a second click, a form sent twice).

    `existing` is what the first time made, when there is one to show."""

    def __init__(self, message, existing=None):
        super().__init__(message)
        self.existing = existing


class Action:
    """A change one person asks for. Subclasses set `form` when they read one, and write
    `check` (raise `Refused`) and `perform` (make the change, return what it made)."""

    form = None

    def __init__(self, user):
        self.user = user

    def check(self):
        """Raise `Refused` when the person may not make this change now."""

    def perform(self):
        raise NotImplementedError

    def execute(self):
        self.check()
        if self.form is not None and not self.form.is_valid():
            raise ValueError(f"{type(self).__name__} needs a valid form: {self.form.errors.as_json()}")
        return self.perform()


class SaveOnce(Action):
    """An action whose form carries a one-time token (TokenFormMixin): the same form sent
    twice saves once, and the second time raises `AlreadyDone` with what the first saved.

    Subclasses set `model` and `already_message`, call `check_not_saved()` from `check`,
    and write `save()`, which runs in its own transaction."""

    model = None
    already_message = ""

    def saved_before(self):
        return already_saved(self.model, self.form["submit_token"].value(), self.user)

    def check_not_saved(self):
        existing = self.saved_before()
        if existing is not None:
            raise AlreadyDone(self.already_message, existing)

    def save(self):
        raise NotImplementedError

    def perform(self):
        try:
            with transaction.atomic():
                return self.save()
        except IntegrityError:
            # The same form arrived twice at once; the other request saved it.
            existing = self.saved_before()
            if existing is None:
                raise
            raise AlreadyDone(self.already_message, existing) from None


def already_saved(model, token, user):
    """What `user` saved earlier with the form's one-time `token`, or None."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return model.objects.filter(submit_token=token, author=user).first()


def text_language(*parts):
    """The language members wrote in, among the supported ones."""
    return detect_language(strip_tags(" ".join(p for p in parts if p))).language
