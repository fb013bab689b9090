"""`manage.py load_thesaurus`: the reviewed concepts of search/data/thesaurus.json into the database."""

from django.core.management.base import BaseCommand
from django.db import transaction

from search.thesaurus import load_reviewed


class Command(BaseCommand):
    help = (
        "Adds the reviewed concepts of search/data/thesaurus.json that the database lacks; with --update, "
        "also sets the labels of stored concepts back to the reviewed ones (staff's own concepts stay)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="Overwrite the labels of reviewed concepts.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change, change nothing.")

    def handle(self, update=False, dry_run=False, **options):
        with transaction.atomic():
            added, changed = load_reviewed(update=update)
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would add" if dry_run else "Added"
        self.stdout.write(f"{verb} {len(added)} concepts{': ' + ', '.join(added) if added else ''}.")
        if update:
            verb = "Would update" if dry_run else "Updated"
            self.stdout.write(f"{verb} {len(changed)} concepts{': ' + ', '.join(changed) if changed else ''}.")
