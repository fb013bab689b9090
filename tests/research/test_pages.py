"""Publication, project and section pages render their metadata, versions and language versions."""

import datetime
import json

import pytest
from lxml import html
from wagtail.models import Locale

from research.models import ProjectTeamMember
from tests.factories import OrganisationFactory
from tests.factories.research import pdf_document, project, publication, research_index

pytestmark = pytest.mark.django_db


def by_class(tree, name, within=""):
    return tree.xpath(f"{within}//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def test_publication_page_shows_authors_citation_json_ld_and_highwire(client):
    document = pdf_document()
    page = publication(primary_file=document, doi="https://doi.org/10.5281/zenodo.1234567", keywords=None)
    response = client.get(page.url)
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    authors = [node.text_content() for node in by_class(tree, "author-name")]
    assert authors == ["Aïcha Benoît-Lefèvre", "محمد العبيدي", "Réseau Méditerranéen des Chercheurs"]
    cite = by_class(tree, "citation")[0].text_content()
    assert cite.startswith("Benoît-Lefèvre, A., العبيدي, م., & Réseau Méditerranéen des Chercheurs. (2025).")
    assert "https://doi.org/10.5281/zenodo.1234567" in cite
    meta = {}
    for node in tree.xpath("//meta[starts-with(@name, 'citation_')]"):
        meta.setdefault(node.get("name"), []).append(node.get("content"))
    assert meta["citation_author"] == ["Benoît-Lefèvre, Aïcha", "العبيدي, محمد", "Réseau Méditerranéen des Chercheurs"]
    assert meta["citation_doi"] == ["10.5281/zenodo.1234567"]
    assert meta["citation_publication_date"] == ["2025/06/15"]
    assert meta["citation_pdf_url"][0].endswith(document.url)
    assert meta["citation_author_orcid"] == ["https://orcid.org/0000-0002-1825-0097"]
    data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "ScholarlyArticle"
    assert [a.get("familyName", a["name"]) for a in data["author"]] == [
        "Benoît-Lefèvre",
        "العبيدي",
        "Réseau Méditerranéen des Chercheurs",
    ]
    assert data["identifier"]["value"] == "10.5281/zenodo.1234567"
    assert data["license"] == "https://spdx.org/licenses/CC-BY-4.0.html"


def test_dataset_is_described_as_a_schema_org_dataset(client):
    page = publication(publication_type="dataset", primary_file=pdf_document())
    tree = html.fromstring(client.get(page.url).content)
    data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "Dataset"
    assert data["distribution"][0]["@type"] == "DataDownload"


def test_each_version_has_its_own_citable_url_and_latest_is_default(client):
    old_file, new_file = pdf_document(title="Version un"), pdf_document(title="Version deux")
    page = publication(
        primary_file=new_file,
        versions=[
            {"number": 1, "date": datetime.date(2024, 11, 2), "change_note": "Première édition.", "document": old_file},
            {"number": 2, "date": datetime.date(2025, 6, 15), "change_note": "Chiffres de 2025 ajoutés."},
        ],
    )
    latest = html.fromstring(client.get(page.url).content)
    assert "Version 2" in by_class(latest, "kicker")[0].text_content()
    assert latest.xpath("//a[@download]/@href") == [new_file.url]

    response = client.get(page.url + "v/1/")
    assert response.status_code == 200
    first = html.fromstring(response.content)
    assert first.xpath("//a[@download]/@href") == [old_file.url]
    cite = by_class(first, "citation")[0].text_content()
    # A cited old version points at its own URL and year, not the latest one.
    assert "(2024)" in cite and "(Version 1)" in cite
    assert first.xpath("//meta[@name='citation_abstract_html_url']/@content")[0].endswith(page.url + "v/1/")
    assert client.get(page.url + "v/9/").status_code == 404


def test_language_versions_link_to_each_other(client):
    english = publication(title="Journeys through Libya")
    french = english.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True).specific
    french.title = "Parcours à travers la Libye"
    french.save_revision().publish()
    tree = html.fromstring(client.get(english.url).content)
    links = tree.xpath("//section[h2[@id='translations-heading']]//a")
    assert [(link.get("hreflang"), link.get("href")) for link in links] == [("fr", french.url)]


def test_project_page_lists_its_public_publications_and_team(client):
    lead = OrganisationFactory()
    proj = project(lead_organisation=lead)
    proj.team.add(ProjectTeamMember(name="Léa Marchetti", role="chercheuse principale"))
    proj.save_revision().publish()
    mine = publication(project=proj, title="Retour à Kassala")
    publication(title="Sans projet")
    draft = publication(project=proj, title="Brouillon", publish=False)
    tree = html.fromstring(client.get(proj.url).content)
    titles = [
        a.text_content()
        for a in by_class(tree, "hit-title", within="//section[@aria-labelledby='publications-heading']")
    ]
    assert titles == [mine.title]
    assert draft.title not in titles
    assert "Léa Marchetti" in tree.text_content()
    assert lead.name in tree.text_content()


