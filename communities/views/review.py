"""The review steps taken from a list of what waits: the member pages' moderation queue and the
admin's "Community review" page post here, through two routes each (`back` names the list to
return to). Every step is an action shared with the lesson and discussion pages:
`moderation.apply` for lessons, `HidePost` and `DismissFlags` for messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import moderation, permissions, review
from ..actions import AlreadyDone
from ..discussions import DismissFlags, HidePost
from ..forms import DismissFlagsForm, HideForm, ReviewForm
from ..models import Lesson, Reply, Thread

POST_STEPS = {
    "hide": (HidePost, HideForm, gettext_lazy("The message is hidden; it is kept for the record.")),
    "dismiss": (DismissFlags, DismissFlagsForm, gettext_lazy("The flags are dismissed; the message stays as it is.")),
}


def _back(back, anchor=""):
    return redirect(reverse(back) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def review_lesson(request, pk, back):
    """Publish, request changes or reject a submitted lesson; a refusal says why, on the list."""
    lesson = get_object_or_404(Lesson.objects.select_related("community"), pk=pk)
    if not permissions.can_moderate_lesson(request.user, lesson):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise Http404  # only a hand-made request sends an unknown step
    data = form.cleaned_data
    try:
        moderation.apply(request.user, lesson, data["action"], data["reason"], confirmed=data["confirm_personal_data"])
        messages.success(request, _("Done: the lesson is now “%(state)s”.") % {"state": lesson.get_state_display()})
    except moderation.TransitionRefused as refused:
        messages.error(request, refused.message)
        return _back(back, f"lesson-{lesson.pk}")
    return _back(back)


@login_required
@require_POST
def review_post(request, kind, pk, step, back):
    """Hide a flagged message, or dismiss its flags and keep it; both need a reason."""
    if step not in POST_STEPS:
        raise Http404
    if kind == "discussions":
        post = get_object_or_404(Thread.objects.select_related("community"), pk=pk)
        community = post.community
    elif kind == "replies":
        post = get_object_or_404(Reply.objects.select_related("thread__community"), pk=pk)
        community = post.thread.community
    else:
        raise Http404
    action_class, form_class, done = POST_STEPS[step]
    form = form_class(request.POST)
    action = action_class(request.user, community, post, form)
    try:
        action.check()  # a person who may not moderate here gets a 403 (Refused)
    except AlreadyDone as already:
        messages.info(request, already.message)
        return _back(back)
    if not form.is_valid():
        messages.error(request, _("Please give a reason; nothing was changed."))
        return _back(back, f"{kind}-{pk}")
    action.execute()
    messages.success(request, done)
    return _back(back)


def review_context(user, lesson_url, post_url):
    """What a list of waiting items shows, and where its forms post."""
    return {"waiting": review.waiting(user), "lesson_url": lesson_url, "post_url": post_url}


class AdminReviewView(WagtailAdminTemplateMixin, TemplateView):
    """The admin's "Community review": the same list and steps as the member pages' queue."""

    template_name = "communities/review/admin.html"
    page_title = gettext_lazy("Community review")
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.reviewable_community_ids(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **review_context(self.request.user, "kms_community_review_lesson", "kms_community_review_post"),
        }
