from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks as wagtail_blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.fields import BaseTranslatableField, SynchronizedField

from kms.languages import OriginalIn, one_per_translation, reader_language_first
from kms.personal_data.files import document_text
from kms.personal_data.models import PersonalDataChecked
from kms.personal_data.panels import PersonalDataPanel
from kms.public_url import PublicUrlMixin
from kms.taxonomy.models import Country, Theme
from kms.text import clean_name_fields, content_disposition, download_name

from . import feeds, listings, related
from .blocks import BodyBlock, HomeBlock
from .choices import FILE_LANGUAGES, DocumentKind, NewsType
from .figures import FigureSeries, KeyFigure, PlaceFigures, SharedFiguresPanel, figures_of  # noqa: F401 (models)
from .forms import DocumentPageForm, PageForm
from .mapping.selectors import services_in
from .publishing import PublicationChecks
from .storage import document_storage


def _images():
    """Images with their renditions, so a list draws every thumbnail without a query per image."""
    return get_image_model().objects.prefetch_renditions()


class LocalisedPageQuerySet(PageQuerySet):
    def in_locale(self, locale):
        """Pages in one site language; `locale` is a Locale or its id."""
        return self.filter(locale=locale)


class PlacedPageQuerySet(LocalisedPageQuerySet):
    """Pages tagged with the countries they are about: news and document pages."""

    def about(self, countries):
        return self.filter(countries__in=countries).distinct()


class NewsPageQuerySet(PlacedPageQuerySet):
    def newest_first(self):
        return self.order_by("-date", "-pk")

    def with_lead_image(self):
        return self.prefetch_related(Prefetch("lead_image", queryset=_images()))

    def for_listing(self):
        """With the countries, themes, lead image and language a news list shows, each fetched once for the whole
        list."""
        return self.select_related("locale").prefetch_related("countries", "themes").with_lead_image()

    def in_reader_language(self, language):
        """Every item once: in `language` where it exists, else in the language it was written in; the reader's
        first, newest first within each group (kms.languages)."""
        return reader_language_first(one_per_translation(self, language).for_listing(), language, "-date", "-pk")


class DocumentPageQuerySet(PlacedPageQuerySet):
    def newest_first(self):
        return self.order_by("-publication_date", "-pk")

    def for_listing(self):
        """With the file, organisation, taxonomy and cover a document list shows, each fetched once."""
        return self.select_related("document", "organisation", "locale").prefetch_related(
            "countries", "themes", Prefetch("cover_image", queryset=_images())
        )


def _news_beside(page):
    """The live, public news that place pages show: every item once, in `page`'s language where it exists, those
    in that language first, newest first."""
    return NewsPage.objects.live().public().in_reader_language(page.locale.language_code)


def _documents_beside(page):
    """The live, public document pages that place and partner pages show: every document once, in `page`'s
    language where it exists, else in its file's language; those in `page`'s language first, newest first."""
    language = page.locale.language_code
    pages = one_per_translation(DocumentPage.objects.live().public(), language, OriginalIn("file_language"))
    return reader_language_first(pages.select_related("document", "locale"), language, "-publication_date", "-pk")


def _related_to_place(page, countries):
    return related.for_place(
        page,
        countries,
        news=_news_beside(page),
        documents=_documents_beside(page),
        partners_pages=PartnersPage.objects.live().public().in_locale(page.locale_id),
    )