def test_section_lists_projects_and_publications(client):
    index = research_index()
    project(index, title="Protection en mer")
    publication(index, title="Note de politique")
    tree = html.fromstring(client.get(index.url).content)
    assert "Protection en mer" in tree.text_content()
    assert "Note de politique" in tree.text_content()


def test_project_page_lists_public_communities_and_the_lessons_citing_it(client):
    from communities.models import Community
    from tests.factories.communities import CommunityFactory, PublishedLessonFactory

    proj = project()
    public, private = CommunityFactory(), CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    proj.related_communities = [public, private]
    proj.save_revision().publish()
    citing = PublishedLessonFactory(community=public, title="Groupes de parole à Médenine")
    citing.related_pages.add(proj)
    hidden = PublishedLessonFactory(community=private, title="Leçon réservée aux membres")
    hidden.related_pages.add(proj)
    PublishedLessonFactory(community=public, title="Leçon sans lien")

    text = html.fromstring(client.get(proj.url).content).text_content()
    assert public.name in text and private.name not in text
    assert "Groupes de parole à Médenine" in text
    assert "Leçon réservée aux membres" not in text and "Leçon sans lien" not in text


def test_section_feed_lists_newest_public_publications_of_its_language(client):
    import feedparser

    index = research_index()
    older = publication(index, title="Ancienne étude", publication_date=datetime.date(2023, 1, 1))
    newer = publication(index, title="Nouvelle étude — دراسة جديدة", primary_file=pdf_document())
    publication(index, title="Brouillon", publish=False)
    french = research_index("fr")
    publication(french, title="Étude en français", locale=french.locale)
    response = client.get(index.url + "feed/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert [entry.title for entry in feed.entries] == [newer.title, older.title]
    assert feed.entries[0].author == "Aïcha Benoît-Lefèvre, محمد العبيدي, Réseau Méditerranéen des Chercheurs"
    assert feed.entries[0].enclosures[0].href.endswith(newer.primary_file.url)
    assert feed.entries[0].enclosures[0].type == "application/pdf"


def test_sitemap_lists_every_version_of_a_publication(rf):
    page = publication(
        versions=[
            {"number": 1, "date": datetime.date(2024, 1, 2), "change_note": "Première version."},
            {"number": 2, "date": datetime.date(2025, 2, 3), "change_note": "Deuxième version."},
        ]
    )
    locations = [url["location"] for url in page.get_sitemap_urls(rf.get("/"))]
    assert locations == [page.full_url, page.full_url + "v/2/", page.full_url + "v/1/"]


def test_arabic_publication_page_is_right_to_left_and_translated(client):
    arabic_index = research_index("ar")
    page = publication(arabic_index, title="العمل الموسمي في ليبيا", locale=arabic_index.locale, language="ar")
    tree = html.fromstring(client.get(page.url).content)
    assert tree.get("dir") == "rtl" and tree.get("lang") == "ar"
    assert tree.xpath("//h2[@id='cite-heading']")[0].text_content() == "طريقة الاستشهاد"
    # The APA reference stays in its own left-to-right, English block inside the Arabic page.
    cite = by_class(tree, "citation")[0]
    assert (cite.get("dir"), cite.get("lang")) == ("ltr", "en")


def test_annexes_and_handle_are_offered_when_there_is_no_doi(client):
    from research.models import PublicationAnnex

    page = publication(
        handle="https://hdl.handle.net/20.500.12345/678", primary_file=pdf_document(title="Rapport principal")
    )
    page.annexes.add(PublicationAnnex(document=pdf_document(title="Questionnaire — استبيان"), label=""))
    page.save_revision().publish()
    tree = html.fromstring(client.get(page.url).content)
    links = {a.text_content(): a.get("href") for a in tree.xpath("//ul[@class='files']//a")}
    assert "Annex: Questionnaire — استبيان" in links
    assert tree.xpath("//a[@href='https://hdl.handle.net/20.500.12345/678']")
    assert "https://hdl.handle.net/20.500.12345/678" in by_class(tree, "citation")[0].text_content()


def test_section_in_another_language_shows_projects_translated_or_in_their_own_language(client):
    english_index, french_index = research_index(), research_index("fr")
    translated = project(english_index, title="Protection en mer", slug="protection-mer")
    project(english_index, title="Labour routes", slug="labour-routes", start_date=datetime.date(2023, 1, 1))
    french = translated.copy_for_translation(french_index.locale).specific
    french.title = "Protection en mer (version française)"
    french.save_revision().publish()
    tree = html.fromstring(client.get(french_index.url).content)
    items = tree.xpath("//section[@aria-labelledby='projects-heading']//li")
    assert [(li.get("lang"), li.xpath(".//a")[0].text_content()) for li in items] == [
        ("fr", "Protection en mer (version française)"),
        ("en", "Labour routes"),
    ]
