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
    Note(meta={"id": "fr-1"}, language="fr", body="L'accompagnement des réintégrations durables au Sénégal").save(using=es_client, index=name)
    Note(meta={"id": "fr-2"}, language="fr", body="Les transferts monétaires aux familles d'accueil").save(using=es_client, index=name)
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
    Note(meta={"id": "ar-1"}, language="ar", body="دعم المهاجرين العائدين في مدينة الإسكندرية").save(using=es_client, index=name)
    Note(meta={"id": "ar-2"}, language="ar", body="التماسك الاجتماعي في المجتمعات المضيفة").save(using=es_client, index=name)
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
    english = es_client.indices.analyze(index=name, analyzer=analyzer_name("en"), text="partners' livelihoods")["tokens"]
    assert [token["token"] for token in tokens] == [
        token["token"] for token in es_client.indices.analyze(index=name, analyzer=analyzer_name("nl"), text="reintegratie")["tokens"]
    ]
    assert [token["token"] for token in english] == ["partner", "livelihood"]
