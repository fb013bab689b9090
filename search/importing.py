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

import csv
import dataclasses
import datetime
import enum
import hashlib
import json
import os
import posixpath
import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Collection

from .extraction import Status, extract_in_child
from .language import detect_language

SUFFIXES = (".pdf", ".docx", ".txt", ".html", ".htm")
COLUMNS = ("path", "title", "summary", "language", "kind", "organisation", "countries", "themes", "date", "audience")
STAFF, PUBLIC = "staff", "public"
AUDIENCES = (STAFF, PUBLIC)
PUBLIC_REFUSED = "public documents need document pages, and no installed app publishes them; import them for staff"
PUBLISHER_HOOK = "kms_library_publisher"
TITLE_MAX = 255  # Wagtail's document title length
LIST_SEPARATORS = re.compile(r"[;,]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Titles that authoring tools write into a PDF's properties and that say nothing about the document.
USELESS_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel) - |untitled\b|document\d*$|.*\.(docx?|pdf|pptx?)$)", re.IGNORECASE
)


class LibraryImportError(Exception):
    """A problem with the import as a whole (folder, metadata file, collection): nothing is imported."""


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


@dataclasses.dataclass(frozen=True)
class Metadata:
    """One metadata row, checked against the taxonomy: what the document will carry."""

    title: str = ""
    summary: str = ""
    language: str = ""
    kind: str = ""
    organisation: object = None
    countries: tuple = ()
    themes: tuple = ()
    published_on: datetime.date | None = None
    audience: str = ""


class RowError(ValueError):
    """A metadata row that cannot be applied; its file is reported and not imported."""


def normal_path(path):
    """A relative path as metadata and the folder walk both spell it: forward slashes, NFC, no "./".

    NFC because macOS writes file names decomposed (e + combining accent) while
    spreadsheets hold them composed.
    """
    path = unicodedata.normalize("NFC", str(path).strip()).replace("\\", "/")
    if not path:
        return ""
    return posixpath.normpath(path)


def title_from_filename(name):
    """ "rapport_annuel-2019-2020.pdf" -> "Rapport annuel 2019-2020": the last resort for a title."""
    stem = Path(name).stem
    words = re.sub(r"[_\s]+|(?<!\d)-|-(?!\d)", " ", stem)
    words = " ".join(words.split()) or stem
    return words[:1].upper() + words[1:]


def _useful_title(title):
    title = " ".join((title or "").split())
    return "" if USELESS_TITLE.match(title) else title


def _split(value):
    seen = []
    for part in LIST_SEPARATORS.split(value):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value).strip()


