"""Re-encode the profile pictures stored before uploads were re-encoded: metadata goes, names follow content."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kms.accounts.avatars import reencode
from kms.accounts.models import Profile


class Command(BaseCommand):
    help = "Re-encode every stored profile picture (kms.accounts.avatars); pictures that cannot be read are removed."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        profiles = Profile.objects.exclude(avatar="").order_by("pk")
        counts = {"re-encoded": 0, "removed": 0, "missing": 0}
        for profile in tqdm(profiles, total=profiles.count(), file=self.stdout, disable=not profiles.exists()):
            old = profile.avatar
            try:
                with old.open("rb") as upload:
                    clean = reencode(upload)
            except FileNotFoundError:
                counts["missing"] += 1
                self.stderr.write(f"profile {profile.pk}: {old.name} is missing")
                continue
            except ValidationError:
                counts["removed"] += 1
                if not dry_run:
                    old.delete(save=True)
                continue
            counts["re-encoded"] += 1
            if not dry_run:
                old_name = old.name
                profile.avatar.save(clean.name, clean, save=True)
                profile.avatar.storage.delete(old_name)
        summary = ", ".join(f"{count} {what}" for what, count in counts.items())
        self.stdout.write(f"{'Would have: ' if dry_run else ''}{summary}.")
        if counts["missing"]:
            raise CommandError(f"{counts['missing']} profile pictures were missing from storage.")
