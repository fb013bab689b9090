"""The embedded engine's Python analysis, one TABLE row at a time (no database, no server)."""

import pytest

from search import textanalysis
from search.analysis import LANGUAGES, NEUTRAL, TABLE, UNKNOWN, analysed_as
from search.textanalysis import analyze, fold, normalise_arabic, stopwords, tokens_with_offsets


class TestEnglish:
    def test_stemming_and_lower_case(self):
        assert analyze("Livelihoods", "en") == analyze("livelihood", "en") == ["livelihood"]

    def test_possessive(self):
        assert analyze("returnee's", "en") == analyze("returnee", "en")
        assert analyze("returnee\u2019s", "en") == analyze("returnee", "en")

    def test_stopwords(self):
        assert analyze("the and of", "en") == []
        assert analyze("The report of the IOM", "en") == ["report", "iom"]

    def test_hyphen_splits_words(self):
        assert analyze("cash-based", "en") == ["cash", "base"]


class TestFrench:
    def test_folding_then_stemming(self):
        assert analyze("réintégrations", "fr") == analyze("reintegration", "fr")

    def test_elision(self):
        assert analyze("l'homme", "fr") == analyze("homme", "fr")
        assert analyze("L\u2019État", "fr") == analyze("etat", "fr")
        assert analyze("jusqu'à", "fr") == analyze("à", "fr")
        assert analyze("d'accompagnement", "fr") == analyze("accompagnement", "fr")

    def test_elision_only_strips_listed_articles(self):
        assert analyze("aujourd'hui", "fr") != analyze("hui", "fr")

    def test_accented_stopwords_are_removed_before_folding(self):
        assert analyze("les partenaires étaient", "fr") == analyze("partenaire", "fr")

    def test_ligatures_fold(self):
        assert analyze("œuvre", "fr") == analyze("oeuvre", "fr")


class TestArabic:
    def test_hamza_and_madda_forms_of_alef(self):
        assert normalise_arabic("أ إ آ ا") == "ا ا ا ا"
        assert analyze("الإسكندرية", "ar") == analyze("الاسكندرية", "ar")

    def test_taa_marbuta_and_alef_maqsura(self):
        assert normalise_arabic("مدينة") == "مدينه"
        assert normalise_arabic("مستشفى") == "مستشفي"
        assert analyze("مدينة", "ar") == analyze("مدينه", "ar")

    def test_tatweel_and_harakat(self):
        assert normalise_arabic("مـدينة") == "مدينه"
        assert normalise_arabic("قَدَّمَ") == "قدم"
        assert analyze("قدّم", "ar") == analyze("قدم", "ar")

    def test_marks_stay_inside_the_word(self):
        assert len(tokens_with_offsets("قدّم الشركاء", "ar")) == 2

    def test_article_and_plural_meet_the_singular(self):
        assert analyze("المهاجرين", "ar") == analyze("مهاجر", "ar")

    def test_the_feminine_ending_comes_off_as_in_elasticsearch(self):
        # Lucene's light stemmer, as Elasticsearch's "arabic" stemmer runs it (Snowball kept "اسره").
        assert analyze("لم شمل الأسرة", "ar") == analyze("جمع شمل الأسر", "ar")[1:] == ["شمل", "اسر"]
        assert analyze("والمهاجرون", "ar") == ["مهاجر"]
        # At least two letters stay (three after the conjunction waw).
        assert analyze("وقت", "ar") == ["وقت"] and analyze("الف", "ar") == ["الف"]

    def test_stopwords(self):
        assert analyze("في من على", "ar") == []

    def test_not_folded(self):
        # Folding would take the hamza off waw and yeh; Arabic is normalised, not folded.
        assert TABLE["ar"].fold is False
        assert fold("مسؤول") == "مسؤول"


class TestDutch:
    def test_hyphens_join(self):
        assert analyze("re-integratie", "nl") == analyze("reintegratie", "nl")
        assert len(analyze("re-integratie", "nl")) == 1

    def test_hyphen_between_digits_does_not_join(self):
        assert analyze("covid-19", "nl") == ["covid", "19"]

    def test_stemming(self):
        assert analyze("terugkeerders", "nl") == analyze("terugkeerder", "nl")

    def test_stopwords(self):
        assert analyze("de het een van", "nl") == []

    def test_offsets_cover_the_joined_word(self):
        text = "Duurzame re-integratie"
        (_first, (_term, start, end)) = tokens_with_offsets(text, "nl")
        assert text[start:end] == "re-integratie"


class TestNeutral:
    @pytest.mark.parametrize("language", ["", NEUTRAL, "de", None])
    def test_unknown_languages_are_neutral(self, language):
        assert analyze("Les Réintégrations", language) == ["les", "reintegrations"]

    def test_no_stopwords_no_stemming(self):
        assert analyze("the and of", "") == ["the", "and", "of"]

    def test_arabic_normalised(self):
        assert analyze("مدينة الإسكندرية", "") == ["مدينه", "الاسكندريه"]


class TestFoldingAndTokens:
    def test_folding(self):
        assert fold("Réintégration Straße Ærø") == "Reintegration Strasse AEro"

    def test_offsets_point_at_the_original_words(self):
        text = "Les <b>réintégrations</b> durables"
        terms = tokens_with_offsets(text, "fr")
        assert [text[start:end] for _term, start, end in terms] == ["b", "réintégrations", "b", "durables"]

    def test_very_long_words_are_cut_like_lucene(self):
        terms = analyze("x" * 600, "")
        assert [len(term) for term in terms] == [255, 255, 90]

    def test_odd_input(self):
        for text in ["", "   ", '"(title:foo AND [bar -/\\ ~* ?', "<>&'\"", "'''", "---"]:
            for language in ("en", "fr", "ar", "nl", ""):
                assert all(term.strip() for term in analyze(text, language))

    def test_lists_are_lucenes(self):
        assert len(stopwords("_english_")) == 33
        assert "étaient" in stopwords("_french_") and "het" in stopwords("_dutch_") and "في" in stopwords("_arabic_")

    def test_every_row_of_the_table_is_usable(self):
        for language, row in TABLE.items():
            assert row.stopwords is None or stopwords(row.stopwords)
            assert isinstance(textanalysis.analyze("Test", language), list)


class TestOneListOfLanguages:
    def test_the_table_has_a_row_for_every_site_language_and_the_neutral_one(self, settings):
        assert set(TABLE) == {code for code, _name in settings.LANGUAGES} | {NEUTRAL}

    @pytest.mark.parametrize("language", [UNKNOWN, None, "de", NEUTRAL])
    def test_an_unknown_language_is_analysed_as_neutral(self, language):
        assert analysed_as(language) == NEUTRAL

    def test_a_site_language_keeps_its_own_row(self, settings):
        assert [analysed_as(code) for code, _name in settings.LANGUAGES] == list(LANGUAGES)
