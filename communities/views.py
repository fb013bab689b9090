"""Member-facing pages: partners never use the Wagtail admin.

Every view asks `permissions` before showing or changing anything. A refused post
re-renders its form with what the person typed and a message saying why.
Members-only content answers 404 to people who may not see it, so its existence
does not leak either.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kms.taxonomy.models import Country, Theme
from search.language import detect_language

from . import attachments, ical, moderation, notifying, permissions
from .forms import (
    AttachmentForm,
    CommunityForm,
    DecisionForm,
    EditPostForm,
    EventForm,
    FlagForm,
    HideForm,
    InvitationForm,
    LessonForm,
    ReplyForm,
    RequestMembershipForm,
    ReviewForm,
    ThreadForm,
)
from .invitations import accept_invitation, send_invitation
from .models import Attachment, Community, Event, Flag, Invitation, Lesson, Membership, Reply, Thread

HOME_LIST_SIZE = 10


def _community(request, slug):
    community = get_object_or_404(Community.objects.prefetch_related("themes", "countries"), slug=slug)
    if not permissions.can_see_community(request.user, community):
        raise Http404
    return community


def _content_community(request, slug):
    """The community, when the person may read its content; 404 otherwise (nothing leaks)."""
    community = _community(request, slug)
    if not permissions.can_view_content(request.user, community):
        raise Http404
    return community


def _text_language(*parts):
    from django.utils.html import strip_tags

    return detect_language(strip_tags(" ".join(p for p in parts if p))).language


# --- Directory and home --------------------------------------------------------------------


def directory(request):
    communities = Community.objects.prefetch_related("themes", "countries").annotate(
        member_count=Count("memberships", filter=Q(memberships__state=Membership.State.ACTIVE), distinct=True),
        lesson_count=Count("lessons", filter=Q(lessons__state=Lesson.State.PUBLISHED), distinct=True),
    )
    if not request.user.is_authenticated:
        communities = communities.filter(visibility=Community.Visibility.PUBLIC)
    mine, facilitates = set(), False
    if request.user.is_authenticated:
        for community_id, role in Membership.objects.filter(
            user=request.user, state=Membership.State.ACTIVE
        ).values_list("community_id", "role"):
            mine.add(community_id)
            facilitates = facilitates or role == Membership.Role.FACILITATOR
    show_queue = facilitates or permissions.is_moderator(request.user)
    return render(
        request, "communities/directory.html", {"communities": communities, "mine": mine, "show_queue": show_queue}
    )


def home(request, slug):
    community = _community(request, slug)
    user = request.user
    can_read = permissions.can_view_content(user, community)
    context = {
        "community": community,
        "membership": permissions.membership_of(user, community),
        "can_read": can_read,
        "can_join": permissions.can_join(user, community),
        "can_request": permissions.can_request_membership(user, community),
        "can_leave": permissions.can_leave(user, community),
        "can_post": permissions.can_post_lesson(user, community),
        "can_manage": permissions.can_manage_members(user, community),
        "can_manage_events": permissions.can_manage_events(user, community),
        "can_view_members": permissions.can_view_members(user, community),
        "has_feed": permissions.can_have_feed(community),
        "facilitators": Membership.objects.filter(
            community=community, state=Membership.State.ACTIVE, role=Membership.Role.FACILITATOR
        ).select_related("user__profile"),
    }
    if can_read:
        context.update(
            lessons=community.lessons.published().select_related("author__profile").prefetch_related("countries")[
                :HOME_LIST_SIZE
            ],
            threads=_visible_threads(user, community).filter(lesson__isnull=True)[:HOME_LIST_SIZE],
            events=community.events.filter(ends_at__gte=timezone.now())[:HOME_LIST_SIZE],
            members=Membership.objects.filter(community=community, state=Membership.State.ACTIVE)
            .select_related("user__profile__organisation", "user__profile__country")[:24]
            if context["can_view_members"]
            else [],
            member_count=Membership.objects.filter(community=community, state=Membership.State.ACTIVE).count(),
        )
    if user.is_authenticated:
        context["my_lessons"] = community.lessons.filter(author=user).exclude(state=Lesson.State.PUBLISHED)
    return render(request, "communities/home.html", context)


def _visible_threads(user, community):
    threads = community.threads.select_related("author__profile").annotate(
        reply_count=Count("replies", filter=Q(replies__hidden_at__isnull=True))
    )
    if not permissions.can_see_hidden(user, community):
        threads = threads.filter(hidden_at__isnull=True)
    return threads


@login_required
def community_edit(request, slug):
    community = _community(request, slug)
    if not permissions.can_edit_community(request.user, community):
        raise PermissionDenied
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The community has been updated."))
        return redirect(community)
    return render(request, "communities/community_form.html", {"community": community, "form": form})


# --- Membership ----------------------------------------------------------------------------


@login_required
@require_POST
def join(request, slug):
    community = _community(request, slug)
    if permissions.is_member(request.user, community):
        messages.info(request, _("You are already a member of this community."))
    elif not permissions.can_join(request.user, community):
        messages.error(request, _("This community cannot be joined directly."))
    else:
        Membership.objects.update_or_create(
            community=community,
            user=request.user,
            defaults={"state": Membership.State.ACTIVE, "role": Membership.Role.MEMBER, "joined_at": timezone.now()},
        )
        messages.success(request, _("Welcome to %(community)s.") % {"community": community})
    return redirect(community)


@login_required
def request_membership(request, slug):
    community = _community(request, slug)
    membership = permissions.membership_of(request.user, community)
    if membership is not None and membership.state in (Membership.State.ACTIVE, Membership.State.REQUESTED):
        messages.info(
            request,
            _("You are already a member of this community.")
            if membership.is_active
            else _("Your request is waiting for a facilitator's answer."),
        )
        return redirect(community)
    form = RequestMembershipForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_request_membership(request.user, community):
            messages.error(request, _("This community does not take requests to join."))
        elif form.is_valid():
            Membership.objects.update_or_create(
                community=community,
                user=request.user,
                defaults={
                    "state": Membership.State.REQUESTED,
                    "role": Membership.Role.MEMBER,
                    "request_message": form.cleaned_data["message"],
                    "decision_reason": "",
                    "decided_by": None,
                    "decided_at": None,
                },
            )
            messages.success(request, _("Your request has been sent to the facilitators."))
            return redirect(community)
    return render(request, "communities/request.html", {"community": community, "form": form})


@login_required
@require_POST
def leave(request, slug):
    community = _community(request, slug)
    membership = permissions.membership_of(request.user, community)
    if membership is None or not membership.is_active:
        messages.info(request, _("You are not a member of this community."))
        return redirect(community)
    membership.state = Membership.State.LEFT
    membership.role = Membership.Role.MEMBER
    membership.save(update_fields=["state", "role"])
    messages.success(request, _("You have left %(community)s.") % {"community": community})
    return redirect(community)


def members(request, slug):
    community = _community(request, slug)
    if not permissions.can_view_members(request.user, community):
        raise Http404
    active = Membership.objects.filter(community=community, state=Membership.State.ACTIVE).select_related(
        "user__profile__organisation", "user__profile__country"
    )
    context = {"community": community, "members": active, "can_manage": False}
    if permissions.can_manage_members(request.user, community):
        context.update(
            can_manage=True,
            requests=Membership.objects.filter(community=community, state=Membership.State.REQUESTED).select_related(
                "user__profile"
            ),
            invitations=community.invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now()),
            decision_form=DecisionForm(),
        )
    return render(request, "communities/members.html", context)


def member(request, slug, pk):
    community = _community(request, slug)
    if not permissions.can_view_members(request.user, community):
        raise Http404
    membership = get_object_or_404(
        Membership.objects.select_related("user__profile__organisation", "user__profile__country"),
        community=community,
        user_id=pk,
        state=Membership.State.ACTIVE,
    )
    return render(request, "communities/member.html", {"community": community, "membership": membership})


@login_required
@require_POST
def decide_membership(request, slug, pk):
    community = _community(request, slug)
    if not permissions.can_manage_members(request.user, community):
        raise PermissionDenied
    membership = get_object_or_404(Membership, community=community, pk=pk)
    form = DecisionForm(request.POST)
    if membership.state != Membership.State.REQUESTED:
        messages.info(request, _("This request has already been answered."))
    elif not form.is_valid():
        messages.error(request, _("Please tell the person why their request is declined."))
    else:
        approve = form.cleaned_data["decision"] == "approve"
        membership.state = Membership.State.ACTIVE if approve else Membership.State.DECLINED
        membership.decision_reason = form.cleaned_data["reason"]
        membership.decided_by = request.user
        membership.decided_at = timezone.now()
        if approve:
            membership.joined_at = membership.decided_at
        with transaction.atomic():
            membership.save()
            notifying.membership_decided(membership, request.user)
        messages.success(request, _("The request has been answered."))
    return redirect("communities:members", slug=community.slug)


@login_required
@require_POST
def promote(request, slug, pk):
    community = _community(request, slug)
    if not permissions.can_manage_members(request.user, community):
        raise PermissionDenied
    membership = get_object_or_404(Membership, community=community, pk=pk, state=Membership.State.ACTIVE)
    role = request.POST.get("role", Membership.Role.FACILITATOR)
    if role not in Membership.Role.values:
        raise Http404
    membership.role = role
    membership.save(update_fields=["role"])
    messages.success(request, _("%(name)s is now: %(role)s.") % {"name": membership.user.profile, "role": membership.get_role_display()})
    return redirect("communities:members", slug=community.slug)


@login_required
def invite(request, slug):
    community = _community(request, slug)
    if not permissions.can_invite(request.user, community):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        send_invitation(request, community, form.cleaned_data["email"], form.cleaned_data["message"], request.user)
        messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("communities:members", slug=community.slug)
    return render(request, "communities/invite.html", {"community": community, "form": form})


def invitation(request, token):
    """The link in the invitation email: sign in (or sign up) with the invited address to accept."""
    invitation = get_object_or_404(Invitation.objects.select_related("community"), token=token)
    if invitation.accepted_at is not None:
        messages.info(request, _("This invitation has already been accepted."))
        return redirect(invitation.community)
    if invitation.is_expired:
        return render(request, "communities/invitation_expired.html", {"invitation": invitation}, status=410)
    if not request.user.is_authenticated:
        request.session["community_invitation"] = invitation.token
        return render(request, "communities/invitation.html", {"invitation": invitation})
    if request.method == "POST":
        outcome = accept_invitation(invitation, request.user)
        if outcome is True:
            permissions.forget_memberships(request.user)
            messages.success(request, _("Welcome to %(community)s.") % {"community": invitation.community})
            return redirect(invitation.community)
        messages.error(request, outcome)
    return render(request, "communities/invitation.html", {"invitation": invitation})


# --- Lessons -------------------------------------------------------------------------------


def lessons(request, slug):
    """The community's published lessons, narrowed by country, theme or language (plain GET form)."""
    community = _content_community(request, slug)
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
    return render(request, "communities/lessons.html", {
        "community": community, "lessons": published, "chosen": chosen, "countries": countries, "themes": themes,
        "content_languages": settings.LANGUAGES,
    })