def read_metadata(path):
    """Rows of a CSV (with header) or JSON (list of objects) file, keyed by normalised path.

    Returns (rows, problems): `rows` maps a path to (label, raw values) where label
    names the row in messages ("row 4", "item 2"); `problems` are Results for rows
    that name no usable path. A path listed twice maps to a RowError.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                _check_columns(reader.fieldnames or [], path)
                entries = [(f"row {reader.line_num}", row) for row in reader]
        elif suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
                raise LibraryImportError(f"{path.name}: expected a JSON list of objects, one per file")
            _check_columns({key for item in data for key in item}, path)
            entries = [(f"item {number}", item) for number, item in enumerate(data, 1)]
        else:
            raise LibraryImportError(f"{path.name}: metadata must be a .csv or .json file")
    except OSError as error:
        raise LibraryImportError(f"cannot read the metadata file {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, csv.Error, json.JSONDecodeError) as error:
        raise LibraryImportError(f"{path.name} is not valid UTF-8 {suffix[1:].upper()}: {error}") from error

    rows, problems, labels = {}, [], {}
    for label, raw in entries:
        values = {key.strip(): _cell(value) for key, value in raw.items() if key}
        if not any(values.values()):
            continue  # blank spreadsheet line
        relative = normal_path(values.get("path", ""))
        if not relative:
            problems.append(Result(f"metadata {label}", Outcome.ERROR, "no path given"))
            continue
        if relative.startswith("../") or relative == ".." or posixpath.isabs(relative):
            problems.append(Result(f"metadata {label}", Outcome.ERROR, f"path {relative!r} is outside the folder"))
            continue
        if relative in labels:
            labels[relative].append(label)
            rows[relative] = RowError(f"listed more than once in the metadata ({', '.join(labels[relative])})")
            continue
        labels[relative] = [label]
        rows[relative] = (label, values)
    return rows, problems


def _check_columns(names, path):
    names = {name.strip() for name in names if name}
    if "path" not in names:
        raise LibraryImportError(f"{path.name}: a 'path' column is required (columns: {', '.join(COLUMNS)})")
    unknown = sorted(names - set(COLUMNS))
    if unknown:
        raise LibraryImportError(
            f"{path.name}: unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}"
        )


class Taxonomy:
    """Countries, themes and organisations loaded once, so checking a row costs no query."""

    def __init__(self):
        from kms.taxonomy.models import Country, Organisation, Theme

        self.countries = {country.code.upper(): country for country in Country.objects.all()}
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        organisations = list(Organisation.objects.all())
        self.organisations = {organisation.slug: organisation for organisation in organisations}
        self.acronyms = {}
        for organisation in organisations:
            if organisation.acronym:
                self.acronyms.setdefault(organisation.acronym.casefold(), []).append(organisation)

    def organisation(self, value):
        if value.lower() in self.organisations:
            return self.organisations[value.lower()]
        matches = self.acronyms.get(value.casefold(), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            slugs = ", ".join(sorted(organisation.slug for organisation in matches))
            raise RowError(f"organisation {value!r} is the acronym of several organisations ({slugs}); use the slug")
        raise RowError(f"unknown organisation {value!r} (give its slug or acronym)")


def check_row(values, taxonomy):
    """Metadata for one row, or RowError naming every problem in it."""
    Document = get_document_model()
    problems = []
    fields = {"title": values.get("title", "")[:TITLE_MAX], "summary": values.get("summary", "")}

    language = values.get("language", "").lower()
    languages = [code for code, _name in settings.LANGUAGES]
    if language and language not in languages:
        problems.append(f"language {values['language']!r} is not one of {', '.join(languages)}")
    fields["language"] = language

    kind = values.get("kind", "")
    if kind:
        wanted = re.sub(r"[\s_-]+", "_", kind.lower())
        if wanted in Document.Kind.values:
            fields["kind"] = wanted
        else:
            problems.append(f"kind {kind!r} is not one of {', '.join(Document.Kind.values)}")

    if values.get("organisation"):
        try:
            fields["organisation"] = taxonomy.organisation(values["organisation"])
        except RowError as error:
            problems.append(str(error))

    codes = [code.upper() for code in _split(values.get("countries", ""))]
    unknown = [code for code in codes if code not in taxonomy.countries]
    if unknown:
        problems.append(f"unknown country code(s) {', '.join(unknown)} (ISO 3166-1 alpha-2, such as TN or SN)")
    fields["countries"] = tuple(taxonomy.countries[code] for code in codes if code in taxonomy.countries)

    slugs = [slug.lower() for slug in _split(values.get("themes", ""))]
    unknown = [slug for slug in slugs if slug not in taxonomy.themes]
    if unknown:
        problems.append(f"unknown theme(s) {', '.join(unknown)}")
    fields["themes"] = tuple(taxonomy.themes[slug] for slug in slugs if slug in taxonomy.themes)

    date = values.get("date", "")
    if date:
        try:
            if not ISO_DATE.fullmatch(date):
                raise ValueError
            fields["published_on"] = datetime.date.fromisoformat(date)
        except ValueError:
            problems.append(f"date {date!r} is not a date written YYYY-MM-DD")

    audience = values.get("audience", "").lower()
    if audience and audience not in AUDIENCES:
        problems.append(f"audience {values['audience']!r} is not one of {', '.join(AUDIENCES)}")
    fields["audience"] = audience

    if problems:
        raise RowError("; ".join(problems))
    return Metadata(**fields)


def find_files(root):
    """Every file under `root` as a normalised relative path, folders and names in sorted order."""
    found = []
    for directory, folders, names in os.walk(root):
        folders.sort()
        for name in sorted(names):
            found.append(normal_path(os.path.relpath(os.path.join(directory, name), root)))
    return found


class LibraryImport:
    """One import run over a folder; `import_path` handles one file and never raises for a bad file.

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
        self.rows, self.row_problems = read_metadata(metadata) if metadata else ({}, [])
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

    def import_path(self, path):
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
        extraction = extract_in_child(data, filename=full.name)
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
