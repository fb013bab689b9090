"""What a publication contributes to search beyond a plain page: authors, organisations, its file's text."""

from django.conf import settings

SEARCH_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def publication_record_fields(page):
    """Record fields for `search_record_fields`; a language search has no analyzer for is left neutral."""
    authors = list(page.authors.select_related("affiliation"))
    organisations = [a.affiliation.slug for a in authors if a.affiliation_id]
    project = page.project if page.project_id else None
    if project is not None:
        if project.lead_organisation_id:
            organisations.append(project.lead_organisation.slug)
        organisations.extend(o.slug for o in project.partner_organisations.all())
    body_parts = [page.abstract, " ".join(tag.name for tag in page.keywords.all())]
    document = page.primary_file
    if document is not None and document.extracted_text:
        body_parts.append(document.extracted_text)
    return {
        "kind": "publication",
        "summary": page.abstract[:600],
        "body": "\n".join(part for part in body_parts if part),
        "language": page.language_code if page.language_code in SEARCH_LANGUAGES else "",
        "authors": tuple(a.name for a in authors),
        "organisations": tuple(dict.fromkeys(organisations)),
        "countries": tuple(c.code for c in page.countries.all()),
        "themes": tuple(t.slug for t in page.themes.all()),
        "date": page.publication_date,
        "extra": {"publication_type": page.publication_type, "doi": page.doi},
    }
