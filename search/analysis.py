"""Per-language text analysis, in one table that every search engine reads.

Each language maps to a chain of token filters, named and configured exactly as
Elasticsearch documents them, so the same settings work on any Elasticsearch 8/9
cluster. The chain order matters: elision and lower-casing first, stopwords before
folding (the French stopword list is accented), folding before stemming so that
"réintégration" and "reintegration" reach the stemmer as the same word.
"""

from elasticsearch.dsl import analyzer, char_filter, token_filter

NEUTRAL = "neutral"
LANGUAGES = ("en", "fr", "ar", "nl")

FRENCH_ELIDED_ARTICLES = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]

# Filter name -> (type, parameters). Names are ours; types and parameters are Elasticsearch's.
FILTERS = {
    "kms_english_possessive": ("stemmer", {"language": "possessive_english"}),
    "kms_english_stop": ("stop", {"stopwords": "_english_"}),
    "kms_english_stemmer": ("stemmer", {"language": "english"}),
    "kms_french_elision": ("elision", {"articles_case": True, "articles": FRENCH_ELIDED_ARTICLES}),
    "kms_french_stop": ("stop", {"stopwords": "_french_"}),
    "kms_french_stemmer": ("stemmer", {"language": "light_french"}),
    "kms_arabic_stop": ("stop", {"stopwords": "_arabic_"}),
    "kms_arabic_stemmer": ("stemmer", {"language": "arabic"}),
    "kms_dutch_stop": ("stop", {"stopwords": "_dutch_"}),
    "kms_dutch_stemmer": ("stemmer", {"language": "dutch"}),
}

# Joins hyphenated words ("re-integratie" -> "reintegratie") before tokenising.
CHAR_FILTERS = {
    "kms_join_hyphenated": ("pattern_replace", {"pattern": r"(\p{L})-(\p{L})", "replacement": "$1$2"}),
}

# Language -> (char filters, token filter chain). Built-in filters are used by their plain names.
CHAINS = {
    "en": ([], ["kms_english_possessive", "lowercase", "kms_english_stop", "asciifolding", "kms_english_stemmer"]),
    "fr": ([], ["kms_french_elision", "lowercase", "kms_french_stop", "asciifolding", "kms_french_stemmer"]),
    "ar": ([], ["lowercase", "decimal_digit", "kms_arabic_stop", "arabic_normalization", "kms_arabic_stemmer"]),
    "nl": (["kms_join_hyphenated"], ["lowercase", "kms_dutch_stop", "asciifolding", "kms_dutch_stemmer"]),
    NEUTRAL: ([], ["lowercase", "asciifolding", "arabic_normalization"]),
}


def analyzer_name(language):
    return f"kms_{language if language in CHAINS else NEUTRAL}"


def build_analyzer(language):
    """The elasticsearch-dsl analyzer for `language` (unknown languages get the neutral chain)."""
    language = language if language in CHAINS else NEUTRAL
    char_filter_names, filter_names = CHAINS[language]
    return analyzer(
        analyzer_name(language),
        tokenizer="standard",
        char_filter=[char_filter(name, CHAR_FILTERS[name][0], **CHAR_FILTERS[name][1]) for name in char_filter_names],
        filter=[
            token_filter(name, FILTERS[name][0], **FILTERS[name][1]) if name in FILTERS else name
            for name in filter_names
        ],
    )
