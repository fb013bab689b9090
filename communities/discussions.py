"""Discussions: starting one, replying, correcting what one wrote, flagging and hiding messages.

Members write; facilitators and moderators hide, with a reason kept for the record. A message
goes out at once, so personal data found in it needs the author's ticked box (the form asks),
and the message keeps who confirmed it.
Each change is an action that checks `permissions` and raises `Refused` with a
message the person reads; a form sent twice posts once (`AlreadyDone`).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import notifying, permissions
from .actions import Action, AlreadyDone, Refused, SaveOnce, text_language
from .models import Flag, Follow, Reply, Thread


class StartThread(SaveOnce):
    """A member starts a discussion in `community`, about one of its published lessons or not.

    `form` is a ThreadForm."""

    model = Thread
    already_message = gettext_lazy("This discussion was already started; here it is.")

    def __init__(self, user, community, form, lesson=None):
        super().__init__(user)
        self.community = community
        self.form = form
        self.lesson = lesson

    def check(self):
        self.check_not_saved()
        if not permissions.can_start_thread(self.user, self.community):
            raise Refused(_("Only members of this community can start a discussion. Your text is still below."))

    def save(self):
        data = self.form.cleaned_data
        thread = Thread(
            community=self.community,
            lesson=self.lesson,
            title=data["title"],
            body=data["body"],
            author=self.user,
            language=text_language(data["title"], data["body"]),
            submit_token=data.get("submit_token"),
            sources=self.form.sources(),
        )
        thread.record_personal_data(self.form.personal_data_findings, self.user)
        thread.save()
        follow(self.user, thread)
        notifying.mentioned_in(thread)
        return thread


class PostReply(SaveOnce):
    """A member replies in a discussion, perhaps quoting a visible reply; the people in the
    discussion are notified.

    `form` is a ReplyForm."""

    model = Reply
    already_message = gettext_lazy("Your reply was already posted.")

    def __init__(self, user, thread, form):
        super().__init__(user)
        self.thread = thread
        self.form = form

    def check(self):
        self.check_not_saved()
        if not permissions.can_reply(self.user, self.thread):
            raise Refused(_("Only members of this community can reply. Your text is still below."))

    def save(self):
        thread, data = self.thread, self.form.cleaned_data
        quoted = (
            thread.replies.filter(pk=data["quoted"], hidden_at__isnull=True).first() if data.get("quoted") else None
        )
        reply = Reply(
            thread=thread,
            body=data["body"],
            author=self.user,
            quoted=quoted,
            language=text_language(data["body"]),
            submit_token=data.get("submit_token"),
            sources=self.form.sources(),
        )
        reply.record_personal_data(self.form.personal_data_findings, self.user)
        reply.save()
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=reply.created_at)
        follow(self.user, thread)
        notifying.reply_posted(reply)
        return reply


class PostAction(Action):
    """An action on one message (`post`: a discussion or a reply) of `community`, with its form."""

    def __init__(self, user, community, post, form):
        super().__init__(user)
        self.community = community
        self.post = post
        self.form = form


class EditPost(PostAction):
    """Authors correct a discussion or a reply they wrote, within the edit window.

    `form` is an EditPostForm; a discussion's title changes only when one is given."""

    def check(self):
        if not permissions.can_edit_post(self.user, self.post, self.community):
            raise Refused(_("The time to edit this message has passed. Your text is still below."))

    def perform(self):
        post, data = self.post, self.form.cleaned_data
        post.body = data["body"]
        post.sources = self.form.sources()
        if isinstance(post, Thread) and data.get("title"):
            post.title = data["title"]
        post.edited_at = timezone.now()
        post.record_personal_data(self.form.personal_data_findings, self.user)
        with transaction.atomic():
            post.save()
            notifying.mentioned_in(post)  # members newly mentioned; nobody twice
        return post


def follow(user, thread):
    """Starting or replying follows the discussion, unless the person unfollowed it before."""
    Follow.objects.get_or_create(thread=thread, user=user)


def is_following(user, thread):
    return user.is_authenticated and Follow.objects.filter(thread=thread, user=user, following=True).exists()


class SetFollow(Action):
    """A reader follows a discussion (told of each new reply) or stops following it."""

    def __init__(self, user, thread, following):
        super().__init__(user)
        self.thread = thread
        self.following = following

    def check(self):
        if not permissions.can_follow(self.user, self.thread):
            raise Refused(_("You are not allowed to do this."))

    def perform(self):
        follow, _created = Follow.objects.update_or_create(
            thread=self.thread, user=self.user, defaults={"following": self.following}
        )
        return follow


class FlagPost(PostAction):
    """A reader tells the moderators that a message is wrong; it reaches the moderation queue, and
    the community's facilitators and the site's moderators are told.

    `form` is a FlagForm."""

    def check(self):
        if not permissions.can_flag(self.user, self.post, self.community):
            raise Refused(_("You are not allowed to do this."))

    def perform(self):
        with transaction.atomic():
            flag = Flag.objects.create(
                thread=self.post if isinstance(self.post, Thread) else None,
                reply=self.post if isinstance(self.post, Reply) else None,
                flagged_by=self.user,
                reason=self.form.cleaned_data["reason"],
            )
            notifying.post_flagged(flag)
        return flag


class HidePost(PostAction):
    """A facilitator or moderator hides a message; it is kept, with who hid it and why, and
    the flags on it are resolved.

    `form` is a HideForm."""

    def check(self):
        if not permissions.can_hide(self.user, self.community):
            raise Refused(_("You are not allowed to do this."))
        if self.post.is_hidden:
            raise AlreadyDone(_("This message is already hidden; nothing was changed."))

    def perform(self):
        post = self.post
        post.hidden_at = timezone.now()
        post.hidden_by = self.user
        post.hidden_reason = self.form.cleaned_data["reason"]
        with transaction.atomic():
            post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
            resolve_flags(post, self.user, post.hidden_reason, post.hidden_at)
        return post


class DismissFlags(PostAction):
    """A facilitator or moderator keeps a flagged message as it is: its open flags are resolved,
    with who decided, when and why, and the message stays visible.

    `form` is a DismissFlagsForm."""

    def check(self):
        if not permissions.can_hide(self.user, self.community):
            raise Refused(_("You are not allowed to do this."))
        if not open_flags(self.post).exists():
            raise AlreadyDone(_("The flags on this message were already dealt with; nothing was changed."))

    def perform(self):
        with transaction.atomic():
            return resolve_flags(self.post, self.user, self.form.cleaned_data["reason"], timezone.now())


def open_flags(post):
    on = "thread" if isinstance(post, Thread) else "reply"
    return Flag.objects.filter(**{on: post}, resolved_at__isnull=True)


def resolve_flags(post, user, reason, when):
    """Close the open flags on `post`; returns how many were open."""
    return open_flags(post).update(resolved_at=when, resolved_by=user, resolution_reason=reason)
