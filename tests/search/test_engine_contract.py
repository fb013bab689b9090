"""One contract, run unchanged on every engine: Elasticsearch (the real node) and the embedded engine."""

import datetime

import pytest

from search import fusion
from search.query import Query
from search.records import PUBLIC, STAFF, Record

MEMBERS = "community:7"


def record(id, language, title, body="", **fields):
    defaults = {
        "kind": "document",
        "url": f"/{language or 'x'}/{id}/",
        "summary": "",
        "date": datetime.date(2024, 1, 1),
    }
    defaults.update(fields)
    return Record(id=id, language=language, title=title, body=body, **defaults)


CORPUS = [
    record(
        "page:1",
        "en",
        "Livelihoods for returnees in Tunisia",
        "Partners supported small businesses and vocational training for returning migrants.",
        kind="news",
        countries=("TN",),
        themes=("livelihoods",),
        organisations=("iom",),
        date=datetime.date(2025, 3, 1),
        group="g-livelihoods",
    ),
    record(
        "page:2",
        "fr",
        "Moyens de subsistance des rapatriés en Tunisie",
        "Les partenaires ont accompagné les réintégrations durables et la formation professionnelle.",
        kind="news",
        countries=("TN",),
        themes=("livelihoods", "reintegration"),
        organisations=("iom",),
        date=datetime.date(2025, 3, 2),
        group="g-livelihoods",
    ),
    record(
        "page:3",
        "ar",
        "دعم المهاجرين العائدين في مصر",
        "قدّم الشركاء خدمات الحماية للمهاجرين في مدينة الإسكندرية.",
        kind="report",
        countries=("EG",),
        themes=("protection",),
        organisations=("unhcr",),
        date=datetime.date(2023, 6, 15),
    ),
    record(
        "page:4",
        "nl",
        "Duurzame re-integratie van terugkeerders",
        "Het project ondersteunde terugkeerders in Guinee met begeleiding en opleiding.",
        kind="report",
        countries=("GN",),
        themes=("reintegration",),
        organisations=("enabel",),
        date=datetime.date(2024, 11, 20),
    ),
    record(
        "page:5",
        "en",
        "Cash-based interventions in Libya",
        "Monthly cash transfers helped families cover rent. <script>alert(1)</script> was in the source.",
        kind="document",
        countries=("LY",),
        themes=("cash-based-interventions",),
        organisations=("drc",),
        date=datetime.date(2022, 9, 30),
    ),
    record(
        "lesson:1",
        "en",
        "Lesson: peer support for returnees",
        "Members-only lesson about peer support groups for returnees.",
        kind="lesson",
        countries=("SN",),
        themes=("reintegration",),
        audiences=(MEMBERS,),
        date=datetime.date(2025, 1, 10),
    ),
    record(
        "document:9",
        "fr",
        "Note interne sur la protection",
        "Document réservé au personnel sur la protection des enfants.",
        kind="document",
        countries=("LY",),
        themes=("protection",),
        audiences=(STAFF,),
        date=datetime.date(2021, 2, 2),
    ),
]


def ids(results):
    return {hit.id for hit in results.hits}


def own(results):
    """Hits the query's own words found (not only a thesaurus translation of them)."""
    return {hit.id for hit in results.hits if not hit.via_language}


def _day(value):
    return datetime.date.fromisoformat(str(value)[:10])


def search(engine, text="", **kwargs):
    return engine.search(Query(text=text, **kwargs))


@pytest.fixture(params=[pytest.param("elasticsearch", marks=pytest.mark.elasticsearch), "embedded"])
def engine(request, tmp_path):
    if request.param == "elasticsearch":
        from search.engines.elasticsearch import ElasticsearchEngine

        client = request.getfixturevalue("es_client")
        prefix = request.getfixturevalue("es_index_prefix").rstrip("-")
        engine = ElasticsearchEngine(client, prefix=prefix)
    else:
        from search.engines.embedded import EmbeddedEngine

        engine = EmbeddedEngine(tmp_path / "search.sqlite3")
    engine.setup()
    engine.index(CORPUS)
    yield engine
    engine.drop()


