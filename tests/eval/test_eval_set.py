"""The evaluation's own checks (fast, no database): the measures on hand-worked cases, and a labelled set
that holds together (every judged document exists, enough documents and queries in every language)."""

import json
import math
from collections import Counter

import pytest

from tests.eval import corpus, metrics
from tests.eval.__main__ import CONFIGURATIONS, Records, load_demo_judgements, load_queries, pooled_judgements, unjudged

LOG2_3 = math.log2(3)


class TestNdcg:
    def test_the_ideal_order_scores_one(self):
        assert metrics.ndcg(["a", "b", "c"], {"a": 2, "b": 1}) == pytest.approx(1.0)

    def test_a_worked_example(self):
        # Gains 2^grade - 1: ranking b (1), x (0), a (3) gives 1/log2(2) + 3/log2(4) = 2.5;
        # the ideal a, b gives 3/log2(2) + 1/log2(3).
        expected = 2.5 / (3 + 1 / LOG2_3)
        assert metrics.ndcg(["b", "x", "a"], {"a": 2, "b": 1}) == pytest.approx(expected)

    def test_only_the_first_k_results_count(self):
        assert metrics.ndcg(["x", "y", "a"], {"a": 2}, k=2) == 0.0
        assert metrics.ndcg(["x", "a"], {"a": 2}, k=2) == pytest.approx(1 / LOG2_3)

    def test_a_document_shown_twice_gains_once(self):
        # The second "a" (its page after its file) holds a place and gains nothing, pushing b down.
        assert metrics.ndcg(["a", "a", "b"], {"a": 2, "b": 2}) == pytest.approx((3 + 3 / 2) / (3 + 3 / LOG2_3))

    def test_results_that_are_no_corpus_document_gain_nothing(self):
        assert metrics.ndcg([None, "a"], {"a": 1}) == pytest.approx(1 / LOG2_3)

    def test_nothing_to_find_is_no_score(self):
        assert metrics.ndcg(["a"], {"a": 0}) is None
        assert metrics.ndcg(["a"], {}) is None


class TestRecall:
    def test_share_of_relevant_documents_in_the_first_k(self):
        assert metrics.recall(["a", "x", "b"], {"a": 2, "b": 1, "c": 1, "d": 0}) == pytest.approx(2 / 3)
        assert metrics.recall(["a", "x", "b"], {"a": 2, "b": 1, "c": 1}, k=2) == pytest.approx(1 / 3)

    def test_duplicates_do_not_count_twice(self):
        assert metrics.recall(["a", "a"], {"a": 1, "b": 1}) == 0.5
        assert metrics.duplicates(["a", None, "a", None, "b"]) == 1

    def test_nothing_to_find_is_no_score(self):
        assert metrics.recall(["a"], {"a": 0}) is None


def test_pairs_judge_each_document_language_on_its_own_results():
    # An English query: the French document is 3rd overall but first among French results.
    results = [("en/a", "en"), (None, "fr"), ("fr/a", "fr"), ("en/b", "en")]
    judgements = {"en/a": 2, "en/b": 1, "fr/a": 2, "nl/a": 2}
    scores = metrics.pair_scores(results, judgements, "en", lambda doc: doc.split("/")[0])
    assert scores[("en", "en")] == (pytest.approx(1.0), 1.0)
    assert scores[("en", "fr")] == (pytest.approx(1 / LOG2_3), 1.0)  # the demo page above it costs a place
    assert scores[("en", "nl")] == (0.0, 0.0)
    assert set(scores) == {("en", "en"), ("en", "fr"), ("en", "nl")}


def test_summary_means_within_and_cross_language_pairs():
    per_query = [
        {"pairs": {("en", "en"): (1.0, 1.0), ("en", "fr"): (0.0, 0.5)}, "all": (0.5, 0.5), "duplicates": 1},
        {"pairs": {("fr", "fr"): (0.5, 0.0), ("fr", "en"): (1.0, 1.0)}, "all": (1.0, 1.0), "duplicates": 0},
    ]
    summary = metrics.summarise(per_query)
    assert summary["within"] == {"ndcg": 0.75, "recall": 0.5, "n": 2}
    assert summary["cross"] == {"ndcg": 0.5, "recall": 0.75, "n": 2}
    assert summary["all"]["ndcg"] == 0.75
    assert summary["pairs"]["en>fr"] == {"ndcg": 0.0, "recall": 0.5, "n": 1}
    assert summary["duplicates"] == 1


@pytest.fixture(scope="module")
def sources():
    return corpus.sources()


@pytest.fixture(scope="module")
def queries():
    return load_queries()


def test_every_language_has_twenty_documents_in_every_format(sources):
    for language in corpus.LANGUAGES:
        mine = [source for source in sources if source.language == language]
        assert len(mine) >= 20, language
        assert {source.format for source in mine} == set(corpus.FORMATS), language
        assert all(len(source.paragraphs) >= 2 and source.title for source in mine), language


