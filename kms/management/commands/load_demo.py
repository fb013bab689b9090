"""Load the demo site from the data files of kms/demo; running it again updates the same rows instead of adding copies."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from kms.translations import ADOPTED, ALREADY, KEPT, adopt_all

# The demo's parts, in loading order after the core: each a module of kms.demo with `load(out)`, which
# writes progress lines to `out` and returns lines to print at the end (for example the logins it made).
PARTS = ("pages", "contact", "research", "communities", "notifications", "mapping")
# The names `--only` took when each app held its own demo module.
FORMER_NAMES = {
    "cms_pages.demo": "pages",
    "cms_pages.outreach.demo": "contact",
    "research.demo": "research",
    "communities.demo": "communities",
    "communities.notifications.demo": "notifications",
}


class Command(BaseCommand):
    help = "Load (or refresh) the demo content and the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would be loaded, change nothing.")
        parser.add_argument(
            "--only",
            action="append",
            choices=["core", *PARTS, *FORMER_NAMES],
            help="Load the core (taxonomy, home and about pages, admin account) and only these parts; "
            "repeatable. `--only core` loads the core alone.",
        )

    def handle(self, *args, dry_run=False, only=None, **options):
        wanted = {FORMER_NAMES.get(name, name) for name in only or PARTS}
        steps = ["core", *(part for part in PARTS if part in wanted)]
        if dry_run:
            self.stdout.write(f"Would load: {', '.join(steps)} (kms/demo/data).")
            return
        closing_lines = []
        with transaction.atomic():
            for number, part in enumerate(steps, start=1):
                self.stdout.write(f"[{number}/{len(steps)}] {part}…")
                closing_lines += importlib.import_module(f"kms.demo.{part}").load(self.stdout)
            if "pages" in steps:
                # The demo's translations are written as pages in each language; wagtail-localize then holds
                # them as translations of their source, edited side by side (kms.translations).
                self.stdout.write("Translations…")
                outcomes = [outcome.status for outcome in adopt_all()]
                closing_lines.append(
                    f"Translations: {outcomes.count(ADOPTED) + outcomes.count(ALREADY)} synced, "
                    f"{outcomes.count(KEPT)} kept as manual translations (`manage.py adopt_translations` says why)."
                )
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        for line in closing_lines:
            self.stdout.write(line)
