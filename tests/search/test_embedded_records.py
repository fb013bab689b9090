"""The embedded engine's per-process record table: patched after writes made elsewhere, it answers as a fresh one."""

import datetime
import io

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from search.engine import reset_engine
from search.engines import embedded, fts_scoring
from search.engines.embedded import FACET_VALUES, EmbeddedEngine, RecordTable
from search.query import Query
from search.records import PUBLIC, STAFF, Record

MEMBERS = "community:4"


def record(id, language, title, **fields):
    defaults = {
        "kind": "document",
        "url": f"/{language}/{id}/",
        "summary": "",
        "body": "",
        "date": datetime.date(2024, 1, 1),
        "countries": ("TN",),
    }
    return Record(id=id, language=language, title=title, **{**defaults, **fields})


CORPUS = [
    record("doc:1", "en", "Returnees open bakeries in Tunisia", group="g1", themes=("livelihoods",)),
    record("doc:2", "fr", "Des rapatriés ouvrent des boulangeries en Tunisie", group="g1", themes=("livelihoods",)),
    record("doc:3", "en", "Bakery training for returnees", kind="news", countries=("LY", "TN")),
    record("doc:4", "en", "Members' notes on returnees", audiences=(MEMBERS,), date=None),
    record("doc:5", "ar", "العائدون يفتحون مخابز", date=datetime.date(2021, 5, 2), countries=("EG",)),
]
QUERIES = [
    Query(text="returnees", reader_language="en"),
    Query(text="returnees", reader_language="fr", audiences=frozenset({PUBLIC, MEMBERS})),
    Query(text="bakery", filters={"country": ("TN",)}, sort="date"),
    Query(text="", audiences=frozenset({PUBLIC, STAFF, MEMBERS}), date_from=datetime.date(2023, 1, 1)),
]


def answers(engine):
    return [
        (results.total, [hit.id for hit in results.hits], results.facets)
        for results in (engine.search(query) for query in QUERIES)
    ]


def as_values(table):
    """The table by rowid and name (codes differ between a patched and a fresh table)."""
    columns = {
        name: [codes.names[code] for code in values]
        for name, (codes, values) in (("group", table.groups), ("language", table.languages), ("date", table.dates))
    }
    pairs = {
        facet: sorted(zip(rowids.tolist(), (codes.names[value] for value in values), strict=True))
        for facet, (codes, rowids, values) in table.pairs.items()
    }
    return table.rowids.tolist(), columns, pairs


@pytest.fixture
def engines(tmp_path):
    path = tmp_path / "search.sqlite3"
    reader, writer = EmbeddedEngine(path), EmbeddedEngine(path)
    writer.rebuild(iter(CORPUS))
    return reader, writer


def test_after_writes_elsewhere_the_patched_table_answers_as_a_fresh_one(engines, tmp_path):
    reader, writer = engines
    answers(reader)
    generation = reader._records[0][0]
    writer.index([record("doc:6", "nl", "Terugkeerders openen bakkerijen", group="g1", themes=("livelihoods",))])
    writer.index([record("doc:3", "en", "Bakery training for returnees", kind="report", audiences=(STAFF,))])
    writer.delete(["doc:5"])
    patched = answers(reader)
    assert reader._records[0][0] == generation  # patched from the change log, not read again
    with reader._read() as connection:
        fresh = RecordTable.load(connection)
    assert as_values(reader._records[1]) == as_values(fresh)
    assert set(fresh.pairs) == set(FACET_VALUES)
    assert patched == answers(EmbeddedEngine(reader.path))
    # The record now for staff only is gone for the public at once, from the hits and from the counts.
    _total, hits, facets = patched[0]
    assert "doc:3" not in hits and ("report", 1) not in facets["kind"]


def test_a_snapshot_older_than_the_table_kept_is_read_again_from_a_fresh_one(engines):
    reader, writer = engines
    answers(reader)
    with reader._read() as connection:
        connection.execute("BEGIN")
        connection.execute("SELECT count(*) FROM records").fetchone()  # the snapshot starts here
        writer.index([record("doc:7", "en", "Returnees in Libya", countries=("LY",))])
        answers(reader)  # another search keeps the table of the later state
        table = reader._record_table(connection)
        (count,) = connection.execute("SELECT count(*) FROM records").fetchone()
        connection.execute("COMMIT")
    assert len(table.rowids) == count == len(CORPUS) + 1


def test_dates_rank_as_text_and_undated_records_are_outside_any_range(engines):
    reader, _writer = engines
    with reader._read() as connection:
        table = RecordTable.load(connection)
    dates = [table.dates[0].names[code] for code in table.dates[1]]
    ranks = table.date_rank.tolist()
    assert [rank for date, rank in zip(dates, ranks, strict=True) if date is None] == [-1]
    dated = sorted((date, rank) for date, rank in zip(dates, ranks, strict=True) if date is not None)
    assert [rank for _date, rank in dated] == sorted(rank for _date, rank in dated)
    inside = table.dated(datetime.date(2022, 1, 1), None)
    assert np.array_equal(inside, np.array([date is not None and date >= "2022-01-01" for date in dates]))


