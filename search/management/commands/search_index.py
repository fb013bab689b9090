"""`manage.py search_index rebuild|update|status`: the search index from the command line."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search import sources
from search.engine import get_engine
from search.engines.base import EngineUnavailable
from search.management.progress import progress_bar
from search.models import IndexingFailure


def queue_depth():
    """Indexing tasks waiting in the database queue (0 when tasks run in process)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__startswith="search.tasks.").count()


class Command(BaseCommand):
    help = (
        "rebuild: a new index, swapped in without downtime; update: index what is missing, remove what is stale; "
        "drain: run waiting indexing tasks now (after an outage); status: counts, queue depth, last error."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "drain", "status"])
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
        return progress_bar(self, total, label, "record", disable=not self.progress)

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
        if missing:
            with self._bar(len(missing), "Indexing missing") as bar:
                for start in range(0, len(missing), 200):
                    keys = missing[start : start + 200]
                    self.engine.index([record for key in keys if (record := sources.record_for(key))])
                    bar.update(len(keys))
        if extra:
            self.engine.delete(extra)
        if not quiet or missing or extra:
            self.stdout.write(f"Indexed {len(missing)} missing records, removed {len(extra)} stale ones.")

    def drain(self, dry_run):
        """Make waiting indexing tasks due now (their backoff is over once the engine is back) and run them."""
        from django.core.management import call_command
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__startswith="search.tasks.")
        if dry_run:
            self.stdout.write(f"Would run {waiting.count()} waiting indexing task(s).")
            return
        self.engine.stats()  # fails here, not task by task, while the engine is still down
        count = waiting.update(run_after=timezone.now())
        call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0, reload=False)
        self.stdout.write(f"Ran {count} waiting indexing task(s); {queue_depth()} still waiting.")

    def status(self, dry_run):
        self.stdout.write(f"Engine: {self.engine.name}")
        try:
            stats = self.engine.stats()
        except EngineUnavailable as error:
            self.stdout.write(f"Engine unreachable: {error}")
            stats = None
        searchable = len(sources.all_keys())
        if stats is not None:
            indexed = sum(sum(languages.values()) for languages in stats.values())
            self.stdout.write(f"Records indexed: {indexed} (searchable in the database: {searchable})")
            for kind, languages in sorted(stats.items()):
                per_language = ", ".join(f"{language} {count}" for language, count in sorted(languages.items()))
                self.stdout.write(f"  {kind}: {per_language}")
            if self.engine.needs_rebuild():
                self.stdout.write(
                    self.style.WARNING(
                        "The index was built with an older text analysis: some words are not found until "
                        "`manage.py search_index rebuild` is run."
                    )
                )
        self.stdout.write(f"Queue depth: {queue_depth()} indexing task(s) waiting")
        failure = IndexingFailure.objects.first()
        if failure:
            self.stdout.write(f"Last error: {failure.created_at:%Y-%m-%d %H:%M:%S} {failure.key}: {failure.error}")
        else:
            self.stdout.write("Last error: none")