def _lesson(request, slug, pk):
    lesson = get_object_or_404(Lesson.objects.select_related("community", "author__profile"), pk=pk, community__slug=slug)
    if not permissions.can_view_lesson(request.user, lesson):
        raise Http404
    return lesson


def _save_attachment(lesson, uploaded, content_type, user):
    return Attachment.objects.create(
        lesson=lesson,
        file=uploaded,
        original_name=uploaded.name[:200],
        content_type=content_type,
        size=uploaded.size,
        text=attachments.extract_text(uploaded, content_type),
        uploaded_by=user,
    )


@login_required
def lesson_create(request, slug):
    community = _community(request, slug)
    form = LessonForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        token = request.POST.get("submit_token")
        existing = _already_saved(Lesson, token, request.user)
        if existing is not None:
            messages.info(request, _("This lesson was already saved; here it is."))
            return redirect(existing)
        if not permissions.can_post_lesson(request.user, community):
            messages.error(request, _("Only members of this community can post lessons. Your text is still below."))
            return render(request, "communities/lesson_form.html", {"community": community, "form": form}, status=403)
        if form.is_valid():
            try:
                with transaction.atomic():
                    lesson = form.save(commit=False)
                    lesson.community = community
                    lesson.author = request.user
                    lesson.submit_token = form.cleaned_data.get("submit_token")
                    if not lesson.language:
                        lesson.language = _text_language(lesson.title, *(getattr(lesson, n) for n in Lesson.SECTIONS))
                    lesson.save()
                    form.save_m2m()
                    moderation.save_version(lesson, request.user)
                    if form.cleaned_data.get("attachment"):
                        _save_attachment(lesson, form.cleaned_data["attachment"], form.attachment_type, request.user)
            except IntegrityError:
                # The same form arrived twice at once; the other request saved it.
                existing = _already_saved(Lesson, token, request.user)
                if existing is None:
                    raise
                return redirect(existing)
            if "submit" in request.POST:
                moderation.apply(request.user, lesson, "submit")
                messages.success(request, _("Your lesson has been submitted for review."))
            else:
                messages.success(request, _("Your draft has been saved."))
            return redirect(lesson)
    elif not permissions.can_post_lesson(request.user, community):
        messages.info(request, _("Join this community to post a lesson."))
        return redirect(community)
    return render(request, "communities/lesson_form.html", {"community": community, "form": form})