class TestMorphologyAndFolding:
    def test_english_stemming(self, engine):
        assert own(search(engine, "livelihood")) == {"page:1"}

    def test_french_folding_and_stemming(self, engine):
        # "reintegration" unaccented and singular meets "réintégrations"; the Dutch record has
        # "re-integratie", a different word, so it is not expected here.
        assert "page:2" in own(search(engine, "reintegration"))

    def test_french_elision(self, engine):
        assert "page:2" in own(search(engine, "partenaire"))

    def test_arabic_normalisation_and_stemming(self, engine):
        # "مهاجر" (singular, no article) meets "المهاجرين"; plain alef meets alef with hamza.
        assert own(search(engine, "مهاجر")) == {"page:3"}
        assert own(search(engine, "الاسكندرية")) == {"page:3"}
        assert own(search(engine, "مدينه")) == {"page:3"}

    def test_dutch_hyphens_and_stemming(self, engine):
        assert own(search(engine, "reintegratie")) == {"page:4"}
        assert own(search(engine, "terugkeerder")) == {"page:4"}

    def test_stopwords_alone_match_nothing(self, engine):
        assert search(engine, "the and of").total == 0


class TestFacets:
    def test_counts_for_public_readers(self, engine):
        facets = search(engine).facets
        assert dict(facets["kind"]) == {"news": 2, "report": 2, "document": 1}
        assert dict(facets["language"]) == {"en": 2, "fr": 1, "ar": 1, "nl": 1}
        assert dict(facets["country"]) == {"TN": 2, "EG": 1, "GN": 1, "LY": 1}
        assert dict(facets["year"]) == {2025: 2, 2023: 1, 2024: 1, 2022: 1}
        assert facets["kind"][0] == ("news", 2) or facets["kind"][0] == ("report", 2)

    def test_filter_narrows_results_but_keeps_other_choices_in_its_own_facet(self, engine):
        results = search(engine, filters={"kind": ("report",)})
        assert ids(results) == {"page:3", "page:4"}
        assert results.total == 2
        # The kind facet still offers the other kinds (multi-select), the others count within reports.
        assert dict(results.facets["kind"])["news"] == 2
        assert dict(results.facets["country"]) == {"EG": 1, "GN": 1}

    def test_filters_combine(self, engine):
        results = search(engine, filters={"theme": ("reintegration",), "language": ("nl",)})
        assert ids(results) == {"page:4"}


class TestHighlights:
    def test_snippet_marks_the_match(self, engine):
        (hit,) = search(engine, "vocational").hits
        assert "<mark>vocational</mark>" in hit.snippet

    def test_snippet_marks_an_inflected_match(self, engine):
        hits = [hit for hit in search(engine, "reintegration").hits if hit.id == "page:2"]
        assert "<mark>réintégrations</mark>" in hits[0].snippet

    def test_snippet_escapes_markup_from_the_source(self, engine):
        (hit,) = search(engine, "transfers").hits
        assert "<script>" not in hit.snippet
        assert "&lt;script&gt;" in hit.snippet


class TestAudiences:
    def test_members_only_record_is_never_returned_to_the_public(self, engine):
        results = search(engine, "peer support")
        assert results.total == 0
        assert "lesson" not in dict(search(engine).facets["kind"])

    def test_members_see_their_community(self, engine):
        results = search(engine, "peer support", audiences=frozenset({PUBLIC, MEMBERS}))
        assert ids(results) == {"lesson:1"}

    def test_staff_see_staff_documents_only_with_the_staff_audience(self, engine):
        assert search(engine, "protection enfants").total == 0
        staff = search(engine, "protection enfants", audiences=frozenset({PUBLIC, STAFF}))
        assert ids(staff) == {"document:9"}
        assert search(engine, "protection enfants", audiences=frozenset({PUBLIC, "community:8"})).total == 0


