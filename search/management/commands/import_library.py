"""`manage.py import_library PATH`: an organisation's existing files, with optional metadata, as staff documents
or, with --audience public, as documents published on document pages."""

from collections import Counter
from contextlib import closing

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from search.importing import SUFFIXES, LibraryImport, Outcome
from search.library_metadata import AUDIENCES, COLUMNS, STAFF, LibraryImportError
from search.management.progress import RawOutput


class Command(BaseCommand):
    help = (
        f"Import every {', '.join(SUFFIXES)} file under PATH as a staff document, one transaction per file; "
        "with --audience public, each file is published on a document page in the library of its language. "
        "Files already in the library (same content) are reported as duplicates and skipped, so an interrupted "
        f"import can simply be run again. Metadata columns: {', '.join(COLUMNS)} (only path is required)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The folder to import; subfolders are included.")
        parser.add_argument("--metadata", help="A CSV (with header) or JSON list of objects, paths relative to PATH.")
        parser.add_argument("--audience", choices=AUDIENCES, default=STAFF, help="Who may find the documents.")
        parser.add_argument("--collection", help="The Wagtail collection to put documents in (created if missing).")
        parser.add_argument(
            "--library",
            dest="library_page",
            type=int,
            help="The id of the document library page for public documents (default: the library of each "
            "file's language).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            help="Files read at once, each in its own sandbox (default: KMS_EXTRACTION_CONCURRENCY, the number of "
            "cores).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would happen, write nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for logs).")

    def handle(self, path, metadata=None, audience=STAFF, collection=None, dry_run=False, no_progress=False, **options):
        if options.get("concurrency") is not None and options["concurrency"] < 1:
            raise CommandError("--concurrency must be at least 1")
        try:
            library = LibraryImport(
                path,
                metadata=metadata,
                audience=audience,
                collection=collection,
                library=options.get("library_page"),
                dry_run=dry_run,
            )
        except LibraryImportError as error:
            raise CommandError(str(error)) from error
        for note in library.notes:
            self.stdout.write(note)

        counts = Counter()
        for result in library.row_problems:
            self.stdout.write(result.line(dry_run))
            counts[result.outcome] += 1
        paths = library.paths()
        raw = RawOutput(self.stdout)
        results = library.import_paths(paths, options.get("concurrency"))
        with (
            closing(results),
            tqdm(total=len(paths), desc="Importing", unit="file", file=raw, disable=no_progress) as bar,
        ):
            for relative in paths:
                try:
                    result = next(results)
                except DatabaseError as error:
                    raise CommandError(
                        f"{relative}: the database failed ({error}); files reported above are imported, "
                        "run the same command again to import the rest."
                    ) from error
                with tqdm.external_write_mode(file=raw):
                    self.stdout.write(result.line(dry_run))
                counts[result.outcome] += 1
                bar.update()

        imported = "import" if dry_run else "imported"
        summary = (
            f"{imported} {counts[Outcome.IMPORTED]}, duplicates {counts[Outcome.DUPLICATE]}, "
            f"skipped {counts[Outcome.SKIPPED]}, errors {counts[Outcome.ERROR]}"
        )
        self.stdout.write(f"Dry run (nothing written): would {summary}." if dry_run else f"Done: {summary}.")
        if counts[Outcome.ERROR]:
            raise CommandError(
                f"{counts[Outcome.ERROR]} file(s) or metadata row(s) had errors (lines marked 'error:' above); "
                + ("nothing was written." if dry_run else "the other files were imported. Fix them and run again.")
            )
