"""The public site's demo: site settings, news, documents with their PDFs, regions and countries, partners.

Pages are found again by their slug under their parent and their translations by
Wagtail's translation key; images and files by their title, so a second run updates
the same rows.
"""

import functools
import hashlib
import io

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms_pages.covers import make_cover
from cms_pages.figures import FigureSeries, FigureUnit, KeyFigure, PlaceFigures, parse_number
from cms_pages.models import (
    CountryPage,
    DocumentLibraryPage,
    DocumentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PartnersPage,
    RegionPage,
    SiteSettings,
)
from kms.taxonomy.models import Country, Organisation, Region, Theme

from .loader import LANGUAGES, child, read, save_live, translation_of
from .pdf import build_pdf


def load(out):
    """Create or refresh the public site's demo content; return lines to print at the end of the run."""
    data = read("pages")
    home = HomePage.objects.get(locale__language_code="en", depth=2)
    refs = {
        "themes": {theme.slug: theme for theme in Theme.objects.all()},
        "countries": {country.code: country for country in Country.objects.all()},
        "organisations": {organisation.slug: organisation for organisation in Organisation.objects.all()},
    }
    out.write("  site settings…")
    _site_settings(home, data["site_settings"])
    out.write("  news…")
    _news(home, data, refs)
    out.write("  documents…")
    _documents(home, data, refs)
    out.write("  regions and countries…")
    _places(home, data)
    out.write("  partners…")
    _partners(home, data, refs)
    _home_body(home, data["labels"]["words"])
    return [
        f"Public site: {len(data['news'])} news items, {len(data['documents'])} documents, "
        f"{len(data['regions'])} regions, {len(data['countries'])} countries."
    ]


def _in_every_language(parent, model, section):
    """A section page (news, documents, partners) under each language's home page; returns the English one."""
    words = section["words"]
    page = save_live(child(parent, model, words["en"]["slug"]), parent, show_in_menus=True, **words["en"])
    for code in LANGUAGES[1:]:
        save_live(*translation_of(page, code), show_in_menus=True, **words[code])
    return page


def _with_translations(parent, model, item, fields_in):
    """The item's page in its own language (`language`, else the first it has words in) under `parent`,
    then its translations, with the fields `fields_in(code)` gives."""
    original = item.get("language") or next(iter(item["words"]))
    page = save_live(child(parent, model, item["key"]), parent, **fields_in(original))
    for code in item["words"]:
        if code != original:
            save_live(*translation_of(page, code), slug=item["words"][code].get("slug", item["key"]), **fields_in(code))
    return page


def _site_settings(home, data):
    site = home.get_site()
    if site is None:
        return
    settings_row = SiteSettings.for_site(site)
    for name, value in data.items():
        if name != "words":
            setattr(settings_row, name, value)
    for code, words in data["words"].items():
        setattr(settings_row, f"footer_text_{code}", words["footer_text"])
    settings_row.save()


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


def _paragraphs(paragraphs, quote=None):
    blocks = [{"type": "paragraph", "value": f"<p>{paragraph}</p>"} for paragraph in paragraphs]
    if quote:
        value = {"role": "", "place": "", "anonymise": "none", **quote, "consent": True, "photo": None}
        blocks.insert(1, {"type": "quote", "value": value})
    return blocks


def _tagged(item, refs):
    return {
        "countries": [refs["countries"][code] for code in item["countries"]],
        "themes": [refs["themes"][slug] for slug in item["themes"]],
    }


def _news(home, data, refs):
    images = [(_image(image["title"], image["colours"]), image["alt"]) for image in data["images"]]
    index = _in_every_language(home, NewsIndexPage, data["news_index"])
    for number, item in enumerate(data["news"]):
        image, alt = images[number % len(images)] if item.get("image", True) else (None, "")

        def fields(code, item=item, image=image, alt=alt):
            words = item["words"][code]
            return dict(
                title=words["title"],
                intro=words["intro"],
                body=_paragraphs(words["body"], words.get("quote")),
                news_type=item["type"],
                date=item["date"],
                author=item.get("author", ""),
                lead_image=image,
                lead_image_alt=alt,
                m2m={**_tagged(item, refs), "tags": item.get("tags", [])},
            )

        _with_translations(index, NewsPage, item, fields)


@functools.cache
def _pdf(title, paragraphs, language, subtitle):
    """The demo PDF's bytes, written once per process: tests load the demo many times."""
    return build_pdf(title, list(paragraphs), language, subtitle=subtitle, author="kms")


