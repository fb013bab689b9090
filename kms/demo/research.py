"""The research demo: the research section in four languages, joint projects, and publications with PDFs.

A second run updates the same pages and reuses the PDFs already generated.
"""

from django.core.files.base import ContentFile
from django.utils.text import slugify

from cms_pages.models import HomePage, LibraryDocument
from kms.taxonomy.models import Country, Organisation, Theme
from research.models import (
    ProjectTeamMember,
    PublicationAuthor,
    PublicationPage,
    PublicationVersion,
    ResearchIndexPage,
    ResearchProjectPage,
)
from research.workflow import setup_research_section
from search.extraction import extract

from .loader import LANGUAGES, publish, read, translation_of
from .pdf import build_pdf


def load(out):
    """Create or refresh the research section, projects and publications; return nothing to print."""
    data = read("research")
    indexes = _sections(data["section"]["words"])
    out.write("  research: section in en, fr, ar, nl")
    projects = {item["key"]: _project(indexes["en"], item) for item in data["projects"]}
    out.write(f"  research: {len(projects)} projects")
    for item in data["publications"]:
        _publication(indexes, item, projects[item["project"]])
    count = sum(len(item["words"]) for item in data["publications"])
    out.write(f"  research: {count} publication pages ({len(data['publications'])} publications)")
    return []


def _sections(words):
    home = HomePage.objects.get(locale__language_code="en", depth=2)
    index = ResearchIndexPage.objects.filter(locale=home.locale).first() or ResearchIndexPage(locale=home.locale)
    indexes = {"en": publish(index, home, show_in_menus=True, **words["en"])}
    for code in LANGUAGES[1:]:
        indexes[code] = publish(*translation_of(indexes["en"], code), show_in_menus=True, **words[code])
    for page in indexes.values():
        setup_research_section(page)
    return indexes


def _organisations(slugs):
    by_slug = Organisation.objects.in_bulk(slugs, field_name="slug")
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def _project(index, item):
    page = ResearchProjectPage.objects.filter(slug=item["key"], locale=index.locale).first()
    organisations = Organisation.objects.in_bulk([member["organisation"] for member in item["team"]], field_name="slug")
    return publish(
        page or ResearchProjectPage(slug=item["key"], locale=index.locale),
        index,
        **item["words"]["en"],
        status=item["status"],
        start_date=item["start"],
        end_date=item["end"],
        lead_organisation=Organisation.objects.filter(slug=item["lead"]).first(),
        partner_organisations=_organisations(item["partners"]),
        funders=_organisations(item["funders"]),
        countries=list(Country.objects.filter(code__in=item["countries"])),
        themes=list(Theme.objects.filter(slug__in=item["themes"])),
        team=[
            ProjectTeamMember(
                name=f"{member['given']} {member['family']}",
                role=member["role"],
                affiliation=organisations.get(member["organisation"]),
                sort_order=number,
            )
            for number, member in enumerate(item["team"])
        ],
    )


def _pdf(title, paragraphs, language, author, subtitle=""):
    """A generated PDF, made once: a later run reuses the document with the same title."""
    document = LibraryDocument.objects.filter(title=title).first()
    if document is not None:
        return document
    data = build_pdf(title, paragraphs, language, subtitle=subtitle, author=author)
    # Read the text now: `make run` builds the search index before the worker gets to the queue.
    text = extract(data, "publication.pdf")
    document = LibraryDocument(
        title=title,
        kind=LibraryDocument.Kind.STUDY,
        extraction_status=text.status,
        extraction_message=str(text.message)[:300],
        extracted_text=text.text,
        page_count=text.pages,
        language=language,
        language_source=LibraryDocument.LanguageSource.METADATA,
    )
    document.file.save(f"{slugify(title, allow_unicode=True)[:60] or 'publication'}.pdf", ContentFile(data), save=False)
    document.save()
    return document


def _publication(indexes, item, project):
    """The publication's page in its own language, then its other language versions."""
    original = item["language"]
    locale = indexes[original].locale
    page = PublicationPage.objects.filter(slug=item["key"], locale=locale).first()
    page = publish(
        page or PublicationPage(slug=item["key"], locale=locale),
        indexes[original],
        **_publication_fields(item, original, project),
    )
    for code in item["words"]:
        if code != original:
            publish(*translation_of(page, code), **_publication_fields(item, code, project))


def _publication_fields(item, code, project):
    """A publication page's fields in language `code`: its words, and what every language version shares."""
    words = item["words"][code]
    organisations = Organisation.objects.in_bulk(
        [author["organisation"] for author in item["authors"]], field_name="slug"
    )
    authors = [
        PublicationAuthor(
            given_names=author.get("given", ""),
            family_name=author["family"],
            orcid=author.get("orcid", ""),
            affiliation=organisations.get(author["organisation"]),
            sort_order=number,
        )
        for number, author in enumerate(item["authors"])
    ]
    author_line = ", ".join(author.name for author in authors)
    versions = words.get("versions", [])
    return dict(
        title=words["title"],
        abstract=words["abstract"],
        slug=words.get("slug", item["key"]),
        language=code,
        licence=item["licence"],
        doi=item.get("doi", ""),
        publication_type=item["type"],
        publication_date=item["date"],
        project=project,
        authors=authors,
        m2m={"keywords": words["keywords"]},
        countries=list(Country.objects.filter(code__in=item["countries"])),
        themes=list(Theme.objects.filter(slug__in=item["themes"])),
        primary_file=_pdf(words["title"], [words["abstract"], *words["more"]], code, author_line),
        versions=[
            PublicationVersion(
                number=version["number"],
                date=version["date"],
                change_note=version["note"],
                sort_order=version["number"],
                # Earlier versions keep their own file; the latest is the primary file.
                document=None
                if version is versions[-1]
                else _pdf(
                    f"{words['title']} (version {version['number']})",
                    [words["abstract"]],
                    code,
                    author_line,
                    subtitle=f"Version {version['number']}",
                ),
            )
            for version in versions
        ],
    )