class TestChanges:
    def test_delete(self, engine):
        engine.delete(["page:3"])
        assert own(search(engine, "مهاجر")) == set()
        assert "page:3" not in engine.ids()

    def test_delete_of_a_missing_record_is_harmless(self, engine):
        engine.delete(["page:404"])
        assert "page:1" in engine.ids()

    def test_reindex_replaces(self, engine):
        engine.index([record("page:5", "en", "Rental support in Benghazi", "Cash for rent.", kind="document")])
        assert search(engine, "Libya").total == 0
        assert ids(search(engine, "Benghazi")) == {"page:5"}

    def test_audience_change_takes_effect(self, engine):
        engine.index([record("page:4", "nl", "Duurzame re-integratie van terugkeerders", "", audiences=(MEMBERS,))])
        assert "page:4" not in ids(search(engine, "terugkeerder"))

    def test_rebuild_replaces_everything(self, engine):
        engine.rebuild(iter([record("page:77", "en", "Only record after rebuild", "Fresh content.")]))
        assert engine.ids() == {"page:77"}
        assert ids(search(engine, "fresh")) == {"page:77"}

    def test_also_in_follows_each_version_written_or_deleted(self, engine):
        # Versions are written one by one, as publishing each translation does.
        engine.index([record("page:91", "nl", "Levensonderhoud voor terugkeerders", group="g-livelihoods")])
        engine.index([record("page:2", "fr", "Nouveau titre des rapatriés", "", group="g-livelihoods")])
        (hit,) = search(engine, "vocational").hits
        assert [(v.id, v.title) for v in hit.also_in] == [
            ("page:2", "Nouveau titre des rapatriés"),
            ("page:91", "Levensonderhoud voor terugkeerders"),
        ]
        engine.delete(["page:91"])
        engine.index([record("page:2", "fr", "Nouveau titre des rapatriés", "", group="g-other")])
        (hit,) = search(engine, "vocational").hits
        assert hit.also_in == ()

    def test_also_in_never_offers_a_version_the_reader_may_not_see(self, engine):
        engine.index([record("page:92", "ar", "سبل العيش", audiences=(STAFF,), group="g-livelihoods")])
        (hit,) = search(engine, "vocational").hits
        assert [v.id for v in hit.also_in] == ["page:2"]
        (hit,) = search(engine, "vocational", audiences=frozenset({PUBLIC, STAFF})).hits
        assert sorted(v.id for v in hit.also_in) == ["page:2", "page:92"]

    def test_a_rebuild_lists_versions_given_apart(self, engine):
        # The versions of one group need not arrive one after the other.
        engine.rebuild(
            iter(
                [
                    record("page:81", "en", "Vocational schools", group="g-schools"),
                    record("page:82", "en", "Harbour works"),
                    record("page:83", "fr", "Écoles professionnelles", group="g-schools"),
                ]
            )
        )
        (hit,) = search(engine, "vocational").hits
        assert [(v.id, v.language) for v in hit.also_in] == [("page:83", "fr")]

    def test_stats_count_per_kind_and_language(self, engine):
        stats = engine.stats()
        assert stats["news"] == {"en": 1, "fr": 1}
        assert stats["lesson"] == {"en": 1}