def _document_file(words, code, item, organisation, tagged):
    """The Wagtail document holding a demo PDF, written now and updated in place on later runs."""
    document_model = get_document_model()
    title = words["title"]
    document = document_model.objects.filter(title=title).first() or document_model(title=title)
    document.kind, document.organisation, document.published_on = item["kind"], organisation, item["date"]
    if not document.pk or not document.file or not document.file.storage.exists(document.file.name):
        data = _pdf(title, tuple(words["paragraphs"]), code, words.get("subtitle", ""))
        slug = slugify(title, allow_unicode=True) or f"document-{hashlib.sha1(title.encode()).hexdigest()[:10]}"
        document.file.save(f"{slug[:50]}.pdf", ContentFile(data), save=False)
        document._set_document_file_metadata()
    document.save()
    document.countries.set(tagged["countries"])
    document.themes.set(tagged["themes"])
    return document


def _documents(home, data, refs):
    library = _in_every_language(home, DocumentLibraryPage, data["library"])
    for item in data["documents"]:
        organisation = refs["organisations"].get(item.get("organisation", ""))
        tagged = _tagged(item, refs)

        def fields(code, item=item, organisation=organisation, tagged=tagged):
            words = item["words"][code]
            document = _document_file(words, code, item, organisation, tagged)
            return dict(
                title=words["title"],
                summary=words["summary"],
                document=document,
                kind=item["kind"],
                organisation=organisation,
                file_language=code,
                publication_date=item["date"],
                cover_image=_cover(document),
                m2m=tagged,
            )

        _with_translations(library, DocumentPage, item, fields)


def _cover(document):
    """The cover image drawn from the document's first page, made once."""
    page = DocumentPage(document=document)
    existing = get_image_model().objects.filter(file__regex=rf"cover-{document.pk}(_[A-Za-z0-9]+)?\.png$").first()
    if existing is not None:
        return existing
    make_cover(page)
    return page.cover_image


def _place_fields(item, code, title):
    """A region or country page's words in one language."""
    words = item["words"][code]
    return dict(title=title, intro=words["intro"], body=_paragraphs([words["body"]]))


def _place_figures(place, item, labels):
    """The place's key figures and trend, entered once with their words in every language."""
    figures, _created = PlaceFigures.objects.get_or_create(**{place._meta.model_name: place})
    figures.key_figures.all().delete()
    figures.series.all().delete()
    for order, figure in enumerate(item["figures"]):
        value, unit = str(figure["value"]), FigureUnit.NUMBER
        if value.endswith("%"):
            value, unit = value.removesuffix("%"), FigureUnit.PERCENT
        KeyFigure.objects.create(
            place=figures,
            sort_order=order,
            value=parse_number(value, "."),
            unit=unit,
            as_of=figure["as_of"],
            **{f"label_{code}": labels[code]["figures"][figure["label"]] for code in LANGUAGES},
            **{f"source_{code}": labels[code]["source"] for code in LANGUAGES},
        )
    series = item["series"]
    FigureSeries.objects.create(
        place=figures,
        sort_order=0,
        points="\n".join(f"{point['label']}: {point['value']}" for point in series["points"]),
        **{f"title_{code}": labels[code]["series"][series["title"]] for code in LANGUAGES},
        **{f"source_{code}": labels[code]["source"] for code in LANGUAGES},
    )


def _places(home, data):
    labels, regions = data["labels"]["words"], {}
    for item in data["regions"]:
        region = Region.objects.get(slug=item.get("region", item["key"]))

        def fields(code, item=item, region=region):
            return dict(
                region=region, show_in_menus=item.get("menu", False), **_place_fields(item, code, region.name_in(code))
            )

        regions[item["key"]] = _with_translations(home, RegionPage, item, fields)
        _place_figures(region, item, labels)
    for item in data["countries"]:
        country = Country.objects.get(code=item["code"])

        def fields(code, item=item, country=country):
            return dict(country=country, **_place_fields(item, code, country.name_in(code)))

        _with_translations(regions[item["region"]], CountryPage, item, fields)
        _place_figures(country, item, labels)


def _partners(home, data, refs):
    for code in LANGUAGES:
        data["partners_page"]["words"][code]["partners"] = [
            {
                "type": "partner",
                "value": {
                    "organisation": refs["organisations"][item["key"]].pk,
                    "description": item["words"][code]["description"],
                    "themes": [refs["themes"][theme].pk for theme in item["themes"]],
                },
            }
            for item in data["partners"]
        ]
    _in_every_language(home, PartnersPage, data["partners_page"])


def _home_body(home, labels):
    library = DocumentLibraryPage.objects.child_of(home).first()
    featured = list(DocumentPage.objects.child_of(library).live().order_by("-publication_date")[:3]) if library else []
    for page in [home, *(home.get_translations().specific())]:
        code = page.locale.language_code
        localized = [document.get_translation_or_none(page.locale) or document for document in featured]
        value = {"heading": labels[code]["featured"], "pages": [document.pk for document in localized]}
        save_live(page, body=[{"type": "featured", "value": value}])
