"""How a publication is cited: APA text, BibTeX, RIS and CSL-JSON exports, JSON-LD and Highwire tags.

Every format is written from one plain description of the publication
(`describe`), so a list export and a page agree on every field.
"""

import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from kms import public_url

BIBTEX_TYPES = {
    "report": "techreport",
    "study": "techreport",
    "policy_brief": "techreport",
    "working_paper": "techreport",
    "dataset": "misc",
    "article": "article",
}
BIBTEX_LABELS = {
    "report": "Report",
    "study": "Study",
    "policy_brief": "Policy brief",
    "working_paper": "Working paper",
    "dataset": "Dataset",
    "article": "Article",
}
RIS_TYPES = {
    "report": "RPRT",
    "study": "RPRT",
    "policy_brief": "RPRT",
    "working_paper": "RPRT",
    "dataset": "DATA",
    "article": "JOUR",
}
CSL_TYPES = {
    "report": "report",
    "study": "report",
    "policy_brief": "report",
    "working_paper": "report",
    "dataset": "dataset",
    "article": "article",
}

CONTENT_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}


@dataclass
class Author:
    given: str
    family: str
    orcid: str = ""
    affiliation: str = ""

    @property
    def is_organisation(self):
        return not self.given

    @property
    def name(self):
        return " ".join(part for part in (self.given, self.family) if part)


@dataclass
class Work:
    """The facts every citation format needs about one publication (or one version of it)."""

    key: str
    kind: str
    title: str
    authors: list
    date: object
    abstract: str
    url: str
    language: str
    publisher: str
    licence: str
    doi: str = ""
    handle: str = ""
    pdf_url: str = ""
    version: int | None = None
    keywords: list = field(default_factory=list)


def describe(page, version=None, request=None, version_url=False):
    """The Work for a publication page, its latest version unless `version` is given."""
    url = page.get_full_url(request)
    if version is not None and version_url:
        url = page.full_version_url(version, request)
    document = version.file_for(page) if version is not None else page.primary_file
    pdf_url = ""
    if document is not None:
        pdf_url = public_url.absolute(document.url)
    authors = [
        Author(given=a.given_names, family=a.family_name, orcid=a.orcid, affiliation=a.affiliation_label)
        for a in page.authors.all()
    ]
    first = authors[0].family if authors else ""
    date = version.date if version is not None else page.publication_date
    return Work(
        key=f"{slugify(first) or 'kms'}{date.year}-{page.pk}"
        + (f"-v{version.number}" if version_url and version else ""),
        kind=page.publication_type,
        title=page.title,
        authors=authors,
        date=date,
        abstract=page.abstract,
        url=url,
        language=page.language_code,
        publisher=page.publisher or settings.WAGTAIL_SITE_NAME,
        licence=page.licence,
        doi=page.doi,
        handle=page.handle,
        pdf_url=pdf_url,
        version=version.number if version is not None else None,
        keywords=[tag.name for tag in page.keywords.all()],
    )


# --- APA -------------------------------------------------------------------------------------


def _initials(given):
    parts = []
    for word in given.split():
        pieces = [piece for piece in word.split("-") if piece]
        parts.append("-".join(f"{piece[0]}." for piece in pieces))
    return " ".join(parts)


def _apa_author(author):
    if author.is_organisation:
        return author.family
    return f"{author.family}, {_initials(author.given)}"


def apa(work):
    """The APA (7th edition) reference, as plain text."""
    names = [_apa_author(a) for a in work.authors]
    if len(names) > 20:
        names = names[:19] + ["… " + names[-1]]
        authors = ", ".join(names)
    elif len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = "".join(names)
    details = []
    if work.version:
        details.append(f"(Version {work.version})")
    details.append(f"[{BIBTEX_LABELS.get(work.kind, 'Report')}]")
    title = work.title.rstrip(".")
    link = (
        f"https://doi.org/{work.doi}"
        if work.doi
        else (f"https://hdl.handle.net/{work.handle}" if work.handle else work.url)
    )
    author_part = authors if authors.endswith(".") else f"{authors}."
    return f"{author_part} ({work.date.year}). {title} {' '.join(details)}. {work.publisher}. {link}"


# --- BibTeX ----------------------------------------------------------------------------------


def _bib_value(value):
    value = re.sub(r"\s+", " ", str(value)).strip()
    if value.count("{") != value.count("}"):
        value = value.replace("{", "(").replace("}", ")")
    return "{" + value + "}"


def _bib_name(author):
    if author.is_organisation:
        return "{" + author.family + "}"
    return f"{author.family}, {author.given}"


def bibtex_entry(work):
    fields = [
        ("author", " and ".join(_bib_name(a) for a in work.authors)),
        ("title", work.title),
        ("year", str(work.date.year)),
        ("month", work.date.strftime("%b").lower()),
        ("date", work.date.isoformat()),
        ("institution" if BIBTEX_TYPES[work.kind] == "techreport" else "publisher", work.publisher),
        ("type", BIBTEX_LABELS[work.kind]),
        ("doi", work.doi),
        ("url", work.url),
        ("abstract", work.abstract),
        ("keywords", ", ".join(work.keywords)),
        ("language", work.language),
        ("version", str(work.version) if work.version else ""),
        ("copyright", work.licence),
    ]
    if BIBTEX_TYPES[work.kind] == "article":
        fields.append(("journal", work.publisher))
    body = ",\n".join(f"  {name} = {_bib_value(value)}" for name, value in fields if value)
    return f"@{BIBTEX_TYPES[work.kind]}{{{work.key},\n{body}\n}}\n"