class TestPagingSortingAndOddQueries:
    def test_pagination_is_stable_and_complete(self, engine):
        first = search(engine, page=1, page_size=2)
        second = search(engine, page=2, page_size=2)
        third = search(engine, page=3, page_size=2)
        assert first.total == second.total == 4  # 5 public records, two of them one group
        seen = [hit.id for hit in first.hits + second.hits + third.hits]
        assert len(seen) == len(set(seen)) == 4

    def test_sort_by_date_newest_first(self, engine):
        dates = [str(hit.date) for hit in search(engine, sort="date").hits]
        assert dates == sorted(dates, reverse=True)

    def test_date_range_narrows_hits_and_facet_counts(self, engine):
        start, end = datetime.date(2024, 1, 1), datetime.date(2025, 3, 1)
        everything, ranged = search(engine, sort="date"), search(engine, sort="date", date_from=start, date_to=end)
        assert all(hit.date and start <= _day(hit.date) <= end for hit in ranged.hits)
        # The English version (2025-03-01, on the end day) stands for its group; its French version (a day
        # later) is out of range; the 2023, 2022 and undated records are out too.
        assert ids(ranged) == {"page:1", "page:4"}
        assert set(dict(ranged.facets["year"])) <= {2024, 2025}
        assert dict(ranged.facets["year"])[2024] == dict(everything.facets["year"])[2024]

    def test_language_versions_collapse_into_one_result(self, engine):
        hits = [hit for hit in search(engine, "", reader_language="fr").hits if hit.id in {"page:1", "page:2"}]
        assert len(hits) == 1
        (hit,) = hits
        # The reader's language wins; the other version is offered as "also in".
        assert hit.id == "page:2"
        assert [version.language for version in hit.also_in] == ["en"]

    def test_also_in_lists_versions_that_did_not_match_the_words(self, engine):
        # Only the English version contains "vocational"; the French one is still offered.
        (hit,) = search(engine, "vocational").hits
        assert hit.id == "page:1"
        assert [(version.id, version.language) for version in hit.also_in] == [("page:2", "fr")]

    def test_undated_records_sort_last_by_date_and_have_no_year(self, engine):
        # An imported file with neither a metadata date nor a creation date in its properties.
        engine.index([record("document:50", "en", "Field notes from Sfax", "Undated notes.", date=None)])
        results = search(engine, sort="date", audiences=frozenset({PUBLIC, STAFF}), page_size=50)
        assert results.hits[-1].id == "document:50" and results.hits[-1].date is None
        assert all(isinstance(year, int) for year, _count in results.facets["year"])
        undated = search(engine, "Sfax", sort="date")
        assert ids(undated) == {"document:50"} and undated.facets["year"] == []

    @pytest.mark.parametrize("text", ["a", "x" * 5000, '"(title:foo AND [bar -/\\ ~* ?', "<>&'\"", "  "])
    def test_odd_queries_do_not_fail(self, engine, text):
        results = search(engine, text)
        assert results.total >= 0
        assert isinstance(results.hits, list)

    def test_suggestion_never_reveals_words_the_reader_cannot_see(self, engine):
        # "peer support" appears only in the members-only lesson.
        assert search(engine, "peer suport").suggestion == ""
        members = search(engine, "peer suport", audiences=frozenset({PUBLIC, MEMBERS}))
        assert members.suggestion == "peer support"

    def test_no_match_offers_a_suggestion(self, engine):
        results = search(engine, "vocatonal")
        assert results.total == 0
        assert results.suggestion == "vocational"


class TestAutocomplete:
    def test_titles_start_with_what_was_typed(self, engine):
        titles = [s.title for s in engine.autocomplete("liveli", frozenset({PUBLIC}))]
        # One suggestion per group: the two language versions of the livelihoods news are one item.
        assert titles == ["Livelihoods for returnees in Tunisia"] or titles == [
            "Moyens de subsistance des rapatriés en Tunisie"
        ]

    def test_folds_accents_and_arabic_spelling(self, engine):
        assert [s.id for s in engine.autocomplete("duurzame re", frozenset({PUBLIC}))] == ["page:4"]
        assert [s.id for s in engine.autocomplete("المهاج", frozenset({PUBLIC}))] == ["page:3"]
        assert [s.id for s in engine.autocomplete("moyens de subs", frozenset({PUBLIC}))] == ["page:2"]

    def test_respects_audiences_and_short_input(self, engine):
        assert engine.autocomplete("lesson", frozenset({PUBLIC})) == []
        assert [s.id for s in engine.autocomplete("lesson", frozenset({PUBLIC, MEMBERS}))] == ["lesson:1"]
        assert engine.autocomplete("l", frozenset({PUBLIC})) == []
        assert engine.autocomplete('"(*', frozenset({PUBLIC})) == []

    def test_keeps_to_the_kinds_asked_for(self, engine):
        members = frozenset({PUBLIC, MEMBERS})
        assert [s.id for s in engine.autocomplete("lesson", members, kinds=("lesson", "document"))] == ["lesson:1"]
        assert engine.autocomplete("lesson", members, kinds=("publication",)) == []


