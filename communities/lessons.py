"""Saving what authors write in a lesson, and the files they add as evidence.

Saving is one step, the same for a new lesson and an edited one: the text (its
language detected when the author did not choose one), its countries, themes and
related pages, a version kept for the record, and the file attached with it. Moving
a lesson through review is `moderation`'s.
"""

from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kms.text import clean_filename

from . import moderation, notifying, permissions, tasks
from .actions import Action, Refused, SaveOnce, text_language
from .models import Attachment, Lesson


def _cannot_edit(lesson):
    return Refused(
        _(
            "This lesson can no longer be edited (it is “%(state)s”, or you are no longer a member). Your text is still below."
        )
        % {"state": lesson.get_state_display()}
    )


def attach(lesson, uploaded, content_type, user):
    """Store a checked upload with the lesson; its text is read by the task worker once the upload is committed."""
    attachment = Attachment.objects.create(
        lesson=lesson,
        file=uploaded,
        original_name=clean_filename(uploaded.name),
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=user,
    )
    transaction.on_commit(partial(tasks.extract_attachment_text.enqueue, attachment.pk))
    return attachment


class SaveLesson(SaveOnce):
    """A member posts a new lesson in `community`, or its author saves their changes.

    `form` is a LessonForm (bound to the lesson when editing). A new lesson's form sent
    twice saves once."""

    model = Lesson
    already_message = gettext_lazy("This lesson was already saved; here it is.")

    def __init__(self, user, form, community=None):
        super().__init__(user)
        self.form = form
        self.lesson = form.instance
        self.community = community if self.lesson.pk is None else self.lesson.community

    @property
    def is_new(self):
        return self.lesson.pk is None

    def check(self):
        if not self.is_new:
            if not permissions.can_edit_lesson(self.user, self.lesson):
                raise _cannot_edit(self.lesson)
            return
        self.check_not_saved()
        if not permissions.can_post_lesson(self.user, self.community):
            raise Refused(_("Only members of this community can post lessons. Your text is still below."))

    def save(self):
        form = self.form
        lesson = form.save(commit=False)
        if lesson.pk is None:
            lesson.community = self.community
            lesson.author = self.user
            lesson.submit_token = form.cleaned_data.get("submit_token")
        if not lesson.language:
            lesson.language = text_language(lesson.title, *(getattr(lesson, n) for n in Lesson.SECTIONS))
        lesson.save()
        form.save_m2m()
        moderation.save_version(lesson, self.user)
        notifying.mentioned_in(lesson)  # only those who may read it yet (reviewers); the rest on publishing
        if form.cleaned_data.get("attachment"):
            attach(lesson, form.cleaned_data["attachment"], form.attachment_type, self.user)
        return lesson


class AddAttachment(Action):
    """The author adds a file as evidence to a lesson they may still edit.

    `form` is an AttachmentForm (which checked the file's real type, size and scan)."""

    def __init__(self, user, lesson, form):
        super().__init__(user)
        self.lesson = lesson
        self.form = form

    def check(self):
        if not permissions.can_add_attachment(self.user, self.lesson):
            raise _cannot_edit(self.lesson)

    def perform(self):
        return attach(self.lesson, self.form.cleaned_data["file"], self.form.content_type, self.user)
