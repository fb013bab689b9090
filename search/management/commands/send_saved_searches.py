"""`manage.py send_saved_searches --frequency daily|weekly [--dry-run]`: saved-search digests, for cron."""

from django.core.management.base import BaseCommand, CommandError

from search.models import SavedSearch
from search.saved import send_saved_search_digests


class Command(BaseCommand):
    help = (
        "Email each person the new matches of their due saved searches (one email per person). "
        "Run daily with --frequency daily and weekly with --frequency weekly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", required=True, choices=SavedSearch.Frequency.values)
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent; send and change nothing.")

    def handle(self, frequency, dry_run=False, **options):
        summary = send_saved_search_digests(frequency, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {summary.emails} {frequency} digest email(s) with {summary.matches} new match(es); "
            f"{summary.checked} saved search(es) checked, {summary.no_email} person(s) without a verified email."
        )
        if summary.failed:
            raise CommandError(
                f"{summary.failed} saved search(es) or email(s) failed (engine unavailable or mail error); "
                "they are left as they were and the next run tries again."
            )
