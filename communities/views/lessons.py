"""Lessons learned: the list, writing and editing, the lesson page, review steps and versions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kms.taxonomy.models import Country, Theme

from .. import moderation, permissions, related
from ..actions import AlreadyDone, Refused
from ..forms import LessonForm, ReviewForm
from ..lessons import SaveLesson
from ..related import described
from .common import community_or_404, content_community_or_404, lesson_or_404, visible_threads
from .discussions import previewing
from .writing import writing_kwargs


def lessons(request, slug):
    """The community's published lessons, narrowed by country, theme or language (plain GET form)."""
    community = content_community_or_404(request, slug)
    published = community.lessons.published()
    chosen = {name: request.GET.get(name, "") for name in ("country", "theme", "language")}
    countries = Country.objects.filter(lessons__in=published).distinct().order_by("name_en")
    themes = Theme.objects.filter(lessons__in=published).distinct()
    if chosen["country"]:
        published = published.filter(countries__code=chosen["country"])
    if chosen["theme"]:
        published = published.filter(themes__slug=chosen["theme"])
    if chosen["language"] in dict(settings.LANGUAGES):
        published = published.filter(language=chosen["language"])
    published = published.distinct().select_related("author__profile").prefetch_related("countries", "themes")
    return render(
        request,
        "communities/lessons.html",
        {
            "community": community,
            "lessons": published,
            "chosen": chosen,
            "countries": countries,
            "themes": themes,
            "content_languages": settings.LANGUAGES,
        },
    )


def _save(request, action, context):
    """Save the lesson form through `action`, then submit it when the author asked to; a
    refusal re-renders the form with the author's text and the reason."""
    new = action.is_new
    if previewing(request, action.form):
        return render(request, "communities/lesson_form.html", context)
    try:
        action.check()
        if not action.form.is_valid():
            return render(request, "communities/lesson_form.html", context)
        lesson = action.execute()
    except AlreadyDone as done:
        messages.info(request, done.message)
        return redirect(done.existing)
    except Refused as refused:
        messages.error(request, refused.message)
        return render(request, "communities/lesson_form.html", context, status=403)
    if "submit" in request.POST:
        try:
            moderation.apply(
                request.user, lesson, "submit", confirmed=action.form.cleaned_data["confirm_personal_data"]
            )
            messages.success(request, _("Your lesson has been submitted for review."))
        except moderation.PersonalDataUnconfirmed as refused:
            # The text is saved as a draft; the edit form shows what was found and the box to tick.
            messages.error(request, refused.message)
            return redirect("communities:lesson_edit", slug=lesson.community.slug, pk=lesson.pk)
        except moderation.TransitionRefused as refused:
            messages.error(request, refused.message)
    elif new:
        messages.success(request, _("Your draft has been saved."))
    else:
        messages.success(request, _("Your changes have been saved."))
    return redirect(lesson)


def _find_related(request, form, context):
    """The related-documents chooser's "Find" without JavaScript: the form comes back as it was sent, nothing
    saved and no error shown yet, with the matches as boxes to tick (a file chosen must be chosen again)."""
    form.find_related(request.POST.get("related_q", ""))
    form.hide_errors()
    return render(request, "communities/lesson_form.html", context)


@login_required
def lesson_create(request, slug):
    community = community_or_404(request, slug)
    form = LessonForm(request.POST or None, request.FILES or None, user=request.user, **writing_kwargs(community))
    context = {"community": community, "form": form}
    if (
        request.method == "POST"
        and "related_find" in request.POST
        and permissions.can_post_lesson(request.user, community)
    ):
        return _find_related(request, form, context)
    if request.method == "POST":
        return _save(request, SaveLesson(request.user, form, community), context)
    if not permissions.can_post_lesson(request.user, community):
        messages.info(request, _("Join this community to post a lesson."))
        return redirect(community)
    return render(request, "communities/lesson_form.html", context)


def _findings_for(user, lesson):
    """What the check finds in the lesson, for its author and its reviewers only."""
    if lesson.author_id == getattr(user, "pk", None) or permissions.can_moderate_lesson(user, lesson):
        return lesson.personal_data_findings()
    return []


