"""Discussions: starting one, the discussion page with its replies, editing, flagging and hiding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kms.converters import parse_id

from .. import permissions
from ..actions import AlreadyDone, Refused
from ..discussions import EditPost, FlagPost, HidePost, PostReply, SetFollow, StartThread, is_following
from ..forms import EditPostForm, FlagForm, HideForm, ReplyForm, ThreadForm
from ..models import Community, Lesson, Reply, Thread
from ..writing import source_of
from .common import community_or_404, content_community_or_404, refuse
from .writing import writing_kwargs

FOLLOWED_PER_PAGE = 20


def previewing(request, form):
    """The Preview button (without script): the form comes back with each box's preview and its text.

    For members only (mentions would tell others who belongs); anyone else's post goes on to be refused."""
    if request.method == "POST" and "preview" in request.POST and permissions.can_write(request.user, form.community):
        form.show_preview()
        return True
    return False


@login_required
def thread_create(request, slug):
    community = content_community_or_404(request, slug)
    lesson = None
    lesson_param = request.GET.get("lesson") or request.POST.get("lesson")
    if lesson_param:
        lesson_pk = parse_id(lesson_param)
        if lesson_pk is None:
            raise Http404
        lesson = get_object_or_404(Lesson, pk=lesson_pk, community=community, state=Lesson.State.PUBLISHED)
    form = ThreadForm(request.POST or None, **writing_kwargs(community))
    context = {"community": community, "form": form, "lesson": lesson}
    if previewing(request, form):
        return render(request, "communities/thread_form.html", context)
    if request.method == "POST":
        start = StartThread(request.user, community, form, lesson)
        try:
            start.check()
            if form.is_valid():
                thread = start.execute()
                messages.success(request, _("Your discussion has been started."))
                return redirect(thread)
        except AlreadyDone as done:
            messages.info(request, done.message)
            return redirect(done.existing)
        except Refused as refused:
            messages.error(request, refused.message)
            return render(request, "communities/thread_form.html", context, status=403)
    elif not permissions.can_start_thread(request.user, community):
        messages.info(request, _("Join this community to start a discussion."))
        return redirect(community)
    return render(request, "communities/thread_form.html", context)


def _thread(request, slug, pk):
    community = content_community_or_404(request, slug)
    thread = get_object_or_404(
        Thread.objects.select_related("community", "lesson", "author__profile"), pk=pk, community=community
    )
    if not permissions.can_view_thread(request.user, thread):
        refuse(request, community)
    if thread.is_hidden and not permissions.can_see_hidden(request.user, thread.community):
        refuse(request, community)
    return thread


def thread_detail(request, slug, pk):
    thread = _thread(request, slug, pk)
    community = thread.community
    user = request.user
    form = ReplyForm(request.POST or None, **writing_kwargs(community))
    status = 200
    if request.method == "POST" and not user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if previewing(request, form):
        pass
    elif request.method == "POST":
        post_reply = PostReply(user, thread, form)
        try:
            post_reply.check()
            if form.is_valid():
                posted = post_reply.execute()
                messages.success(request, _("Your reply has been posted."))
                return redirect(posted.get_absolute_url())
            status = 400
        except AlreadyDone as done:
            messages.info(request, done.message)
            return redirect(done.existing.get_absolute_url())
        except Refused as refused:
            messages.error(request, refused.message)
            status = 403
    elif request.GET.get("quote"):
        form = ReplyForm(initial={"quoted": request.GET["quote"]}, **writing_kwargs(community))
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
        "can_follow": permissions.can_follow(user, thread),
        "following": is_following(user, thread),
    }
    return render(request, "communities/thread.html", context, status=status)


