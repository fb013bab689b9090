"""Demo content of the public site for `manage.py load_demo`: news, documents, regions, countries, partners.

Idempotent: pages are found again by their slug under their parent (and their
translations through Wagtail's translation key), files and covers by their title, so
a second run updates the same rows. The PDFs are written at load time with
`kms.pdfgen.build_pdf`; the prose lives in cms_pages/demo_content.py.
"""

import datetime
import functools
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail.signals import page_published

from kms.pdfgen import build_pdf
from kms.taxonomy.models import Country, Organisation, Region, Theme

from . import demo_content as content
from .covers import make_cover
from .models import (
    CountryPage, DocumentLibraryPage, DocumentPage, HomePage, NewsIndexPage, NewsPage, PartnersPage, RegionPage,
    SiteSettings,
)

OTHER_LANGUAGES = ("fr", "ar", "nl")


def _locale(code):
    return Locale.objects.get(language_code=code)


def _save(page, parent, m2m=None, tags=None, **fields):
    """Sets the fields and saves the page live in one write: the demo skips revisions to load in seconds."""
    for name, value in fields.items():
        setattr(page, name, value)
    for name, values in (m2m or {}).items():
        getattr(page, name).set(values)
    if tags is not None:
        page.tags.set(tags)
    now = timezone.now()
    page.live, page.has_unpublished_changes = True, False
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now
    if page.pk is None:
        parent.add_child(instance=page)
    else:
        page.save()
    # No revision is written, but whatever listens for publication (search indexing, document
    # audiences) must still hear of it, as it would after an editor's publish.
    page_published.send(sender=type(page), instance=page, revision=None)
    return page


def _child(parent, model, slug, **fields):
    """The child page of `parent` with this slug, created when missing, updated and live."""
    page = model.objects.child_of(parent).filter(slug=slug).first() or model(slug=slug, locale=parent.locale)
    return _save(page, parent, **fields)


def _translation(page, code, **fields):
    """The page's translation into `code`, created under the parent's translation when missing."""
    locale = _locale(code)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return _save(existing.specific, None, **fields)
    parent = page.get_parent().get_translation(locale)
    return _save(type(page)(locale=locale, translation_key=page.translation_key), parent, **fields)


def _image(title, colours):
    """A simple illustration (bands of the network's colours) stored once as a Wagtail image."""
    from PIL import Image, ImageDraw

    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    width, height = 1200, 675
    picture = Image.new("RGB", (width, height), colours[0])
    draw = ImageDraw.Draw(picture)
    for index, colour in enumerate(colours[1:], start=1):
        draw.polygon([(0, height), (width * index / len(colours), height * 0.35), (width, height)], fill=colour)
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=78)
    image = image_model(title=title)
    image.file.save(f"{title.lower().replace(' ', '-')[:40]}.jpg", ContentFile(output.getvalue()), save=False)
    image.width, image.height = width, height
    image._set_image_file_metadata()
    image.save()
    return image


@functools.lru_cache(maxsize=None)
def _pdf(title, paragraphs, language, subtitle):
    """The demo PDF's bytes, written once per process: tests load the demo many times."""
    return build_pdf(title, list(paragraphs), language, subtitle=subtitle, author="kms")


def _document_file(title, paragraphs, language, subtitle, organisation, kind, published_on):
    """The Wagtail document holding a demo PDF, written now and updated in place on later runs."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=title).first() or document_model(title=title)
    document.kind, document.organisation, document.published_on = kind, organisation, published_on
    if not document.pk or not document.file or not document.file.storage.exists(document.file.name):
        data = _pdf(title, tuple(paragraphs), language, subtitle)
        document.file.save(f"{content.slugify_ascii(title)[:50]}.pdf", ContentFile(data), save=False)
        document._set_document_file_metadata()
    document.save()
    return document


def load(out):
    """Create or refresh the public site's demo content; return lines to print at the end of the run."""
    home = HomePage.objects.get(locale__language_code="en", depth=2)
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    countries = {country.code: country for country in Country.objects.all()}
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}

    out.write("  site settings…")
    _site_settings(home)
    out.write("  news…")
    news_count = _news(home, themes, countries)
    out.write("  documents…")
    document_count = _documents(home, themes, countries, organisations)
    out.write("  regions and countries…")
    _places(home)
    out.write("  partners…")
    _partners(home, themes, organisations)
    _home_body(home)
    return [f"Public site: {news_count} news items, {document_count} documents, 3 regions, 4 countries."]


def _site_settings(home):
    site = home.get_site()
    if site is None:
        return
    settings_row = SiteSettings.for_site(site)
    for name, value in content.SITE_SETTINGS.items():
        setattr(settings_row, name, value)
    settings_row.save()


def _news(home, themes, countries):
    images = [_image(title, colours) for title, colours, _alt in content.IMAGES]
    index_text = content.NEWS_INDEX
    index = _child(home, NewsIndexPage, "news", title=index_text["en"][0], intro=index_text["en"][1], show_in_menus=True)
    for code in OTHER_LANGUAGES:
        _translation(index, code, title=index_text[code][0], intro=index_text[code][1], slug=index_text[code][2],
                     show_in_menus=True)
    for number, item in enumerate(content.NEWS):
        english = item["en"]
        with_image = item.get("image", True)
        shared = dict(
            news_type=item["type"], date=datetime.date.fromisoformat(item["date"]), author=item.get("author", ""),
            lead_image=images[number % len(images)] if with_image else None,
            m2m={"countries": [countries[code] for code in item["countries"]],
                 "themes": [themes[slug] for slug in item["themes"]]},
            tags=item.get("tags", []),
        )
        alt = content.IMAGES[number % len(images)][2] if with_image else ""
        page = _child(index, NewsPage, item["slug"], title=english["title"], intro=english["intro"],
                      body=_paragraphs(english["body"], item.get("quote")), lead_image_alt=alt, **shared)
        for code in OTHER_LANGUAGES:
            text = item.get(code)
            if text:
                _translation(page, code, title=text["title"], intro=text["intro"], lead_image_alt=alt,
                             body=_paragraphs(text["body"], None), slug=text.get("slug", item["slug"]), **shared)
    return len(content.NEWS)


