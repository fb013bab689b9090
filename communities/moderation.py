"""The lesson lifecycle, as one state machine: the only code that changes `Lesson.state`.

    draft ──submit──> submitted ──publish──────────> published
      ^                   │  ├──request_changes──> changes_requested ──submit──> submitted
      │                   │  └──reject───────────> rejected
      └──────withdraw─────┘
    published ──unpublish (reason)──> changes_requested

Authors submit and withdraw; facilitators (not on their own lessons) and moderators
publish, request changes, reject and unpublish. Requesting changes, rejecting and
unpublishing need a reason, which the author sees. Every step is recorded as a
LessonTransition (who, when, why) and every text the author saves as a LessonVersion.

Submitting and publishing scan the lesson and its files' text for personal data
(`kms.personal_data`); with findings, the step needs `confirmed=True` (the author's or the
reviewer's ticked box) and the lesson keeps who confirmed it, otherwise it raises
`PersonalDataUnconfirmed` and nothing changes.

A step that is not allowed from the lesson's current state raises `TransitionRefused`
(a `Refused`, as every action's refusal): a second click on "Submit" finds the lesson
already submitted and changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .actions import Refused
from .models import Lesson, LessonTransition, LessonVersion

S = Lesson.State


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    needs_reason: bool
    by_author: bool
    label: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", (S.DRAFT, S.CHANGES_REQUESTED), S.SUBMITTED, False, True, _("Submit for review")),
        Transition("withdraw", (S.SUBMITTED,), S.DRAFT, False, True, _("Withdraw to draft")),
        Transition("publish", (S.SUBMITTED,), S.PUBLISHED, False, False, _("Publish")),
        Transition("request_changes", (S.SUBMITTED,), S.CHANGES_REQUESTED, True, False, _("Request changes")),
        Transition("reject", (S.SUBMITTED,), S.REJECTED, True, False, _("Reject")),
        Transition("unpublish", (S.PUBLISHED,), S.CHANGES_REQUESTED, True, False, _("Unpublish")),
    )
}
REVIEW_ACTIONS = ("publish", "request_changes", "reject", "unpublish")
CHECKED_STEPS = ("submit", "publish")


class TransitionRefused(Refused):
    """The step is not possible now; `message` says why in words the person understands."""


class PersonalDataUnconfirmed(TransitionRefused):
    """The lesson seems to hold personal data and nobody confirmed it may go out; `findings` says what."""

    def __init__(self, findings):
        super().__init__(
            _(
                "This lesson seems to contain personal data. Check what was found, then remove it or confirm that it may be published."
            )
        )
        self.findings = findings


def allowed(user, lesson, name):
    """Whether `user` may take the step `name` on `lesson` from its current state."""
    transition = TRANSITIONS[name]
    if lesson.state not in transition.sources:
        return False
    if transition.by_author:
        return lesson.author_id == getattr(user, "pk", None) and permissions.is_member(user, lesson.community)
    return permissions.can_moderate_lesson(user, lesson)


def available(user, lesson):
    return [t for name, t in TRANSITIONS.items() if allowed(user, lesson, name)]


def apply(user, lesson, name, reason="", confirmed=False):
    """Take the step `name`; returns the lesson. Locks the row so two reviewers cannot both act.

    `confirmed`: the person ticked the box saying the personal data found may be published."""
    transition = TRANSITIONS[name]
    reason = (reason or "").strip()
    with transaction.atomic():
        current = Lesson.objects.select_for_update().select_related("community").get(pk=lesson.pk)
        if current.state not in transition.sources:
            raise TransitionRefused(
                _("This lesson is already “%(state)s”; nothing was changed.") % {"state": current.get_state_display()}
            )
        if not allowed(user, current, name):
            raise TransitionRefused(_("You are not allowed to do this."))
        if transition.needs_reason and not reason:
            raise TransitionRefused(_("Please give the author a reason."))
        if name in CHECKED_STEPS:
            findings = current.personal_data_findings()
            if findings and not confirmed:
                raise PersonalDataUnconfirmed(findings)
            current.record_personal_data(findings, user)
        now = timezone.now()
        previous = current.state
        current.state = transition.target
        if transition.target == S.SUBMITTED:
            current.submitted_at = now
            current.moderation_reason = ""
        if transition.target == S.PUBLISHED and current.published_at is None:
            current.published_at = now
        if transition.needs_reason:
            current.moderation_reason = reason
        current.save()
        LessonTransition.objects.create(
            lesson=current, from_state=previous, to_state=current.state, actor=user, reason=reason
        )
        _notify(user, current, name, reason)
    lesson.refresh_from_db()
    return lesson


def save_version(lesson, user):
    """Keep the text as it is now; called after every save by the author."""
    with transaction.atomic():
        last = LessonVersion.objects.filter(lesson=lesson).aggregate(last=Max("number"))["last"] or 0
        return LessonVersion.objects.create(
            lesson=lesson, number=last + 1, content=lesson.snapshot(), state=lesson.state, created_by=user
        )


def _notify(actor, lesson, name, reason):
    from . import notifying

    if name == "publish":
        notifying.lesson_published(lesson, actor)
    if name in ("publish", "request_changes", "reject", "unpublish"):
        notifying.moderation_outcome(lesson, actor, name, reason)
    if name == "submit":
        notifying.lesson_submitted(lesson, actor)
