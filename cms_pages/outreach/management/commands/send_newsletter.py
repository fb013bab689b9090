"""Send one newsletter issue to the confirmed subscribers of one language."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms_pages.outreach.newsletter import send_newsletter


class Command(BaseCommand):
    help = "Send a newsletter issue (a plain-text file) to every confirmed subscriber of one language."

    def add_arguments(self, parser):
        parser.add_argument("body_file", help="UTF-8 text file with the issue's body.")
        parser.add_argument("--subject", required=True)
        parser.add_argument("--language", required=True, choices=[code for code, _name in settings.LANGUAGES])
        parser.add_argument("--dry-run", action="store_true", help="Count the recipients, send nothing.")

    def handle(self, body_file, subject, language, dry_run=False, **options):
        path = Path(body_file)
        try:
            body = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        if not body.strip():
            raise CommandError(f"{path} is empty; nothing to send.")
        count = send_newsletter(subject, body, language, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} the issue to {count} subscriber(s) in '{language}'.")
