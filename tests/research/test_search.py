"""Publications reach search with their authors, organisations and their PDF's words."""

import pytest

from search import sources
from search.engine import get_engine, reset_engine
from search.query import Query
from tests.factories import OrganisationFactory, ThemeFactory
from tests.factories.research import pdf_document, project, publication, research_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_indexing")]

PDF_TEXT = (
    "Les femmes rencontrées à Agadez décrivent la traversée du Ténéré et les dettes contractées "
    "auprès des passeurs avant d'atteindre Sebha."
)


@pytest.fixture
def indexed_publication(committed):
    university = OrganisationFactory(slug="universite-de-niamey")
    lead = OrganisationFactory(slug="reseau-sahel")
    theme = ThemeFactory(slug="routes-sahel")
    research_index()
    document = committed(lambda: pdf_document(title="Traversées du Ténéré", text=PDF_TEXT, language="fr"))
    work = project(lead_organisation=lead)
    return committed(
        lambda: publication(
            title="Passer par Agadez — المرور عبر أغاديس",
            abstract="Récits de voyage recueillis au Niger et en Libye.",
            primary_file=document,
            project=work,
            themes=[theme],
            language="fr",
            authors=[
                {"given_names": "Mariama", "family_name": "Issoufou", "affiliation": university},
                {"given_names": "يوسف", "family_name": "الزوي"},
            ],
        )
    )


def test_publication_record_fields(indexed_publication):
    record = sources.record_for(f"page:{indexed_publication.pk}")
    assert record.kind == "publication"
    assert record.authors == ("Mariama Issoufou", "يوسف الزوي")
    assert record.organisations == ("universite-de-niamey", "reseau-sahel")
    assert record.themes == ("routes-sahel",)
    assert record.date.isoformat() == "2025-06-15"
    assert record.language == "fr"
    assert "passeurs" in record.body  # from the PDF, not from the page


def found(text, **filters):
    return {hit.id for hit in get_engine().search(Query(text=text, filters=filters)).hits}


def test_found_by_a_word_of_its_pdf_and_by_an_author_on_the_embedded_engine(indexed_publication):
    key = f"page:{indexed_publication.pk}"
    assert key in found("passeurs")
    assert key in found("Issoufou")
    assert key in found("الزوي")
    assert key in found("Agadez", kind=("publication",))
    assert key in found("", organisation=("universite-de-niamey",))
    assert key not in found("", kind=("page",))


@pytest.mark.elasticsearch
def test_found_by_a_word_of_its_pdf_and_by_an_author_on_elasticsearch(
    settings, elasticsearch_url, es_index_prefix, committed
):
    settings.SEARCH = {
        **settings.SEARCH,
        "ENGINE": "elasticsearch",
        "INDEX_PREFIX": es_index_prefix.rstrip("-"),
        "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": elasticsearch_url},
    }
    reset_engine()
    engine = get_engine()
    engine.setup()
    try:
        page = _publish_for_elasticsearch(committed)
        key = f"page:{page.pk}"
        assert key in found("passeur")  # French stemming on the PDF's "passeurs"
        assert key in found("Issoufou")
        assert key in found("Issoufou", kind=("publication",))
    finally:
        engine.drop()
        reset_engine()


def _publish_for_elasticsearch(committed):
    research_index()
    document = committed(lambda: pdf_document(title="Traversées du Ténéré", text=PDF_TEXT, language="fr"))
    return committed(
        lambda: publication(
            primary_file=document, language="fr", authors=[{"given_names": "Mariama", "family_name": "Issoufou"}]
        )
    )


def test_text_extracted_after_publication_reaches_its_record(committed):
    """A file whose text is read only after the publication went live still makes it findable:
    extraction re-indexes every page that refers to the document."""
    from cms_pages.models import LibraryDocument
    from search import tasks

    research_index()
    document = committed(lambda: pdf_document(title="Carnet de route", text=PDF_TEXT, language="fr"))
    LibraryDocument.objects.filter(pk=document.pk).update(extracted_text="", extraction_status="")
    page = committed(lambda: publication(title="Sans texte au départ", primary_file=document))
    reset_engine()
    engine = get_engine()
    assert "passeurs" not in sources.record_for(f"page:{page.pk}").body

    committed(lambda: tasks.extract_document_text.call(document.pk))

    assert "passeurs" in sources.record_for(f"page:{page.pk}").body
    hits = engine.search(Query(text="passeurs", audiences=frozenset({"public"}))).hits
    assert f"page:{page.pk}" in {hit.id for hit in hits}


def test_research_project_is_its_own_kind(committed):
    """Projects have their own facet next to publications, not the general "page" kind."""
    research_index()
    work = committed(lambda: project(title="Retours vers Kassala"))
    assert sources.record_for(f"page:{work.pk}").kind == "project"
    assert f"page:{work.pk}" in found("Kassala", kind=("project",))
