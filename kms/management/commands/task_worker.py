"""`manage.py task_worker [--threads N]`: `db_worker` running up to N tasks at a time, so that files waiting
to be read (each in its own sandboxed child) are read on every core.

django-tasks-db's worker runs one task at a time, and its claim is safe between workers
(`select_for_update(skip_locked=True)`, an exclusive transaction on SQLite). This runs N of
its loops in threads of one process: they share the queue without running a task twice,
and Django, Wagtail and the search models are held in memory once. Each thread keeps its
own database connection. The first SIGINT or SIGTERM lets every thread finish its task and
stop; a second stops at once. `db_worker`'s options apply to each thread (`--max-tasks` too).
"""

import os
import signal
import sys
import threading

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


class Command(db_worker.Command):
    help = "Run the database queue's worker with up to --threads tasks at a time (default: the number of cores)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.KMS_EXTRACTION_CONCURRENCY,
            help="Tasks run at once (default: KMS_EXTRACTION_CONCURRENCY, the number of cores).",
        )

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, threads, worker_id, **options):
        self.configure_logging(verbosity)
        if threads < 1:
            raise CommandError("--threads must be at least 1")
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        workers = Workers(
            db_worker.Worker(
                queue_names=queue_names,
                excluded_queue_names=excluded,
                batch=batch,
                worker_id=f"{worker_id[:60]}-{number}",
                interval=options["interval"],
                backend_name=options["backend_name"],
                startup_delay=options["startup_delay"],
                max_tasks=options["max_tasks"],
            )
            for number in range(threads)
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                workers.configure_signals()  # only in the reloader's child, which runs the tasks
            run_with_reloader(workers.run)
        else:
            workers.configure_signals()
            workers.run()


class Workers:
    """Worker loops in threads, stopped together."""

    def __init__(self, workers):
        self.workers = list(workers)
        self.stopping = False

    def run(self):
        threads = [
            threading.Thread(target=self._run, args=(worker,), name=f"task-worker-{number}", daemon=True)
            for number, worker in enumerate(self.workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    @staticmethod
    def _run(worker):
        try:
            worker.run()
        finally:
            connection.close()  # this thread's own connection

    def configure_signals(self):
        for number in SIGNALS:
            signal.signal(number, self.shutdown)

    def shutdown(self, signum, frame):
        if self.stopping:
            db_worker.logger.warning("Received %s - stopping the running tasks.", signal.strsignal(signum))
            for number in SIGNALS:
                signal.signal(number, signal.SIG_DFL)
            sys.exit(1)  # the threads are daemons: they end with the main thread
        db_worker.logger.warning(
            "Received %s - each thread finishes its task, then stops (again to stop at once).", signal.strsignal(signum)
        )
        self.stopping = True
        for worker in self.workers:
            worker.running = False
