"""The metadata that comes with a library import: a CSV or JSON file with one row per file, checked against
the taxonomy before anything is written.

Each row names a file by its path relative to the imported folder and may give its title, summary, language,
kind, organisation, countries, themes, date and audience. A row that cannot be applied is that file's error
(`RowError`), naming every problem in it; a metadata file that cannot be read stops the import before it
starts (`LibraryImportError`).
"""

import csv
import dataclasses
import datetime
import json
import posixpath
import re
import unicodedata
from pathlib import Path

from django.conf import settings
from wagtail.documents import get_document_model

COLUMNS = ("path", "title", "summary", "language", "kind", "organisation", "countries", "themes", "date", "audience")
STAFF, PUBLIC = "staff", "public"
AUDIENCES = (STAFF, PUBLIC)
TITLE_MAX = 255  # Wagtail's document title length
LIST_SEPARATORS = re.compile(r"[;,]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class LibraryImportError(Exception):
    """A problem with the import as a whole (folder, metadata file, collection): nothing is imported."""


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
    names the row in messages ("row 4", "item 2"); `problems` are (label, message)
    for rows that name no usable path. A path listed twice maps to a RowError.
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
            problems.append((label, "no path given"))
            continue
        if relative.startswith("../") or relative == ".." or posixpath.isabs(relative):
            problems.append((label, f"path {relative!r} is outside the folder"))
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
