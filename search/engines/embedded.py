"""The embedded engine: SQLite FTS5 in one file, the default when no server is configured.

Storage (one SQLite file, WAL mode, a connection per call so threads and processes share it):

- `records`: one small row per record, what a hit shows; `texts`: its body (compressed,
  for snippets) and the analysed terms given to `fts` (compressed: the contentless FTS5
  table needs them again to delete a row).
- `terms`: (rowid, facet, value) for kind, language, country, theme, organisation, year
  and audience; it serves both filtering and facet counting.
- `fts`: an FTS5 table whose title, summary and body columns hold *analysed* terms
  (search/textanalysis.py, driven by search.analysis.TABLE), each tagged with the analysis
  that produced it: "en:livelihood" (the record's language) and "_:livelihoods" (the
  neutral analysis, which every record also gets, as the Elasticsearch engine does with
  its `neutral` sub-fields). FTS5's own tokenizer only splits those strings on spaces.

A query is analysed by every language's chain; a record matches when all the query's
terms of one analysis are in it (the Elasticsearch engine's `operator: and`, one
language at a time): `("en:a" AND "en:b") OR ("fr:a" AND "fr:b") OR ...`. Every term is
quoted, so no input can reach FTS5's query syntax. Ranking is FTS5's bm25 with the
column weights title 3, summary 2, body 1, and 1.5 times that for the reader's language.

A search asks SQLite only for the rowids and bm25 scores of what each match expression finds
(the reader's words, each distinct translation). Everything else is array arithmetic over a
RecordTable, each record's group, language, date and facet values kept in memory per process
and patched after writes: audiences and filters are masks, facet counts are bincounts, and
only the groups that can reach the page are sorted. At 100k records the bm25 of every match
(about 1.2 µs of CPU each, in FTS5) is most of what remains: so a term that several expressions share
is read once (`_scored`), and on a large index a helper process reads every other expression while the
search reads the rest (search/engines/fts_scoring.py).
"""

import collections
import functools
import html
import json
import os
import sqlite3
import threading
import time
import zlib
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .. import embeddings, fusion, textanalysis, thesaurus
from ..analysis import LANGUAGES, NEUTRAL, analysed_as
from ..query import FACETS, Hit, Results, Suggestion, Version, found_by_words, one_hit_per_file
from . import fts_scoring
from .base import Engine, EngineUnavailable