def test_the_query_set_covers_all_languages_and_shapes(queries):
    assert len(queries) >= 60
    languages = Counter(query["language"] for query in queries)
    assert set(languages) == set(corpus.LANGUAGES) and min(languages.values()) >= 15
    assert {"acronym", "typo", "inflection", "plain"} <= {query["shape"] for query in queries}
    assert len({query["id"] for query in queries}) == len(queries)
    assert len({(query["language"], query["text"]) for query in queries}) == len(queries)


def test_judgements_name_existing_documents_in_several_languages(sources, queries):
    known = {source.id for source in sources}
    for query in queries:
        judged = query["relevant"]
        assert set(judged) <= known, (query["id"], set(judged) - known)
        assert set(judged.values()) <= {1, 2}, query["id"]
        assert 2 in judged.values(), query["id"]
        # Every query has something to find in its own language and in another one.
        languages = {doc.split("/")[0] for doc in judged}
        assert query["language"] in languages and len(languages) >= 2, query["id"]


def test_demo_judgements_judge_known_queries_with_stable_keys(queries):
    # Keys name what the demo names (see demo_keys in __main__.py), never a primary key.
    languages = set(corpus.LANGUAGES)
    judgements = load_demo_judgements()
    assert set(judgements) <= {query["id"] for query in queries}, set(judgements) - {query["id"] for query in queries}
    for query, judged in judgements.items():
        assert judged, query
        assert set(judged.values()) <= {0, 1, 2}, query
        for key in judged:
            kind, _colon, name = key.partition(":")
            assert kind in {"page", "service", "lesson", "thread", "document"} and name, (query, key)
            assert not name.strip("/").isdigit(), (query, key)
            if kind == "page":
                assert name.startswith("/") and name.endswith("/"), (query, key)
            if kind == "service":
                assert name.rpartition("@")[2] in languages, (query, key)


def test_unjudged_demo_records_are_those_of_each_languages_first_ten():
    # Eleven English demo pages, then a French one: the 11th English page is no English first ten's; the
    # French page is the first of its language. Corpus documents are judged by queries.yaml.
    results = [{"document": None, "key_language": "en", "key": f"page:/home/p{n}/"} for n in range(11)]
    results[1:1] = [{"document": "en/gbv", "key_language": "en", "key": "en/gbv"}]
    results.append({"document": None, "key_language": "fr", "key": "page:/home-fr/p/"})
    judged = {"page:/home/p0/": 0, "page:/home/p1/": 2}
    assert unjudged(results, judged) == [f"page:/home/p{n}/" for n in range(2, 9)] + ["page:/home-fr/p/"]


def test_the_version_shown_stands_for_its_item_once():
    # A service judged in English, shown to a French reader in French; two lessons, items of their own.
    records = Records(
        corpus={},
        demo={
            "service:1-en": ("service:Shelter@en", "en"),
            "service:1-fr": ("service:Shelter@fr", "fr"),
            "lesson:1": ("lesson:A", "en"),
            "lesson:2": ("lesson:B", "en"),
        },
        items={
            "service:Shelter@en": "service-group:1",
            "service:Shelter@fr": "service-group:1",
            "lesson:A": "lesson:1",
            "lesson:B": "lesson:2",
        },
    )
    query = {"id": "fr-01", "relevant": {"fr/vbg": 2}}
    judged = {"fr-01": {"service:Shelter@en": 2, "lesson:A": 1}}
    shown = [records.result(record_id, "") for record_id in ("service:1-fr", "lesson:2")]
    assert pooled_judgements(query, records, judged, shown) == {"fr/vbg": 2, "service:Shelter@fr": 2, "lesson:A": 1}
    # Nothing shown: the judgements as made.
    assert pooled_judgements(query, records, judged) == {"fr/vbg": 2, "service:Shelter@en": 2, "lesson:A": 1}


def test_configurations_have_distinct_names_and_one_runs_as_configured():
    names = [configuration.name for configuration in CONFIGURATIONS]
    assert len(set(names)) == len(names)
    assert any(configuration.params == {} for configuration in CONFIGURATIONS)


def test_built_files_are_what_the_importer_reads(tmp_path, sources):
    # One file per source (named by its id and format) plus the metadata; each file's hash names its source.
    # One source of each format (among them Arabic) stands for all: building the 80 takes half a minute.
    chosen = [
        next(s for s in sources if s.format == format and (s.language == "ar") == (format == "pdf"))
        for format in corpus.FORMATS
    ]
    hashes = corpus.build(tmp_path, chosen)
    assert sorted(hashes.values()) == sorted(source.id for source in chosen)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")) == sorted(
        [corpus.METADATA_NAME, *(source.filename for source in chosen)]
    )
    metadata = json.loads((tmp_path / corpus.METADATA_NAME).read_text(encoding="utf-8"))
    assert {row["path"]: row["title"] for row in metadata} == {s.filename: s.title for s in chosen}
