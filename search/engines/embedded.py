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
"""

import heapq
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
from .base import Engine, EngineUnavailable

TEXT_FIELDS = {"title": 3.0, "summary": 2.0, "body": 1.0}
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
    """Every record's int8 vector in one matrix, with which rows each audience may see."""

    def __init__(self, rowids, matrix, scales, audiences):
        self.rowids = rowids  # int64, ascending
        self.matrix = matrix  # int8, len(rowids) x DIMENSIONS
        self.scales = scales  # float32: row i ~= matrix[i] * scales[i]
        self.audiences = audiences  # audience -> positions (int64) of the rows it may see

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
        # int8 rows times the int8 query, summed in int32: numpy has no int8 BLAS, but this reads 512
        # bytes a record where float32 rows would read four times as much (17 ms against 50 ms at 100k).
        similarity = np.einsum("ij,j->i", self.matrix, quantized[0].astype(np.int32)).astype(np.float32)
        similarity *= self.scales * scale
        similarity[~visible] = -2.0
        limit = min(limit, len(similarity))
        top = np.argpartition(-similarity, limit - 1)[:limit]
        top = top[np.argsort(-similarity[top], kind="stable")]
        return [
            (int(self.rowids[position]), float(similarity[position]))
            for position in top
            if similarity[position] >= min_similarity
        ]