class HomePage(PublicUrlMixin, Page):
    """The front page of one language's site."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    body = StreamField(HomeBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("hero_image"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms_pages.StandardPage",
        "cms_pages.NewsIndexPage",
        "cms_pages.DocumentLibraryPage",
        "cms_pages.RegionPage",
        "cms_pages.PartnersPage",
        "outreach.ContactPage",
        "research.ResearchIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        regions = [
            (region_page, CountryPage.objects.child_of(region_page).live().public().specific())
            for region_page in RegionPage.objects.child_of(self).live().public().specific()
        ]
        news = NewsPage.objects.live().public().in_reader_language(self.locale.language_code)
        context.update(related.for_home(self, news=news, regions=regions))
        return context


class StandardPage(PublicUrlMixin, Page):
    """A general page: about us, how we work, contact details."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms_pages.HomePage", "cms_pages.StandardPage"]
    subpage_types = ["cms_pages.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(RoutablePageMixin, PublicUrlMixin, Page):
    """The news listing of one language, with its RSS and Atom feeds."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["cms_pages.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    @property
    def rss_url(self):
        return self.url + self.reverse_subpage("feed", kwargs={"flavour": "rss"})

    @property
    def atom_url(self):
        return self.url + self.reverse_subpage("feed", kwargs={"flavour": "atom"})

    def news(self):
        """Live news under this index that every reader may see, newest first, with what the listing shows."""
        return NewsPage.objects.child_of(self).live().public().for_listing().newest_first()

    def news_in_reader_language(self):
        """What the listing shows: every live, public news item under this index or one of its translations once,
        this index's language first (its feeds keep to its own news)."""
        indexes = Q()
        for translation in self.get_translations(inclusive=True):
            indexes |= NewsPage.objects.child_of_q(translation)
        return NewsPage.objects.live().public().filter(indexes).in_reader_language(self.locale.language_code)

    @path("")
    def listing(self, request):
        form, items = listings.filter_news(self.news_in_reader_language(), request.GET)
        page_number = request.GET.get("page") or 1
        paginator = Paginator(items, listings.NEWS_PER_PAGE)
        page_obj = paginator.get_page(page_number)
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "filter_chips": form.chips(request.GET),
                "news_page": page_obj,
                "query_string": listings.query_without_page(request.GET),
            },
        )

    @re_path(r"^feed/(?P<flavour>rss|atom)/$")
    def feed(self, request, flavour):
        return feeds.NewsFeed(self, self.news(), request, flavour)(request)

    @re_path(r"^theme/(?P<slug>[-\w]+)/feed/(?P<flavour>rss|atom)/$")
    def theme_feed(self, request, slug, flavour):
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            raise Http404
        return feeds.NewsFeed(self, self.news().filter(themes=theme), request, flavour, subject=theme)(request)

    @re_path(r"^country/(?P<code>[A-Za-z]{2})/feed/(?P<flavour>rss|atom)/$")
    def country_feed(self, request, code, flavour):
        country = Country.objects.filter(code=code.upper()).first()
        if country is None:
            raise Http404
        return feeds.NewsFeed(self, self.news().filter(countries=country), request, flavour, subject=country)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("cms_pages.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPage(PublicationChecks, PublicUrlMixin, Page):
    """A news release, story or testimony, report highlight or best practice."""

    NewsType = NewsType

    news_type = models.CharField(_("type"), max_length=20, choices=NewsType.choices, default=NewsType.RELEASE)
    date = models.DateField(_("date"))
    author = models.CharField(_("author"), max_length=150, blank=True)
    intro = models.TextField(_("summary"), max_length=600, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead image"),
    )
    lead_image_alt = models.CharField(
        _("lead image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    countries = ParentalManyToManyField("taxonomy.Country", blank=True, related_name="+", verbose_name=_("countries"))
    themes = ParentalManyToManyField("taxonomy.Theme", blank=True, related_name="+", verbose_name=_("themes"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("news_type"), FieldPanel("date"), FieldPanel("author")], heading=_("About this item")
        ),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Lead image")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("countries"), FieldPanel("themes"), FieldPanel("tags")], heading=_("Countries and themes")
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    # The same in every language (wagtail-localize copies them from the source page); an author's name and
    # the lead image may be overridden in one language.
    override_translatable_fields = [
        SynchronizedField("date"),
        SynchronizedField("author"),
        SynchronizedField("countries"),
        SynchronizedField("themes"),
    ]
    parent_page_types = ["cms_pages.NewsIndexPage"]
    subpage_types = []

    base_form_class = PageForm
    objects = PageManager.from_queryset(NewsPageQuerySet)()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def publication_problems(self):
        if self.lead_image_id and not self.lead_image_alt.strip():
            return {
                "lead_image_alt": (
                    _(
                        "Publishing needs a description of the lead image, for people who cannot see it. "
                        "A draft can be saved without it."
                    ),
                    _("Draft saved, but not ready to publish: the lead image has no description."),
                )
            }
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = self.get_parent().specific
        return context


class DocumentLibraryPage(PublicUrlMixin, Page):
    """The library of one language: capacity statements, brochures, reports and factsheets to download."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["cms_pages.DocumentPage"]

    class Meta:
        verbose_name = _("document library")

    def documents(self):
        """Every live document page readers may see, once per document: the version in the library's language
        when there is one, else the one in the language of its file, else the first written; those in the
        library's language first, each group newest first.

        A document published only in French is listed in the Arabic library too, under its French title."""
        language = self.locale.language_code
        pages = one_per_translation(DocumentPage.objects.live().public(), language, OriginalIn("file_language"))
        return reader_language_first(pages.for_listing(), language, "-publication_date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, items, search_error = listings.filter_documents(self.documents(), request)
        paginator = Paginator(items, listings.DOCUMENTS_PER_PAGE)
        context.update(
            filter_form=form,
            documents_page=paginator.get_page(request.GET.get("page") or 1),
            search_error=search_error,
            query_string=listings.query_without_page(request.GET),
        )
        return context


class DocumentPage(RoutablePageMixin, PersonalDataChecked, PublicUrlMixin, Page):
    """One document to download (the file is a Wagtail document), with its cover, facts and language versions."""

    document = models.ForeignKey(
        "cms_pages.LibraryDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pages",
        verbose_name=_("file"),
    )
    kind = models.CharField(
        _("kind of document"), max_length=30, choices=DocumentKind.choices, default=DocumentKind.REPORT
    )
    organisation = models.ForeignKey(
        "taxonomy.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    file_language = models.CharField(_("language of the file"), max_length=8, choices=FILE_LANGUAGES, default="en")
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    countries = ParentalManyToManyField("taxonomy.Country", blank=True, related_name="+", verbose_name=_("countries"))
    themes = ParentalManyToManyField("taxonomy.Theme", blank=True, related_name="+", verbose_name=_("themes"))
    summary = models.TextField(_("summary"), max_length=1500, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover"),
        help_text=_("Made from the first page of a PDF when left empty."),
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)

    base_form_class = DocumentPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("document"), FieldPanel("upload"), FieldPanel("file_language")], heading=_("File")),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("organisation"), FieldPanel("publication_date"), FieldPanel("cover_image")],
            heading=_("About this document"),
        ),
        MultiFieldPanel([FieldPanel("countries"), FieldPanel("themes")], heading=_("Countries and themes")),
        PersonalDataPanel(heading=_("Personal data")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    # The file and its cover are shared by every language unless a translation chooses its own (an override in
    # the translation editor); the file's language stays each version's own, never copied from the source.
    override_translatable_fields = [
        SynchronizedField("document"),
        SynchronizedField("cover_image"),
        SynchronizedField("publication_date"),
        SynchronizedField("countries"),
        SynchronizedField("themes"),
        BaseTranslatableField("file_language"),
    ]
    parent_page_types = ["cms_pages.DocumentLibraryPage"]
    subpage_types = []

    objects = PageManager.from_queryset(DocumentPageQuerySet)()

    class Meta:
        verbose_name = _("document page")

    @property
    def kind_label(self):
        return self.get_kind_display()

    def personal_data_texts(self, read_files=True):
        """The title and summary, then the text of the file (read now if the worker has not read it yet)."""
        texts = [(_("Title"), self.title), (self._meta.get_field("summary").verbose_name, self.summary)]
        if self.document:
            texts.append((self.document.filename, document_text(self.document, read_now=read_files)))
        return texts

    @property
    def file_format(self):
        return self.document.file_extension.upper() if self.document else ""

    @cached_property
    def file_size(self):
        if not self.document:
            return None
        return self.document.get_file_size()

    @property
    def other_file_language(self):
        """The file's language when it is a site language other than this page's, else ""."""
        code = self.file_language
        return code if code in dict(settings.LANGUAGES) and code != self.locale.language_code else ""

    @cached_property
    def page_in_file_language(self):
        """Where a document whose file is in another language than this page is presented in its own language:
        the live, public translation of this page in the file's language; None when there is none (this page then
        marks the title with the file's language) or when the file is in this page's language."""
        if not self.other_file_language:
            return None
        return (
            DocumentPage.objects.filter(
                translation_key=self.translation_key, locale__language_code=self.other_file_language
            )
            .live()
            .public()
            .first()
        )

    def language_versions(self):
        """The same document's other language versions: live public translations whose file is in another language."""
        versions = (
            DocumentPage.objects.filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .live()
            .public()
            .exclude(file_language__in=["", self.file_language])
        )
        by_language = {}
        for version in versions.select_related("locale").order_by("locale__language_code"):
            by_language.setdefault(version.file_language, version)
        return [by_language[code] for code in sorted(by_language)]

    @property
    def download_url(self):
        return self.url + self.reverse_subpage("download")

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("download/")
    def download(self, request):
        """Counts one download and sends the reader on to the file itself."""
        if not self.document:
            raise Http404
        DocumentPage.objects.filter(pk=self.pk).update(download_count=F("download_count") + 1)
        return redirect(self.document.url)


class PlacePage(PublicUrlMixin, Page):
    """What region and country pages share: an introduction, the place's key figures and trends, and the context.

    The figures belong to the country or region (cms_pages.figures), entered once for every language version."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("context"))

    place_panels = [FieldPanel("intro"), SharedFiguresPanel(heading=_("Key figures and trends")), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True

    @cached_property
    def shared_figures(self):
        return figures_of(self)

    @cached_property
    def key_figures(self):
        """The place's key figures, in their order; the first one is shown on the home page."""
        return list(self.shared_figures.key_figures.all()) if self.shared_figures else []

    @cached_property
    def trends(self):
        """The place's figures over time, drawn as charts."""
        return list(self.shared_figures.series.all()) if self.shared_figures else []


class RegionPage(PlacePage):
    """A region of the network: context, key figures over time, and what the network does there."""

    region = models.ForeignKey("taxonomy.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))

    content_panels = [*Page.content_panels, FieldPanel("region"), *PlacePage.place_panels]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["cms_pages.CountryPage"]

    class Meta:
        verbose_name = _("region page")

    def country_codes(self):
        return list(self.region.countries.values_list("code", flat=True))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_related_to_place(self, self.region.countries.all()))
        context["services"] = services_in(region=self.region)
        context["country_pages"] = related.with_first_figure(
            self.get_children().live().public().type(CountryPage).specific()
        )
        return context


class CountryPage(PlacePage):
    """A country where the network works: context, key figures with source and date, a trend, related work."""

    country = models.ForeignKey(
        "taxonomy.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )

    content_panels = [*Page.content_panels, FieldPanel("country"), *PlacePage.place_panels]
    parent_page_types = ["cms_pages.RegionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("country page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_related_to_place(self, [self.country]))
        context["services"] = services_in(country=self.country)
        return context


class PartnerBlock(wagtail_blocks.StructBlock):
    organisation = SnippetChooserBlock("taxonomy.Organisation", label=_("Organisation"))
    description = wagtail_blocks.TextBlock(label=_("What they do in the network"))
    themes = wagtail_blocks.ListBlock(
        SnippetChooserBlock("taxonomy.Theme", label=_("Theme")), label=_("Themes"), required=False
    )


class PartnersPage(RoutablePageMixin, PublicUrlMixin, Page):
    """The network's partners, filterable by type, country and theme, each with a page of their own."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    partners = StreamField([("partner", PartnerBlock(label=_("Partner")))], blank=True, verbose_name=_("partners"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("partners")]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    objects = PageManager.from_queryset(LocalisedPageQuerySet)()

    class Meta:
        verbose_name = _("partners page")

    def entries(self):
        """Each partner's organisation, description and themes, with the organisation's countries fetched once."""
        return listings.partner_entries(self)

    @path("")
    def listing(self, request):
        form, entries = listings.filter_partners(self.entries(), request.GET)
        return self.render(request, context_overrides={"filter_form": form, "entries": entries})

    @path("<slug:slug>/")
    def partner(self, request, slug):
        entry = next((entry for entry in self.entries() if entry["organisation"].slug == slug), None)
        if entry is None:
            raise Http404
        return self.render(
            request,
            template="cms_pages/partner_page.html",
            context_overrides={
                "entry": entry,
                **related.for_organisation(_documents_beside(self), entry["organisation"]),
            },
        )

    def partner_url(self, organisation):
        return self.url + self.reverse_subpage("partner", kwargs={"slug": organisation.slug})


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details, social links and footer text shown on every page, in each site language."""

    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    footer_text_en = models.TextField(_("footer text (English)"), blank=True)
    footer_text_fr = models.TextField(_("footer text (French)"), blank=True)
    footer_text_ar = models.TextField(_("footer text (Arabic)"), blank=True)
    footer_text_nl = models.TextField(_("footer text (Dutch)"), blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    mastodon_url = models.URLField("Mastodon", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=_("Contact details"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("footer_text_en"),
                FieldPanel("footer_text_fr"),
                FieldPanel("footer_text_ar"),
                FieldPanel("footer_text_nl"),
            ],
            heading=_("Footer text"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("linkedin_url"),
                FieldPanel("mastodon_url"),
                FieldPanel("facebook_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Social links"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def footer_text(self, language):
        return getattr(self, f"footer_text_{(language or 'en')[:2]}", "") or self.footer_text_en

    def social_links(self):
        return [
            (name, url)
            for name, url in (
                ("LinkedIn", self.linkedin_url),
                ("Mastodon", self.mastodon_url),
                ("Facebook", self.facebook_url),
                ("YouTube", self.youtube_url),
            )
            if url
        ]


class LibraryDocument(AbstractDocument):
    """A Wagtail document that remembers what text extraction found in its file, and what it is about.

    Editors see the extraction status (for example "encrypted" or "no text layer")
    beside the file; the file itself is always kept. The kind, organisation,
    countries, themes and publication date feed the search facets.
    """

    Kind = DocumentKind

    class LanguageSource(models.TextChoices):
        """Whether `language` was detected from the text (and may be re-detected) or given by a person."""

        DETECTED = "detected", _("Detected from the text")
        METADATA = "metadata", _("Given with the document")

    file = models.FileField(upload_to="documents", storage=document_storage, verbose_name=_("file"))
    extraction_status = models.CharField(_("text extraction"), max_length=20, blank=True, editable=False)
    extraction_message = models.CharField(_("extraction message"), max_length=300, blank=True, editable=False)
    extracted_text = models.TextField(blank=True, editable=False)
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=8, blank=True, editable=False)
    language_source = models.CharField(
        _("language source"),
        max_length=10,
        choices=LanguageSource.choices,
        default=LanguageSource.DETECTED,
        editable=False,
    )
    kind = models.CharField(_("kind of document"), max_length=30, choices=Kind.choices, blank=True)
    organisation = models.ForeignKey(
        "taxonomy.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_documents",
        verbose_name=_("organisation"),
    )
    countries = models.ManyToManyField(
        "taxonomy.Country", blank=True, related_name="library_documents", verbose_name=_("countries")
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="library_documents", verbose_name=_("themes")
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    # What the file's own properties say (PDF CreationDate, Word core properties), read with its text:
    # the document's date when no publication date is given, never the day it was uploaded.
    file_created_on = models.DateField(_("created (from the file)"), null=True, blank=True, editable=False)
    # SHA-256 of the file, indexed: the importer finds duplicates by it. Wagtail's own
    # file_hash is SHA-1 and not indexed; the importer also checks it for admin uploads.
    content_hash = models.CharField(
        _("content hash (SHA-256)"), max_length=64, blank=True, db_index=True, editable=False
    )

    # The picture of the file's first page (cms_pages.covers): every page presenting the file shows the same
    # one, and it goes when the document goes (cms_pages.signals).
    cover = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("cover"),
    )
    # The page whose upload box created this document; it goes once that page no longer uses it
    # (cms_pages.uploads). Documents chosen from the library have none and are never removed that way.
    uploaded_for = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("uploaded on page"),
    )

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "kind",
        "organisation",
        "countries",
        "themes",
        "published_on",
        "tags",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def clean(self):
        clean_name_fields(self, "title")
        if not self.title:
            raise ValidationError({"title": _("Give the document a title with visible characters.")})
        super().clean()

    @property
    def download_name(self):
        """The name the file downloads under: the title in its own script, whatever the stored file is called."""
        return download_name(self.title, self.file_extension.lower(), fallback=f"document-{self.pk}")

    @property
    def content_disposition(self):
        """PDFs open in the browser, other files download; both under `download_name` (RFC 6266)."""
        inline = self.content_type in settings.WAGTAILDOCS_INLINE_CONTENT_TYPES
        return content_disposition(self.download_name, attachment=not inline)
