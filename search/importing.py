"""Bulk import of an existing library (a folder of reports, brochures, factsheets) as staff or public documents.

Organisations arrive with years of files on a shared drive. `LibraryImport` walks a
folder, reads optional metadata (CSV or JSON) for each file and creates one
`LibraryDocument` per new file, each in its own transaction: an interruption leaves
complete documents only, and a re-run skips what is already in the library because
files are recognised by their content (SHA-256), whatever their name or folder.

A public file is published on a document page in the same transaction (the app that
owns pages does it, through the Wagtail hook "kms_library_publisher"): a public document
is one a live page presents. A file's language (given, else detected from its text)
picks the library its page goes to, unless one library is chosen.

A problem with one file (bad metadata, unreadable) is that file's outcome and never
stops the others. A damaged file is still imported: the file is kept and its
extraction status tells editors why its text is not searchable. Losing a file an
organisation handed over is worse than storing one we cannot read.
"""

import dataclasses
import datetime
import enum
import hashlib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Collection

from .extraction import Status, extract_in_child
from .language import detect_language
from .library_metadata import (
    AUDIENCES,
    PUBLIC,
    STAFF,
    TITLE_MAX,
    LibraryImportError,
    Metadata,
    RowError,
    Taxonomy,
    check_row,
    normal_path,
    read_metadata,
)

SUFFIXES = (".pdf", ".docx", ".txt", ".html", ".htm")
PUBLIC_REFUSED = "public documents need document pages, and no installed app publishes them; import them for staff"
PUBLISHER_HOOK = "kms_library_publisher"
# Titles that authoring tools write into a PDF's properties and that say nothing about the document.
USELESS_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel) - |untitled\b|document\d*$|.*\.(docx?|pdf|pptx?)$)", re.IGNORECASE
)


class Outcome(enum.StrEnum):
    """The four things that can happen to a file; the summary counts each."""

    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclasses.dataclass(frozen=True)
class Result:
    """What happened to one file (or one metadata row), as the per-file report line shows it."""

    path: str
    outcome: Outcome
    detail: str = ""
    document_id: int | None = None

    def line(self, dry_run=False):
        if self.outcome == Outcome.IMPORTED:
            done = f"imported #{self.document_id}" if not dry_run else "would import"
            return f"{self.path}: {done} {self.detail}"
        if self.outcome == Outcome.DUPLICATE:
            return f"{self.path}: duplicate of {self.detail}"
        return f"{self.path}: {self.outcome}: {self.detail}"


def title_from_filename(name):
    """ "rapport_annuel-2019-2020.pdf" -> "Rapport annuel 2019-2020": the last resort for a title."""
    stem = Path(name).stem
    words = re.sub(r"[_\s]+|(?<!\d)-|-(?!\d)", " ", stem)
    words = " ".join(words.split()) or stem
    return words[:1].upper() + words[1:]


def _useful_title(title):
    title = " ".join((title or "").split())
    return "" if USELESS_TITLE.match(title) else title


def find_files(root):
    """Every file under `root` as a normalised relative path, folders and names in sorted order."""
    found = []
    for directory, folders, names in os.walk(root):
        folders.sort()
        for name in sorted(names):
            found.append(normal_path(os.path.relpath(os.path.join(directory, name), root)))
    return found