def lesson_detail(request, slug, pk):
    lesson = lesson_or_404(request, slug, pk)
    user = request.user
    threads = visible_threads(user, lesson.community).filter(lesson=lesson) if lesson.is_published else []
    context = {
        "community": lesson.community,
        "lesson": lesson,
        "attachments": lesson.attachments.all(),
        "related": [described(item) for item in related.visible(related.keys_of(lesson), user).values()],
        "threads": threads,
        "can_edit": permissions.can_edit_lesson(user, lesson),
        "transitions": moderation.available(user, lesson),
        "can_review": permissions.can_moderate_lesson(user, lesson),
        "review_form": ReviewForm(),
        "findings": _findings_for(user, lesson),
        "can_discuss": lesson.is_published and permissions.can_start_thread(user, lesson.community),
        "is_author": user.is_authenticated and lesson.author_id == user.pk,
        "history": lesson.transitions.select_related("actor__profile")[:20]
        if (user.is_authenticated and (lesson.author_id == user.pk or permissions.can_moderate_lesson(user, lesson)))
        else [],
    }
    return render(request, "communities/lesson.html", context)


@login_required
def lesson_edit(request, slug, pk):
    lesson = lesson_or_404(request, slug, pk)
    form = LessonForm(
        request.POST or None,
        request.FILES or None,
        instance=lesson,
        user=request.user,
        **writing_kwargs(lesson.community),
    )
    action = SaveLesson(request.user, form)
    context = {"community": lesson.community, "form": form, "lesson": lesson}
    if (
        request.method == "POST"
        and "related_find" in request.POST
        and permissions.can_edit_lesson(request.user, lesson)
    ):
        return _find_related(request, form, context)
    if request.method == "POST":
        return _save(request, action, context)
    action.check()
    form.show_personal_data(lesson.personal_data_findings())
    return render(request, "communities/lesson_form.html", context)


@login_required
@require_POST
def lesson_submit(request, slug, pk):
    lesson = lesson_or_404(request, slug, pk)
    action = request.POST.get("action", "submit")
    if action not in ("submit", "withdraw"):
        raise Http404
    try:
        moderation.apply(request.user, lesson, action, confirmed=request.POST.get("confirm_personal_data") == "on")
        messages.success(request, _("Done: the lesson is now “%(state)s”.") % {"state": lesson.get_state_display()})
    except moderation.TransitionRefused as refused:
        messages.error(request, refused.message)
    return redirect(lesson)


@login_required
@require_POST
def lesson_review(request, slug, pk):
    lesson = lesson_or_404(request, slug, pk)
    if not permissions.can_moderate_lesson(request.user, lesson):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            data = form.cleaned_data
            moderation.apply(
                request.user, lesson, data["action"], data["reason"], confirmed=data["confirm_personal_data"]
            )
            messages.success(request, _("Done: the lesson is now “%(state)s”.") % {"state": lesson.get_state_display()})
            return redirect(
                (request.POST.get("next") == "queue" and reverse("communities:queue")) or lesson.get_absolute_url()
            )
        except moderation.TransitionRefused as refused:
            messages.error(request, refused.message)
    context = {
        "community": lesson.community,
        "lesson": lesson,
        "review_form": form,
        "can_review": True,
        "attachments": lesson.attachments.all(),
        "related": [],
        "threads": [],
        "history": [],
        "transitions": moderation.available(request.user, lesson),
        "findings": lesson.personal_data_findings(),
    }
    return render(request, "communities/lesson.html", context, status=400)


@login_required
def lesson_versions(request, slug, pk):
    lesson = lesson_or_404(request, slug, pk)
    if not (lesson.author_id == request.user.pk or permissions.can_moderate_lesson(request.user, lesson)):
        raise PermissionDenied
    versions = lesson.versions.select_related("created_by__profile")
    return render(
        request,
        "communities/lesson_versions.html",
        {"community": lesson.community, "lesson": lesson, "versions": versions},
    )
