from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """How many notifications the signed-in person has not read (0 for visitors), for the site header."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return 0
    from ..models import Notification

    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@register.filter
def person(user):
    """The name members see for a user."""
    from ..delivery import person_name

    return person_name(user)


@register.filter
def plain_text(markup):
    """Cleaned member HTML as plain text for a notification (tags removed, entities decoded)."""
    from ..delivery import _plain

    return " ".join(_plain(markup).split())
