"""Citation exports, read back by independent parsers (bibtexparser 2, rispy, json)."""

import datetime
import json

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from tests.factories import ThemeFactory
from tests.factories.research import pdf_document, publication

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


@pytest.fixture(scope="module")
def module_study(module_db):
    """Built once for the module; each test reads it anew and its changes are rolled back."""
    return publication(
        title="Retour et réintégration : récits de Kassala — العودة وإعادة الإدماج",
        abstract="Cent rapatriés racontent leur retour. يروي مئة عائد قصة عودتهم.",
        publication_type="working_paper",
        doi="10.5281/zenodo.7654321",
        primary_file=pdf_document(),
        publication_date=datetime.date(2025, 3, 9),
        versions=[
            {"number": 1, "date": datetime.date(2024, 12, 1), "change_note": "Première version."},
            {"number": 2, "date": datetime.date(2025, 3, 9), "change_note": "Annexe statistique."},
        ],
    )


@pytest.fixture
def study(module_study, db):
    return type(module_study).objects.get(pk=module_study.pk)


def names(entry):
    return [(part.last[0] if part.last else "", " ".join(part.first)) for part in entry["author"]]


def test_bibtex_export_round_trips(client, study):
    response = client.get(f"/citations/publication/{study.pk}.bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{study.slug}.bib"'
    library = bibtexparser.parse_string(
        response.content.decode(), append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "techreport"
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == study.title
    assert fields["doi"] == "10.5281/zenodo.7654321"
    assert fields["year"] == "2025"
    assert fields["type"] == "Working paper"
    assert fields["abstract"] == study.abstract
    assert fields["url"] == study.full_url
    authors = [(" ".join(p.last), " ".join(p.first)) for p in fields["author"]]
    assert authors == [("Benoît-Lefèvre", "Aïcha"), ("العبيدي", "محمد"), ("{Réseau Méditerranéen des Chercheurs}", "")]


def test_ris_export_round_trips(client, study):
    response = client.get(f"/citations/publication/{study.pk}.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{study.slug}.ris"'
    (entry,) = rispy.loads(response.content.decode())
    assert entry["type_of_reference"] == "RPRT"
    assert entry["authors"] == ["Benoît-Lefèvre, Aïcha", "العبيدي, محمد", "Réseau Méditerranéen des Chercheurs"]
    assert entry["title"] == study.title
    assert entry["year"] == "2025"
    assert entry["doi"] == "10.5281/zenodo.7654321"
    assert entry["abstract"] == study.abstract
    assert entry["edition"] == "Version 2"
    assert entry["file_attachments1"].endswith(study.primary_file.url)


def test_csl_json_export_round_trips(client, study):
    response = client.get(f"/citations/publication/{study.pk}.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    (item,) = json.loads(response.content)
    assert item["type"] == "report"
    assert item["title"] == study.title
    assert item["author"] == [
        {"family": "Benoît-Lefèvre", "given": "Aïcha"},
        {"family": "العبيدي", "given": "محمد"},
        {"literal": "Réseau Méditerranéen des Chercheurs"},
    ]
    assert item["issued"] == {"date-parts": [[2025, 3, 9]]}
    assert item["DOI"] == "10.5281/zenodo.7654321"
    assert item["version"] == "2"


def test_an_older_version_is_cited_at_its_own_url(client, study):
    response = client.get(f"/citations/publication/{study.pk}.json?version=1")
    assert response["Content-Disposition"] == f'attachment; filename="{study.slug}-v1.json"'
    (item,) = json.loads(response.content)
    assert item["URL"] == study.full_url + "v/1/"
    assert item["issued"] == {"date-parts": [[2024, 12, 1]]}
    assert client.get(f"/citations/publication/{study.pk}.json?version=7").status_code == 404


def test_unpublished_or_unknown_publications_and_formats_are_not_exported(client, study):
    draft = publication(publish=False)
    assert client.get(f"/citations/publication/{draft.pk}.bib").status_code == 404
    assert client.get(f"/citations/publication/{study.pk}.docx").status_code == 404
    assert client.get("/citations/publication/999999.bib").status_code == 404


def test_filtered_list_exports_exactly_the_filtered_publications(client):
    migration = ThemeFactory()
    kept = [
        publication(title="Protection des enfants", themes=[migration], publication_type="policy_brief"),
        publication(title="مسارات العمل", themes=[migration], publication_type="dataset"),
    ]
    publication(title="Hors thème")
    publication(title="Brouillon", themes=[migration], publish=False)
    response = client.get(f"/citations/publications.bib?locale=en&theme={migration.slug}&sort=title")
    assert response["Content-Disposition"] == 'attachment; filename="publications.bib"'
    library = bibtexparser.parse_string(response.content.decode())
    assert sorted(entry.fields_dict["title"].value for entry in library.entries) == sorted(p.title for p in kept)
    assert {entry.entry_type for entry in library.entries} == {"techreport", "misc"}

    entries = rispy.loads(client.get(f"/citations/publications.ris?theme={migration.slug}").content.decode())
    assert sorted(entry["title"] for entry in entries) == sorted(p.title for p in kept)
    assert {entry["type_of_reference"] for entry in entries} == {"RPRT", "DATA"}
    items = json.loads(client.get(f"/citations/publications.json?theme={migration.slug}&type=dataset").content)
    assert [item["title"] for item in items] == ["مسارات العمل"]
    assert items[0]["type"] == "dataset"


def test_apa_initials_and_organisation_authors(client):
    page = publication(
        authors=[
            {"given_names": "Jean-Pierre", "family_name": "Dufresne"},
            {"given_names": "Nour El Houda", "family_name": "Ben Salah"},
        ],
        publication_date=datetime.date(2023, 1, 5),
        publication_type="policy_brief",
        title="Travail saisonnier en Tunisie.",
    )
    body = client.get(page.url).content.decode()
    expected = (
        "Dufresne, J.-P., &amp; Ben Salah, N. E. H. (2023). Travail saisonnier en Tunisie [Policy brief]. kms. "
        + page.full_url
    )
    assert expected in body


def test_list_export_query_count_does_not_grow_with_the_list(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from research.models import PublicationPage

    before = PublicationPage.objects.live().count()  # the module's shared study, once another test built it
    for n in range(2):
        publication(title=f"Note {n}", primary_file=pdf_document())
    client.get("/citations/publications.ris")
    with CaptureQueriesContext(connection) as few:
        client.get("/citations/publications.ris")
    for n in range(2, 5):
        publication(title=f"Note {n}", primary_file=pdf_document())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/citations/publications.ris")
    assert len(rispy.loads(response.content.decode())) == before + 5