def _already_saved(model, token, user):
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return model.objects.filter(submit_token=token, author=user).first()


def lesson_detail(request, slug, pk):
    lesson = _lesson(request, slug, pk)
    user = request.user
    threads = _visible_threads(user, lesson.community).filter(lesson=lesson) if lesson.is_published else []
    context = {
        "community": lesson.community,
        "lesson": lesson,
        "attachments": lesson.attachments.all(),
        "related_pages": lesson.related_pages.live().public(),
        "threads": threads,
        "can_edit": permissions.can_edit_lesson(user, lesson),
        "transitions": moderation.available(user, lesson),
        "can_review": permissions.can_moderate_lesson(user, lesson),
        "review_form": ReviewForm(),
        "can_discuss": lesson.is_published and permissions.can_start_thread(user, lesson.community),
        "is_author": user.is_authenticated and lesson.author_id == user.pk,
        "history": lesson.transitions.select_related("actor__profile")[:20]
        if (user.is_authenticated and (lesson.author_id == user.pk or permissions.can_moderate_lesson(user, lesson)))
        else [],
    }
    return render(request, "communities/lesson.html", context)


@login_required
def lesson_edit(request, slug, pk):
    lesson = _lesson(request, slug, pk)
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)
    if not permissions.can_edit_lesson(request.user, lesson):
        if request.method == "POST":
            messages.error(
                request,
                _("This lesson can no longer be edited (it is “%(state)s”, or you are no longer a member). Your text is still below.")
                % {"state": lesson.get_state_display()},
            )
            return render(
                request, "communities/lesson_form.html", {"community": lesson.community, "form": form, "lesson": lesson},
                status=403,
            )
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            lesson = form.save(commit=False)
            if not lesson.language:
                lesson.language = _text_language(lesson.title, *(getattr(lesson, n) for n in Lesson.SECTIONS))
            lesson.save()
            form.save_m2m()
            moderation.save_version(lesson, request.user)
            if form.cleaned_data.get("attachment"):
                _save_attachment(lesson, form.cleaned_data["attachment"], form.attachment_type, request.user)
        if "submit" in request.POST:
            try:
                moderation.apply(request.user, lesson, "submit")
                messages.success(request, _("Your lesson has been submitted for review."))
            except moderation.TransitionRefused as refused:
                messages.error(request, refused.message)
        else:
            messages.success(request, _("Your changes have been saved."))
        return redirect(lesson)
    return render(request, "communities/lesson_form.html", {"community": lesson.community, "form": form, "lesson": lesson})


