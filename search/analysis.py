"""Per-language text analysis, in one table that both search engines read.

Each language says which steps its text goes through; `build_analyzer` turns a row
into an Elasticsearch analyzer (filters named and configured as Elasticsearch
documents them, so the settings work on any Elasticsearch 8/9 cluster), and the
embedded engine runs the same steps in Python. The order of steps is fixed:
hyphen joining, elision, lower-casing, stopwords (the French list is accented, so
before folding), folding (so "réintégration" and "reintegration" reach the stemmer
as the same word), Arabic normalisation, stemming.
"""

from dataclasses import dataclass

from django.conf import settings
from elasticsearch.dsl import analyzer, char_filter, token_filter

# The site's languages, from settings.LANGUAGES; each has its row in TABLE (the tests check it).
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# The analysis, index sub-field and stored language facet of text in none of LANGUAGES. Index
# field names and the embedded engine's stored values depend on it: changing it needs a rebuild.
NEUTRAL = "neutral"
# How records, models and language detection say that a text's language is not known;
# such text is analysed as NEUTRAL.
UNKNOWN = ""

FRENCH_ELIDED_ARTICLES = ("l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu")


@dataclass(frozen=True)
class Analysis:
    """The analysis steps of one language."""

    stopwords: str | None = None  # Elasticsearch's predefined list name, e.g. "_french_"
    stemmer: str | None = None  # Elasticsearch stemmer language, e.g. "light_french"
    snowball: str | None = None  # the Snowball algorithm the embedded engine uses for the same language
    possessive: bool = False  # strip English "'s"
    elision: tuple[str, ...] = ()  # French articles elided before an apostrophe
    fold: bool = True  # ASCII folding: é -> e, ç -> c
    arabic_normalise: bool = False  # alef/hamza variants, taa marbuta, alef maqsura, diacritics, tatweel
    join_hyphens: bool = False  # "re-integratie" -> "reintegratie"


TABLE = {
    "en": Analysis(stopwords="_english_", stemmer="english", snowball="english", possessive=True),
    "fr": Analysis(stopwords="_french_", stemmer="light_french", snowball="french", elision=FRENCH_ELIDED_ARTICLES),
    # Arabic: no Snowball; the embedded engine runs Lucene's light stemmer (search/textanalysis.py).
    "ar": Analysis(stopwords="_arabic_", stemmer="arabic", fold=False, arabic_normalise=True),
    "nl": Analysis(stopwords="_dutch_", stemmer="dutch", snowball="dutch", join_hyphens=True),
    NEUTRAL: Analysis(arabic_normalise=True),
}


def analysed_as(language):
    """The row text in `language` is analysed with: its own, or NEUTRAL (UNKNOWN, None, another language)."""
    return language if language in LANGUAGES else NEUTRAL


def analysis_for(language):
    return TABLE[analysed_as(language)]


def analyzer_name(language):
    return f"kms_{analysed_as(language)}"


def build_analyzer(language):
    """The elasticsearch-dsl analyzer for `language` (unknown languages get the neutral one)."""
    language = analysed_as(language)
    row = TABLE[language]
    char_filters, filters = [], []
    if row.join_hyphens:
        char_filters.append(
            char_filter("kms_join_hyphens", "pattern_replace", pattern=r"(\p{L})-(\p{L})", replacement="$1$2")
        )
    if row.possessive:
        filters.append(token_filter("kms_possessive_english", "stemmer", language="possessive_english"))
    if row.elision:
        filters.append(
            token_filter(f"kms_{language}_elision", "elision", articles_case=True, articles=list(row.elision))
        )
    filters.append("lowercase")
    if row.stopwords:
        filters.append(token_filter(f"kms_{language}_stop", "stop", stopwords=row.stopwords))
    if row.fold:
        filters.append("asciifolding")
    if row.arabic_normalise:
        filters.append("arabic_normalization")
    if row.stemmer:
        filters.append(token_filter(f"kms_{language}_stemmer", "stemmer", language=row.stemmer))
    return analyzer(analyzer_name(language), tokenizer="standard", char_filter=char_filters, filter=filters)
