"""Research sections, projects, publications and their PDFs for tests, with Arabic and accented names."""

import datetime

from django.core.files.base import ContentFile
from wagtail.models import Locale, Page, Site

from cms_pages.models import HomePage, LibraryDocument
from kms.demo.pdf import build_pdf
from research.models import (
    PublicationAuthor,
    PublicationPage,
    PublicationVersion,
    ResearchIndexPage,
    ResearchProjectPage,
)

VALID_ORCID = "0000-0002-1825-0097"
AUTHORS = [
    {"given_names": "Aïcha", "family_name": "Benoît-Lefèvre", "orcid": VALID_ORCID},
    {"given_names": "محمد", "family_name": "العبيدي"},
    {"given_names": "", "family_name": "Réseau Méditerranéen des Chercheurs"},
]


def home_page(language_code="en"):
    """The home page of one language; English gets the default Site."""
    locale = Locale.objects.get(language_code=language_code)
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is not None:
        return home
    if language_code != "en":
        home = home_page("en").copy_for_translation(locale).specific
        home.save_revision().publish()
        return HomePage.objects.get(pk=home.pk)
    home = HomePage(title="Accueil — الرئيسية", slug="home-en", locale=locale)
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def research_index(language_code="en", **fields):
    """The live research section of a language."""
    existing = ResearchIndexPage.objects.filter(locale__language_code=language_code).first()
    if existing is not None:
        return existing
    home = home_page(language_code)
    if language_code != "en":
        english = research_index("en")
        page = english.copy_for_translation(Locale.objects.get(language_code=language_code)).specific
    else:
        page = ResearchIndexPage(
            title=fields.pop("title", "Recherche — البحث"),
            slug=fields.pop("slug", "recherche"),
            intro=fields.pop("intro", "Études conjointes sur les parcours des personnes en déplacement."),
            **fields,
        )
        home.add_child(instance=page)
    page.save_revision().publish()
    return ResearchIndexPage.objects.get(pk=page.pk)


def pdf_document(title="Étude — دراسة", text="Les rapatriés témoignent de leur retour à Kassala.", language="fr"):
    data = build_pdf(title, [text], language)
    document = LibraryDocument(title=title)
    document.file.save("etude.pdf", ContentFile(data), save=False)
    document.save()
    return document


def project(index=None, publish=True, **fields):
    index = index or research_index()
    page = ResearchProjectPage(
        title=fields.pop("title", "Retour et réintégration — العودة وإعادة الإدماج"),
        slug=fields.pop("slug", None) or f"projet-{ResearchProjectPage.objects.count() + 1}",
        summary=fields.pop("summary", "Suivi de cent rapatriés pendant deux ans. متابعة مئة عائد لمدة سنتين."),
        start_date=fields.pop("start_date", datetime.date(2024, 3, 1)),
        live=publish,
        **fields,
    )
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)  # as published, not the stale instance


def publication(parent=None, *, authors=AUTHORS, versions=(), countries=(), themes=(), publish=True, **fields):
    """A publication with authors in order (accented, Arabic, an organisation), published unless told."""
    parent = parent or research_index()
    count = PublicationPage.objects.count() + 1
    page = PublicationPage(
        title=fields.pop("title", f"Parcours de migrants à Sfax — مسارات المهاجرين {count}"),
        slug=fields.pop("slug", None) or f"publication-{count}",
        abstract=fields.pop(
            "abstract", "Entretiens avec des personnes en déplacement à Sfax. مقابلات مع أشخاص متنقلين."
        ),
        publication_date=fields.pop("publication_date", datetime.date(2025, 6, 15)),
        licence=fields.pop("licence", "CC-BY-4.0"),
        live=publish,
        **fields,
    )
    for position, author in enumerate(authors):
        page.authors.add(PublicationAuthor(sort_order=position, **author))
    for version in versions:
        page.versions.add(PublicationVersion(**version))
    parent.add_child(instance=page)
    page.countries.set(countries)
    page.themes.set(themes)
    page.save()
    if publish:
        page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)  # as published, not the stale instance
