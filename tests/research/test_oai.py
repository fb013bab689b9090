"""OAI-PMH 2.0: a real harvester (Sickle) over HTTP, and each protocol error answered as the spec says."""

import datetime
import re

import pytest
from lxml import etree
from sickle import Sickle
from wagtail.models import PageViewRestriction

from research.models import DeletedPublication, PublicationPage
from tests.factories import ThemeFactory
from tests.factories.research import pdf_document, publication, research_index

pytestmark = pytest.mark.both_databases

OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
DATESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def identifier(page):
    return f"oai:kms.example.org:publication/{page.pk}"


def oai(client, **params):
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return check_envelope(response.content)


def check_envelope(content):
    """What every OAI-PMH response must be: namespaced root, responseDate, request, then one payload."""
    root = etree.fromstring(content)
    assert root.tag == f"{OAI}OAI-PMH"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == (
        "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
    )
    children = list(root)
    assert [child.tag for child in children[:2]] == [f"{OAI}responseDate", f"{OAI}request"]
    assert DATESTAMP.match(children[0].text)
    assert children[1].text.endswith("/oai")
    payload = children[2:]
    assert payload and (all(c.tag == f"{OAI}error" for c in payload) or len(payload) == 1)
    return root


def error_codes(root):
    return [error.get("code") for error in root.findall(f"{OAI}error")]


@pytest.mark.django_db(transaction=True)
def test_sickle_harvests_the_whole_repository_through_resumption_tokens(live_server, settings):
    settings.RESEARCH_OAI_PAGE_SIZE = 2
    theme = ThemeFactory(slug="sauvetage-oai")
    published = [
        publication(
            title=f"Étude {n} — دراسة {n}",
            themes=[theme] if n % 2 else [],
            primary_file=pdf_document() if n == 0 else None,
        )
        for n in range(5)
    ]
    gone = publication(title="Retirée")
    gone.unpublish()
    publication(title="Brouillon jamais publié", publish=False)

    harvester = Sickle(f"{live_server.url}/oai")
    identify = harvester.Identify()
    assert identify.deletedRecord == "persistent"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.protocolVersion == "2.0"

    records = list(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    # 5 live and 1 withdrawn, in pages of 2: the harvester followed two resumption tokens.
    assert len(records) == 6
    by_id = {record.header.identifier: record for record in records}
    assert set(by_id) == {identifier(p) for p in [*published, gone]}
    assert by_id[identifier(gone)].header.deleted
    first = by_id[identifier(published[0])]
    assert not first.header.deleted
    assert first.metadata["title"] == [published[0].title]
    assert first.metadata["creator"] == [
        "Benoît-Lefèvre, Aïcha",
        "العبيدي, محمد",
        "Réseau Méditerranéen des Chercheurs",
    ]
    assert first.metadata["rights"] == ["https://spdx.org/licenses/CC-BY-4.0.html", "CC-BY-4.0"]
    assert first.metadata["format"] == ["application/pdf"]
    assert all(DATESTAMP.match(record.header.datestamp) for record in records)

    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="theme:sauvetage-oai"))
    assert {h.identifier for h in headers} == {identifier(p) for p in published[1::2]}

    sets = {s.setSpec for s in harvester.ListSets()}
    assert "theme:sauvetage-oai" in sets and "country:eg" in sets

    record = harvester.GetRecord(identifier=identifier(published[3]), metadataPrefix="oai_dc")
    assert record.metadata["title"] == [published[3].title]
    formats = [f.metadataPrefix for f in harvester.ListMetadataFormats()]
    assert formats == ["oai_dc"]


@pytest.mark.django_db
def test_resumption_tokens_carry_cursor_and_complete_list_size(client, settings):
    settings.RESEARCH_OAI_PAGE_SIZE = 2
    for n in range(3):
        publication(title=f"Rapport {n}")
    first = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.find(f"{OAI}ListIdentifiers/{OAI}resumptionToken")
    assert (token.get("cursor"), token.get("completeListSize")) == ("0", "3")
    assert len(first.findall(f"{OAI}ListIdentifiers/{OAI}header")) == 2
    last = oai(client, verb="ListIdentifiers", resumptionToken=token.text)
    final = last.find(f"{OAI}ListIdentifiers/{OAI}resumptionToken")
    # The last page ends with an empty token, as the protocol asks.
    assert (final.text, final.get("cursor"), final.get("completeListSize")) == (None, "2", "3")
    assert len(last.findall(f"{OAI}ListIdentifiers/{OAI}header")) == 1


@pytest.mark.django_db
def test_from_and_until_select_by_datestamp(client):
    old, new = publication(title="Ancienne"), publication(title="Nouvelle")
    PublicationPage.objects.filter(pk=old.pk).update(
        last_published_at=datetime.datetime(2024, 1, 10, 8, 0, tzinfo=datetime.UTC)
    )
    PublicationPage.objects.filter(pk=new.pk).update(
        last_published_at=datetime.datetime(2025, 5, 2, 12, 30, 5, tzinfo=datetime.UTC)
    )

    def ids(**params):
        root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
        return [node.text for node in root.iter(f"{OAI}identifier")]

    assert ids(**{"from": "2025-01-01"}) == [identifier(new)]
    assert ids(until="2024-01-10") == [identifier(old)]  # day granularity covers the whole day
    assert ids(**{"from": "2024-01-10T08:00:00Z", "until": "2025-05-02T12:30:05Z"}) == [
        identifier(old),
        identifier(new),
    ]
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2025-05-02T12:30:04Z")
    assert [n.text for n in root.iter(f"{OAI}datestamp")] == ["2024-01-10T08:00:00Z"]


