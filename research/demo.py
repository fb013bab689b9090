"""Demo research content for `manage.py load_demo`: the research section in four languages,
three joint projects and eight publications with generated PDFs.

A second run updates the same pages and reuses the PDFs already generated.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.models import Locale

from cms_pages.models import HomePage, LibraryDocument
from kms.pdfgen import build_pdf
from kms.taxonomy.models import Country, Organisation, Theme
from search.extraction import extract

from .models import (
    ProjectTeamMember,
    PublicationAuthor,
    PublicationPage,
    PublicationVersion,
    ResearchIndexPage,
    ResearchProjectPage,
)
from .workflow import setup_research_section

SECTION = {
    "en": ("Joint research", "research",
           "Studies our members carry out with researchers and with people on the move themselves: "
           "their journeys, their protection, their work and their return."),
    "fr": ("Recherche conjointe", "recherche",
           "Les études que le réseau mène avec des chercheurs et avec les personnes en déplacement elles-mêmes : "
           "leurs parcours, leur protection, leur travail et leur retour."),
    "ar": ("البحوث المشتركة", "البحوث",
           "دراسات تُجريها الشبكة مع باحثين ومع الأشخاص المتنقّلين أنفسهم: رحلاتهم وحمايتهم وعملهم وعودتهم."),
    "nl": ("Gezamenlijk onderzoek", "onderzoek",
           "Studies die het netwerk uitvoert met onderzoekers en met mensen onderweg zelf: hun reizen, "
           "hun bescherming, hun werk en hun terugkeer."),
}

PROJECTS = [
    {
        "slug": "journeys-north-africa",
        "title": "Journeys through North Africa",
        "summary": "A three-year study following people who travel from the Sahel and the Horn of Africa "
                   "through Niger, Sudan and Libya towards Tunisia and Egypt, told in their own words.",
        "research_questions": "<ol><li>Which routes do people take, and what makes them change course?</li>"
                              "<li>Where do they meet violence, and where do they find help?</li></ol>",
        "methodology": "<p>Repeated interviews with 140 people over 18 months, carried out by peer researchers "
                       "who have made the journey themselves, with consent renewed at every round.</p>",
        "status": "ongoing", "start": datetime.date(2024, 1, 15), "end": datetime.date(2026, 12, 31),
        "lead": "mixed-migration-centre", "partners": ["returnee-voices-network", "terre-dasile-tunisie"],
        "funders": ["european-union"], "countries": ["LY", "TN", "EG", "NE"], "themes": ["protection", "data-evidence"],
        "team": [("Salma", "Haddad", "principal investigator", "mixed-migration-centre"),
                 ("Ibrahim", "Diallo", "peer researcher", "returnee-voices-network")],
    },
    {
        "slug": "return-and-reintegration",
        "title": "Return and reintegration: what lasts",
        "summary": "Follows returnees to Guinea, Côte d'Ivoire and Upper Egypt for two years after their return, "
                   "to learn which kinds of support still make a difference once the first grant is spent.",
        "research_questions": "<ul><li>Which reintegration support is still in use after 24 months?</li>"
                              "<li>How do families and neighbours shape a returnee's chances?</li></ul>",
        "methodology": "<p>A panel survey of 600 returnees in three rounds, with life-story interviews "
                       "and community discussions in each district.</p>",
        "status": "ongoing", "start": datetime.date(2023, 9, 1), "end": datetime.date(2025, 12, 31),
        "lead": "iom", "partners": ["enabel", "returnee-voices-network"],
        "funders": ["giz", "european-union"], "countries": ["GN", "CI", "EG"], "themes": ["reintegration", "livelihoods"],
        "team": [("Mamadou", "Camara", "principal investigator", "iom"),
                 ("Aya", "Kouassi", "survey lead", "enabel")],
    },
    {
        "slug": "protection-and-labour",
        "title": "Protection and decent work on the move",
        "summary": "Looks at the work people on the move find in Tunisia, Libya and Morocco, the risks that "
                   "come with it, and the protection services that reach them.",
        "research_questions": "<ul><li>Which jobs do migrants find, and on what terms?</li>"
                              "<li>Which protection services do workers know and use?</li></ul>",
        "methodology": "<p>Workplace visits, 90 interviews with workers and employers, and a review of "
                       "referral records kept by partner organisations.</p>",
        "status": "completed", "start": datetime.date(2022, 3, 1), "end": datetime.date(2024, 6, 30),
        "lead": "drc", "partners": ["nrc", "unhcr"],
        "funders": ["enabel"], "countries": ["TN", "LY", "MA"], "themes": ["labour-mobility", "protection"],
        "team": [("Youssef", "Ben Salah", "principal investigator", "drc"),
                 ("Claire", "Vermeulen", "researcher", "nrc")],
    },
]

# Each publication: its locale, its project, its authors (given, family, organisation slug, ORCID) and its text.
PUBLICATIONS = [
    {
        "locale": "en", "slug": "voices-from-sfax-and-zuwara", "project": "journeys-north-africa",
        "type": "report", "date": datetime.date(2025, 3, 20), "licence": "CC-BY-4.0", "doi": "10.5281/zenodo.1093921",
        "title": "Voices from Sfax and Zuwara: journeys across the central Mediterranean",
        "abstract": "Seventy people waiting to cross from Sfax and Zuwara describe how they reached the coast, "
                    "what they paid, and the violence they met on the way. Most had been stopped, robbed or "
                    "detained at least once; few had heard of any service that could help them.",
        "more": ["Women travelling alone reported the highest debts, often owed to the same people who arranged their passage.",
                 "Peer researchers found that trust grew between the first and the second interview, and that people then spoke more openly about detention."],
        "authors": [("Salma", "Haddad", "mixed-migration-centre", "0000-0002-1825-0097"), ("Ibrahim", "Diallo", "returnee-voices-network", "")],
        "countries": ["TN", "LY"], "themes": ["protection", "data-evidence"], "keywords": ["mixed migration", "central Mediterranean", "testimonies"],
        "versions": [
            (1, datetime.date(2024, 11, 5), "First release, based on the first interview round."),
            (2, datetime.date(2025, 3, 20), "Second interview round added; figures on debts corrected."),
        ],
    },
    {
        "locale": "en", "slug": "what-lasts-after-return", "project": "return-and-reintegration",
        "type": "policy_brief", "date": datetime.date(2025, 6, 2), "licence": "CC-BY-4.0", "doi": "",
        "title": "What lasts after return: lessons from Guinea and Upper Egypt",
        "abstract": "Two years after coming home, the returnees who were still earning a living were those whose "
                    "support had been shared with their family or their village. Individual cash grants helped "
                    "in the first months but rarely lasted.",
        "more": ["We recommend that reintegration programmes plan for two years, not six months, and involve host communities from the start."],
        "authors": [("Mamadou", "Camara", "iom", ""), ("Aya", "Kouassi", "enabel", "0000-0001-5109-3700")],
        "countries": ["GN", "EG"], "themes": ["reintegration", "livelihoods"], "keywords": ["returnees", "reintegration", "livelihoods"],
        "translation": {
            "locale": "fr", "slug": "ce-qui-dure-apres-le-retour",
            "title": "Ce qui dure après le retour : leçons de Guinée et de Haute-Égypte",
            "abstract": "Deux ans après leur retour, les rapatriés qui gagnaient encore leur vie étaient ceux dont "
                        "l'accompagnement avait été partagé avec leur famille ou leur village. Les aides individuelles "
                        "en espèces ont aidé les premiers mois mais ont rarement duré.",
            "more": ["Nous recommandons que les programmes de réintégration soient prévus sur deux ans et non six mois, et associent les communautés d'accueil dès le départ."],
            "keywords": ["rapatriés", "réintégration", "moyens de subsistance"],
        },
    },
    {
        "locale": "fr", "slug": "enfants-non-accompagnes-tunis", "project": "protection-and-labour",
        "type": "study", "date": datetime.date(2024, 9, 12), "licence": "CC-BY-NC-4.0", "doi": "",
        "title": "Enfants non accompagnés à Tunis : protection et orientation",
        "abstract": "Cette étude suit le parcours de quarante-deux enfants arrivés seuls à Tunis, de leur premier "
                    "contact avec une association jusqu'à leur prise en charge. Elle montre que l'orientation "
                    "réussit quand un même travailleur social accompagne l'enfant du début à la fin.",
        "more": ["Les enfants disent avoir besoin d'abord d'un lieu sûr pour dormir, puis de quelqu'un qui parle leur langue."],
        "authors": [("Youssef", "Ben Salah", "drc", ""), ("Hélène", "Moreau-Lefèvre", "terre-dasile-tunisie", "")],
        "countries": ["TN"], "themes": ["protection", "education"], "keywords": ["enfants", "protection de l'enfance", "orientation"],
    },
    {
        "locale": "ar", "slug": "العمل-الموسمي-في-ليبيا", "project": "protection-and-labour",
        "type": "working_paper", "date": datetime.date(2024, 4, 8), "licence": "CC-BY-4.0", "doi": "",
        "title": "العمل الموسمي للمهاجرين في ليبيا: الأجور والمخاطر",
        "abstract": "تستند هذه الورقة إلى مقابلات مع ستين عاملاً مهاجراً في مزارع وورش بناء في غرب ليبيا. "
                    "يعمل معظمهم دون عقد مكتوب، ويتقاضون أجورهم متأخرة، ويخشون الاحتجاز عند التنقّل بين أماكن العمل.",
        "more": ["توصي الورقة بتوسيع خدمات الإحالة لتشمل أماكن العمل، وبإشراك أصحاب العمل في التوعية بالحقوق."],
        "authors": [("يوسف", "الزوي", "drc", ""), ("Claire", "Vermeulen", "nrc", "")],
        "countries": ["LY"], "themes": ["labour-mobility", "protection"], "keywords": ["العمل الموسمي", "الأجور", "ليبيا"],
    },
    {
        "locale": "nl", "slug": "terugkeer-naar-guinee", "project": "return-and-reintegration",
        "type": "article", "date": datetime.date(2025, 1, 27), "licence": "CC-BY-4.0", "doi": "10.1234/kms.2025.017",
        "title": "Terugkeer naar Guinee: ervaringen van jonge terugkeerders",
        "abstract": "Jonge mannen die uit Libië naar de Guinese hoofdstad terugkeerden, vertellen hoe zij hun plaats in familie "
                    "en buurt opnieuw moesten vinden. Schaamte over de mislukte reis weegt zwaar; steun van "
                    "leeftijdsgenoten die hetzelfde meemaakten, helpt het meest.",
        "more": ["Het artikel pleit voor groepsbegeleiding door terugkeerders zelf naast individuele steun."],
        "authors": [("Mamadou", "Camara", "iom", ""), ("Lotte", "De Smet", "enabel", "")],
        "countries": ["GN"], "themes": ["reintegration", "social-cohesion"], "keywords": ["terugkeer", "re-integratie", "Guinee"],
    },
    {
        "locale": "en", "slug": "returnee-livelihoods-survey-2024", "project": "return-and-reintegration",
        "type": "dataset", "date": datetime.date(2025, 2, 14), "licence": "CC0-1.0", "doi": "10.5281/zenodo.1234567",
        "title": "Returnee livelihoods survey 2024: Guinea and Côte d'Ivoire",
        "abstract": "Anonymised answers of 600 returnees to the second survey round: work, income, debts, "
                    "housing and the support they received, with the questionnaire and a codebook.",
        "more": ["Variables that could identify a person or a village have been removed or grouped."],
        "authors": [("Aya", "Kouassi", "enabel", "0000-0001-5109-3700"), ("", "Mixed Migration Centre", "mixed-migration-centre", "")],
        "countries": ["GN", "CI"], "themes": ["reintegration", "data-evidence"], "keywords": ["survey", "returnees", "open data"],
    },
    {
        "locale": "fr", "slug": "femmes-migrantes-agriculture-maroc", "project": "protection-and-labour",
        "type": "working_paper", "date": datetime.date(2023, 11, 3), "licence": "CC-BY-SA-4.0", "doi": "",
        "title": "Le travail des femmes migrantes dans l'agriculture au Maroc",
        "abstract": "Dans les serres du Souss, des femmes venues d'Afrique de l'Ouest travaillent à la journée, "
                    "souvent sans contrat. Ce document de travail décrit leurs conditions de travail, les "
                    "intermédiaires qui les recrutent et les services qu'elles connaissent.",
        "more": ["Les femmes interrogées demandent surtout des informations fiables sur leurs droits et un transport sûr vers les exploitations."],
        "authors": [("Fatou", "Ndiaye", "nrc", ""), ("Youssef", "Ben Salah", "drc", "")],
        "countries": ["MA"], "themes": ["labour-mobility", "livelihoods"], "keywords": ["travail agricole", "femmes", "Maroc"],
    },
    {
        "locale": "en", "slug": "disembarkation-and-referral-libya", "project": "journeys-north-africa",
        "type": "study", "date": datetime.date(2024, 7, 1), "licence": "CC-BY-4.0", "doi": "",
        "title": "After disembarkation: referral of survivors in western Libya",
        "abstract": "What happens to people brought back to shore in western Libya? Using referral records and "
                    "interviews with survivors, this study traces who is referred to medical care, legal "
                    "assistance or shelter, and who falls through the gaps.",
        "more": ["Referral worked best where one agency kept a single list of cases and called people back within a week."],
        "authors": [("Salma", "Haddad", "mixed-migration-centre", "0000-0002-1825-0097"), ("Nour El Houda", "Trabelsi", "unhcr", "")],
        "countries": ["LY"], "themes": ["protection", "counter-trafficking"], "keywords": ["disembarkation", "referral", "survivors"],
    },
]


def load(out):
    """Create or refresh the research section, projects and publications; return nothing to print."""
    indexes = _sections(out)
    projects = {spec["slug"]: _project(indexes["en"], spec) for spec in PROJECTS}
    out.write(f"  research: {len(projects)} projects")
    count = 0
    for spec in PUBLICATIONS:
        page = _publication(indexes[spec["locale"]], spec, projects[spec["project"]])
        count += 1
        if "translation" in spec:
            _translation(page, spec["translation"])
            count += 1
    out.write(f"  research: {count} publication pages ({len(PUBLICATIONS)} publications)")
    return []


def _sections(out):
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=english, depth=2)
    index = ResearchIndexPage.objects.filter(locale=english).first()
    if index is None:
        index = ResearchIndexPage(title=SECTION["en"][0], slug=SECTION["en"][1], locale=english, show_in_menus=True)
        home.add_child(instance=index)
    indexes = {"en": _publish_section(index, "en")}
    for code in ("fr", "ar", "nl"):
        locale = Locale.objects.get(language_code=code)
        translation = index.get_translation_or_none(locale)
        if translation is None:
            translation = index.copy_for_translation(locale, copy_parents=True)
        indexes[code] = _publish_section(translation.specific, code)
    for page in indexes.values():
        setup_research_section(page)
    out.write("  research: section in en, fr, ar, nl")
    return indexes


def _publish_section(page, code):
    page.title, page.slug, page.intro = SECTION[code]
    page.show_in_menus = True
    page.save_revision().publish()
    return ResearchIndexPage.objects.get(pk=page.pk)


def _organisations(slugs):
    return list(Organisation.objects.filter(slug__in=slugs))


def _project(index, spec):
    page = ResearchProjectPage.objects.filter(slug=spec["slug"], locale=index.locale).first()
    if page is None:
        page = ResearchProjectPage(slug=spec["slug"], title=spec["title"], summary=spec["summary"], locale=index.locale)
        index.add_child(instance=page)
        page = ResearchProjectPage.objects.get(pk=page.pk)
    page.title, page.summary = spec["title"], spec["summary"]
    page.research_questions, page.methodology = spec["research_questions"], spec["methodology"]
    page.status, page.start_date, page.end_date = spec["status"], spec["start"], spec["end"]
    page.lead_organisation = Organisation.objects.filter(slug=spec["lead"]).first()
    page.partner_organisations = _organisations(spec["partners"])
    page.funders = _organisations(spec["funders"])
    page.countries = list(Country.objects.filter(code__in=spec["countries"]))
    page.themes = list(Theme.objects.filter(slug__in=spec["themes"]))
    organisations = {o.slug: o for o in _organisations([member[3] for member in spec["team"]])}
    page.team = [
        ProjectTeamMember(name=f"{given} {family}", role=role, affiliation=organisations.get(org), sort_order=n)
        for n, (given, family, role, org) in enumerate(spec["team"])
    ]
    page.save_revision().publish()
    return ResearchProjectPage.objects.get(pk=page.pk)


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
    document.file.save(f"{slugify(title, allow_unicode=False)[:60] or 'publication'}.pdf", ContentFile(data), save=False)
    document.save()
    return document


def _authors(spec):
    organisations = {o.slug: o for o in _organisations([a[2] for a in spec["authors"]])}
    return [
        PublicationAuthor(given_names=given, family_name=family, affiliation=organisations.get(org), orcid=orcid, sort_order=n)
        for n, (given, family, org, orcid) in enumerate(spec["authors"])
    ]


def _publication(index, spec, project):
    page = PublicationPage.objects.filter(slug=spec["slug"], locale=index.locale).first()
    if page is None:
        page = PublicationPage(
            slug=spec["slug"], title=spec["title"], abstract=spec["abstract"], licence=spec["licence"], locale=index.locale
        )
        index.add_child(instance=page)
        page = PublicationPage.objects.get(pk=page.pk)
    author_line = ", ".join(" ".join(filter(None, a[:2])) for a in spec["authors"])
    page.title, page.abstract, page.licence, page.doi = spec["title"], spec["abstract"], spec["licence"], spec["doi"]
    page.publication_type, page.publication_date, page.language = spec["type"], spec["date"], spec["locale"]
    page.project = project
    page.authors = _authors(spec)
    page.countries = list(Country.objects.filter(code__in=spec["countries"]))
    page.themes = list(Theme.objects.filter(slug__in=spec["themes"]))
    page.keywords.set(spec["keywords"])
    page.primary_file = _pdf(spec["title"], [spec["abstract"], *spec["more"]], spec["locale"], author_line)
    versions = []
    for number, date, note in spec.get("versions", ()):
        latest = number == max(v[0] for v in spec["versions"])
        document = None if latest else _pdf(
            f"{spec['title']} (version {number})", [spec["abstract"]], spec["locale"], author_line, subtitle=f"Version {number}"
        )
        versions.append(PublicationVersion(number=number, date=date, change_note=note, document=document, sort_order=number))
    page.versions = versions
    page.save_revision().publish()
    return PublicationPage.objects.get(pk=page.pk)


def _translation(page, spec):
    locale = Locale.objects.get(language_code=spec["locale"])
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True)
    translation = translation.specific
    author_line = ", ".join(a.name for a in page.authors.all())
    translation.title, translation.slug, translation.abstract = spec["title"], spec["slug"], spec["abstract"]
    translation.language = spec["locale"]
    translation.primary_file = _pdf(spec["title"], [spec["abstract"], *spec["more"]], spec["locale"], author_line)
    translation.keywords.set(spec["keywords"])
    translation.save_revision().publish()