@login_required
@require_POST
def lesson_submit(request, slug, pk):
    lesson = _lesson(request, slug, pk)
    action = request.POST.get("action", "submit")
    if action not in ("submit", "withdraw"):
        raise Http404
    try:
        moderation.apply(request.user, lesson, action)
        messages.success(request, _("Done: the lesson is now “%(state)s”.") % {"state": lesson.get_state_display()})
    except moderation.TransitionRefused as refused:
        messages.error(request, refused.message)
    return redirect(lesson)


@login_required
@require_POST
def lesson_review(request, slug, pk):
    lesson = _lesson(request, slug, pk)
    if not permissions.can_moderate_lesson(request.user, lesson):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            moderation.apply(request.user, lesson, form.cleaned_data["action"], form.cleaned_data["reason"])
            messages.success(request, _("Done: the lesson is now “%(state)s”.") % {"state": lesson.get_state_display()})
            return redirect(request.POST.get("next") == "queue" and reverse("communities:queue") or lesson.get_absolute_url())
        except moderation.TransitionRefused as refused:
            messages.error(request, refused.message)
    context = {
        "community": lesson.community, "lesson": lesson, "review_form": form, "can_review": True,
        "attachments": lesson.attachments.all(), "related_pages": [], "threads": [], "history": [],
        "transitions": moderation.available(request.user, lesson),
    }
    return render(request, "communities/lesson.html", context, status=400)


