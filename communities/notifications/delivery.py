"""Making notifications and delivering them: in the site, by email now, or in a weekly digest.

How to call it (from communities code, after the change is saved):

    from communities.notifications import notify

    notify(members, kind="new_lesson", target=lesson, community=lesson.community, actor=request.user)

A notification is stored as an event: its kind, the person who acted, what it is about
(`target`), its community and the facts of the moment (`data`, e.g. an outcome and a
reason). Its words are written when it is read, in the reader's language (rendering.py
says what each kind refers to and reads). Callers that hold one ready text for everyone
may pass `subject=` and `body=` (and `url=`) instead; that text is shown as given.
`key=` makes a notification once only per person (a second call with the same key for the
same person makes nothing), for reminders that must not repeat.

Recipient's language, first that applies: the language chosen for emails in their
notification preferences; the language they last used on the site (recorded at sign-in
and on the notification pages); the first site language in their profile's languages;
the site default.

Email: each person chooses immediate, weekly digest or off (NotificationPreference), and
may override it per community (CommunityPreference). Immediate emails go through a task
enqueued after the transaction commits; an email that cannot be sent is not lost: it
waits for the next digest. Every email carries a signed one-click unsubscribe link and the
List-Unsubscribe / List-Unsubscribe-Post headers (RFC 8058).
"""

import html
import logging
from dataclasses import asdict, dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import get_language_info, ngettext

from kms.accounts.models import public_name
from kms.public_url import absolute

from . import rendering
from .models import CommunityPreference, Digest, EmailChoice, Kind, Notification, NotificationPreference

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "communities.notifications.unsubscribe"
DIGEST_EVERY = timezone.timedelta(days=7)
DIGEST_SLACK = timezone.timedelta(hours=12)  # a weekly run a little early still counts as a week
SUBJECT_MAX = 300
SITE_LANGUAGES = [code for code, _name in settings.LANGUAGES]


# --- People -----------------------------------------------------------------------------------


def person_name(user):
    """The name members see for `user`: the profile's display name, else a neutral label (never the email)."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.name
    return public_name(user)


def recipient_language(user, preference=None):
    """The language of everything this app writes to `user` (see the module docstring for the order)."""
    if preference is None:
        preference = NotificationPreference.objects.filter(user=user).first()
    if preference is not None:
        for code in (preference.language, preference.last_language):
            if code in SITE_LANGUAGES:
                return code
    profile = getattr(user, "profile", None)
    for code in getattr(profile, "languages", None) or []:
        if code in SITE_LANGUAGES:
            return code
    return settings.LANGUAGE_CODE


def remember_language(user, language):
    """Record the site language `user` is using now; later emails are written in it."""
    if not getattr(user, "is_authenticated", False) or language not in SITE_LANGUAGES:
        return
    if not NotificationPreference.objects.filter(user=user).update(last_language=language):
        NotificationPreference.objects.get_or_create(user=user, defaults={"last_language": language})


def email_choice(user, community=None, preference=None, overrides=None):
    """Immediate, weekly or off: the person's choice for this community, else their general one."""
    if community is not None:
        if overrides is None:
            overrides = dict(
                CommunityPreference.objects.filter(user=user, community=community).values_list("community_id", "email")
            )
        if community.pk in overrides:
            return overrides[community.pk]
    if preference is None:
        preference = NotificationPreference.objects.filter(user=user).first()
    return preference.email if preference is not None else EmailChoice.IMMEDIATE


def verified_email(user):
    """The address we may write to: a verified one, the primary first; None when there is none."""
    addresses = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk")
    return addresses.values_list("email", flat=True).first()


# --- Links ------------------------------------------------------------------------------------


def unsubscribe_token(user, community=None):
    """A signed token that stops email for `user`: from one community, or (without one) all of it."""
    payload = {"u": user.pk}
    if community is not None:
        payload["c"] = community.pk
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(user id, community id or None) from a token; raises signing.BadSignature when tampered with."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(payload["u"]), (int(payload["c"]) if payload.get("c") is not None else None)


def unsubscribe_url(user, community=None, language=None):
    with translation.override(language or translation.get_language()):
        return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, community)]))


# --- Making notifications ---------------------------------------------------------------------


