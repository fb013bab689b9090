"""Tasks for notification emails: one immediate email, and the weekly digests (for a scheduler)."""

from django_tasks import task


@task()
def send_notification_email(notification_id: int):
    """Email one notification now; sending twice is harmless (the second finds it already sent)."""
    from .delivery import send_immediate

    return send_immediate(notification_id)


@task()
def send_digests():
    """Every weekly digest that is due, for a scheduler to enqueue once a week (or more often)."""
    from . import delivery

    return delivery.send_digests().as_dict()
