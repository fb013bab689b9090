from django.core.management.base import BaseCommand, CommandError

from communities.notifications.delivery import send_digests


class Command(BaseCommand):
    help = "Email the weekly notification digests that are due. Each notification goes into exactly one digest."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send and change nothing.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        def progress(index, total, text):
            if verbosity >= 1:
                self.stdout.write(f"[{index}/{total}] {text}")

        summary = send_digests(dry_run=dry_run, progress=progress)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{summary.people} people waiting; {verb} {summary.emails} digests with {summary.notifications} "
            f"notifications; {summary.not_due} not due; {summary.no_address} without a verified address; "
            f"{summary.turned_off} notifications with email turned off; {summary.failed} failed"
        )
        if summary.failed:
            raise CommandError(f"{summary.failed} digests could not be sent; they will be retried on the next run")
