from django.core.management.base import BaseCommand

from communities.notifying import remind_reviewers


class Command(BaseCommand):
    help = (
        "Remind facilitators and moderators of lessons, requests to join and flagged messages waiting more than "
        "three days. Run it daily; a second run the same day reminds no one again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count who would be reminded; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        summary = remind_reviewers(dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        self.stdout.write(
            f"{summary.items} items waiting more than three days; {verb} {summary.people} people; "
            f"{summary.already} already reminded today"
        )