TEXT_FIELDS = {"title": 3.0, "summary": 2.0, "body": 1.0}
WEIGHTS = ", ".join(str(weight) for weight in TEXT_FIELDS.values())  # bm25's column weights, as SQL
READER_LANGUAGE_BOOST = 1.5
FACET_SIZE = 50
SNIPPET_CHARS = 180
SNIPPET_LEAD = 50  # characters of context kept before the first match
MAX_HIGHLIGHT_OFFSET = 500_000  # as the Elasticsearch engine: matches further in are not looked for
MAX_VERSIONS = 5
BUSY_TIMEOUT_S = 60  # writers wait this long for a rebuild or another writer to finish
ANALYSES = (*LANGUAGES, NEUTRAL)
TAGS = {**{code: f"{code}:" for code in LANGUAGES}, NEUTRAL: "_:"}
# Facet name -> the `terms.facet` value (the same names; audiences are a hidden facet).
AUDIENCE = "audience"

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    language TEXT NOT NULL,
    date TEXT,
    year INTEGER,
    grp TEXT NOT NULL,
    organisations TEXT NOT NULL,
    file TEXT NOT NULL DEFAULT ''
);
-- Kept apart so that scanning `records` reads small rows only.
CREATE TABLE IF NOT EXISTS texts (
    rowid INTEGER PRIMARY KEY,
    body BLOB NOT NULL,  -- compressed (zlib); only snippets read it
    analysed BLOB NOT NULL  -- the terms given to fts, compressed: a contentless FTS5 table needs them to delete
);
CREATE INDEX IF NOT EXISTS records_grp ON records (grp);
-- What the index was built with: `analysis`, the text analysis version (textanalysis.VERSION).
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS terms (
    rowid INTEGER NOT NULL,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (rowid, facet, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS terms_value ON terms (facet, value, rowid);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, summary, body, content = '', tokenize = "ascii tokenchars '''_:'"
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab(fts, 'row');
-- Each record's embedding (search/embeddings.py) as int8 with its scale, when semantic ranking is on.
CREATE TABLE IF NOT EXISTS vectors (
    rowid INTEGER PRIMARY KEY,
    scale REAL NOT NULL,
    vector BLOB NOT NULL
);
-- "vectors": bumped when `vectors` is refilled (a rebuild), so each process knows to read them all again.
CREATE TABLE IF NOT EXISTS generations (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
-- The rows an index or delete changed since the last refill: each process reads only these again.
CREATE TABLE IF NOT EXISTS vector_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, rowid INTEGER NOT NULL);
"""
# From this many records, a search whose words and translations make several match expressions reads them
# side by side: a helper process reads every other one (search/engines/fts_scoring.py). Below it the
# expressions take a few milliseconds, less than handing them over. On one core, never.
SIDE_BY_SIDE_RECORDS = 20_000
# Past this many logged changes a write refills instead (bumps the generation and empties the log),
# so the log stays small and a process far behind reads everything once.
VECTOR_CHANGES_LIMIT = 20_000
FACET_VALUES = {
    "kind": lambda record: [record.kind],
    "language": lambda record: [record.language or NEUTRAL],
    "country": lambda record: record.countries,
    "theme": lambda record: record.themes,
    "organisation": lambda record: record.organisations,
    "year": lambda record: [record.year] if record.year else [],
    AUDIENCE: lambda record: record.audiences,
}


def _quote(term):
    return '"' + term.replace('"', '""') + '"'


def _edit_distance(a, b, limit):
    """Damerau-Levenshtein distance (optimal string alignment: a swap of neighbours is one edit),
    or limit + 1 as soon as it is certain to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


class VectorTable:
    """Every record's int8 vector in one matrix, with which rows each audience may see.

    Above PREFILTER_ROWS rows, a search first ranks every row by the Hamming distance between the signs
    of its vector and the query's (64 bytes a row, `bits`), then scores only the PREFILTER_CANDIDATES
    closest exactly. Measured at 100k records (tests/bench/bench_semantic.py's corpus, 102 queries):
    the exact scoring of every row took 19-21 ms, this 6.5 ms, and kept 99% of the exact 50 nearest
    (2,000 candidates: 5.3 ms and 98%; 1,000: 96%). Signs taken around zero kept more than around the
    rows' mean (97% against 88% at 10k with 500 candidates)."""

    PREFILTER_ROWS = 20_000
    PREFILTER_CANDIDATES = 4_000

    def __init__(self, rowids, matrix, scales, audiences):
        self.rowids = rowids  # int64, ascending
        self.matrix = matrix  # int8, len(rowids) x DIMENSIONS
        self.scales = scales  # float32: row i ~= matrix[i] * scales[i]
        self.audiences = audiences  # audience -> positions (int64) of the rows it may see
        self.bits = (
            np.packbits(matrix > 0, axis=1).view(np.uint64) if len(rowids) > self.PREFILTER_ROWS else None
        )  # the sign of each dimension, 8 x 64 bits a row

    @staticmethod
    def _read(connection, where="", params=()):
        """(rowids, scales, matrix, audience -> rowids) of the stored vectors, all or those `where` selects."""
        rows = connection.execute(f"SELECT rowid, scale, vector FROM vectors {where} ORDER BY rowid", params).fetchall()
        count = len(rows)
        rowids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=count)
        scales = np.fromiter((row[1] for row in rows), dtype=np.float32, count=count)
        matrix = np.frombuffer(b"".join(row[2] for row in rows), dtype=np.int8).reshape(count, embeddings.DIMENSIONS)
        del rows
        grouped = {}
        for value, rowid in connection.execute(
            f"SELECT value, rowid FROM terms WHERE facet = ? {where.replace('WHERE', 'AND')}", (AUDIENCE, *params)
        ):
            grouped.setdefault(value, []).append(rowid)
        return (
            rowids,
            scales,
            matrix,
            {value: np.asarray(members, dtype=np.int64) for value, members in grouped.items()},
        )

    @classmethod
    def _build(cls, rowids, scales, matrix, audience_rowids):
        count = len(rowids)
        audiences = {}
        for value, members in audience_rowids.items():
            positions = np.searchsorted(rowids, members).clip(0, max(count - 1, 0))
            audiences[value] = positions[rowids[positions] == members] if count else positions[:0]
        return cls(rowids, matrix, scales, audiences)

    @classmethod
    def load(cls, connection):
        return cls._build(*cls._read(connection))

    def updated(self, connection, changed):
        """This table with the rows `changed` (rowids that were written or deleted) read again."""
        changed = np.unique(np.asarray(changed, dtype=np.int64))
        keep = ~np.isin(self.rowids, changed)
        rowids, scales, matrix, audiences = self._read(
            connection, "WHERE rowid IN (SELECT value FROM json_each(?))", (json.dumps(changed.tolist()),)
        )
        merged_rowids = np.concatenate([self.rowids[keep], rowids])
        order = np.argsort(merged_rowids, kind="stable")
        merged_audiences = {}
        for value in set(self.audiences) | set(audiences):
            kept = self.rowids[self.audiences[value]] if value in self.audiences else np.empty(0, dtype=np.int64)
            kept = kept[~np.isin(kept, changed)]
            merged_audiences[value] = np.concatenate([kept, audiences.get(value, np.empty(0, dtype=np.int64))])
        return self._build(
            merged_rowids[order],
            np.concatenate([self.scales[keep], scales])[order],
            np.concatenate([self.matrix[keep], matrix])[order],
            merged_audiences,
        )

    def nearest(self, vector, audiences, limit, min_similarity):
        """(rowid, similarity) of at most `limit` rows that `audiences` may see, nearest first."""
        visible = np.zeros(len(self.rowids), dtype=bool)
        for audience in audiences:
            positions = self.audiences.get(audience)
            if positions is not None:
                visible[positions] = True
        if not visible.any():
            return []
        quantized, (scale,) = embeddings.quantize(vector)
        rows = np.flatnonzero(visible)
        if self.bits is not None and len(rows) > self.PREFILTER_CANDIDATES:
            signs = np.packbits(quantized[0] > 0).view(np.uint64)
            distance = np.bitwise_count(self.bits ^ signs).sum(axis=1, dtype=np.uint16)
            distance[~visible] = np.iinfo(np.uint16).max
            rows = np.argpartition(distance, self.PREFILTER_CANDIDATES - 1)[: self.PREFILTER_CANDIDATES]
        elif len(rows) == len(self.rowids):
            rows = slice(None)  # every row is scored: the matrix itself, not a copy of it
        # int8 rows times the int8 query, summed in int32: numpy has no int8 BLAS, but this reads 512
        # bytes a record where float32 rows would read four times as much (17 ms against 50 ms at 100k).
        similarity = np.einsum("ij,j->i", self.matrix[rows], quantized[0].astype(np.int32)).astype(np.float32)
        similarity *= self.scales[rows] * scale
        limit = min(limit, len(similarity))
        top = np.argpartition(-similarity, limit - 1)[:limit]
        top = top[np.argsort(-similarity[top], kind="stable")]
        rowids = self.rowids[rows]
        return [
            (int(rowids[position]), float(similarity[position]))
            for position in top
            if similarity[position] >= min_similarity
        ]


class Codes:
    """Text values numbered in the order they were first seen: `names[code]`, and `code(name)`."""

    def __init__(self, names=()):
        self.names = list(names)
        self.numbers = {name: number for number, name in enumerate(self.names)}

    def code(self, name):
        number = self.numbers.get(name)
        if number is None:
            number = self.numbers[name] = len(self.names)
            self.names.append(name)
        return number

    def codes(self, names):
        return np.fromiter((self.code(name) for name in names), dtype=np.int64, count=len(names))

    def find(self, names):
        """The codes of those of `names` that are known."""
        return np.asarray([self.numbers[name] for name in names if name in self.numbers], dtype=np.int64)


class RecordTable:
    """What filtering, facet counting and grouping need of every record, as arrays in rowid order, kept in
    memory per process like VectorTable (read once, then only the rows a write changed): each record's group,
    language and date, and the (record, value) pairs of every facet, audiences included. A search then asks
    SQLite only for the rowids (and scores) its words find; the rest is array arithmetic, with no Python work
    per record found."""

    def __init__(self, rowids, groups, languages, dates, pairs):
        self.rowids = rowids  # int64, ascending
        self.groups, self.languages, self.dates = groups, languages, dates  # (Codes, int64 code per row)
        self.pairs = pairs  # facet -> (Codes, rowids int64, value codes int64), sorted by rowid
        self.positions = {
            facet: np.searchsorted(rowids, pair_rowids) for facet, (_codes, pair_rowids, _values) in pairs.items()
        }
        # Dates order as text, as SQLite and Python compare them; an undated record has no rank (-1).
        names = dates[0].names
        dated = [number for number, name in enumerate(names) if name is not None]
        rank = np.full(len(names), -1, dtype=np.int64)
        rank[sorted(dated, key=names.__getitem__)] = np.arange(len(dated))
        self.date_rank = rank[dates[1]]

    @staticmethod
    def _read(connection, where="", params=()):
        records = connection.execute(
            f"SELECT rowid, grp, language, date FROM records {where} ORDER BY rowid", params
        ).fetchall()
        # One row per facet value, its records' rowids joined by SQLite: no Python object per (record, value).
        terms = connection.execute(
            f"SELECT facet, value, group_concat(rowid) FROM terms {where} GROUP BY facet, value", params
        ).fetchall()
        return records, terms

    @classmethod
    def _build(cls, rowids, columns, pairs, records, terms):
        """The table of `rowids` (with `columns` and `pairs` of theirs) plus the rows `records` and `terms`."""
        added = np.fromiter((row[0] for row in records), dtype=np.int64, count=len(records))
        merged = np.concatenate([rowids, added])
        order = np.argsort(merged, kind="stable")
        built = []
        for number, (codes, values) in enumerate(columns):
            new = codes.codes([row[number + 1] for row in records])
            built.append((codes, np.concatenate([values, new])[order]))
        found = {}
        for facet, value, joined in terms:
            found.setdefault(facet, []).append((value, np.array(joined.split(","), dtype=np.int64)))
        merged_pairs = {}
        for facet in FACET_VALUES:
            codes, pair_rowids, values = pairs.get(facet) or (Codes(), np.empty(0, np.int64), np.empty(0, np.int64))
            new_rowids = [members for _value, members in found.get(facet, [])]
            new_values = [np.full(len(members), codes.code(value)) for value, members in found.get(facet, [])]
            pair_rowids = np.concatenate([pair_rowids, *new_rowids]).astype(np.int64)
            values = np.concatenate([values, *new_values]).astype(np.int64)
            pair_order = np.argsort(pair_rowids, kind="stable")
            merged_pairs[facet] = (codes, pair_rowids[pair_order], values[pair_order])
        return cls(merged[order], *built, merged_pairs)

    @classmethod
    def load(cls, connection):
        empty = np.empty(0, dtype=np.int64)
        return cls._build(empty, [(Codes(), empty), (Codes(), empty), (Codes(), empty)], {}, *cls._read(connection))

    def updated(self, connection, changed):
        """This table with the rows `changed` (rowids that were written or deleted) read again."""
        changed = np.unique(np.asarray(changed, dtype=np.int64))
        keep = ~np.isin(self.rowids, changed)
        columns = [(codes, values[keep]) for codes, values in (self.groups, self.languages, self.dates)]
        pairs = {}
        for facet, (codes, pair_rowids, values) in self.pairs.items():
            kept = ~np.isin(pair_rowids, changed)
            pairs[facet] = (codes, pair_rowids[kept], values[kept])
        where = "WHERE rowid IN (SELECT value FROM json_each(?))"
        return self._build(
            self.rowids[keep], columns, pairs, *self._read(connection, where, (json.dumps(changed.tolist()),))
        )

    def locate(self, rowids):
        """(positions, which of `rowids` are in the table)."""
        positions = np.searchsorted(self.rowids, rowids)
        inside = positions < len(self.rowids)
        inside[inside] = self.rowids[positions[inside]] == rowids[inside]
        return positions[inside], inside

    @functools.cached_property
    def kinds(self):
        """(the kinds' names, each record's kind as an index into them, -1 for none), made once per table."""
        if "kind" not in self.pairs:
            return [], np.full(len(self.rowids), -1, dtype=np.int64)
        codes, _rowids, values = self.pairs["kind"]
        kind_of = np.full(len(self.rowids), -1, dtype=np.int64)
        kind_of[self.positions["kind"]] = values
        return codes.names, kind_of

    def having(self, facet, accepted):
        """Whether each record has one of the `accepted` values of `facet`."""
        codes, _rowids, values = self.pairs[facet]
        mask = np.zeros(len(self.rowids), dtype=bool)
        wanted = codes.find([str(value) for value in accepted])
        if len(wanted):
            mask[self.positions[facet][np.isin(values, wanted)]] = True
        return mask

    def dated(self, date_from, date_to):
        """Whether each record's date is within the range (an undated record is outside any range)."""
        names = self.dates[0].names
        # As the text comparisons that stored dates allow: the whole date from `date_from`, the day up to `date_to`.
        inside = np.fromiter(
            (
                name is not None
                and (not date_from or name >= date_from.isoformat())
                and (not date_to or name[:10] <= date_to.isoformat())
                for name in names
            ),
            dtype=bool,
            count=len(names),
        )
        return inside[self.dates[1]]


class Found:
    """What a search found: per part, whether it found each record (a row of RecordTable) and its score there."""

    def __init__(self, count):
        self.parts = {part: (np.zeros(count, dtype=bool), np.zeros(count, dtype=np.float64)) for part in fusion.PARTS}
        self.any = np.zeros(count, dtype=bool)
        self.via = np.full(count, -1, dtype=np.int64)  # index in `vias` of the first translation that found it
        self.vias = []  # "language:label" of each translation searched


class EmbeddedEngine(Engine):
    name = "embedded"

    def __init__(self, path, ranking=None):
        self.path = Path(path)
        self.ranking = fusion.ranking_settings(ranking)
        self._ready = False
        self._lock = threading.Lock()
        self._vectors = None  # (generation, last change read, VectorTable), loaded on the first semantic search
        self._records = None  # ((generation, last change read), RecordTable), loaded on the first search

    # --- storage --------------------------------------------------------------------

    @contextmanager
    def _connect(self):
        try:
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as error:
            raise EngineUnavailable(f"search index {self.path} cannot be opened: {error}") from error
        try:
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA temp_store = MEMORY")
            yield connection
        finally:
            connection.close()

    def setup(self):
        if self._ready and self.path.exists():
            return
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as connection:
                if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    connection.execute("PRAGMA journal_mode = WAL")
                connection.executescript(SCHEMA)
                columns = {row[1] for row in connection.execute("PRAGMA table_info(records)")}
                if "file" not in columns:  # an index file written before records carried their file
                    connection.execute("ALTER TABLE records ADD COLUMN file TEXT NOT NULL DEFAULT ''")
                # A new, empty index is built with this analysis; one written before `meta` existed is not.
                if not connection.execute("SELECT 1 FROM records LIMIT 1").fetchone():
                    connection.execute(
                        "INSERT OR IGNORE INTO meta (name, value) VALUES ('analysis', ?)", (str(textanalysis.VERSION),)
                    )
            self._ready = True

    @contextmanager
    def _write(self):
        """A write transaction (BEGIN IMMEDIATE: one writer at a time, readers keep their snapshot)."""
        self.setup()
        with self._connect() as connection:
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:  # locked past the timeout, e.g. by a long rebuild
                raise EngineUnavailable(f"search index {self.path} is busy: {error}") from error
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    @contextmanager
    def _read(self):
        self.setup()
        with self._connect() as connection:
            yield connection

    # --- writing --------------------------------------------------------------------

    @staticmethod
    def _texts(record):
        """The analysed, tagged terms of each text field: the record's language and neutral."""
        language = analysed_as(record.language)
        analyses = (language, NEUTRAL) if language != NEUTRAL else (NEUTRAL,)
        texts = []
        for field in TEXT_FIELDS:
            value = getattr(record, field) or ""
            if field == "title" and record.authors:
                value = f"{value}\n{' ; '.join(record.authors)}"
            terms = [TAGS[code] + term for code in analyses for term in textanalysis.analyze(value, code)]
            texts.append(" ".join(terms))
        return texts

    @staticmethod
    def _remove(connection, record_id):
        """Deletes the record `record_id`; its rowid, or None if there was none."""
        row = connection.execute("SELECT rowid FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            return None
        (rowid,) = row
        (analysed,) = connection.execute("SELECT analysed FROM texts WHERE rowid = ?", (rowid,)).fetchone()
        connection.execute(
            "INSERT INTO fts (fts, rowid, title, summary, body) VALUES ('delete', ?, ?, ?, ?)",
            (rowid, *zlib.decompress(analysed).decode().split("\0")),
        )
        connection.execute("DELETE FROM terms WHERE rowid = ?", (rowid,))
        connection.execute("DELETE FROM vectors WHERE rowid = ?", (rowid,))
        connection.execute("DELETE FROM texts WHERE rowid = ?", (rowid,))
        connection.execute("DELETE FROM records WHERE rowid = ?", (rowid,))
        return rowid

    def _insert(self, connection, record, vector=None):
        texts = self._texts(record)
        cursor = connection.execute(
            "INSERT INTO records (id, kind, url, title, summary, language, date, year, grp, organisations, file)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                record.kind,
                record.url,
                record.title or "",
                record.summary or "",
                record.language or NEUTRAL,
                record.date.isoformat() if record.date else None,
                record.year,
                record.group_key,
                json.dumps(list(record.organisations)),
                record.file,
            ),
        )
        rowid = cursor.lastrowid
        connection.execute(
            "INSERT INTO texts (rowid, body, analysed) VALUES (?, ?, ?)",
            (
                rowid,
                zlib.compress((record.body or "")[:MAX_HIGHLIGHT_OFFSET].encode(), 6),
                zlib.compress("\0".join(texts).encode(), 6),
            ),
        )
        connection.execute("INSERT INTO fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)", (rowid, *texts))
        connection.executemany(
            "INSERT OR IGNORE INTO terms (rowid, facet, value) VALUES (?, ?, ?)",
            [(rowid, facet, str(value)) for facet, values in FACET_VALUES.items() for value in values(record)],
        )
        if vector is not None:
            quantized, (scale,) = embeddings.quantize(vector)
            connection.execute(
                "INSERT INTO vectors (rowid, scale, vector) VALUES (?, ?, ?)",
                (rowid, float(scale), quantized.tobytes()),
            )
        return rowid

    @staticmethod
    def _vectors_refilled(connection):
        connection.execute(
            "INSERT INTO generations (name, value) VALUES ('vectors', 1)"
            " ON CONFLICT (name) DO UPDATE SET value = value + 1"
        )
        connection.execute("DELETE FROM vector_changes")

    def _vectors_changed(self, connection, rowids):
        """Logs the rows a write changed, so that each process reads those again and not every vector."""
        rowids = [rowid for rowid in rowids if rowid is not None]
        if not rowids:
            return
        (logged,) = connection.execute("SELECT count(*) FROM vector_changes").fetchone()
        if logged + len(rowids) > VECTOR_CHANGES_LIMIT:
            self._vectors_refilled(connection)
        else:
            connection.executemany("INSERT INTO vector_changes (rowid) VALUES (?)", [(rowid,) for rowid in rowids])

    def _with_vectors(self, records):
        """(record, vector) pairs; the vector is None when semantic ranking is off in the settings."""
        if self.ranking[fusion.SEMANTIC]:
            return embeddings.batched(records)
        return ((record, None) for record in records)

    def index(self, records):
        # Encoded before the write lock is taken: other writers do not wait for the model.
        pairs = list(self._with_vectors(records))
        changed = []
        with self._write() as connection:
            for record, vector in pairs:
                changed.append(self._remove(connection, record.id))
                changed.append(self._insert(connection, record, vector))
            self._vectors_changed(connection, changed)
        return len(pairs)

    def delete(self, ids):
        with self._write() as connection:
            removed = [rowid for rowid in (self._remove(connection, record_id) for record_id in ids) if rowid]
            self._vectors_changed(connection, removed)
        return len(removed)

    def rebuild(self, records, progress=None):
        """Empty and refill in one transaction: readers see the old index until the commit."""
        written = 0
        with self._write() as connection:
            connection.execute("DELETE FROM records")
            connection.execute("DELETE FROM terms")
            connection.execute("DELETE FROM texts")
            connection.execute("DELETE FROM vectors")
            connection.execute("INSERT INTO fts (fts) VALUES ('delete-all')")
            self._vectors_refilled(connection)
            for record, vector in self._with_vectors(records):
                self._remove(connection, record.id)  # a record given twice: the last one wins
                self._insert(connection, record, vector)
                written += 1
                if progress:
                    progress(1)
            connection.execute("INSERT INTO fts (fts) VALUES ('optimize')")
            connection.execute(
                "INSERT OR REPLACE INTO meta (name, value) VALUES ('analysis', ?)", (str(textanalysis.VERSION),)
            )
        try:
            with self._connect() as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # a reader holds the log; the next checkpoint will do
        return written

    def drop(self):
        with self._lock:
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.remove(f"{self.path}{suffix}")
                except FileNotFoundError:
                    pass
            self._ready = False
            self._vectors = None
            self._records = None

    # --- reading --------------------------------------------------------------------

    def ids(self):
        with self._read() as connection:
            return {row[0] for row in connection.execute("SELECT id FROM records")}

    def needs_rebuild(self):
        """Whether the index holds terms of an older text analysis (built before textanalysis.VERSION)."""
        with self._read() as connection:
            row = connection.execute("SELECT value FROM meta WHERE name = 'analysis'").fetchone()
        return row is None or row[0] != str(textanalysis.VERSION)

    def stats(self):
        with self._read() as connection:
            rows = connection.execute("SELECT kind, language, count(*) FROM records GROUP BY kind, language")
            stats = {}
            for kind, language, count in rows:
                stats.setdefault(kind, {})[language] = count
            return stats

    @staticmethod
    def _query_analyses(text, codes=ANALYSES):
        """The query's terms per analysis (of `codes`), deduplicated, for every analysis that leaves some."""
        analyses = {}
        for code in codes:
            terms = list(dict.fromkeys(textanalysis.analyze(text, code)))
            if terms:
                analyses[code] = terms
        return analyses

    @staticmethod
    def _match_expression(analyses):
        clauses = [
            "(" + " AND ".join(_quote(TAGS[code] + term) for term in terms) + ")" for code, terms in analyses.items()
        ]
        return " OR ".join(clauses)

    # --- semantic -------------------------------------------------------------------

    def _vector_table(self, connection):
        """Every record's vector, kept in memory per process: after a write only the rows it changed are
        read again (from `vector_changes`), after a rebuild all of them."""
        row = connection.execute("SELECT value FROM generations WHERE name = 'vectors'").fetchone()
        generation = row[0] if row else 0
        (last,) = connection.execute("SELECT coalesce(max(seq), 0) FROM vector_changes").fetchone()
        cached = self._vectors
        if cached is not None and cached[0] == generation:
            if cached[1] == last:
                return cached[2]
            changed = [
                rowid for (rowid,) in connection.execute("SELECT rowid FROM vector_changes WHERE seq > ?", (cached[1],))
            ]
            table = cached[2].updated(connection, changed)
        else:
            table = VectorTable.load(connection)
        self._vectors = (generation, last, table)
        return table

    @staticmethod
    def _changes_seen(connection):
        """(generation, last change logged): where this snapshot of the index stands. The change log and the
        generation that `index`, `delete` and `rebuild` keep for the vectors cover every write, so the
        record table follows them too."""
        row = connection.execute("SELECT value FROM generations WHERE name = 'vectors'").fetchone()
        (last,) = connection.execute("SELECT coalesce(max(seq), 0) FROM vector_changes").fetchone()
        return (row[0] if row else 0, last)

    def _record_table(self, connection):
        """The RecordTable of this connection's snapshot (a read transaction must be open): the one kept in
        memory, patched with the rows written since, or read whole after a rebuild."""
        for _attempt in range(5):
            state = self._changes_seen(connection)
            cached = self._records
            if cached is None or cached[0][0] != state[0]:
                table = RecordTable.load(connection)
            elif cached[0][1] < state[1]:
                changed = [
                    rowid
                    for (rowid,) in connection.execute(
                        "SELECT rowid FROM vector_changes WHERE seq > ?", (cached[0][1],)
                    )
                ]
                table = cached[1].updated(connection, changed)
            elif cached[0][1] == state[1]:
                return cached[1]
            else:
                # Another search already read a later state: this snapshot is older than the table kept.
                # Start again from a fresh snapshot, which is at least as new.
                connection.execute("COMMIT")
                connection.execute("BEGIN")
                continue
            if self._records is None or self._records[0] < state:
                self._records = (state, table)
            return table
        return RecordTable.load(connection)

    def _nearest(self, connection, query):
        """(rowid, cosine similarity) of the records nearest the query's meaning that the reader may see."""
        table = self._vector_table(connection)
        if not len(table.rowids):
            return []
        return table.nearest(
            embeddings.encode_query(query.text),
            query.audiences,
            self.ranking["semantic_candidates"],
            self.ranking["semantic_min_similarity"],
        )

    def _expansions(self, query):
        """Thesaurus translations of the query, each with its own analysed terms."""
        found = []
        for expansion in thesaurus.expand(query.text):
            expansion_analyses = self._query_analyses(expansion.label, (expansion.language, NEUTRAL))
            if expansion_analyses:
                found.append((expansion, expansion_analyses))
        return found

    def _filters(self, table, query, skip=None):
        """Whether each record meets the query's facet filters (all but `skip`'s) and its date range."""
        mask = np.ones(len(table.rowids), dtype=bool)
        for facet, values in query.filters.items():
            if facet != skip:
                mask &= table.having(facet, values)
        if query.date_from or query.date_to:
            mask &= table.dated(query.date_from, query.date_to)
        return mask

    def _found(self, connection, table, query, analyses):
        """What the reader may see and the query finds: a Found with each part's score per record."""
        found = Found(len(table.rowids))
        audiences = sorted(query.audiences)
        if not audiences:
            return found  # a reader who may see nothing finds nothing
        visible = table.having(AUDIENCE, audiences)
        reader = table.languages[0].numbers.get(query.reader_language, -1)
        if not query.text:
            found.parts[fusion.KEYWORD][0][:] = visible
            found.parts[fusion.KEYWORD][1][:] = np.where(table.languages[1] == reader, READER_LANGUAGE_BOOST, 1.0)
            found.any = visible
            return found
        parts = fusion.active_parts(self.ranking, query)
        # The reader's own words; then each thesaurus translation (a record's thesaurus score adds
        # up over the translations it matches; `via` keeps the first, shown when the words did not
        # find the record); then the nearest records by meaning.
        searches = []
        if fusion.KEYWORD in parts and analyses:
            searches.append((analyses, None, fusion.KEYWORD))
        if fusion.THESAURUS in parts:
            searches += [
                (expansion_analyses, f"{expansion.language}:{expansion.label}", fusion.THESAURUS)
                for expansion, expansion_analyses in self._expansions(query)
            ]
        # Each distinct match expression is searched once: translations often analyse alike ("migrant" in
        # three languages), the more so once the analyses that cannot match are left out (_indexed).
        indexed = {}
        planned = [
            (self._indexed(connection, search_analyses, indexed), via, part) for search_analyses, via, part in searches
        ]
        planned = [(kept, self._match_expression(kept), via, part) for kept, via, part in planned if kept]
        # The terms of one-term clauses that more than one distinct expression holds: read once (`_scored`).
        distinct = {expression: kept for kept, expression, _via, _part in planned}
        uses = collections.Counter(
            TAGS[code] + terms[0] for kept in distinct.values() for code, terms in kept.items() if len(terms) == 1
        )
        shared = {term for term, count in uses.items() if count > 1}
        reads = list(dict.fromkeys(read for kept in distinct.values() for read in self._reads(kept, shared)))
        if len(reads) > 1 and len(table.rowids) >= SIDE_BY_SIDE_RECORDS and (os.cpu_count() or 1) > 1:
            read = fts_scoring.bm25_side_by_side(connection, self.path, reads, WEIGHTS, BUSY_TIMEOUT_S)
        else:
            read = {expression: self._bm25(connection, expression) for expression in reads}
        matches = {}
        for kept, expression, via, part in planned:
            if expression not in matches:
                matches[expression] = self._matches(table, kept, visible, reader, shared, read)
            positions, scores = matches[expression]
            if not len(positions):
                continue
            hit, score = found.parts[part]
            if part == fusion.THESAURUS:
                score[positions] += scores
                fresh = positions[found.via[positions] < 0]
                found.via[fresh] = len(found.vias)
                found.vias.append(via)
            else:
                score[positions] = scores
            hit[positions] = True
        if fusion.SEMANTIC in parts:
            nearest = self._nearest(connection, query)
            if nearest:
                positions, inside = table.locate(np.array([rowid for rowid, _similarity in nearest], dtype=np.int64))
                similarities = np.array([similarity for _rowid, similarity in nearest], dtype=np.float64)[inside]
                seen = visible[positions]
                hit, score = found.parts[fusion.SEMANTIC]
                hit[positions[seen]] = True
                score[positions[seen]] = similarities[seen]
        found.any = np.logical_or.reduce([hit for hit, _score in found.parts.values()])
        return found

    @staticmethod
    def _indexed(connection, analyses, indexed):
        """`analyses` without those with a term that no record has: such a clause matches nothing, and bm25
        adds nothing for its terms (a term scores only in a row where its clause matches), so the expression
        without it finds the same records with the same scores. `indexed` caches term -> bool."""
        kept = {}
        for code, terms in analyses.items():
            for term in terms:
                tagged = TAGS[code] + term
                if tagged not in indexed:
                    # The first match only (fts_vocab would count every record that has the word).
                    indexed[tagged] = bool(
                        connection.execute("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (_quote(tagged),)).fetchone()
                    )
            if all(indexed[TAGS[code] + term] for term in terms):
                kept[code] = terms
        return kept

    @staticmethod
    def _bm25(connection, expression):
        """(rowids, bm25) of every record `expression` matches, in rowid order, read in this process."""
        return fts_scoring.bm25(connection, expression, WEIGHTS)

    @staticmethod
    def _decomposed(analyses, shared):
        """Whether the match expression of `analyses` is read term by term (`_scored`)."""
        return all(len(terms) == 1 for terms in analyses.values()) and any(
            TAGS[code] + terms[0] in shared for code, terms in analyses.items()
        )

    @classmethod
    def _reads(cls, analyses, shared):
        """The match strings FTS5 reads for the match expression of `analyses` (`_scored`)."""
        if cls._decomposed(analyses, shared):
            return [_quote(TAGS[code] + terms[0]) for code, terms in analyses.items()]
        return [cls._match_expression(analyses)]

    @classmethod
    def _scored(cls, analyses, shared, read):
        """(rowids, bm25) of what the match expression of `analyses` finds, from `read` (match string -> its
        (rowids, bm25), of every string `_reads` names).

        When each of its analyses is one term, and one of those terms at least is `shared` (another expression of
        the search holds it too), from each term's own matches, summed per record: FTS5's bm25 of an OR of single
        terms is the sum, over the terms a record holds, of each term's bm25 alone (a term's IDF does not depend
        on the expression), so the sum is the same score. Each such term is then read once per search: a
        one-word query and its translations share terms, "_:migrant" in three of them, and at 100k records each
        of those matched 30-50k records, every one scored by FTS5 again.
        Otherwise FTS5 scores the expression itself: read alone, its terms would cost more than their union (at
        100k records, "en:reintegr", "fr:reintegr" and "_:reintegration" alone took 108 ms, their OR 61 ms)."""
        if not cls._decomposed(analyses, shared):
            return read[cls._match_expression(analyses)]
        parts = [read[term] for term in cls._reads(analyses, shared)]
        if len(parts) == 1:
            return parts[0]
        rowids, inverse = np.unique(np.concatenate([rowids for rowids, _scores in parts]), return_inverse=True)
        return rowids, np.bincount(inverse, weights=np.concatenate([scores for _rowids, scores in parts]))

    @classmethod
    def _matches(cls, table, analyses, visible, reader, shared, read):
        """(positions, scores) of the records that the match expression of `analyses` finds and the reader may see:
        bm25 with the column weights, times READER_LANGUAGE_BOOST in the reader's language."""
        rowids, bm25 = cls._scored(analyses, shared, read)
        positions, inside = table.locate(rowids)
        boost = np.where(table.languages[1][positions] == reader, READER_LANGUAGE_BOOST, 1.0)
        scores = -bm25[inside] * boost
        seen = visible[positions]
        return positions[seen], scores[seen]

    def _facets(self, table, found, query):
        """Counts per facet value: each facet within all the filters but its own (multi-select)."""
        counts = {facet: [] for facet in FACETS}
        plain = [facet for facet in FACETS if facet not in query.filters]
        passes = [(plain, None)] + [([facet], facet) for facet in FACETS if facet in query.filters]
        for facets, skip in passes:
            if not facets:
                continue
            selected = found.any & self._filters(table, query, skip=skip)
            for facet in facets:
                codes, _rowids, values = table.pairs[facet]
                tally = np.bincount(values[selected[table.positions[facet]]], minlength=len(codes.names))
                counts[facet] = [
                    (int(codes.names[value]) if facet == "year" else codes.names[value], int(tally[value]))
                    for value in np.flatnonzero(tally)
                ]
        for facet, rows in counts.items():
            rows.sort(key=lambda row: (-row[1], row[0]))
            counts[facet] = rows[:FACET_SIZE]
        return counts

    def _page(self, table, found, query):
        """One row per group, the page asked for, and the total.

        A group shows its best record: one the reader's words found, in the reader's language, then
        the best scores. Groups rank by the fusion of each part's ranking (search/fusion.py), or by date.
        """
        rows = np.flatnonzero(found.any & self._filters(table, query))  # positions in `table`
        if not len(rows):
            return [], 0
        groups = table.groups[1][rows]
        sizes = np.bincount(groups, minlength=len(table.groups[0].names))
        reader = table.languages[0].numbers.get(query.reader_language, -1)
        scored = [(hit[rows], score[rows]) for hit, score in (found.parts[part] for part in fusion.PARTS)]
        (keyword_hit, keyword), (_translated_hit, translated), (_semantic_hit, semantic) = scored

        def key(among):
            """The representative's order, least significant first: (found by the words, in the reader's
            language, keyword, thesaurus and semantic scores, -rowid), as np.lexsort reads keys."""
            return (
                -table.rowids[rows[among]],
                semantic[among],
                translated[among],
                keyword[among],
                table.languages[1][rows[among]] == reader,
                keyword_hit[among],
            )

        # The representative of each group (an index into `rows`): a record alone in its group is its own.
        representative = np.full(len(sizes), -1, dtype=np.int64)
        alone = sizes[groups] == 1
        representative[groups[alone]] = np.flatnonzero(alone)
        shared = np.flatnonzero(~alone)
        if len(shared):
            shared = shared[np.lexsort((*key(shared), groups[shared]))]
            last = shared[np.append(groups[shared][1:] != groups[shared][:-1], True)]
            representative[groups[last]] = last
        present = np.flatnonzero(sizes)  # the groups found
        total = len(present)
        end = query.offset + query.page_size
        if query.sort == "date" or not query.text:
            best = representative[present]
            dates = table.date_rank[rows[best]]  # -1 when undated: after every dated one
            if len(best) > end:  # only the groups dated as late as the end-th latest can be on the page
                best = best[dates >= -np.partition(-dates, end - 1)[end - 1]]
                dates = table.date_rank[rows[best]]
            order = np.lexsort((*key(best), dates))[::-1][query.offset : end]
            return [
                (
                    int(table.rowids[rows[row]]),
                    float(keyword[row]),
                    tuple(part for part, (hit, _score) in zip(fusion.PARTS, scored, strict=True) if hit[row])
                    if query.text
                    else (),
                )
                for row in best[order]
            ], total
        # Each part's `depth` best groups by their best score there; a tie goes to the group whose
        # representative was indexed first.
        first_rowid = np.zeros(len(sizes), dtype=np.int64)
        first_rowid[present] = table.rowids[rows[representative[present]]]
        depth = fusion.window(query)
        rankings = {}
        for part, (hit, score) in zip(fusion.PARTS, scored, strict=True):
            best = np.full(len(sizes), -np.inf)
            np.maximum.at(best, groups[hit], score[hit])
            candidates = np.flatnonzero(best > -np.inf)
            if len(candidates) > depth:
                cut = -np.partition(-best[candidates], depth - 1)[depth - 1]
                candidates = candidates[best[candidates] >= cut]
            ranked = candidates[np.lexsort((first_rowid[candidates], -best[candidates]))][:depth]
            rankings[part] = [table.groups[0].names[group] for group in ranked]
        code = table.groups[0].numbers
        # The kind of record that stands for each ranked group (for the fusion's kind weights).
        kind_names, kind_of = table.kinds
        kinds = {}
        for name in {name for names in rankings.values() for name in names}:
            kind = kind_of[rows[representative[code[name]]]]
            if kind >= 0:
                kinds[name] = kind_names[kind]
        fused = fusion.fuse(rankings, self.ranking, kinds)[query.offset : end]
        return [(int(first_rowid[code[f.group]]), f.score, f.found_by) for f in fused], total

    def search(self, query):
        started = time.perf_counter()
        analyses = self._query_analyses(query.text) if query.text else {}
        if query.text and not analyses and fusion.SEMANTIC not in fusion.active_parts(self.ranking, query):
            # Only stopwords: no word to look for (the meaning of the whole query may still find something).
            return Results(0, [], {facet: [] for facet in FACETS}, (time.perf_counter() - started) * 1000, "", query)
        try:
            with self._read() as connection:
                connection.execute("BEGIN")  # one snapshot for the table, candidates, facets and hits
                table = self._record_table(connection)
                found = self._found(connection, table, query, analyses)
                facets = self._facets(table, found, query)
                rows, total = self._page(table, found, query)
                # The page's records that only a thesaurus translation found, with that translation.
                rowids = np.array([rowid for rowid, _score, _found_by in rows], dtype=np.int64)
                positions, _inside = table.locate(rowids)
                only_translated = ~found.parts[fusion.KEYWORD][0][positions] & (found.via[positions] >= 0)
                via = {
                    int(rowid): found.vias[found.via[position]]
                    for rowid, position in zip(rowids[only_translated], positions[only_translated], strict=True)
                }
                hits = self._hits(connection, rows, via, query, analyses)
                # Spelling help when the words found nothing here, even if a translation or the meaning did.
                wanted = query.text and not query.offset and not found_by_words(hits)
                suggestion = self._suggestion(connection, query) if wanted else ""
                connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            raise EngineUnavailable(f"search index {self.path} cannot be read: {error}") from error
        return Results(
            total=total,
            hits=hits,
            facets=facets,
            took_ms=(time.perf_counter() - started) * 1000,
            suggestion=suggestion,
            query=query,
        )

    def _hits(self, connection, rows, via, query, analyses):
        """The page's hits; `via` gives, for a record that only a thesaurus translation found, that translation."""
        if not rows:
            return []
        rowids = [row[0] for row in rows]
        marks = ", ".join("?" * len(rowids))
        if any(via.values()):
            # Snippets mark the words a translation found, too.
            combined = {code: list(terms) for code, terms in analyses.items()}
            for _expansion, expansion_analyses in self._expansions(query):
                for code, terms in expansion_analyses.items():
                    combined.setdefault(code, []).extend(term for term in terms if term not in combined[code])
            analyses = combined
        records = {
            row[0]: row
            for row in connection.execute(
                "SELECT r.rowid, r.id, r.kind, r.url, r.title, r.summary, t.body, r.language, r.date, r.organisations,"
                " r.file, r.grp"
                f" FROM records r JOIN texts t ON t.rowid = r.rowid WHERE r.rowid IN ({marks})",
                rowids,
            )
        }
        groups = sorted({records[rowid][-1] for rowid, _score, _found_by in rows})
        audiences = sorted(query.audiences)
        versions = {}
        # Every version the reader may see of each group on the page, whether or not it matched.
        for rowid, record_id, language, url, title, grp in connection.execute(
            "SELECT r.rowid, r.id, r.language, r.url, r.title, r.grp FROM records r"
            f" WHERE r.grp IN ({', '.join('?' * len(groups))}) AND EXISTS (SELECT 1 FROM terms a"
            f" WHERE a.rowid = r.rowid AND a.facet = ? AND a.value IN ({', '.join('?' * len(audiences))}))"
            " ORDER BY r.language, r.id",
            (*groups, AUDIENCE, *audiences),
        ):
            versions.setdefault(grp, []).append((rowid, Version(record_id, language, url, title)))
        hits = []
        for rowid, score, found_by in rows:
            _rowid, record_id, kind, url, title, summary, body, language, date, organisations, file, grp = records[
                rowid
            ]
            body = zlib.decompress(body).decode() if analyses or not summary else ""
            also_in = tuple(version for other, version in versions.get(grp, []) if other != rowid)[:MAX_VERSIONS]
            hits.append(
                Hit(
                    id=record_id,
                    kind=kind,
                    url=url,
                    title=title,
                    language=language,
                    date=date,
                    organisations=tuple(json.loads(organisations)),
                    snippet=self._snippet(summary, body, language, analyses),
                    score=float(score or 0.0),
                    also_in=also_in,
                    via_language=(via.get(rowid) or ":").split(":", 1)[0],
                    via_label=(via.get(rowid) or ":").split(":", 1)[1],
                    file=file,
                    found_by=found_by,
                )
            )
        return one_hit_per_file(hits)

    # --- snippets -------------------------------------------------------------------

    @staticmethod
    def _codes(language, analyses):
        """The analyses a record's text is matched with: its language's and the neutral one."""
        own = analysed_as(language)
        return [code for code in dict.fromkeys((own, NEUTRAL)) if code in analyses]

    @staticmethod
    def _spans(text, codes, analyses):
        """Sorted, non-overlapping spans of the words of `text` whose term is a query term."""
        spans = set()
        for code in codes:
            wanted = set(analyses[code])
            spans.update(
                (start, end) for term, start, end in textanalysis.tokens_with_offsets(text, code) if term in wanted
            )
        result, last_end = [], -1
        for start, end in sorted(spans):
            if start >= last_end:
                result.append((start, end))
                last_end = end
        return result

    @staticmethod
    def _first_match(text, codes, analyses):
        """Where the first matching word starts (each analysis read lazily, stopping at its first match)."""
        first = None
        for code in codes:
            wanted = set(analyses[code])
            for term, start, _end in textanalysis.iter_tokens_with_offsets(
                text if first is None else text[:first], code
            ):
                if term in wanted:
                    first = start
                    break
        return first

    def _snippet(self, summary, body, language, analyses):
        """The first summary or body window with a match, marked; else the start of the summary (or body)."""
        if analyses:
            for text in (summary, body):
                if not text:
                    continue
                marked = self._window(text[:MAX_HIGHLIGHT_OFFSET], language, analyses)
                if marked:
                    return marked
        fallback = summary or body or ""
        end = SNIPPET_CHARS
        if len(fallback) > end:
            cut = fallback.rfind(" ", 0, end)
            end = cut if cut > SNIPPET_CHARS // 2 else end
        return html.escape(fallback[:end].strip())

    def _window(self, text, language, analyses):
        codes = self._codes(language, analyses)
        first = self._first_match(text, codes, analyses) if codes else None
        if first is None:
            return ""
        # Cut the text around the first match, at spaces, then mark every match in the cut.
        start = 0
        if first > SNIPPET_LEAD:
            start = text.rfind(" ", 0, first - SNIPPET_LEAD) + 1
            if first - start > SNIPPET_LEAD + 30:  # no space nearby: cut inside the word
                start = first - SNIPPET_LEAD
        end = start + SNIPPET_CHARS
        if end < len(text):
            space = text.rfind(" ", first, end)
            end = space if space > first else end
        # Analyse a little beyond the cut so that the words at its ends are whole.
        outer_start, outer_end = max(0, start - 40), min(len(text), end + 40)
        spans = [
            (s + outer_start, e + outer_start)
            for s, e in self._spans(text[outer_start:outer_end], codes, analyses)
            if s + outer_start >= start
        ]
        spans = [span for span in spans if span[0] >= first or span[1] > first]
        if spans and spans[0][1] > end:
            end = spans[0][1]
        parts, position = [], start
        for span_start, span_end in spans:
            if span_start < position:
                continue
            if span_end > end:
                break
            parts.append(html.escape(text[position:span_start]))
            parts.append("<mark>" + html.escape(text[span_start:span_end]) + "</mark>")
            position = span_end
        parts.append(html.escape(text[position:end]))
        return "".join(parts).strip()

    # --- autocomplete ---------------------------------------------------------------

    def autocomplete(self, prefix, audiences, limit=8, kinds=()):
        """Titles whose words start with what was typed (the last word as a prefix), best first."""
        words = textanalysis.analyze(prefix, NEUTRAL)
        if not words or len(prefix.strip()) < 2 or not audiences:
            return []
        tag = TAGS[NEUTRAL]
        expression = " AND ".join([_quote(tag + word) for word in words[:-1]] + [_quote(tag + words[-1]) + " *"])
        audiences, kinds = sorted(audiences), sorted(kinds)
        kind_sql = f" AND r.kind IN ({', '.join('?' * len(kinds))})" if kinds else ""
        with self._read() as connection:
            rows = connection.execute(
                "SELECT r.id, r.title, r.url, r.language, r.kind, r.grp FROM fts JOIN records r ON r.rowid = fts.rowid"
                " WHERE fts MATCH ? AND EXISTS (SELECT 1 FROM terms a WHERE a.rowid = r.rowid AND a.facet = ?"
                f" AND a.value IN ({', '.join('?' * len(audiences))})){kind_sql} ORDER BY bm25(fts, 3.0, 2.0, 1.0)"
                " LIMIT ?",
                ("{title} : (" + expression + ")", AUDIENCE, *audiences, *kinds, limit * 4),
            ).fetchall()
        seen, suggestions = set(), []
        for record_id, title, url, language, kind, group in rows:
            if group not in seen:
                seen.add(group)
                suggestions.append(Suggestion(record_id, title, url, language, kind))
        return suggestions[:limit]

    # --- did you mean ---------------------------------------------------------------

    @staticmethod
    def _in_language(connection, word, language):
        """Whether `word` occurs in the index as a word of `language`'s records."""
        if language not in LANGUAGES:
            return False
        terms = textanalysis.analyze(word, language)
        return bool(terms) and all(
            connection.execute("SELECT 1 FROM fts_vocab WHERE term = ?", (TAGS[language] + term,)).fetchone()
            for term in terms
        )

    def _suggestion(self, connection, query):
        """Each unknown query word replaced by the closest indexed word within 2 edits (same first letter):
        fewest edits, then a word of the reader's language, then the most frequent."""
        tag = TAGS[NEUTRAL]
        words = textanalysis.analyze(query.text, NEUTRAL)
        if not words:
            return ""
        suggested, changed = [], False
        for word in words:
            if len(word) < 3 or connection.execute("SELECT 1 FROM fts_vocab WHERE term = ?", (tag + word,)).fetchone():
                suggested.append(word)
                continue
            low = tag + word[0]
            high = tag + chr(ord(word[0]) + 1)
            best = None
            for term, documents in connection.execute(
                "SELECT term, doc FROM fts_vocab WHERE term >= ? AND term < ?", (low, high)
            ):
                candidate = term[len(tag) :]
                if abs(len(candidate) - len(word)) > 2:
                    continue
                distance = _edit_distance(word, candidate, 2)
                if distance <= 2:
                    key = (
                        distance,
                        not self._in_language(connection, candidate, query.reader_language),
                        -documents,
                        candidate,
                    )
                    if best is None or key < best[0]:
                        best = (key, candidate)
            if best is None:
                suggested.append(word)
            else:
                suggested.append(best[1])
                changed = True
        if not changed:
            return ""
        suggestion = " ".join(suggested)
        # Only offer what this reader would find (and so never reveal words of records they cannot see).
        analyses = self._query_analyses(suggestion)
        if not analyses:
            return ""
        audiences = sorted(query.audiences)
        found = (
            connection.execute(
                "SELECT 1 FROM fts JOIN terms a ON a.rowid = fts.rowid AND a.facet = ?"
                f" WHERE fts MATCH ? AND a.value IN ({', '.join('?' * len(audiences))}) LIMIT 1",
                (AUDIENCE, self._match_expression(analyses), *audiences),
            ).fetchone()
            if audiences
            else None
        )
        return suggestion if found else ""