@login_required
@require_POST
def thread_follow(request, slug, pk):
    """Follow or stop following a discussion (a form button; `following` is 1 or 0). Back to the discussion,
    or to `next` when it is a page of this site (the list of followed discussions)."""
    thread = _thread(request, slug, pk)
    following = request.POST.get("following") == "1"
    SetFollow(request.user, thread, following).execute()
    if following:
        messages.success(request, _("You follow this discussion: you will be told of new replies."))
    else:
        messages.success(request, _("You no longer follow this discussion."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect(thread)


@login_required
def followed_discussions(request):
    """The discussions this person follows and may still read, the latest activity first."""
    user = request.user
    readable = permissions.readable_community_ids(user)
    threads = (
        Thread.objects.filter(follows__user=user, follows__following=True, hidden_at__isnull=True)
        .filter(Q(community__visibility=Community.Visibility.PUBLIC) | Q(community_id__in=readable))
        .filter(Q(lesson__isnull=True) | Q(lesson__state=Lesson.State.PUBLISHED))
        .select_related("community", "lesson")
        .annotate(reply_count=Count("replies", filter=Q(replies__hidden_at__isnull=True)))
        .order_by("-last_activity_at", "-pk")
    )
    page = Paginator(threads, FOLLOWED_PER_PAGE).get_page(request.GET.get("page"))
    # The query already keeps what this person may read; the rule itself has the last word on each shown.
    shown = [thread for thread in page if permissions.can_view_thread(user, thread)]
    return render(request, "communities/following.html", {"page_obj": page, "threads": shown})


def _edit_post(request, community, post, redirect_to):
    initial = {"body": source_of(post, "body"), "title": getattr(post, "title", "")}
    form = EditPostForm(request.POST or None, initial=initial, **writing_kwargs(community))
    if not isinstance(post, Thread):
        del form.fields["title"]
    context = {"community": community, "post": post, "form": form}
    if previewing(request, form):
        return render(request, "communities/post_edit.html", context)
    edit = EditPost(request.user, community, post, form)
    try:
        edit.check()
    except Refused as refused:
        if request.method != "POST":
            raise
        messages.error(request, refused.message)
        return render(
            request,
            "communities/post_edit.html",
            {**context, "form": EditPostForm(request.POST, **writing_kwargs(community))},
            status=403,
        )
    if request.method == "POST" and form.is_valid():
        edit.execute()
        messages.success(request, _("Your changes have been saved."))
        return redirect(redirect_to)
    return render(request, "communities/post_edit.html", context)


@login_required
def thread_edit(request, slug, pk):
    thread = _thread(request, slug, pk)
    return _edit_post(request, thread.community, thread, thread)


@login_required
def reply_edit(request, slug, pk):
    reply = get_object_or_404(Reply.objects.select_related("thread__community"), pk=pk, thread__community__slug=slug)
    if not permissions.can_view_thread(request.user, reply.thread):
        raise Http404
    return _edit_post(request, reply.thread.community, reply, reply.get_absolute_url())


def _post(community, kind, pk):
    if kind == "discussions":
        return get_object_or_404(Thread, pk=pk, community=community)
    if kind == "replies":
        return get_object_or_404(Reply.objects.select_related("thread"), pk=pk, thread__community=community)
    raise Http404


@login_required
def flag(request, slug, kind, pk):
    community = content_community_or_404(request, slug)
    post = _post(community, kind, pk)
    form = FlagForm(request.POST or None)
    action = FlagPost(request.user, community, post, form)
    action.check()
    if request.method == "POST" and form.is_valid():
        action.execute()
        messages.success(request, _("Thank you; the moderators will look at this message."))
        return redirect(post.get_absolute_url())
    return render(request, "communities/flag.html", {"community": community, "post": post, "form": form})


@login_required
def hide(request, slug, kind, pk):
    community = community_or_404(request, slug)
    if not permissions.can_hide(request.user, community):
        raise PermissionDenied
    post = _post(community, kind, pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            HidePost(request.user, community, post, form).execute()
            messages.success(request, _("The message is hidden; it is kept for the record."))
        except AlreadyDone as done:
            messages.info(request, done.message)
        return redirect(post.get_absolute_url())
    return render(request, "communities/hide.html", {"community": community, "post": post, "form": form})