@login_required
def lesson_versions(request, slug, pk):
    lesson = _lesson(request, slug, pk)
    if not (lesson.author_id == request.user.pk or permissions.can_moderate_lesson(request.user, lesson)):
        raise PermissionDenied
    versions = lesson.versions.select_related("created_by__profile")
    return render(request, "communities/lesson_versions.html", {"community": lesson.community, "lesson": lesson, "versions": versions})


@login_required
def moderation_queue(request):
    """Submitted lessons and open flags in the communities this person moderates or facilitates."""
    user = request.user
    if permissions.is_moderator(user):
        communities = Community.objects.all()
    else:
        communities = Community.objects.filter(
            memberships__user=user, memberships__state=Membership.State.ACTIVE,
            memberships__role=Membership.Role.FACILITATOR,
        )
    community_ids = list(communities.values_list("pk", flat=True))
    if not community_ids:
        raise PermissionDenied
    submitted = (
        Lesson.objects.filter(community_id__in=community_ids, state=Lesson.State.SUBMITTED)
        .select_related("community", "author__profile")
        .order_by("submitted_at")
    )
    if not permissions.is_moderator(user):
        submitted = submitted.exclude(author=user)
    flags = (
        Flag.objects.filter(resolved_at__isnull=True)
        .filter(Q(thread__community_id__in=community_ids) | Q(reply__thread__community_id__in=community_ids))
        .select_related("thread__community", "reply__thread__community", "flagged_by__profile")
    )
    return render(
        request, "communities/queue.html", {"submitted": submitted, "flags": flags, "review_form": ReviewForm()}
    )


# --- Attachments ---------------------------------------------------------------------------


@login_required
def attachment_upload(request, slug, pk):
    lesson = _lesson(request, slug, pk)
    if not permissions.can_add_attachment(request.user, lesson):
        raise PermissionDenied
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _save_attachment(lesson, form.cleaned_data["file"], form.content_type, request.user)
        messages.success(request, _("The file has been added."))
        return redirect(lesson)
    status = 400 if request.method == "POST" else 200
    return render(request, "communities/attachment_form.html", {"community": lesson.community, "lesson": lesson, "form": form}, status=status)


def attachment(request, pk, name):
    """Hand out a file after the permission check; members-only files exist for no one else."""
    item = get_object_or_404(Attachment.objects.select_related("lesson__community"), pk=pk)
    if not permissions.can_view_attachment(request.user, item):
        raise Http404
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=item.content_type.startswith("application/"),
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if item.lesson.community.is_public else "private, no-store"
    return response


# --- Discussions ---------------------------------------------------------------------------


