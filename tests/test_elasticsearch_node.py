"""The test node is a real Elasticsearch 8 server, and our analysis table works on it."""

import os

import pytest
from elasticsearch.dsl import Document, Index, Keyword, Text

from search.analysis import NEUTRAL, analyzer_name, build_analyzer

pytestmark = pytest.mark.elasticsearch


def make_index(es_client, name):
    """One index with a sub-field per language, as the search engine will build it."""

    class Note(Document):
        language = Keyword()
        body = Text(
            analyzer=build_analyzer(NEUTRAL),
            fields={code: Text(analyzer=build_analyzer(code)) for code in ("en", "fr", "ar", "nl")},
        )

    index = Index(name, using=es_client)
    index.document(Note)
    index.create()
    return Note


def search_ids(es_client, index_name, field, text):
    response = es_client.search(index=index_name, query={"match": {field: text}})
    return {hit["_id"] for hit in response["hits"]["hits"]}


def test_node_is_a_supported_elasticsearch(es_client):
    info = es_client.info()
    # The official client refuses servers that are not Elasticsearch; reaching here proves the product check.
    major = info["version"]["number"].split(".")[0]
    assert major == os.environ.get("KMS_ES_MAJOR", "8")
    assert es_client.cluster.health(wait_for_status="yellow", timeout="30s")["status"] in {"green", "yellow"}


def test_french_analyzer_folds_accents_elides_and_stems(es_client, es_index_prefix):
    name = f"{es_index_prefix}notes"
    Note = make_index(es_client, name)
    Note(meta={"id": "fr-1"}, language="fr", body="L'accompagnement des réintégrations durables au Sénégal").save(
        using=es_client, index=name
    )
    Note(meta={"id": "fr-2"}, language="fr", body="Les transferts monétaires aux familles d'accueil").save(
        using=es_client, index=name
    )
    es_client.indices.refresh(index=name)

    # Unaccented and singular: "reintegration" must find "réintégrations".
    assert search_ids(es_client, name, "body.fr", "reintegration") == {"fr-1"}
    # Elided article: "accompagnement" is indexed from "L'accompagnement".
    assert search_ids(es_client, name, "body.fr", "accompagnement") == {"fr-1"}
    # Plural/singular: "famille" finds "familles".
    assert search_ids(es_client, name, "body.fr", "famille") == {"fr-2"}
    # Stopwords alone match nothing.
    assert search_ids(es_client, name, "body.fr", "les des aux") == set()


def test_arabic_analyzer_normalises_spelling_and_stems(es_client, es_index_prefix):
    name = f"{es_index_prefix}notes"
    Note = make_index(es_client, name)
    Note(meta={"id": "ar-1"}, language="ar", body="دعم المهاجرين العائدين في مدينة الإسكندرية").save(
        using=es_client, index=name
    )
    Note(meta={"id": "ar-2"}, language="ar", body="التماسك الاجتماعي في المجتمعات المضيفة").save(
        using=es_client, index=name
    )
    es_client.indices.refresh(index=name)

    # Definite article and plural suffix are stripped: "مهاجر" finds "المهاجرين".
    assert search_ids(es_client, name, "body.ar", "مهاجر") == {"ar-1"}
    # Hamza on alef folds: "الاسكندرية" (plain alef) finds "الإسكندرية".
    assert search_ids(es_client, name, "body.ar", "الاسكندرية") == {"ar-1"}
    # Diacritics (tashkeel) and tatweel are removed: "الاجْتِمـاعي" finds "الاجتماعي".
    assert search_ids(es_client, name, "body.ar", "الاجْتِمـاعي") == {"ar-2"}
    # Taa marbuta and haa fold together: "مدينه" finds "مدينة".
    assert search_ids(es_client, name, "body.ar", "مدينه") == {"ar-1"}


def test_each_language_uses_its_own_analyzer(es_client, es_index_prefix):
    name = f"{es_index_prefix}notes"
    make_index(es_client, name)
    tokens = es_client.indices.analyze(index=name, analyzer=analyzer_name("fr"), text="l'Économie")["tokens"]
    assert [token["token"] for token in tokens] == ["econom"]
    tokens = es_client.indices.analyze(index=name, analyzer=analyzer_name("nl"), text="re-integratie")["tokens"]
    english = es_client.indices.analyze(index=name, analyzer=analyzer_name("en"), text="partners' livelihoods")[
        "tokens"
    ]
    assert [token["token"] for token in tokens] == [
        token["token"]
        for token in es_client.indices.analyze(index=name, analyzer=analyzer_name("nl"), text="reintegratie")["tokens"]
    ]
    assert [token["token"] for token in english] == ["partner", "livelihood"]