def bibtex(works):
    return "\n".join(bibtex_entry(work) for work in works)


# --- RIS -------------------------------------------------------------------------------------


def _ris_line(tag, value):
    value = re.sub(r"\s+", " ", str(value)).strip()
    return f"{tag}  - {value}" if value else None


def ris_entry(work):
    lines = [_ris_line("TY", RIS_TYPES[work.kind])]
    for author in work.authors:
        lines.append(_ris_line("AU", author.family if author.is_organisation else f"{author.family}, {author.given}"))
    lines += [
        _ris_line("TI", work.title),
        _ris_line("PY", work.date.year),
        _ris_line("DA", work.date.strftime("%Y/%m/%d")),
        _ris_line("AB", work.abstract),
        _ris_line("PB", work.publisher),
        _ris_line("M3", BIBTEX_LABELS[work.kind]),
        _ris_line("DO", work.doi),
        _ris_line("UR", work.url),
        _ris_line("L1", work.pdf_url),
        _ris_line("LA", work.language),
        _ris_line("ET", f"Version {work.version}" if work.version else ""),
        _ris_line("C1", work.licence),
    ]
    lines += [_ris_line("KW", keyword) for keyword in work.keywords]
    lines.append("ER  - ")
    return "\n".join(line for line in lines if line) + "\n"


def ris(works):
    return "\n".join(ris_entry(work) for work in works)


# --- CSL-JSON --------------------------------------------------------------------------------


def csl_item(work):
    item = {
        "id": work.key,
        "type": CSL_TYPES[work.kind],
        "genre": BIBTEX_LABELS[work.kind],
        "title": work.title,
        "author": [
            {"literal": a.family} if a.is_organisation else {"family": a.family, "given": a.given} for a in work.authors
        ],
        "issued": {"date-parts": [[work.date.year, work.date.month, work.date.day]]},
        "abstract": work.abstract,
        "publisher": work.publisher,
        "URL": work.url,
        "language": work.language,
        "license": work.licence,
    }
    if work.doi:
        item["DOI"] = work.doi
    if work.version:
        item["version"] = str(work.version)
    if work.keywords:
        item["keyword"] = ", ".join(work.keywords)
    return item


def csl_json(works):
    return json.dumps([csl_item(work) for work in works], ensure_ascii=False, indent=2)


FORMATS = {"bib": bibtex, "ris": ris, "json": csl_json}


# --- On the page: JSON-LD and Highwire tags ---------------------------------------------------


def json_ld(work, page):
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset" if work.kind == "dataset" else "ScholarlyArticle",
        "name": work.title,
        "author": [
            {"@type": "Organization", "name": a.family}
            if a.is_organisation
            else {
                "@type": "Person",
                "name": a.name,
                "givenName": a.given,
                "familyName": a.family,
                **({"sameAs": f"https://orcid.org/{a.orcid}"} if a.orcid else {}),
                **({"affiliation": {"@type": "Organization", "name": a.affiliation}} if a.affiliation else {}),
            }
            for a in work.authors
        ],
        "datePublished": work.date.isoformat(),
        "description": work.abstract,
        "inLanguage": work.language,
        "url": work.url,
        "publisher": {"@type": "Organization", "name": work.publisher},
        "license": page.licence_url or work.licence,
        "keywords": work.keywords,
    }
    if work.kind != "dataset":
        data["headline"] = work.title[:110]
        data["abstract"] = work.abstract
    if work.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": work.doi}
        data["sameAs"] = f"https://doi.org/{work.doi}"
    if work.version:
        data["version"] = str(work.version)
    if work.pdf_url:
        key = "distribution" if work.kind == "dataset" else "encoding"
        media = "DataDownload" if work.kind == "dataset" else "MediaObject"
        data[key] = [{"@type": media, "contentUrl": work.pdf_url}]
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def highwire_tags(work):
    tags = [("citation_title", work.title)]
    for author in work.authors:
        tags.append(
            ("citation_author", author.family if author.is_organisation else f"{author.family}, {author.given}")
        )
        if author.affiliation:
            tags.append(("citation_author_institution", author.affiliation))
        if author.orcid:
            tags.append(("citation_author_orcid", f"https://orcid.org/{author.orcid}"))
    tags += [
        ("citation_publication_date", work.date.strftime("%Y/%m/%d")),
        ("citation_language", work.language),
        ("citation_publisher", work.publisher),
        ("citation_abstract_html_url", work.url),
    ]
    if RIS_TYPES[work.kind] == "RPRT":
        tags.append(("citation_technical_report_institution", work.publisher))
    if work.doi:
        tags.append(("citation_doi", work.doi))
    if work.pdf_url:
        tags.append(("citation_pdf_url", work.pdf_url))
    if work.keywords:
        tags.append(("citation_keywords", "; ".join(work.keywords)))
    return format_html_join("\n", '<meta name="{}" content="{}">', ((name, value) for name, value in tags if value))


def citation_context(page, request, version, explicit=False):
    work = describe(page, version=version, request=request, version_url=explicit)
    return {"work": work, "cite_as": apa(work), "json_ld": json_ld(work, page), "highwire_tags": highwire_tags(work)}
