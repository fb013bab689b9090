"""Research projects and publications -> records: pages with their people, organisations and files' text."""

from ..analysis import UNKNOWN
from ..language import SUPPORTED
from .cms_pages import carried_file, file_key
from .pages import carries_file, record_fields

carries_file("research.PublicationPage", "primary_file")


@record_fields("research.ResearchProjectPage")
def project_fields(page):
    organisations = [o.slug for o in [page.lead_organisation, *page.partner_organisations.all()] if o]
    return {
        "kind": "project",
        "summary": page.summary,
        "countries": tuple(c.code for c in page.countries.all()),
        "themes": tuple(t.slug for t in page.themes.all()),
        "organisations": tuple(dict.fromkeys(organisations)),
        "authors": tuple(member.name for member in page.team.all()),
        "date": page.start_date or (page.first_published_at.date() if page.first_published_at else None),
    }


@record_fields("research.PublicationPage")
def publication_fields(page):
    """A publication's authors, organisations and its main file's text (the file's one search result while the
    publication is live); a language search has no analyzer for is left neutral."""
    authors = list(page.authors.select_related("affiliation"))
    organisations = [a.affiliation.slug for a in authors if a.affiliation_id]
    project = page.project if page.project_id else None
    if project is not None:
        if project.lead_organisation_id:
            organisations.append(project.lead_organisation.slug)
        organisations.extend(o.slug for o in project.partner_organisations.all())
    body_parts = [page.abstract, " ".join(tag.name for tag in page.keywords.all())]
    document = carried_file(page.primary_file)
    if document is not None and document.extracted_text:
        body_parts.append(document.extracted_text)
    return {
        "kind": "publication",
        "summary": page.abstract[:600],
        "body": "\n".join(part for part in body_parts if part),
        "language": page.language_code if page.language_code in SUPPORTED else UNKNOWN,
        "authors": tuple(a.name for a in authors),
        "organisations": tuple(dict.fromkeys(organisations)),
        "countries": tuple(c.code for c in page.countries.all()),
        "themes": tuple(t.slug for t in page.themes.all()),
        "date": page.publication_date,
        "file": file_key(document),
        "extra": {"publication_type": page.publication_type, "doi": page.doi},
    }