@pytest.mark.django_db
def test_an_index_of_an_older_text_analysis_asks_for_a_rebuild(engines, tmp_path):
    _reader, writer = engines
    assert not writer.needs_rebuild()  # just rebuilt
    assert not EmbeddedEngine(tmp_path / "new.sqlite3").needs_rebuild()  # empty: built with this analysis
    with writer._write() as connection:
        connection.execute("UPDATE meta SET value = '1' WHERE name = 'analysis'")
    assert writer.needs_rebuild()
    with writer._write() as connection:  # a file written before the version was kept
        connection.execute("DELETE FROM meta")
    assert EmbeddedEngine(writer.path).needs_rebuild()
    # `search_index status` says what to do; a rebuild puts it right.
    search = {"ENGINE": "embedded", "EMBEDDED_PATH": str(writer.path)}
    output = io.StringIO()
    with override_settings(SEARCH={**settings.SEARCH, **search}):
        reset_engine()
        try:
            call_command("search_index", "status", stdout=output)
        finally:
            reset_engine()
    assert "search_index rebuild" in output.getvalue()
    writer.rebuild(iter(CORPUS))
    assert not writer.needs_rebuild()


MIGRATION = [
    record("m:1", "en", "Migrant workers in Tunisia", summary="A migrant helpline and shelters for every migrant"),
    record("m:2", "fr", "Travailleurs migrants en Tunisie", summary="Un migrant sur trois"),
    record("m:3", "nl", "Migrant in Libië", summary="Hulp voor elke migrant"),
    record("m:4", "en", "Shelters in Libya", body="Each migrant is welcome"),
    record("m:5", "ar", "مهاجر في ليبيا"),
    record("m:6", "en", "Bakery training for returnees"),
]


def assert_same_results(one, other):
    """The same records, in the same order, found by the same parts and translations, with the same scores,
    total and facets."""
    assert [(hit.id, hit.found_by, hit.via_label) for hit in one.hits] == [
        (hit.id, hit.found_by, hit.via_label) for hit in other.hits
    ]
    assert [hit.score for hit in one.hits] == pytest.approx([hit.score for hit in other.hits], rel=1e-12)
    assert (one.total, one.facets) == (other.total, other.facets)


def recording(read, reads):
    """`read` (connection, match string, ...), noting each match string in `reads`."""

    def noted(connection, expression, *rest):
        reads.append(expression)
        return read(connection, expression, *rest)

    return noted


@pytest.fixture
def migrant_search(tmp_path):
    """An engine over MIGRATION, and an Arabic reader's "migrant": its English, French and Dutch names each give
    a match expression with "_:migrant"."""
    engine = EmbeddedEngine(tmp_path / "search.sqlite3", ranking={"semantic": False})
    engine.rebuild(iter(MIGRATION))
    return engine, Query(text="مهاجر", reader_language="ar")


@pytest.mark.django_db
def test_terms_that_translations_share_are_read_once_and_score_as_each_whole_expression_does(
    migrant_search, monkeypatch
):
    engine, query = migrant_search
    read = []
    monkeypatch.setattr(EmbeddedEngine, "_bm25", staticmethod(recording(EmbeddedEngine._bm25, read)))
    shared = engine.search(query)
    # The neutral term is in every translation's expression: read alone, once.
    assert read.count('"_:migrant"') == 1
    assert not any("_:migrant" in expression for expression in read if expression != '"_:migrant"')
    # FTS5 scoring each expression whole finds the same records, in the same order, with the same scores.
    monkeypatch.setattr(EmbeddedEngine, "_decomposed", staticmethod(lambda analyses, shared: False))
    whole = engine.search(query)
    assert {hit.id for hit in whole.hits} == {"m:1", "m:2", "m:3", "m:4", "m:5"}
    assert_same_results(shared, whole)


@pytest.mark.django_db
def test_a_large_index_reads_every_other_expression_in_a_helper_process_with_the_same_results(
    migrant_search, monkeypatch
):
    engine, query = migrant_search
    read_here = []
    # This process's reads (the helper process has its own copy of the module).
    monkeypatch.setattr(fts_scoring, "bm25", recording(fts_scoring.bm25, read_here))
    alone = engine.search(query)
    every_read = list(read_here)
    assert len(every_read) > 2
    read_here.clear()
    monkeypatch.setattr(embedded, "SIDE_BY_SIDE_RECORDS", 1)  # as if the index were large
    side_by_side = engine.search(query)
    # This process read every other expression; the helper process, the rest (had it failed, this process
    # would have read them too).
    assert read_here == every_read[0::2]
    assert_same_results(side_by_side, alone)