def _paragraphs(paragraphs, quote):
    blocks = [{"type": "paragraph", "value": f"<p>{paragraph}</p>"} for paragraph in paragraphs]
    if quote:
        value = {"role": "", "place": "", "anonymise": "none", **quote, "consent": True, "photo": None}
        blocks.insert(1, {"type": "quote", "value": value})
    return blocks


def _documents(home, themes, countries, organisations):
    library_text = content.LIBRARY
    library = _child(home, DocumentLibraryPage, "documents", title=library_text["en"][0],
                     intro=library_text["en"][1], show_in_menus=True)
    for code in OTHER_LANGUAGES:
        _translation(library, code, title=library_text[code][0], intro=library_text[code][1],
                     slug=library_text[code][2], show_in_menus=True)
    for item in content.DOCUMENTS:
        organisation = organisations.get(item.get("organisation", ""))
        published_on = datetime.date.fromisoformat(item["date"])
        versions = item["versions"]
        first_code = next(iter(versions))
        pages = {}
        for code, version in versions.items():
            document = _document_file(version["title"], version["paragraphs"], code, version.get("subtitle", ""),
                                      organisation, item["kind"], published_on)
            document.countries.set([countries[c] for c in item["countries"]])
            document.themes.set([themes[t] for t in item["themes"]])
            fields = dict(
                title=version["title"], summary=version["summary"], document=document, kind=item["kind"],
                organisation=organisation, file_language=code, publication_date=published_on,
                cover_image=_cover(document),
                m2m={"countries": [countries[c] for c in item["countries"]],
                     "themes": [themes[t] for t in item["themes"]]},
            )
            if code == first_code:
                pages[code] = _child(library, DocumentPage, item["slug"], **fields)
            else:
                pages[code] = _translation(pages[first_code], code, slug=version.get("slug", item["slug"]), **fields)
    return len(content.DOCUMENTS)


def _cover(document):
    """The cover image drawn from the document's first page, made once."""
    page = DocumentPage(document=document)
    existing = get_image_model().objects.filter(file__regex=rf"cover-{document.pk}(_[A-Za-z0-9]+)?\.png$").first()
    if existing is not None:
        return existing
    make_cover(page)
    return page.cover_image


def _place_fields(item, code):
    """Title-independent fields of a region or country page in one language."""
    series_key, points = item["series"]
    figures = [
        {"type": "figure", "value": {"value": value, "label": content.FIGURE_LABELS[key][code],
                                     "source": content.SOURCE[code], "as_of": as_of}}
        for value, key, as_of in item["figures"]
    ]
    series = {"title": content.SERIES_TITLES[series_key][code], "source": content.SOURCE[code],
              "points": [{"label": label, "value": value} for label, value in points]}
    return dict(intro=item["intro"][code], key_figures=figures, trend=[{"type": "series", "value": series}],
                body=_paragraphs([item["body"][code]], None))


def _places(home):
    for region_item in content.REGIONS:
        region = Region.objects.get(slug=region_item.get("region", region_item["slug"]))
        region_page = _child(home, RegionPage, region_item["slug"], title=region.name_en, region=region,
                             show_in_menus=region_item.get("menu", False), **_place_fields(region_item, "en"))
        for code in OTHER_LANGUAGES:
            _translation(region_page, code, title=region.name_in(code), slug=region_item["slugs"][code], region=region,
                         show_in_menus=region_item.get("menu", False), **_place_fields(region_item, code))
        for country_item in region_item.get("countries", []):
            country = Country.objects.get(code=country_item["code"])
            country_page = _child(region_page, CountryPage, country_item["slug"], title=country.name_en,
                                  country=country, **_place_fields(country_item, "en"))
            for code in OTHER_LANGUAGES:
                _translation(country_page, code, title=country.name_in(code), slug=country_item["slugs"][code],
                             country=country, **_place_fields(country_item, code))


def _partners(home, themes, organisations):
    text = content.PARTNERS_PAGE

    def entries(code):
        return [
            {"type": "partner", "value": {"organisation": organisations[slug].pk, "description": descriptions[code],
                                          "themes": [themes[theme].pk for theme in theme_slugs]}}
            for slug, theme_slugs, descriptions in content.PARTNERS
        ]

    page = _child(home, PartnersPage, "partners", title=text["en"][0], intro=text["en"][1],
                  partners=entries("en"), show_in_menus=True)
    for code in OTHER_LANGUAGES:
        _translation(page, code, title=text[code][0], intro=text[code][1], slug=text[code][2], partners=entries(code),
                     show_in_menus=True)


def _home_body(home):
    library = DocumentLibraryPage.objects.child_of(home).first()
    featured = list(DocumentPage.objects.child_of(library).live().order_by("-publication_date")[:3]) if library else []
    for page in [home, *(home.get_translations().specific())]:
        code = page.locale.language_code
        localized = [document.get_translation_or_none(page.locale) or document for document in featured]
        value = {"heading": content.FEATURED_HEADING[code], "pages": [document.pk for document in localized]}
        _save(page, None, body=[{"type": "featured", "value": value}])
