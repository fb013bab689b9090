"""The newsletter's double opt-in, its signed links and its emails.

Links carry signed tokens (Django's signing, keyed on SECRET_KEY), so nothing
secret is stored: a confirmation link expires after CONFIRM_MAX_AGE; an
unsubscribe link never expires, because it sits in every newsletter ever sent.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from kms import public_url

from .models import Subscription

CONFIRM_SALT = "kms.outreach.newsletter.confirm"
UNSUBSCRIBE_SALT = "kms.outreach.newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)
# At most one signup email per address in this time, whoever asks: nobody can flood an inbox.
RESEND_AFTER = timedelta(minutes=10)


class InvalidLink(Exception):
    """A newsletter link that is damaged, expired or no longer matches its subscription."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "damaged", "expired" or "gone"


# --- Tokens ------------------------------------------------------------------------------------


def confirm_token(subscription):
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscription):
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=UNSUBSCRIBE_SALT)


def _subscription_for(token, salt, max_age=None):
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidLink("expired") from error
    except signing.BadSignature as error:
        raise InvalidLink("damaged") from error
    if not isinstance(payload, dict):
        raise InvalidLink("damaged")
    subscription = Subscription.objects.filter(pk=payload.get("s"), email=payload.get("e")).first()
    if subscription is None:
        raise InvalidLink("gone")
    return subscription


def subscription_to_confirm(token):
    return _subscription_for(token, CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def subscription_to_unsubscribe(token):
    return _subscription_for(token, UNSUBSCRIBE_SALT)


def _link(base_url, name, token, language):
    with translation.override(language):
        return base_url.rstrip("/") + reverse(name, args=[token])


def unsubscribe_url(subscription, base_url):
    return _link(base_url, "outreach:unsubscribe", unsubscribe_token(subscription), subscription.language)


# --- Signup, confirmation, unsubscribe -----------------------------------------------------------


def request_subscription(email, language, base_url=None, now=None):
    """Start (or restart) the double opt-in for an address; the caller shows the same page whatever happens.

    A new, pending or unsubscribed address gets a confirmation link. An address
    already subscribed gets a note saying so, with its unsubscribe link, so the
    signup page never reveals who is on the list. Returns the email sent, or None.
    """
    now, base_url = now or timezone.now(), base_url or public_url.origin()
    with transaction.atomic():
        try:
            subscription, _created = Subscription.objects.select_for_update().get_or_create(
                email=email, defaults={"language": language, "requested_at": now}
            )
        except IntegrityError:  # a simultaneous signup created it first
            subscription = Subscription.objects.select_for_update().get(email=email)
        if subscription.last_email_at and now - subscription.last_email_at < RESEND_AFTER:
            return None
        if subscription.status != Subscription.Status.SUBSCRIBED:
            subscription.status = Subscription.Status.PENDING
            subscription.language = language
            subscription.requested_at = now
        subscription.last_email_at = now
        subscription.save()
    if subscription.status == Subscription.Status.SUBSCRIBED:
        message = _already_subscribed_message(subscription, base_url)
    else:
        message = _confirmation_message(subscription, base_url)
    message.send()
    return message


def confirm(subscription, now=None):
    """The owner clicked the link: a pending subscription starts receiving the newsletter."""
    if subscription.status == Subscription.Status.PENDING:
        subscription.status = Subscription.Status.SUBSCRIBED
        subscription.confirmed_at = now or timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscription


def unsubscribe(subscription, now=None):
    if subscription.status != Subscription.Status.UNSUBSCRIBED:
        subscription.status = Subscription.Status.UNSUBSCRIBED
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
    return subscription


# --- Emails ---------------------------------------------------------------------------------------


def _message(subscription, subject, template, context, headers=None):
    """One email in the subscriber's language: a plain-text body and an HTML alternative."""
    with translation.override(subscription.language):
        context = {
            **context,
            "language": subscription.language,
            "bidi": get_language_info(subscription.language)["bidi"],
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        message = EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(subject()),
            body=render_to_string(f"outreach/email/{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscription.email],
            headers=headers or {},
        )
        message.attach_alternative(render_to_string(f"outreach/email/{template}.html", context), "text/html")
    return message


def _confirmation_message(subscription, base_url):
    context = {
        "confirm_url": _link(base_url, "outreach:confirm", confirm_token(subscription), subscription.language),
        "days": CONFIRM_MAX_AGE.days,
    }
    return _message(
        subscription,
        lambda: _("Confirm your subscription to the newsletter"),
        "confirm",
        context,
        headers={"Auto-Submitted": "auto-generated"},
    )


def _already_subscribed_message(subscription, base_url):
    context = {"unsubscribe_url": unsubscribe_url(subscription, base_url)}
    return _message(
        subscription,
        lambda: _("You are already subscribed to the newsletter"),
        "already_subscribed",
        context,
        headers={"Auto-Submitted": "auto-generated"},
    )


def newsletter_message(subscription, subject, body, base_url):
    """One issue of the newsletter for one subscriber, with the one-click unsubscribe of RFC 8058.

    The footer link opens a page with a button; mail clients that honour
    List-Unsubscribe-Post send the POST themselves and the address is removed at once.
    """
    link = unsubscribe_url(subscription, base_url)
    return _message(
        subscription,
        lambda: subject,
        "newsletter",
        {"subject": subject, "body": body, "unsubscribe_url": link},
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def send_newsletter(subject, body, language, base_url=None, dry_run=False):
    """Send one issue to every confirmed subscriber who reads `language`; return how many it went to."""
    base_url = base_url or public_url.origin()
    subscribers = Subscription.objects.filter(status=Subscription.Status.SUBSCRIBED, language=language).order_by("pk")
    messages = [newsletter_message(subscription, subject, body, base_url) for subscription in subscribers]
    if not dry_run and messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)
