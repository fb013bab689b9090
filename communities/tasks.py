"""Reading the text of lesson attachments, in the task worker and never in the web request."""

from django_tasks import task


@task()
def extract_attachment_text(attachment_id: int):
    """Read one attachment's text in a bounded child process and store it with its status.

    The file is kept whatever the outcome; saving the attachment reindexes its lesson.
    An attachment deleted meanwhile is skipped.
    """
    from . import attachments
    from .models import Attachment

    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        return
    result = attachments.read_text(attachment)
    attachment.text = result.text
    attachment.text_status = result.status
    attachment.text_message = str(result.message)[:300]
    attachment.save(update_fields=["text", "text_status", "text_message"])


@task()
def remind_reviewers():
    """The daily reminder of what has waited more than three days for review (for a scheduler)."""
    from dataclasses import asdict

    from .notifying import remind_reviewers as remind

    return asdict(remind())