class LibraryImport:
    """One import run over a folder; `import_path` handles one file and never raises for a bad file,
    `import_paths` many, reading several at once.

    A database failure does raise: it is not the file's fault, and re-running resumes.
    """

    def __init__(self, root, *, metadata=None, audience=STAFF, collection=None, library=None, dry_run=False):
        self.root = Path(root)
        if not self.root.is_dir():
            raise LibraryImportError(f"{root} is not a folder")
        if audience not in AUDIENCES:
            raise LibraryImportError(f"audience must be one of {', '.join(AUDIENCES)}")
        self.audience = audience
        self.dry_run = dry_run
        self.rows, problems = read_metadata(metadata) if metadata else ({}, [])
        self.row_problems = [Result(f"metadata {label}", Outcome.ERROR, message) for label, message in problems]
        self.taxonomy = Taxonomy()
        self.notes = []
        self.collection = self._collection(collection)
        self.publisher = self._publisher(library)
        self.seen = {}  # content hash -> path, for duplicates within this run (a dry run saves nothing)

    def _collection(self, name):
        if not name:
            return None  # Wagtail's root collection
        matches = list(Collection.objects.filter(name=name)[:2])
        if len(matches) > 1:
            raise LibraryImportError(f"several collections are named {name!r}; rename one first")
        if matches:
            return matches[0]
        if self.dry_run:
            self.notes.append(f"Would create the collection {name!r}.")
            return None
        self.notes.append(f"Created the collection {name!r}.")
        return Collection.get_first_root_node().add_child(name=name)

    def _publisher(self, library):
        """What publishes public files on document pages (None when no app offers it: public files are refused)."""
        found = hooks.get_hooks(PUBLISHER_HOOK)
        if not found:
            if library is not None:
                raise LibraryImportError(PUBLIC_REFUSED)
            return None
        try:
            return found[-1]()(library)
        except ValueError as error:
            raise LibraryImportError(str(error)) from error

    def paths(self):
        """Files listed in the metadata, then the other files, then listed paths that match no file.

        Listed files go first so that when the same file sits in two folders, the copy
        that carries metadata is the one imported and the other is its duplicate.
        """
        files = find_files(self.root)
        listed = [path for path in files if path in self.rows]
        others = [path for path in files if path not in self.rows]
        return listed + others + sorted(set(self.rows) - set(files))

    def import_paths(self, paths, concurrency=None):
        """The result of `import_path` for each path, in order, while the next files are read ahead.

        Reading a file's text (each in its own sandboxed child) is most of an import's time
        and needs no database, so up to `concurrency` files (KMS_EXTRACTION_CONCURRENCY)
        are read at once by threads; everything else (duplicates, metadata, saving) stays
        in this thread in the order of `paths`, so the results are those of one at a time.
        A file found to be a duplicate was read for nothing: correctness first.
        """
        concurrency = concurrency or settings.KMS_EXTRACTION_CONCURRENCY
        pool = ThreadPoolExecutor(concurrency, thread_name_prefix="import-read")
        try:
            ahead = {}
            for index, path in enumerate(paths):
                for later in paths[index : index + concurrency + 1]:  # one more than the pool: never idle
                    if later not in ahead:
                        ahead[later] = pool.submit(self._read_ahead, later)
                yield self.import_path(path, ahead.pop(path))
        finally:
            pool.shutdown(cancel_futures=True)

    def _read_ahead(self, path):
        full = self.root / path
        if full.suffix.lower() not in SUFFIXES or not full.is_file():
            return None
        return extract_in_child(full, filename=full.name)

    def import_path(self, path, read_ahead=None):
        """What happens to one file; `read_ahead` is the future of its extraction when `import_paths` started it."""
        full = self.root / path
        if not full.is_file():
            if path in self.rows:
                return Result(path, Outcome.ERROR, "listed in the metadata, but there is no such file in the folder")
            return Result(path, Outcome.ERROR, "not a readable file (a broken link, or removed during the import)")
        if full.suffix.lower() not in SUFFIXES:
            return Result(path, Outcome.SKIPPED, "unsupported")
        try:
            data = full.read_bytes()
        except OSError as error:
            return Result(path, Outcome.ERROR, f"cannot read the file: {error.strerror or error}")
        content_hash, sha1 = hashlib.sha256(data).hexdigest(), hashlib.sha1(data).hexdigest()
        duplicate = self._duplicate_of(content_hash, sha1)
        if duplicate:
            return Result(path, Outcome.DUPLICATE, duplicate)
        try:
            metadata = self._metadata(path)
        except RowError as error:
            # A copy elsewhere in the folder must not slip in without the metadata meant for it.
            self.seen[content_hash] = f"{path} (not imported: fix its metadata and run again)"
            return Result(path, Outcome.ERROR, str(error))
        public = (metadata.audience or self.audience) == PUBLIC

        # Read once here for the title fallback, the language and to tell the operator now when
        # the text cannot be searched (in a bounded child process, like every untrusted file);
        # the extraction task reads it again after saving.
        extraction = self._extraction(read_ahead, data, full.name)
        language = metadata.language or detect_language(extraction.text).language
        problem = self._public_problem(language) if public else ""
        if problem:
            self.seen[content_hash] = f"{path} (not imported: {problem})"
            return Result(path, Outcome.ERROR, problem)
        title = metadata.title or _useful_title(extraction.title) or title_from_filename(full.name)
        title = title[:TITLE_MAX]
        detail = f"“{title}”"
        if extraction.status != Status.OK:
            detail += f" (text: {extraction.status})"
        if self.dry_run:
            self.seen[content_hash] = path
            if public:
                detail += " as public"
            return Result(path, Outcome.IMPORTED, detail)

        fields = {"title": title, "language": language, "created": extraction.created, "public": public}
        document, page = self._save(full.name, data, metadata, content_hash, sha1, **fields)
        self.seen[content_hash] = f"#{document.pk}"
        if page is not None:
            detail += f" on {page.url or page.url_path}"
        return Result(path, Outcome.IMPORTED, detail, document.pk)

    def _extraction(self, read_ahead, data, filename):
        if read_ahead is not None:
            try:
                extraction = read_ahead.result()
            except OSError:
                extraction = None  # the file could not be opened then: read the bytes this thread has
            if extraction is not None:
                return extraction
        return extract_in_child(data, filename=filename)

    def _public_problem(self, language):
        if self.publisher is None:
            return PUBLIC_REFUSED
        return self.publisher.problem(language)

    def _metadata(self, path):
        row = self.rows.get(path)
        if row is None:
            return Metadata()
        if isinstance(row, RowError):
            raise row
        label, values = row
        try:
            return check_row(values, self.taxonomy)
        except RowError as error:
            raise RowError(f"{error} (metadata {label})") from error

    def _duplicate_of(self, content_hash, sha1):
        if content_hash in self.seen:
            return self.seen[content_hash]
        Document = get_document_model()
        pk = Document.objects.filter(content_hash=content_hash).values_list("pk", flat=True).first()
        if pk is None:
            # Documents uploaded in the admin carry only Wagtail's SHA-1 file_hash.
            pk = Document.objects.filter(content_hash="", file_hash=sha1).values_list("pk", flat=True).first()
        return f"#{pk}" if pk is not None else ""

    def _save(self, filename, data, metadata, content_hash, sha1, *, title, language, created, public):
        """The new document (and, when public, its published page) in one transaction: both or neither."""
        Document = get_document_model()
        document = Document(
            title=title,
            kind=metadata.kind,
            organisation=metadata.organisation,
            published_on=metadata.published_on,
            file_created_on=datetime.date.fromisoformat(created) if created else None,
            language=language,
            language_source=Document.LanguageSource.METADATA if metadata.language else Document.LanguageSource.DETECTED,
            content_hash=content_hash,
            file_size=len(data),
            file_hash=sha1,  # Wagtail's own duplicate warning in the admin uses it
        )
        if self.collection is not None:
            document.collection = self.collection
        document.file.save(filename, ContentFile(data), save=False)
        page = None
        try:
            with transaction.atomic():
                document.save()
                document.countries.set(metadata.countries)
                document.themes.set(metadata.themes)
                if public:
                    page = self.publisher.publish(document, summary=metadata.summary)
        except BaseException:
            document.file.delete(save=False)  # no row points at it: do not leave it behind
            raise
        return document, page