def notify(
    recipients, *, kind, target=None, community=None, actor=None, data=None, url="", subject=None, body=None, key=None
):
    """Make one notification per recipient and queue its email as they chose.

    `recipients`: users (duplicates, inactive accounts and `actor` are skipped, and with `key`
    those who already have that key). Returns the notifications made. Call it inside the
    transaction that saved the change: immediate emails leave only once it commits.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}; one of {', '.join(Kind.values)}")
    if subject is None and target is None and kind not in rendering.NO_TARGET_KINDS:
        raise ValueError(f"a {kind!r} notification needs the object it is about (target=) or a ready subject=")
    seen, people = set(), []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        people.append(user)
    if key:
        already = set(
            Notification.objects.filter(key=key, recipient_id__in=seen).values_list("recipient_id", flat=True)
        )
        people = [user for user in people if user.pk not in already]
    if not people:
        return []
    ids = [user.pk for user in people]
    preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=ids)}
    overrides = {}
    if community is not None:
        for user_id, email in CommunityPreference.objects.filter(user_id__in=ids, community=community).values_list(
            "user_id", "email"
        ):
            overrides[user_id] = {community.pk: email}
    User = get_user_model()
    loaded = User.objects.filter(pk__in=ids).select_related("profile").in_bulk()
    people = [loaded[user.pk] for user in people if user.pk in loaded]
    made = []
    for user in people:
        preference = preferences.get(user.pk)
        choice = email_choice(user, community, preference, overrides.get(user.pk, {}))
        email = {
            EmailChoice.IMMEDIATE: Notification.Email.IMMEDIATE,
            EmailChoice.WEEKLY: Notification.Email.DIGEST,
        }.get(choice, Notification.Email.OFF)
        made.append(
            Notification(
                recipient=user,
                kind=kind,
                community=community,
                actor=actor,
                target=target,
                data=data or {},
                key=key or "",
                subject=str(subject)[:SUBJECT_MAX] if subject is not None else "",
                body=str(body or "") if subject is not None else "",
                url=url or "",
                language=recipient_language(user, preference),
                email=email,
            )
        )
    made = Notification.objects.bulk_create(made)
    immediate = [n.pk for n in made if n.email == Notification.Email.IMMEDIATE]
    if immediate:
        from .tasks import send_notification_email

        def enqueue():
            for pk in immediate:
                send_notification_email.enqueue(pk)

        transaction.on_commit(enqueue)
    return made


# --- Emails -----------------------------------------------------------------------------------


def _headers(all_url):
    return {
        "List-Unsubscribe": f"<{all_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def _plain(text):
    return html.unescape(strip_tags(text or ""))


def _message(user, address, language, subject, template, context):
    with translation.override(language):
        all_url = unsubscribe_url(user, language=language)
        context = {
            **context,
            "language": language,
            "bidi": get_language_info(language)["bidi"],
            "unsubscribe_all_url": all_url,
            "preferences_url": absolute(reverse("notifications:preferences")),
            "list_url": absolute(reverse("notifications:list")),
        }
        message = EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body=render_to_string(f"notifications/email/{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers=_headers(all_url),
        )
        message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    return message


def immediate_message(notification, address, language=None):
    """The email for one notification, written now in the recipient's language."""
    user, community = notification.recipient, notification.community
    language = language or recipient_language(user)
    text = rendering.render(notification, language)
    with translation.override(language):
        context = {
            "text": text,
            "url": absolute(text.url),
            "community_unsubscribe_url": (
                unsubscribe_url(user, community, language=language) if community is not None else ""
            ),
            "community_name": community.name if community is not None else "",
        }
    return _message(user, address, language, text.subject, "immediate", context)


def send_immediate(notification_id):
    """Send one notification's email, once: a second call (or a concurrent one) sends nothing.

    Returns the notification's email state afterwards. A failure to send leaves the
    notification for the next digest, so it still reaches the person.
    """
    claimed = Notification.objects.filter(pk=notification_id, email=Notification.Email.IMMEDIATE).update(
        email=Notification.Email.SENDING
    )
    if not claimed:
        return Notification.objects.filter(pk=notification_id).values_list("email", flat=True).first()
    notification = rendering.with_references(Notification.objects.select_related("recipient")).get(pk=notification_id)
    address = verified_email(notification.recipient)
    if not address or not notification.recipient.is_active:
        Notification.objects.filter(pk=notification_id).update(email=Notification.Email.NO_ADDRESS)
        return Notification.Email.NO_ADDRESS
    try:
        immediate_message(notification, address).send()
    except Exception:  # SMTP and network errors alike: the digest picks it up
        logger.exception("notification %s not emailed; it waits for the next digest", notification_id)
        Notification.objects.filter(pk=notification_id).update(email=Notification.Email.FAILED)
        return Notification.Email.FAILED
    Notification.objects.filter(pk=notification_id).update(email=Notification.Email.SENT, emailed_at=timezone.now())
    return Notification.Email.SENT


# --- Weekly digests ---------------------------------------------------------------------------


@dataclass
class DigestSummary:
    people: int = 0  # people with notifications waiting for a digest
    emails: int = 0  # digests sent, or that would be sent in a dry run
    notifications: int = 0  # notifications in those digests
    not_due: int = 0  # people who had a digest less than a week ago
    no_address: int = 0  # people with no verified email address
    turned_off: int = 0  # notifications whose person has since turned email off
    failed: int = 0  # digests that could not be sent (their notifications wait for the next run)
    dry_run: bool = False
    lines: list = field(default_factory=list)

    def as_dict(self):
        data = asdict(self)
        data.pop("lines")
        return data


