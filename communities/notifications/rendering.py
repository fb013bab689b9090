"""A notification's words, written when someone reads it, in the reader's language.

A notification stores what happened (kind, actor, target, community, data); this module
turns it into a subject, a body and a link: for the site in the language of the page being
read, for an email in the recipient's language (see delivery.recipient_language). The texts
come from `notifications/kinds/<kind>_subject.txt` and `<kind>_body.txt`, rendered twice
over the same context: as HTML (escaped; member-written titles and names isolated in
`<bdi>`, with `lang` when they are in another language than the reader's and `dir` when
their direction differs) and as plain text for emails (isolated with Unicode FSI…PDI when
their direction differs, so punctuation stays in place).

What each kind refers to (`target`) and reads from `data`:
    new_lesson, review_requested   a lesson
    moderation_outcome             a lesson; data: outcome, reason
    reply, followed_reply          a reply (to someone quoted; to a discussion's followers)
    mentioned                      a lesson, discussion or reply that mentions the reader
    post_flagged                   a flag
    membership_decision            a membership; data: accepted, reason
    join_requested                 a membership (its request message is read from it)
    review_reminder                nothing; data: count (items waiting more than three days)

Notifications made before events (or given ready text) keep their stored subject and body,
shown as written, marked with the language they were written in.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import prefetch_related_objects
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from .models import Kind

SITE_LANGUAGES = [code for code, _name in settings.LANGUAGES]
LESSON_KINDS = {Kind.NEW_LESSON, Kind.MODERATION_OUTCOME, Kind.REVIEW_REQUESTED}
MEMBERSHIP_KINDS = {Kind.MEMBERSHIP_DECISION, Kind.JOIN_REQUESTED}
NO_TARGET_KINDS = {Kind.REVIEW_REMINDER}
FSI, PDI = "\u2068", "\u2069"


@dataclass
class Rendered:
    """One notification as one reader reads it. `html_*` are safe HTML; `lang`/`dir` are set on the
    whole item only when its text was stored in another language than the reader's."""

    subject: str
    body: str
    html_subject: str
    html_body: str
    url: str
    lang: str = ""
    dir: str = ""


def _is_rtl(language):
    try:
        return bool(get_language_info(language)["bidi"])
    except KeyError:
        return False


def with_references(notifications):
    """Load each notification's community, actor and target with what their texts need, in a few queries
    whatever their number. Takes a queryset (returned prefetched) or a list (prefetched in place)."""
    from communities.models import Flag, Lesson, Membership, Reply, Thread

    targets = GenericPrefetch(
        "target",
        [
            Lesson.objects.select_related("community", "author__profile"),
            Reply.objects.select_related("thread__community", "author__profile"),
            Thread.objects.select_related("community", "author__profile"),
            Flag.objects.select_related(
                "flagged_by__profile",
                "thread__community",
                "thread__author__profile",
                "reply__author__profile",
                "reply__thread__community",
            ),
            Membership.objects.select_related("community", "user__profile"),
        ],
    )
    if hasattr(notifications, "prefetch_related"):
        return notifications.select_related("community", "actor__profile").prefetch_related(targets)
    prefetch_related_objects(notifications, "community", "actor__profile", targets)
    return notifications


class _Words:
    """Member-written words (titles, names) ready for one reader: as HTML and as plain text."""

    def __init__(self, language, html):
        self.language = language
        self.rtl = _is_rtl(language)
        self.html = html

    def __call__(self, text, language=""):
        text = str(text or "")
        other = language in SITE_LANGUAGES and language != self.language
        turns = other and _is_rtl(language) != self.rtl
        if not self.html:
            return f"{FSI}{text}{PDI}" if turns else text
        attrs = format_html(' lang="{}"', language) if other else ""
        if turns:
            attrs += format_html(' dir="{}"', "rtl" if _is_rtl(language) else "ltr")
        return format_html("<bdi{}>{}</bdi>", attrs, text)

    def community(self, community):
        if community is None:
            return ""
        for code in (self.language, community.original_language, "en", *SITE_LANGUAGES):
            name = getattr(community, f"name_{code}", "") if code in SITE_LANGUAGES else ""
            if name:
                return self(name, code)
        return self(community.slug)


def _person(user):
    from .delivery import person_name

    return person_name(user)


def _plain(markup):
    from .delivery import _plain as plain

    return " ".join(plain(markup).split())