@pytest.mark.django_db
def test_unpublished_deleted_and_restricted_publications_become_deleted_records(client):
    theme = ThemeFactory(slug="retour-oai")
    unpublished, deleted, restricted = (
        publication(title=t, themes=[theme]) for t in ("Dépubliée", "Supprimée", "Réservée")
    )
    unpublished.unpublish()
    deleted.delete()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert set(DeletedPublication.objects.values_list("page_id", flat=True)) == {
        unpublished.pk,
        deleted.pk,
        restricted.pk,
    }
    assert DeletedPublication.objects.get(page_id=deleted.pk).set_specs == ["theme:retour-oai"]

    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="theme:retour-oai")
    headers = root.findall(f"{OAI}ListIdentifiers/{OAI}header")
    assert len(headers) == 3 and all(h.get("status") == "deleted" for h in headers)
    record = oai(client, verb="GetRecord", identifier=identifier(deleted), metadataPrefix="oai_dc")
    assert record.find(f"{OAI}GetRecord/{OAI}record/{OAI}header").get("status") == "deleted"
    assert record.find(f"{OAI}GetRecord/{OAI}record/{OAI}metadata") is None

    # Published again: a live record once more.
    unpublished.save_revision().publish()
    assert not DeletedPublication.objects.filter(page_id=unpublished.pk).exists()
    record = oai(client, verb="GetRecord", identifier=identifier(unpublished), metadataPrefix="oai_dc")
    assert record.find(f"{OAI}GetRecord/{OAI}record/{OAI}header").get("status") is None


@pytest.mark.django_db
def test_repeated_argument_is_bad_and_post_is_accepted(client):
    publication()
    response = client.get("/oai?verb=Identify&verb=Identify")
    assert error_codes(check_envelope(response.content)) == ["badArgument"]
    response = client.post("/oai", {"verb": "ListMetadataFormats"})
    root = check_envelope(response.content)
    assert root.find(f"{OAI}ListMetadataFormats/{OAI}metadataFormat/{OAI}metadataPrefix").text == "oai_dc"


@pytest.mark.django_db
def test_a_token_from_another_verb_is_refused(client, settings):
    settings.RESEARCH_OAI_PAGE_SIZE = 1
    publication(), publication()
    token = (
        oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        .find(f"{OAI}ListIdentifiers/{OAI}resumptionToken")
        .text
    )
    assert error_codes(oai(client, verb="ListRecords", resumptionToken=token)) == ["badResumptionToken"]


@pytest.mark.django_db
def test_identify_reports_earliest_datestamp_in_utc(client):
    page = publication()
    root = oai(client, verb="Identify")
    earliest = root.find(f"{OAI}Identify/{OAI}earliestDatestamp").text
    assert earliest == page.last_published_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert root.find(f"{OAI}Identify/{OAI}baseURL").text == "http://testserver/oai"


@pytest.mark.django_db
def test_dublin_core_record_carries_identifiers_language_and_coverage(client):
    from kms.taxonomy.models import Country

    page = publication(doi="10.1234/abc.def", countries=[Country.objects.get(code="TN")], language="fr")
    root = oai(client, verb="GetRecord", identifier=identifier(page), metadataPrefix="oai_dc")
    dc = root.find(f"{OAI}GetRecord/{OAI}record/{OAI}metadata/{{http://www.openarchives.org/OAI/2.0/oai_dc/}}dc")
    values = {}
    for node in dc:
        values.setdefault(node.tag.replace(DC, ""), []).append(node.text)
    assert values["identifier"] == [page.full_url, "https://doi.org/10.1234/abc.def"]
    assert values["language"] == ["fr"]
    assert values["coverage"] == ["Tunisia"]
    assert values["date"] == ["2025-06-15"]
    header = root.find(f"{OAI}GetRecord/{OAI}record/{OAI}header")
    assert [s.text for s in header.findall(f"{OAI}setSpec")] == ["country:tn"]


@pytest.mark.django_db
def test_list_records_query_count_does_not_grow_with_the_page(client, settings, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.RESEARCH_OAI_PAGE_SIZE = 50
    for n in range(2):
        publication(title=f"Rapport {n}", primary_file=pdf_document())
    oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    with CaptureQueriesContext(connection) as few:
        oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    for n in range(2, 8):
        publication(title=f"Rapport {n}", primary_file=pdf_document())
    with django_assert_max_num_queries(len(few.captured_queries)):
        root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(root.findall(f"{OAI}ListRecords/{OAI}record")) == 8


@pytest.mark.django_db
def test_deleting_the_whole_section_leaves_deleted_records(client):
    index = research_index()
    pages = [publication(index, title=f"Étude {n}") for n in range(2)]
    draft = publication(index, title="Jamais publiée", publish=False)
    index.delete()
    assert set(DeletedPublication.objects.values_list("page_id", flat=True)) == {p.pk for p in pages}
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert {h.findtext(f"{OAI}identifier") for h in root.iter(f"{OAI}header")} == {identifier(p) for p in pages}
    assert draft.pk not in DeletedPublication.objects.values_list("page_id", flat=True)