class TestCrossLanguage:
    def test_a_concept_finds_its_names_in_the_other_languages(self, engine):
        results = search(engine, "returnee", reader_language="en")
        # The English words find the English news; the thesaurus adds the Arabic and Dutch records.
        assert ids(results) == {"page:1", "page:3", "page:4"}

    def test_own_words_rank_above_translations_and_translations_say_so(self, engine):
        hits = search(engine, "returnee", reader_language="en").hits
        assert hits[0].id == "page:1"
        assert (hits[0].via_language, hits[0].via_label) == ("", "")
        arabic = next(hit for hit in hits if hit.id == "page:3")
        assert (arabic.via_language, arabic.via_label) == ("ar", "عائد")
        assert "<mark>" in arabic.snippet or "<mark>" in arabic.title or arabic.snippet

    def test_expansion_works_from_any_language(self, engine):
        found = ids(search(engine, "terugkeerder", reader_language="nl"))
        # The livelihoods news is one result in English or French: both are translations here.
        assert found - {"page:1", "page:2"} == {"page:3", "page:4"}
        assert len(found & {"page:1", "page:2"}) == 1
        assert "page:4" in ids(search(engine, "العائدين"))

    def test_a_translation_found_item_is_shown_in_the_readers_language(self, engine):
        # One service in two languages; a Dutch word finds both versions only through the thesaurus, the
        # French one through two of its French names, the English one through one English name.
        engine.index(
            [
                record("service:7-en", "en", "Shelter in Gao", "For IDPs.", kind="service", group="service-group:7"),
                record(
                    "service:7-fr",
                    "fr",
                    "Hébergement à Gao",
                    "Pour les PDI, personnes déplacées internes.",
                    kind="service",
                    group="service-group:7",
                ),
            ]
        )
        for reader, shown in (("en", "service:7-en"), ("fr", "service:7-fr")):
            hits = [hit for hit in search(engine, "ontheemden", reader_language=reader).hits if "service:7" in hit.id]
            assert [hit.id for hit in hits] == [shown]
        # Words the reader typed still choose the version they are in.
        (hit,) = [hit for hit in search(engine, "Hébergement", reader_language="en").hits if "service:7" in hit.id]
        assert hit.id == "service:7-fr"

    def test_a_plain_page_counts_half_in_the_fused_order(self, engine):
        # A hub page named after the subject, in two languages, beside the news about it.
        engine.index(
            [
                record("page:60", "en", "Returnees, returnees", "Returnees: returnees.", kind="page", group="g-hub"),
                record("page:62", "fr", "Rapatriés", "Rapatriés : rapatriés.", kind="page", group="g-hub"),
            ]
        )

        def scores():
            return {hit.id: hit.score for hit in search(engine, "returnees", reader_language="en").hits}

        weighted = scores()
        engine.ranking = fusion.ranking_settings({"kind_weights": {"page": 1.0}})
        even = scores()
        # Each engine tells the fusion the hub's kind: its score halves, the news item's does not move.
        assert weighted["page:60"] == pytest.approx(even["page:60"] / 2)
        assert weighted["page:1"] == pytest.approx(even["page:1"])

    def test_words_outside_the_thesaurus_are_not_expanded(self, engine):
        assert ids(search(engine, "vocational")) == {"page:1"}


class TestOneHitPerFile:
    """A file and the pages that present it are one result, however the records were grouped."""

    PRESENTED = "Jaarverslag over de terugkeer van migranten naar Guinee."

    def test_records_carrying_one_file_are_one_hit(self, engine):
        # The sources give them one group; a stale index may still hold the file's own record.
        engine.index(
            [
                record("page:40", "nl", "Jaarverslag terugkeer", self.PRESENTED, file="document:3", group="g-report"),
                record("page:41", "nl", "Jaarverslag (kopie)", self.PRESENTED, file="document:3", group="g-copy"),
                record("document:3", "nl", "jaarverslag.pdf", self.PRESENTED, file="document:3", audiences=(STAFF,)),
            ]
        )
        results = search(engine, "jaarverslag", audiences=frozenset({PUBLIC, STAFF}))
        assert [hit.file for hit in results.hits] == ["document:3"]

    def test_versions_in_other_files_stay_also_in(self, engine):
        engine.index(
            [
                record("page:42", "nl", "Jaarverslag 2024", self.PRESENTED, file="document:4", group="g-annual"),
                record("page:43", "fr", "Rapport annuel 2024", "Le retour.", file="document:5", group="g-annual"),
            ]
        )
        (hit,) = search(engine, "jaarverslag").hits
        assert (hit.id, hit.file) == ("page:42", "document:4")
        assert [(version.id, version.language) for version in hit.also_in] == [("page:43", "fr")]