def _context(notification, words):
    """What the kind's templates read, or None when the notification's target is gone."""
    kind, target, data = notification.kind, notification.target, notification.data or {}
    context = {
        "community_name": words.community(notification.community),
        "actor_name": words(_person(notification.actor)),
        "outcome": data.get("outcome", ""),
        "reason": data.get("reason", ""),
        "accepted": bool(data.get("accepted")),
        "count": int(data.get("count") or 0),
    }
    if kind in NO_TARGET_KINDS:
        return context
    if target is None:
        return None
    if kind in LESSON_KINDS:
        context.update(lesson_title=words(target.title, target.language), author_name=words(_person(target.author)))
    elif kind == Kind.MENTIONED:
        thread = getattr(target, "thread", target)
        context.update(
            author_name=words(_person(target.author)),
            title=words(target.title, target.language) if hasattr(target, "title") else "",
            thread_title=words(thread.title, thread.language) if hasattr(thread, "title") else "",
            is_lesson=not hasattr(target, "body"),
        )
    elif kind in (Kind.REPLY, Kind.FOLLOWED_REPLY):
        thread = target.thread
        context.update(
            thread_title=words(thread.title, thread.language),
            author_name=words(_person(target.author)),
            text="" if target.is_hidden else _plain(target.body),
        )
    elif kind == Kind.POST_FLAGGED:
        post = target.target
        thread = target.thread or post.thread
        context.update(
            thread_title=words(thread.title, thread.language),
            flagger_name=words(_person(target.flagged_by)),
            author_name=words(_person(post.author)),
            flag_reason=target.reason,
            text=_plain(post.body),
        )
    elif kind in MEMBERSHIP_KINDS:
        context.update(person_name=words(_person(target.user)), request_message=target.request_message)
    return context


def link(notification):
    """Where the notification leads, in the active language ("" when nowhere)."""
    kind, target, community = notification.kind, notification.target, notification.community
    if not notification.is_event:
        return notification.url
    if kind == Kind.REVIEW_REMINDER:
        return reverse("communities:queue")
    if target is None:
        return ""
    if kind in LESSON_KINDS or kind in (Kind.REPLY, Kind.FOLLOWED_REPLY, Kind.MENTIONED):
        return target.get_absolute_url()
    if kind == Kind.POST_FLAGGED:
        post = target.target
        return f"{reverse('communities:queue')}#{'discussions' if post is target.thread else 'replies'}-{post.pk}"
    if kind == Kind.MEMBERSHIP_DECISION:
        return target.community.get_absolute_url()
    if kind == Kind.JOIN_REQUESTED:
        return reverse("communities:members", kwargs={"slug": target.community.slug}) + f"#request-{target.pk}"
    return notification.url or (community.get_absolute_url() if community else "")


def _render_template(name, context, html):
    return get_template(name).template.render(Context(context, autoescape=html))


def render(notification, language=None):
    """The notification's subject, body and link for a reader of `language` (default: the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        if not notification.is_event:
            return _stored(notification, language)
        url = link(notification)
        texts = {}
        for html in (False, True):
            context = _context(notification, _Words(language, html))
            if context is None:
                subject = notification.get_kind_display()
                body = _("What this notification was about is no longer available.")
                texts[html] = (escape(subject), escape(body)) if html else (str(subject), body)
                continue
            prefix = f"notifications/kinds/{notification.kind}"
            subject = " ".join(_render_template(f"{prefix}_subject.txt", context, html).split())
            body = _render_template(f"{prefix}_body.txt", context, html).strip()
            texts[html] = (subject, body)
    (subject, body), (html_subject, html_body) = texts[False], texts[True]
    return Rendered(
        subject=subject,
        body=body,
        html_subject=mark_safe(html_subject),
        html_body=mark_safe(html_body.replace("\n", "<br>\n")),
        url=url,
    )


def _stored(notification, language):
    """A notification kept as the text it was written with, marked with that text's language."""
    other = notification.language != language and notification.language in SITE_LANGUAGES
    body = notification.body or ""
    return Rendered(
        subject=notification.subject,
        body=body,
        html_subject=escape(notification.subject),
        html_body=mark_safe(escape(body).replace("\n", "<br>\n")),
        url=notification.url,
        lang=notification.language if other else "",
        dir=("rtl" if _is_rtl(notification.language) else "ltr") if other else "",
    )