class EmbeddedEngine(Engine):
    name = "embedded"

    def __init__(self, path, ranking=None):
        self.path = Path(path)
        self.ranking = fusion.ranking_settings(ranking)
        self._ready = False
        self._lock = threading.Lock()
        self._vectors = None  # (generation, last change read, VectorTable), loaded on the first semantic search

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

    # --- reading --------------------------------------------------------------------

    def ids(self):
        with self._read() as connection:
            return {row[0] for row in connection.execute("SELECT id FROM records")}

    def stats(self):
        with self._read() as connection:
            rows = connection.execute("SELECT kind, language, count(*) FROM records GROUP BY kind, language")
            stats = {}
            for kind, language, count in rows:
                stats.setdefault(kind, {})[language] = count
            return stats

    @staticmethod
    def _query_analyses(text):
        """The query's terms per analysis, deduplicated, for every analysis that leaves some."""
        analyses = {}
        for code in ANALYSES:
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

    @staticmethod
    def _facet_clause(facet, values, params):
        params.extend([facet, *map(str, values)])
        marks = ", ".join("?" * len(values))
        return f"EXISTS (SELECT 1 FROM terms t WHERE t.rowid = c.rowid AND t.facet = ? AND t.value IN ({marks}))"

    def _filter_sql(self, query, skip=None):
        params, clauses = [], []
        for facet, values in query.filters.items():
            if facet != skip:
                clauses.append(self._facet_clause(facet, values, params))
        # Dates are stored as ISO text, so they compare as strings; an undated record is outside any range.
        if query.date_from:
            clauses.append("c.date >= ?")
            params.append(query.date_from.isoformat())
        if query.date_to:
            clauses.append("substr(c.date, 1, 10) <= ?")
            params.append(query.date_to.isoformat())
        return (" AND ".join(clauses) or "1"), params

    def _fill_candidates(self, connection, query, analyses):
        """Fill the temporary table `cand` with what the reader may see and the query finds, with each
        part's score (NULL where that part did not find the record)."""
        connection.execute(
            "CREATE TEMP TABLE IF NOT EXISTS cand (rowid INTEGER PRIMARY KEY, grp TEXT, language TEXT, date TEXT,"
            " via TEXT, keyword REAL, thesaurus REAL, semantic REAL)"
        )
        connection.execute("DELETE FROM cand")
        audiences = sorted(query.audiences)
        if not audiences:
            return  # a reader who may see nothing finds nothing
        marks = ", ".join("?" * len(audiences))
        audience_sql = (
            f"EXISTS (SELECT 1 FROM terms a WHERE a.rowid = r.rowid AND a.facet = ? AND a.value IN ({marks}))"
        )
        boost = "CASE WHEN r.language = ? THEN ? ELSE 1.0 END"
        weights = ", ".join(str(weight) for weight in TEXT_FIELDS.values())
        if not query.text:
            connection.execute(
                f"INSERT INTO cand (rowid, grp, language, date, keyword) SELECT r.rowid, r.grp, r.language, r.date,"
                f" {boost} FROM records r WHERE {audience_sql}",
                (query.reader_language, READER_LANGUAGE_BOOST, AUDIENCE, *audiences),
            )
            return
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
        for search_analyses, via, part in searches:
            connection.execute(
                f"INSERT INTO cand (rowid, grp, language, date, via, {part}) SELECT r.rowid, r.grp, r.language,"
                f" r.date, ?, -bm25(fts, {weights}) * {boost} FROM fts JOIN records r ON r.rowid = fts.rowid"
                f" WHERE fts MATCH ? AND {audience_sql} ON CONFLICT (rowid) DO UPDATE SET"
                f" {part} = coalesce(cand.{part}, 0) + excluded.{part}, via = coalesce(cand.via, excluded.via)",
                (
                    via,
                    query.reader_language,
                    READER_LANGUAGE_BOOST,
                    self._match_expression(search_analyses),
                    AUDIENCE,
                    *audiences,
                ),
            )
        if fusion.SEMANTIC in parts:
            connection.executemany(
                "INSERT INTO cand (rowid, grp, language, date, semantic) SELECT r.rowid, r.grp, r.language, r.date, ?"
                " FROM records r WHERE r.rowid = ? ON CONFLICT (rowid) DO UPDATE SET semantic = excluded.semantic",
                [(similarity, rowid) for rowid, similarity in self._nearest(connection, query)],
            )

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
            expansion_analyses = self._query_analyses(expansion.label)
            if expansion_analyses:
                found.append((expansion, expansion_analyses))
        return found

    def _facets(self, connection, query):
        """Counts per facet value: each facet within all the filters but its own (multi-select)."""
        counts = {facet: [] for facet in FACETS}
        plain = [facet for facet in FACETS if facet not in query.filters]
        passes = [(plain, None)] + [([facet], facet) for facet in FACETS if facet in query.filters]
        for facets, skip in passes:
            if not facets:
                continue
            where, params = self._filter_sql(query, skip=skip)
            rows = connection.execute(
                "SELECT t.facet, t.value, count(*) FROM cand c JOIN terms t ON t.rowid = c.rowid"
                f" AND t.facet IN ({', '.join('?' * len(facets))}) WHERE {where} GROUP BY t.facet, t.value",
                (*facets, *params),
            )
            for facet, value, count in rows:
                counts[facet].append((int(value) if facet == "year" else value, count))
        for facet, rows in counts.items():
            rows.sort(key=lambda row: (-row[1], row[0]))
            counts[facet] = rows[:FACET_SIZE]
        return counts

    def _page(self, connection, query):
        """One row per group, the page asked for, and the total.

        A group shows its best record: one the reader's words found, in the reader's language, then
        the best scores. Groups rank by the fusion of each part's ranking (search/fusion.py), or by date.
        """
        where, params = self._filter_sql(query)
        best = {}  # group -> [representative's key, rowid, date, the parts that found it]
        keyword_scores, thesaurus_scores, semantic_scores = {}, {}, {}  # group -> its best score in that part
        reader = query.reader_language
        # Once per record found (tens of thousands in a large index): kept to the bare comparisons.
        for rowid, grp, language, date, keyword, translated, semantic in connection.execute(
            f"SELECT rowid, grp, language, date, keyword, thesaurus, semantic FROM cand c WHERE {where}", params
        ):
            key = (keyword is not None, language == reader, keyword or 0, translated or 0, semantic or 0, -rowid)
            current = best.get(grp)
            if current is None or key > current[0]:
                best[grp] = [key, rowid, date, (keyword, translated, semantic)]
            if keyword is not None and (grp not in keyword_scores or keyword > keyword_scores[grp]):
                keyword_scores[grp] = keyword
            if translated is not None and (grp not in thesaurus_scores or translated > thesaurus_scores[grp]):
                thesaurus_scores[grp] = translated
            if semantic is not None and (grp not in semantic_scores or semantic > semantic_scores[grp]):
                semantic_scores[grp] = semantic
        part_scores = dict(zip(fusion.PARTS, (keyword_scores, thesaurus_scores, semantic_scores), strict=True))
        end = query.offset + query.page_size
        if query.sort == "date" or not query.text:
            order = lambda grp: (best[grp][2] is not None, best[grp][2] or "", best[grp][0])  # noqa: E731
            groups = heapq.nlargest(end, best, key=order)[query.offset : end]
            return [
                (
                    best[grp][1],
                    best[grp][0][2],
                    tuple(part for part, score in zip(fusion.PARTS, best[grp][3], strict=True) if score is not None)
                    if query.text
                    else (),
                )
                for grp in groups
            ], len(best)
        depth = fusion.window(query)
        rankings = {part: self._first_groups(scores, best, depth) for part, scores in part_scores.items()}
        fused = fusion.fuse(rankings, self.ranking)[query.offset : end]
        return [(best[f.group][1], f.score, f.found_by) for f in fused], len(best)

    @staticmethod
    def _first_groups(scores, best, depth):
        """The `depth` groups with the highest scores, a tie going to the group whose record was indexed first.

        The scores alone find the lowest score that makes the cut; only the groups at or above it are sorted."""
        if len(scores) > depth:
            cut = heapq.nlargest(depth, scores.values())[-1]
            scores = {grp: score for grp, score in scores.items() if score >= cut}
        return sorted(scores, key=lambda grp: (-scores[grp], best[grp][1]))[:depth]

    def search(self, query):
        started = time.perf_counter()
        analyses = self._query_analyses(query.text) if query.text else {}
        if query.text and not analyses and fusion.SEMANTIC not in fusion.active_parts(self.ranking, query):
            # Only stopwords: no word to look for (the meaning of the whole query may still find something).
            return Results(0, [], {facet: [] for facet in FACETS}, (time.perf_counter() - started) * 1000, "", query)
        try:
            with self._read() as connection:
                connection.execute("BEGIN")  # one snapshot for candidates, facets and hits
                self._fill_candidates(connection, query, analyses)
                facets = self._facets(connection, query)
                rows, total = self._page(connection, query)
                hits = self._hits(connection, rows, query, analyses)
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

    def _hits(self, connection, rows, query, analyses):
        if not rows:
            return []
        rowids = [row[0] for row in rows]
        marks = ", ".join("?" * len(rowids))
        via = dict(
            connection.execute(
                f"SELECT rowid, CASE WHEN keyword IS NULL THEN via END FROM cand WHERE rowid IN ({marks})", rowids
            )
        )
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