@login_required
def thread_create(request, slug):
    community = _content_community(request, slug)
    lesson = None
    lesson_pk = request.GET.get("lesson") or request.POST.get("lesson")
    if lesson_pk:
        lesson = get_object_or_404(Lesson, pk=lesson_pk, community=community, state=Lesson.State.PUBLISHED)
    form = ThreadForm(request.POST or None)
    if request.method == "POST":
        existing = _already_saved(Thread, request.POST.get("submit_token"), request.user)
        if existing is not None:
            messages.info(request, _("This discussion was already started; here it is."))
            return redirect(existing)
        if not permissions.can_start_thread(request.user, community):
            messages.error(request, _("Only members of this community can start a discussion. Your text is still below."))
            return render(request, "communities/thread_form.html", {"community": community, "form": form, "lesson": lesson}, status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                thread = Thread.objects.create(
                    community=community, lesson=lesson, title=data["title"], body=data["body"], author=request.user,
                    language=_text_language(data["title"], data["body"]), submit_token=data.get("submit_token"),
                )
            except IntegrityError:
                return redirect(_already_saved(Thread, data.get("submit_token"), request.user) or community)
            messages.success(request, _("Your discussion has been started."))
            return redirect(thread)
    elif not permissions.can_start_thread(request.user, community):
        messages.info(request, _("Join this community to start a discussion."))
        return redirect(community)
    return render(request, "communities/thread_form.html", {"community": community, "form": form, "lesson": lesson})


def _thread(request, slug, pk):
    thread = get_object_or_404(
        Thread.objects.select_related("community", "lesson", "author__profile"), pk=pk, community__slug=slug
    )
    if not permissions.can_view_thread(request.user, thread):
        raise Http404
    if thread.is_hidden and not permissions.can_see_hidden(request.user, thread.community):
        raise Http404
    return thread


def thread_detail(request, slug, pk):
    thread = _thread(request, slug, pk)
    community = thread.community
    user = request.user
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        existing = _already_saved(Reply, request.POST.get("submit_token"), user)
        if existing is not None:
            messages.info(request, _("Your reply was already posted."))
            return redirect(existing.get_absolute_url())
        if not permissions.can_reply(user, thread):
            messages.error(request, _("Only members of this community can reply. Your text is still below."))
            status = 403
        elif form.is_valid():
            data = form.cleaned_data
            quoted = thread.replies.filter(pk=data.get("quoted"), hidden_at__isnull=True).first() if data.get("quoted") else None
            try:
                with transaction.atomic():
                    reply = Reply.objects.create(
                        thread=thread, body=data["body"], author=user, quoted=quoted,
                        language=_text_language(data["body"]), submit_token=data.get("submit_token"),
                    )
                    Thread.objects.filter(pk=thread.pk).update(last_activity_at=reply.created_at)
                    notifying.reply_posted(reply)
            except IntegrityError:
                return redirect(thread)
            messages.success(request, _("Your reply has been posted."))
            return redirect(reply.get_absolute_url())
        else:
            status = 400
    elif request.GET.get("quote"):
        form = ReplyForm(initial={"quoted": request.GET["quote"]})
    replies = thread.replies.select_related("author__profile", "quoted__author__profile")
    see_hidden = permissions.can_see_hidden(user, community)
    can_reply = permissions.can_reply(user, thread)
    now = timezone.now()
    rows = [
        {
            "reply": reply,
            "can_edit": permissions.can_edit_post(user, reply, community, now),
            "can_flag": permissions.can_flag(user, reply, community),
            "quote_url": f"{thread.get_absolute_url()}?quote={reply.pk}" if can_reply and not reply.is_hidden else "",
        }
        for reply in replies
        if see_hidden or not reply.is_hidden
    ]
    quoting = None
    quoted_pk = form["quoted"].value()
    if quoted_pk:
        quoting = next((row["reply"] for row in rows if str(row["reply"].pk) == str(quoted_pk)), None)
    context = {
        "community": community,
        "thread": thread,
        "rows": rows,
        "form": form,
        "quoting": quoting,
        "can_reply": can_reply,
        "can_edit_thread": permissions.can_edit_post(user, thread, community, now),
        "can_flag_thread": permissions.can_flag(user, thread, community),
        "can_hide": permissions.can_hide(user, community),
    }
    return render(request, "communities/thread.html", context, status=status)


def _edit_post(request, community, post, template_context, redirect_to, with_title=False):
    if not permissions.can_edit_post(request.user, post, community):
        if request.method == "POST":
            form = EditPostForm(request.POST)
            messages.error(request, _("The time to edit this message has passed. Your text is still below."))
            return render(request, "communities/post_edit.html", {**template_context, "form": form}, status=403)
        raise PermissionDenied
    initial = {"body": post.body, "title": getattr(post, "title", "")}
    form = EditPostForm(request.POST or None, initial=initial)
    if not with_title:
        del form.fields["title"]
    if request.method == "POST" and form.is_valid():
        post.body = form.cleaned_data["body"]
        if with_title and form.cleaned_data.get("title"):
            post.title = form.cleaned_data["title"]
        post.edited_at = timezone.now()
        post.save()
        messages.success(request, _("Your changes have been saved."))
        return redirect(redirect_to)
    return render(request, "communities/post_edit.html", {**template_context, "form": form})


@login_required
def thread_edit(request, slug, pk):
    thread = _thread(request, slug, pk)
    return _edit_post(request, thread.community, thread, {"community": thread.community, "post": thread}, thread, True)


@login_required
def reply_edit(request, slug, pk):
    reply = get_object_or_404(Reply.objects.select_related("thread__community"), pk=pk, thread__community__slug=slug)
    if not permissions.can_view_thread(request.user, reply.thread):
        raise Http404
    community = reply.thread.community
    return _edit_post(request, community, reply, {"community": community, "post": reply}, reply.get_absolute_url())


def _post(community, kind, pk):
    if kind == "discussions":
        return get_object_or_404(Thread, pk=pk, community=community)
    if kind == "replies":
        return get_object_or_404(Reply.objects.select_related("thread"), pk=pk, thread__community=community)
    raise Http404


@login_required
def flag(request, slug, kind, pk):
    community = _content_community(request, slug)
    post = _post(community, kind, pk)
    if not permissions.can_flag(request.user, post, community):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Flag.objects.create(
            thread=post if kind == "discussions" else None,
            reply=post if kind == "replies" else None,
            flagged_by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Thank you; the moderators will look at this message."))
        return redirect(post.get_absolute_url())
    return render(request, "communities/flag.html", {"community": community, "post": post, "form": form})


@login_required
def hide(request, slug, kind, pk):
    community = _community(request, slug)
    if not permissions.can_hide(request.user, community):
        raise PermissionDenied
    post = _post(community, kind, pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post.hidden_at = timezone.now()
        post.hidden_by = request.user
        post.hidden_reason = form.cleaned_data["reason"]
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        flags = Flag.objects.filter(**{"thread" if kind == "discussions" else "reply": post}, resolved_at__isnull=True)
        flags.update(resolved_at=post.hidden_at)
        messages.success(request, _("The message is hidden; it is kept for the record."))
        return redirect(post.get_absolute_url())
    return render(request, "communities/hide.html", {"community": community, "post": post, "form": form})


# --- Events --------------------------------------------------------------------------------


@login_required
def event_create(request, slug):
    community = _community(request, slug)
    if not permissions.can_manage_events(request.user, community):
        raise PermissionDenied
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.community = community
        event.created_by = request.user
        event.save()
        messages.success(request, _("The event has been added."))
        return redirect(event)
    return render(request, "communities/event_form.html", {"community": community, "form": form})


@login_required
def event_edit(request, slug, pk):
    event = get_object_or_404(Event.objects.select_related("community"), pk=pk, community__slug=slug)
    if not permissions.can_manage_events(request.user, event.community):
        raise PermissionDenied
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes have been saved."))
        return redirect(event)
    return render(request, "communities/event_form.html", {"community": event.community, "form": form, "event": event})


def _event(request, slug, pk):
    event = get_object_or_404(Event.objects.select_related("community"), pk=pk, community__slug=slug)
    if not permissions.can_view_event(request.user, event):
        raise Http404
    return event


def event_detail(request, slug, pk):
    event = _event(request, slug, pk)
    return render(
        request,
        "communities/event.html",
        {
            "community": event.community,
            "event": event,
            "show_link": permissions.can_see_online_link(request.user, event),
            "can_edit": permissions.can_manage_events(request.user, event.community),
        },
    )


def _ical_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ical(request, slug, pk):
    event = _event(request, slug, pk)
    body = ical.calendar([event], event.community, with_links=permissions.can_see_online_link(request.user, event))
    return _ical_response(body, f"{event.community.slug}-{event.pk}.ics")


def community_ical(request, slug):
    community = _content_community(request, slug)
    events = list(community.events.all())
    with_links = permissions.is_member(request.user, community) or permissions.is_moderator(request.user)
    return _ical_response(ical.calendar(events, community, with_links=with_links), f"{community.slug}.ics")
