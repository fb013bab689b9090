"""The research demo: section in four languages, 3 projects, 8 publications with PDFs."""

import pytest
from lxml import etree

from research.models import PublicationPage, ResearchIndexPage, ResearchProjectPage
from search import sources
from search.extraction import extract
from tests.services import snapshots


@pytest.mark.django_db(transaction=True)  # the worker's image of the whole demo (tests/services/snapshots.py)
def test_demo_research_content(client):
    snapshots.load_demo()
    assert sorted(ResearchIndexPage.objects.live().values_list("locale__language_code", flat=True)) == [
        "ar",
        "en",
        "fr",
        "nl",
    ]
    assert ResearchProjectPage.objects.live().count() == 3
    publications = PublicationPage.objects.live()
    # Eight publications; one of them also has a French language version.
    assert publications.count() == 9
    assert len({p.translation_key for p in publications}) == 8
    assert set(publications.values_list("language", flat=True)) == {"en", "fr", "ar", "nl"}
    versioned = [p for p in publications if p.versions.count() == 2]
    assert len(versioned) == 1
    translated = [p for p in publications if p.get_translations().live().exists()]
    assert {p.locale.language_code for p in translated} == {"en", "fr"}

    # The PDFs' text is read at load time, so the first index build already finds their words.
    assert all(p.primary_file.extraction_status == "ok" for p in publications)
    record = sources.record_for(f"page:{publications.get(language='ar').pk}")
    assert "توصي" in record.body and "توصي" not in publications.get(language="ar").abstract
    arabic = publications.get(language="ar")
    with arabic.primary_file.open_file() as handle:
        assert "الموسمي" in extract(handle, "paper.pdf").text
    for page in publications:
        assert client.get(page.url).status_code == 200
    assert client.get(versioned[0].url + "v/1/").status_code == 200

    root = etree.fromstring(client.get("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}).content)
    assert len(root.findall(".//{http://www.openarchives.org/OAI/2.0/}header")) == 9