WAITING = [Notification.Email.DIGEST, Notification.Email.FAILED]


def waiting_for_digest():
    return Notification.objects.filter(email__in=WAITING, digest__isnull=True)


def _is_due(user_id, now):
    last = Digest.objects.filter(recipient_id=user_id, sent_at__isnull=False).order_by("-sent_at").first()
    return last is None or last.sent_at <= now - DIGEST_EVERY + DIGEST_SLACK


def digest_message(user, address, language, notifications):
    """One email listing every notification waiting for this person, grouped by community."""
    with translation.override(language):
        groups, by_key = [], {}
        for notification in notifications:
            key = notification.community_id
            if key not in by_key:
                by_key[key] = {
                    "community": notification.community.name if notification.community else "",
                    "unsubscribe_url": (
                        unsubscribe_url(user, notification.community, language=language)
                        if notification.community
                        else ""
                    ),
                    "items": [],
                }
                groups.append(by_key[key])
            text = rendering.render(notification, language)
            by_key[key]["items"].append({"text": text, "url": absolute(text.url), "date": notification.created_at})
        count = len(notifications)
        subject = ngettext(
            "Your weekly digest: %(count)s new notification", "Your weekly digest: %(count)s new notifications", count
        ) % {"count": count}
    return _message(user, address, language, subject, "digest", {"groups": groups, "count": count})


def send_digests(dry_run=False, now=None, progress=None):
    """Send each person whose week is up one email with every notification waiting for a digest.

    A notification goes into exactly one digest: it is claimed for the digest (a conditional
    update) before the email leaves, so a second or concurrent run finds nothing to send. If
    the email cannot be sent, the claim is released and the next run tries again.
    `progress(index, total, text)` is called once per person.
    """
    now = now or timezone.now()
    summary = DigestSummary(dry_run=dry_run)
    user_ids = sorted(set(waiting_for_digest().values_list("recipient_id", flat=True)))
    summary.people = len(user_ids)
    User = get_user_model()
    users = User.objects.in_bulk(user_ids)
    preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}
    connection = None if dry_run else get_connection()
    for index, user_id in enumerate(user_ids, start=1):
        user = users[user_id]
        note = _send_one_digest(user, preferences.get(user_id), now, dry_run, connection, summary)
        if progress:
            progress(index, len(user_ids), f"user {user_id}: {note}")
    return summary


def _send_one_digest(user, preference, now, dry_run, connection, summary):
    waiting = list(waiting_for_digest().filter(recipient=user).select_related("community").order_by("created_at", "pk"))
    overrides = dict(CommunityPreference.objects.filter(user=user).values_list("community_id", "email"))
    turned_off = [n.pk for n in waiting if email_choice(user, n.community, preference, overrides) == EmailChoice.OFF]
    if turned_off:
        summary.turned_off += len(turned_off)
        if not dry_run:
            Notification.objects.filter(pk__in=turned_off, digest__isnull=True).update(email=Notification.Email.OFF)
        waiting = [n for n in waiting if n.pk not in turned_off]
    if not waiting:
        return "email turned off"
    if not _is_due(user.pk, now):
        summary.not_due += 1
        return "not due (a digest went out less than a week ago)"
    address = verified_email(user) if user.is_active else None
    if not address:
        summary.no_address += 1
        return "no verified email address"
    language = recipient_language(user, preference)
    if dry_run:
        summary.emails += 1
        summary.notifications += len(waiting)
        return f"would send {len(waiting)} notification(s)"
    with transaction.atomic():
        digest = Digest.objects.create(recipient=user, language=language)
        claimed = Notification.objects.filter(
            pk__in=[n.pk for n in waiting], digest__isnull=True, email__in=WAITING
        ).update(digest=digest, email=Notification.Email.SENDING)
    items = list(rendering.with_references(digest.notifications.order_by("created_at", "pk")))
    if not claimed or not items:
        digest.delete()
        return "already sent by another run"
    message = digest_message(user, address, language, items)
    message.connection = connection
    try:
        message.send()
    except Exception:  # SMTP and network errors alike: release the claim, the next run retries
        logger.exception("digest for user %s not sent", user.pk)
        Notification.objects.filter(digest=digest).update(digest=None, email=Notification.Email.DIGEST)
        digest.delete()
        summary.failed += 1
        return "failed to send; will retry"
    sent_at = timezone.now()
    Notification.objects.filter(digest=digest).update(email=Notification.Email.SENT, emailed_at=sent_at)
    Digest.objects.filter(pk=digest.pk).update(sent_at=now)
    summary.emails += 1
    summary.notifications += len(items)
    return f"sent {len(items)} notification(s)"
