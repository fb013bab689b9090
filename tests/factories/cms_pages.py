"""Public-site pages for tests: a small tree in English and Arabic, with accented French and Arabic text by default.

Wagtail pages live in a tree, so these are plain functions that add a page under its
parent and publish it (or leave it as a draft), rather than factory_boy factories.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cms_pages.figures import FigureSeries, KeyFigure, PlaceFigures
from cms_pages.models import (
    CountryPage,
    DocumentLibraryPage,
    DocumentPage,
    HomePage,
    LibraryDocument,
    NewsIndexPage,
    NewsPage,
    PartnersPage,
    RegionPage,
    StandardPage,
)
from kms.taxonomy.models import Country, Region, Theme

FRENCH = "Réintégration durable à Médenine : l'expérience des rapatriés"
ARABIC = "إعادة الإدماج المستدام في مدنين: تجربة العائدين"


def add(parent, page, *, live=True):
    """Adds `page` under `parent`, published with a revision (or left as a draft when live=False)."""
    page.locale = page.locale if page.locale_id else parent.locale
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def translate(page, code, **fields):
    """The page's translation into `code`, with its own fields, published."""
    translation = page.copy_for_translation(Locale.objects.get(language_code=code), copy_parents=True).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def make_private(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sésame"
    )


def home_pages():
    """English and Arabic home pages, the English one the default site's root."""
    root = Page.get_first_root_node()
    root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page").delete()
    english = Locale.objects.get(language_code="en")
    home = HomePage(title="Accueil · الصفحة الرئيسية", slug="home", intro=FRENCH, locale=english)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "site_name": "kms", "root_page": home}
    )
    arabic = translate(home, "ar", title="الصفحة الرئيسية", intro=ARABIC)
    return home, arabic


def standard_page(parent, **fields):
    return add(parent, StandardPage(**{"title": "À propos · عن الشبكة", "slug": "a-propos", "intro": FRENCH, **fields}))


def news_index(home, **fields):
    return add(home, NewsIndexPage(**{"title": "Actualités · الأخبار", "slug": "news", "intro": FRENCH, **fields}))


def news_page(index, *, live=True, countries=(), themes=(), **fields):
    defaults = {
        "title": "Rapatriés à Sfax : un nouveau départ · بداية جديدة في صفاقس",
        "intro": ARABIC,
        "date": datetime.date(2025, 3, 12),
        "news_type": NewsPage.NewsType.RELEASE,
        "author": "Équipe de communication",
    }
    page = NewsPage(**{**defaults, **fields})
    page.countries.set(list(countries))
    page.themes.set(list(themes))
    return add(index, page, live=live)


def library_page(home, **fields):
    return add(home, DocumentLibraryPage(**{"title": "Bibliothèque · المكتبة", "slug": "library", **fields}))


def library_document(data, name="rapport.pdf", **fields):
    document = LibraryDocument(**{"title": FRENCH, **fields})
    document.file.save(name, ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def document_page(library, *, live=True, document=None, countries=(), themes=(), **fields):
    defaults = {
        "title": "Fiche pays Tunisie · صحيفة وقائع تونس",
        "summary": FRENCH,
        "kind": "factsheet",
        "file_language": "fr",
        "publication_date": datetime.date(2024, 10, 30),
    }
    page = DocumentPage(**{**defaults, "document": document, **fields})
    page.countries.set(list(countries))
    page.themes.set(list(themes))
    return add(library, page, live=live)


def place_figures(place, value="12400", label="personnes accompagnées · شخصًا", as_of="2024-12-31", **fields):
    """The shared figures of a country or region: one key figure (its label in French and Arabic) and a trend."""
    figures, _created = PlaceFigures.objects.get_or_create(**{place._meta.model_name: place})
    KeyFigure.objects.create(
        place=figures,
        value=Decimal(value),
        as_of=as_of,
        label_fr=label,
        label_ar=label,
        source_fr="Suivi du réseau",
        source_ar="رصد الشبكة",
        **fields,
    )
    FigureSeries.objects.create(
        place=figures, points="2022: 100\n2023: 250\n2024: 400", title_fr="Retours accompagnés · حالات العودة"
    )
    return figures


def region_page(home, region=None, figures=True, **fields):
    region = region or Region.objects.get(slug="north-africa")
    defaults = {"title": region.name_en, "slug": region.slug, "region": region, "intro": FRENCH}
    if figures and not PlaceFigures.objects.filter(region=region).exists():
        place_figures(region)
    return add(home, RegionPage(**{**defaults, **fields}))


def country_page(region_page_, country=None, figures=True, **fields):
    country = country or Country.objects.get(code="TN")
    defaults = {"title": country.name_en, "slug": country.code.lower(), "country": country, "intro": ARABIC}
    if figures and not PlaceFigures.objects.filter(country=country).exists():
        place_figures(country, value="1350")
    return add(region_page_, CountryPage(**{**defaults, **fields}))


def partners_page(home, organisations, themes_by_slug=None, **fields):
    themes_by_slug = themes_by_slug or {}
    partners = [
        {
            "type": "partner",
            "value": {
                "organisation": organisation.pk,
                "description": f"{FRENCH} — {ARABIC}",
                "themes": [
                    theme.pk for theme in Theme.objects.filter(slug__in=themes_by_slug.get(organisation.slug, []))
                ],
            },
        }
        for organisation in organisations
    ]
    return add(
        home, PartnersPage(**{"title": "Partenaires · الشركاء", "slug": "partners", "partners": partners, **fields})
    )


def image(title="Photo de groupe · صورة جماعية", size=(1600, 900)):
    """A JPEG stored as a Wagtail image."""
    import io

    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    output = io.BytesIO()
    PILImage.new("RGB", size, "#0b5cad").save(output, format="JPEG")
    stored = get_image_model()(title=title, width=size[0], height=size[1])
    stored.file.save("photo.jpg", ContentFile(output.getvalue()), save=False)
    stored.width, stored.height = size
    stored._set_image_file_metadata()
    stored.save()
    return stored