STEMMER_LANGUAGES = (
    "arabic armenian basque bengali brazilian bulgarian catalan czech danish dutch dutch_kp english porter light_english "
    "kstem lovins minimal_english possessive_english porter2 estonian finnish light_finnish french light_french minimal_french "
    "galician minimal_galician german german2 light_german minimal_german greek hindi hungarian light_hungarian indonesian "
    "irish italian light_italian sorani latvian lithuanian norwegian light_norwegian minimal_norwegian light_nynorsk "
    "minimal_nynorsk portuguese light_portuguese minimal_portuguese portuguese_rslp romanian russian light_russian serbian "
    "spanish light_spanish swedish light_swedish turkish"
).split()

SIMPLE_FILTERS = (
    "lowercase uppercase asciifolding elision porter_stem kstem arabic_normalization arabic_stem persian_normalization "
    "german_normalization hindi_normalization indic_normalization bengali_normalization sorani_normalization "
    "serbian_normalization scandinavian_normalization scandinavian_folding cjk_width decimal_digit apostrophe classic "
    "reverse trim keyword_repeat remove_duplicates flatten_graph word_delimiter_graph word_delimiter edge_ngram ngram unique"
).split()

CONFIGURED_FILTERS = [
    {"type": "lowercase", "language": "greek"},
    {"type": "asciifolding", "preserve_original": True},
    {"type": "elision", "articles": ["l", "d"], "articles_case": True},
    {"type": "snowball", "language": "Dutch"},
    {"type": "truncate", "length": 3},
    {"type": "length", "min": 2, "max": 8},
    {"type": "limit", "max_token_count": 2},
    {"type": "unique", "only_on_same_position": True},
    {"type": "keyword_marker", "keywords": ["partners"]},
    {"type": "keyword_marker", "keywords_pattern": "^p.*"},
    {"type": "word_delimiter_graph", "protected_words": ["e-mail"], "type_table": ["- => ALPHA"], "catenate_all": True},
    {"type": "word_delimiter", "split_on_numerics": False},
    {"type": "edge_ngram", "min_gram": 1, "max_gram": 3, "side": "back"},
    {"type": "ngram", "min_gram": 2, "max_gram": 3, "preserve_original": True},
    {"type": "pattern_replace", "pattern": "a", "replacement": "b"},
] + [{"type": "stemmer", "language": language} for language in STEMMER_LANGUAGES]

TOKENIZERS = "whitespace keyword letter classic uax_url_email pattern edge_ngram ngram path_hierarchy".split() + [
    {"type": "whitespace", "max_token_length": 5},
    {"type": "pattern", "pattern": ",", "group": -1},
    {
        "type": "edge_ngram",
        "min_gram": 1,
        "max_gram": 2,
        "token_chars": ["letter", "custom"],
        "custom_token_chars": "+",
    },
    {"type": "ngram", "min_gram": 1, "max_gram": 2, "token_chars": ["digit", "punctuation", "symbol", "whitespace"]},
    {"type": "path_hierarchy", "delimiter": "/", "reverse": True, "skip": 1},
]

CHAR_FILTERS = [
    "html_strip",
    {"type": "html_strip", "escaped_tags": ["b"]},
    {"type": "mapping", "mappings": ["ph => f", "\\u0640 => "]},
    {"type": "pattern_replace", "pattern": "(\\d+)-(\\d+)", "replacement": "$1_$2"},
]

ANALYZERS = "english french arabic dutch simple whitespace stop".split()


def test_every_analysis_part_the_runner_registers_works_on_this_node(es_client):
    """The runner's analysis plugin is compiled once and runs on Elasticsearch 8 and 9: each part it registers must build
    and analyse text on the node under test (a part calling API the running version lacks fails here, not in production)."""
    text = "L'Économie des partners' re-integratie 2024-11 <b>العائدين</b> ٣ ＡＢ path/to/file e-mail@example.org"
    requests = (
        [{"tokenizer": "standard", "filter": [name]} for name in SIMPLE_FILTERS]
        + [{"tokenizer": "standard", "filter": [definition]} for definition in CONFIGURED_FILTERS]
        + [{"tokenizer": tokenizer} for tokenizer in TOKENIZERS]
        + [{"tokenizer": "standard", "char_filter": [char_filter]} for char_filter in CHAR_FILTERS]
        + [{"analyzer": name} for name in ANALYZERS]
    )
    failures = []
    for request in requests:
        try:
            tokens = es_client.indices.analyze(text=text, **request)["tokens"]
        except Exception as error:
            failures.append(f"{request}: {error}")
            continue
        if not tokens:
            failures.append(f"{request}: no tokens")
    assert failures == []
