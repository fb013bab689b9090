"""`manage.py search_index rebuild|update|status`: the search index from the command line."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import sources
from search.engine import get_engine
from search.engines.base import EngineUnavailable
from search.models import IndexingFailure


def queue_depth():
    """Indexing tasks waiting in the database queue (0 when tasks run in process)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return 0
    return DBTaskResult.objects.ready().filter(task_path__startswith="search.tasks.").count()


class Command(BaseCommand):
    help = "Rebuild the search index without downtime, bring it up to date, or show its status."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "status"])
        parser.add_argument("--dry-run", action="store_true", help="Say what would change, change nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for logs).")

    def handle(self, action, dry_run=False, no_progress=False, **options):
        self.engine = get_engine()
        self.progress = not no_progress
        try:
            getattr(self, action)(dry_run=dry_run)
        except EngineUnavailable as error:
            raise CommandError(f"The {self.engine.name} search engine is unavailable: {error}") from error

    def _bar(self, total, label):
        return tqdm(total=total, desc=label, unit="record", file=self.stdout, disable=not self.progress, leave=True)

    def rebuild(self, dry_run):
        total = sources.count()
        if dry_run:
            self.stdout.write(f"Would rebuild the {self.engine.name} index with {total} records.")
            return
        with self._bar(total, "Rebuilding") as bar:
            written = self.engine.rebuild(sources.all_records(), progress=bar.update)
        self.stdout.write(f"Rebuilt the {self.engine.name} index: {written} records.")
        # Changes made while the rebuild ran are reconciled against the database.
        self.update(dry_run=False, quiet=True)

    def update(self, dry_run, quiet=False):
        self.engine.setup()
        wanted = sources.all_keys()
        indexed = self.engine.ids()
        missing, extra = sorted(wanted - indexed), sorted(indexed - wanted)
        if dry_run:
            self.stdout.write(f"Would index {len(missing)} and remove {len(extra)} records.")
            return
        with self._bar(len(missing), "Indexing missing") as bar:
            for start in range(0, len(missing), 200):
                chunk = [record for key in missing[start : start + 200] if (record := sources.record_for(key))]
                self.engine.index(chunk)
                bar.update(len(missing[start : start + 200]))
        if extra:
            self.engine.delete(extra)
        if not quiet or missing or extra:
            self.stdout.write(f"Indexed {len(missing)} missing records, removed {len(extra)} stale ones.")

    def status(self, dry_run):
        stats = self.engine.stats()
        self.stdout.write(f"Engine: {self.engine.name}")
        indexed = sum(sum(languages.values()) for languages in stats.values())
        self.stdout.write(f"Records indexed: {indexed} (searchable in the database: {len(sources.all_keys())})")
        for kind, languages in sorted(stats.items()):
            per_language = ", ".join(f"{language} {count}" for language, count in sorted(languages.items()))
            self.stdout.write(f"  {kind}: {per_language}")
        self.stdout.write(f"Queue depth: {queue_depth()} indexing task(s) waiting")
        failure = IndexingFailure.objects.first()
        if failure:
            self.stdout.write(f"Last error: {failure.created_at:%Y-%m-%d %H:%M:%S} {failure.key}: {failure.error}")
        else:
            self.stdout.write("Last error: none")
