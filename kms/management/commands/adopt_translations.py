"""Bring pages translated as copies under wagtail-localize, keeping their text exactly (kms.translations)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from kms.translations import ADOPTED, KEPT, adopt_all


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Put translated pages under wagtail-localize (source beside translation), importing each translation's "
        "text; pages whose structure differs from their source stay manual translations. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be adopted, change nothing.")
        parser.add_argument(
            "--refresh", action="store_true", help="Read again the text of pages adopted before (they must match)."
        )

    def handle(self, *args, dry_run=False, refresh=False, **options):
        counts = {}
        try:
            with transaction.atomic():
                for number, outcome in enumerate(adopt_all(refresh=refresh), start=1):
                    counts[outcome.status] = counts.get(outcome.status, 0) + 1
                    if outcome.status != ADOPTED or options["verbosity"] > 1:
                        line = f"  [{number}] {outcome.page.locale.language_code} #{outcome.page.pk} {outcome.page.title}: "
                        line += outcome.status + (f" ({outcome.reason})" if outcome.reason else "")
                        self.stdout.write(self.style.WARNING(line) if outcome.status == KEPT else line)
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write("Dry run: nothing changed.")
        summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items())) or "no translated pages"
        self.stdout.write(self.style.SUCCESS(f"Translations: {summary}."))
