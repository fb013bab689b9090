"""Turn notifications stored as text into events (kind, actor, target, community, data).

Before 0003 a notification held its subject and body, written once in the recipient's
language of that moment. For each such row this finds what it was about from its link and
kind, and the facts of the moment from the record the communities keep:

    new_lesson, review_requested  the lesson in the link (/communities/<slug>/lessons/<pk>/)
    moderation_outcome            that lesson, and its last review step taken before the
                                  notification (outcome, reason, reviewer)
    reply                         the reply in the link (#reply-<pk>)
    post_flagged                  the flag on the message in the link (#discussions-<pk> or
                                  #replies-<pk>) made last before the notification
    membership_decision           the recipient's membership in the community, when it is
                                  still the decision (member, or declined)

A row becomes an event only when its target is found in the same community; its old text is
then kept in `data["text"]`, so going back restores it word for word. A row whose target is
gone (deleted since) or cannot be told keeps its text and is shown as written, marked with
its language. Nothing is deleted.
"""

import re

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

SLACK = timezone.timedelta(minutes=5)  # a notification is made in the same transaction as its step
LESSON = re.compile(r"/communities/[^/]+/lessons/(\d+)/")
REPLY = re.compile(r"#reply-(\d+)$")
FLAGGED = re.compile(r"#(discussions|replies)-(\d+)$")
OUTCOMES = ("published", "changes_requested", "rejected")


def _lesson(apps, notification):
    match = LESSON.search(notification.url or "")
    if not match:
        return None
    Lesson = apps.get_model("communities", "Lesson")
    return Lesson.objects.filter(pk=int(match.group(1)), community_id=notification.community_id).first()


def _event(apps, notification):
    """(target, actor id, data) for an old notification, or None when it cannot be told."""
    kind = notification.kind
    if kind in ("new_lesson", "review_requested"):
        lesson = _lesson(apps, notification)
        return (lesson, lesson.author_id, {}) if lesson else None
    if kind == "moderation_outcome":
        lesson = _lesson(apps, notification)
        if lesson is None:
            return None
        LessonTransition = apps.get_model("communities", "LessonTransition")
        step = (
            LessonTransition.objects.filter(
                lesson=lesson, to_state__in=OUTCOMES, created_at__lte=notification.created_at + SLACK
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if step is None:
            return None
        return lesson, step.actor_id, {"outcome": step.to_state, "reason": step.reason}
    if kind == "reply":
        match = REPLY.search(notification.url or "")
        Reply = apps.get_model("communities", "Reply")
        reply = match and Reply.objects.filter(pk=int(match.group(1))).select_related("thread").first()
        if not reply or reply.thread.community_id != notification.community_id:
            return None
        return reply, reply.author_id, {}
    if kind == "post_flagged":
        match = FLAGGED.search(notification.url or "")
        if not match:
            return None
        Flag = apps.get_model("communities", "Flag")
        on_post = (
            Q(thread_id=int(match.group(2)), reply__isnull=True)
            if match.group(1) == "discussions"
            else Q(reply_id=int(match.group(2)))
        )
        flags = Flag.objects.filter(on_post)
        flag = (
            flags.filter(created_at__lte=notification.created_at + SLACK).order_by("-created_at", "-pk").first()
            or flags.order_by("created_at", "pk").first()
        )
        return (flag, flag.flagged_by_id, {}) if flag else None
    if kind == "membership_decision":
        Membership = apps.get_model("communities", "Membership")
        membership = Membership.objects.filter(
            community_id=notification.community_id, user_id=notification.recipient_id, state__in=("active", "declined")
        ).first()
        if membership is None:
            return None
        data = {"accepted": membership.state == "active", "reason": membership.decision_reason}
        return membership, membership.decided_by_id, data
    return None


def text_to_events(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {}
    changed = []
    old = Notification.objects.filter(target_id__isnull=True).exclude(subject="").order_by("pk")
    for notification in old.iterator(chunk_size=500):
        found = _event(apps, notification)
        if found is None:
            continue  # kept as written
        target, actor_id, data = found
        model = target._meta.model_name
        if model not in types:
            types[model] = ContentType.objects.get_or_create(app_label="communities", model=model)[0]
        notification.target_type = types[model]
        notification.target_id = target.pk
        notification.actor_id = notification.actor_id or actor_id
        notification.data = {
            **data,
            "text": {"subject": notification.subject, "body": notification.body, "language": notification.language},
        }
        notification.subject = ""
        notification.body = ""
        changed.append(notification)
        if len(changed) >= 500:
            Notification.objects.bulk_update(changed, ["target_type", "target_id", "actor", "data", "subject", "body"])
            changed = []
    Notification.objects.bulk_update(changed, ["target_type", "target_id", "actor", "data", "subject", "body"])


def _written(notification_id, language):
    """The text of an event made after this migration, written in its recipient's language (going back)."""
    from communities.notifications import rendering
    from communities.notifications.models import Notification

    live = rendering.with_references(Notification.objects).filter(pk=notification_id).first()
    try:
        text = rendering.render(live, language)
    except Exception:  # a target gone or a template changed since: keep at least what kind it was
        return live.kind, ""
    return text.subject, text.body


def events_to_text(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for notification in Notification.objects.filter(subject="").order_by("pk").iterator(chunk_size=500):
        data = dict(notification.data or {})
        text = data.pop("text", None)
        if text:
            notification.subject, notification.body = text["subject"], text["body"]
            notification.language = text.get("language") or notification.language
        else:
            notification.subject, notification.body = _written(notification.pk, notification.language)
        notification.subject = notification.subject[:300]
        notification.target_type_id = notification.target_id = None
        notification.data = data
        notification.save(update_fields=["subject", "body", "language", "target_type", "target_id", "data"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_notification_events"), ("communities", "0005_flag_resolution")]

    operations = [migrations.RunPython(text_to_events, events_to_text)]
