"""Joint research: the research section, its projects and their publications.

Projects and publications are Wagtail pages under one research section per
language, so researchers draft them in the admin, editors approve them through a
review workflow, and each has its own public URL and language versions.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import BaseTranslatableField, SynchronizedField

from communities.selectors import public_communities, public_lessons
from kms import converters  # noqa: F401 (registers the <id:...> path converter)
from kms.languages import OriginalIn, one_per_translation, reader_language_first
from kms.personal_data.files import document_text
from kms.personal_data.models import PersonalDataChecked
from kms.personal_data.panels import PersonalDataPanel
from kms.public_url import PublicUrlMixin
from kms.taxonomy.models import Organisation

from . import feeds, identifiers, listing
from .choices import LANGUAGE_CHOICES, PublicationType
from .citation import citation_context
from .forms import PublicationForm
from .licences import LICENCE_CHOICES, SPDX_LICENCES, licence_url, validate_spdx


def orcid_field():
    return models.CharField(
        _("ORCID iD"),
        max_length=40,
        blank=True,
        validators=[identifiers.validate_orcid],
        help_text=_("Optional, for example 0000-0002-1825-0097."),
    )


def affiliation_field():
    return models.ForeignKey(
        "taxonomy.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("affiliation"),
    )


class PublicationPageQuerySet(PageQuerySet):
    def in_locale(self, locale):
        return self.filter(locale=locale)

    def in_reader_language(self, language):
        """Every live, public publication once, for a reader of `language` (kms.languages)."""
        pages = one_per_translation(self.live().public(), language, OriginalIn("language"))
        return reader_language_first(pages, language, "-publication_date", "-pk")

    def newest_first(self):
        return self.order_by("-publication_date", "-pk")

    def by_organisation(self, slug):
        """Publications an organisation took part in: through an author's affiliation, or leading or partnering
        in the project."""
        return self.filter(
            Q(pk__in=PublicationAuthor.objects.filter(affiliation__slug=slug).values("publication"))
            | Q(project__lead_organisation__slug=slug)
            | Q(project__partner_organisations__slug=slug)
        )

    def organisations(self):
        """The organisations these publications came from: their authors' affiliations, their projects' leads and
        partners."""
        ids = self.values("pk")
        author_organisations = PublicationAuthor.objects.filter(publication__in=ids).values("affiliation")
        return Organisation.objects.filter(
            Q(pk__in=author_organisations)
            | Q(led_research_projects__publications__in=ids)
            | Q(partner_research_projects__publications__in=ids)
        ).distinct()

    def for_listing(self):
        """With the file, authors (and their affiliations) and keywords a list or an export shows, fetched once."""
        return self.select_related("primary_file", "locale").prefetch_related(
            Prefetch("authors", queryset=PublicationAuthor.objects.select_related("affiliation")), "keywords"
        )


class ResearchProjectPageQuerySet(PageQuerySet):
    def newest_first(self):
        """Most recently started first, unscheduled projects last."""
        return self.order_by(F("start_date").desc(nulls_last=True), "-pk")


class ResearchIndexPage(RoutablePageMixin, PublicUrlMixin, Page):
    """The research section of one language's site: projects, and every publication with filters."""

    intro = models.TextField(_("introduction"), max_length=800, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["research.ResearchProjectPage", "research.PublicationPage"]
    max_count_per_parent = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("research section")

    @path("")
    def listing(self, request):
        return self.render(request)

    def publications(self):
        """Every live, public publication once: in this section's language where translated, else in the language
        it was written in; those in the section's language first, each group newest first."""
        return PublicationPage.objects.in_reader_language(self.locale.language_code)

    @path("feed/", name="feed")
    def feed(self, request):
        # The feed keeps to the section's language: its subscribers chose that language.
        publications = PublicationPage.objects.live().public().in_locale(self.locale).newest_first()
        return feeds.PublicationFeed(self, publications)(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = ResearchProjectPage.objects.live().public().newest_first()
        context.update(listing.listing_context(self, request, self.publications(), projects))
        return context


class ResearchProjectPage(PublicUrlMixin, Page):
    """A joint research project: its questions, method, people, partners and what it published."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    summary = models.TextField(_("summary"), max_length=1200)
    research_questions = RichTextField(
        _("research questions"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    methodology = RichTextField(_("methodology"), blank=True, features=["bold", "italic", "ol", "ul", "link"])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ONGOING)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    lead_organisation = models.ForeignKey(
        "taxonomy.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_research_projects",
        verbose_name=_("lead organisation"),
    )
    partner_organisations = ParentalManyToManyField(
        "taxonomy.Organisation",
        blank=True,
        related_name="partner_research_projects",
        verbose_name=_("partner organisations"),
    )
    funders = ParentalManyToManyField(
        "taxonomy.Organisation", blank=True, related_name="funded_research_projects", verbose_name=_("funders")
    )
    countries = ParentalManyToManyField(
        "taxonomy.Country", blank=True, related_name="research_projects", verbose_name=_("countries")
    )
    themes = ParentalManyToManyField(
        "taxonomy.Theme", blank=True, related_name="research_projects", verbose_name=_("themes")
    )
    related_communities = ParentalManyToManyField(
        "communities.Community", blank=True, related_name="research_projects", verbose_name=_("related communities")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("research_questions"),
        FieldPanel("methodology"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("Status and dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("lead_organisation"), FieldPanel("partner_organisations"), FieldPanel("funders")],
            heading=_("Organisations"),
        ),
        InlinePanel("team", heading=_("Team"), label=_("team member")),
        MultiFieldPanel([FieldPanel("countries"), FieldPanel("themes")], heading=_("Countries and themes")),
        FieldPanel("related_communities"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("methodology")]
    # The same in every language: wagtail-localize copies them from the source page.
    override_translatable_fields = [
        SynchronizedField(name)
        for name in (
            "start_date",
            "end_date",
            "partner_organisations",
            "funders",
            "countries",
            "themes",
            "related_communities",
        )
    ]

    parent_page_types = ["research.ResearchIndexPage"]
    subpage_types = ["research.PublicationPage"]

    objects = PageManager.from_queryset(ResearchProjectPageQuerySet)()

    class Meta:
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    def get_context(self, request, *args, **kwargs):
        """The page, its public publications, its public communities, and the lessons citing it."""
        context = super().get_context(request, *args, **kwargs)
        context.update(
            publications=(
                PublicationPage.objects.live().public().newest_first().filter(project=self).prefetch_related("authors")
            ),
            communities=public_communities().filter(research_projects=self),
            lessons=public_lessons(related_page=self),
        )
        return context


class ProjectTeamMember(Orderable):
    """A person working on a project, in the role they hold there."""

    project = ParentalKey(ResearchProjectPage, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=200, help_text=_("For example: principal investigator, field researcher.")
    )
    affiliation = affiliation_field()
    orcid = orcid_field()

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("affiliation"), FieldPanel("orcid")]

    def clean(self):
        super().clean()
        if self.orcid:
            self.orcid = identifiers.normalise_orcid(self.orcid)

    def __str__(self):
        return f"{self.name} ({self.role})"


class PublicationKeyword(TaggedItemBase):
    content_object = ParentalKey("research.PublicationPage", on_delete=models.CASCADE, related_name="keyword_items")


class PublicationPage(RoutablePageMixin, PersonalDataChecked, PublicUrlMixin, Page):
    """A study, report, brief, paper, dataset or article, with the metadata libraries and citation tools need."""

    Type = PublicationType

    publication_type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.REPORT)
    abstract = models.TextField(_("abstract"))
    publication_date = models.DateField(_("publication date"), default=timezone.localdate)
    language = models.CharField(
        _("language of the publication"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("Leave empty to use the language of this page."),
    )
    primary_file = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("main file"),
        help_text=_("The file of the latest version."),
    )
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[identifiers.validate_doi],
        help_text=_("For example 10.5281/zenodo.1234567."),
    )
    handle = models.CharField(
        _("handle"),
        max_length=200,
        blank=True,
        validators=[identifiers.validate_handle],
        help_text=_("Used when there is no DOI, for example 20.500.12345/678."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=40,
        choices=LICENCE_CHOICES,
        validators=[validate_spdx],
        help_text=_("An SPDX licence identifier."),
    )
    keywords = ClusterTaggableManager(through=PublicationKeyword, blank=True, verbose_name=_("keywords"))
    countries = ParentalManyToManyField(
        "taxonomy.Country", blank=True, related_name="publications", verbose_name=_("countries")
    )
    themes = ParentalManyToManyField(
        "taxonomy.Theme", blank=True, related_name="publications", verbose_name=_("themes")
    )
    project = models.ForeignKey(
        ResearchProjectPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
        verbose_name=_("research project"),
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, help_text=_("Leave empty to use the name of this site.")
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("publication_type"), FieldPanel("publication_date"), FieldPanel("language")]),
        FieldPanel("abstract"),
        InlinePanel("authors", heading=_("Authors, in order"), label=_("author"), min_num=1),
        MultiFieldPanel([FieldPanel("primary_file"), InlinePanel("annexes", label=_("annex"))], heading=_("Files")),
        MultiFieldPanel(
            [FieldPanel("doi"), FieldPanel("handle"), FieldPanel("licence"), FieldPanel("publisher")],
            heading=_("Identifiers and licence"),
        ),
        InlinePanel("versions", heading=_("Versions"), label=_("version")),
        MultiFieldPanel(
            [FieldPanel("project"), FieldPanel("keywords"), FieldPanel("countries"), FieldPanel("themes")],
            heading=_("Project and subjects"),
        ),
        PersonalDataPanel(heading=_("Personal data")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("abstract")]
    # Identifiers and dates are the same in every language; the file is shared unless a translation has its own.
    # The language of the publication and its keywords stay each version's own, never copied from the source.
    override_translatable_fields = [
        BaseTranslatableField("language"),
        BaseTranslatableField("keywords"),
        BaseTranslatableField("keyword_items"),
        SynchronizedField("publication_date"),
        SynchronizedField("primary_file"),
        SynchronizedField("doi", overridable=False),
        SynchronizedField("handle", overridable=False),
        SynchronizedField("countries"),
        SynchronizedField("themes"),
    ]

    parent_page_types = ["research.ResearchIndexPage", "research.ResearchProjectPage"]
    subpage_types = []
    base_form_class = PublicationForm

    objects = PageManager.from_queryset(PublicationPageQuerySet)()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def clean(self):
        super().clean()
        self.doi = identifiers.normalise_doi(self.doi)
        self.handle = identifiers.normalise_handle(self.handle)
        if self.licence and self.licence not in SPDX_LICENCES:
            raise ValidationError({"licence": _("Choose a licence from the list.")})

    def personal_data_texts(self, read_files=True):
        """The title and abstract, then the text of the main file and the annexes (read now if the worker has
        not read them yet)."""
        texts = [(_("Title"), self.title), (self._meta.get_field("abstract").verbose_name, self.abstract)]
        files = [self.primary_file, *(annex.document for annex in self.annexes.all())]
        return texts + [
            (document.filename, document_text(document, read_now=read_files)) for document in files if document
        ]

    def save(self, *args, **kwargs):
        if not self.language and self.locale_id:
            self.language = self.locale.language_code
        return super().save(*args, **kwargs)

    @property
    def language_code(self):
        return self.language or self.locale.language_code

    @property
    def licence_name(self):
        return SPDX_LICENCES.get(self.licence, self.licence)

    @property
    def licence_url(self):
        return licence_url(self.licence)

    @cached_property
    def ordered_authors(self):
        return list(self.authors.all())

    @cached_property
    def ordered_versions(self):
        """Versions, newest first."""
        return sorted(self.versions.all(), key=lambda version: version.number, reverse=True)

    @property
    def latest_version(self):
        versions = self.ordered_versions
        return versions[0] if versions else None

    def get_sitemap_urls(self, request=None):
        """The page, and every version at its own URL: each is a citable address crawlers should know."""
        urls = super().get_sitemap_urls(request)
        base = urls[0]["location"] if urls else None
        if base:
            urls += [
                {"location": base + self.reverse_subpage("version", args=[version.number]), "lastmod": version.date}
                for version in self.ordered_versions
            ]
        return urls

    def full_version_url(self, version, request=None):
        return self.get_full_url(request) + self.reverse_subpage("version", args=[version.number])

    @path("")
    def current(self, request):
        return self.render(request)

    @path("v/<id:number>/", name="version")
    def version(self, request, number):
        chosen = next((v for v in self.ordered_versions if v.number == number), None)
        if chosen is None:
            raise Http404
        return self.render(request, version=chosen)

    def get_context(self, request, *args, version=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        explicit = version is not None
        version = version or self.latest_version
        context["version"] = version
        context["is_latest"] = version is None or version == self.latest_version
        context["translations"] = self.get_translations().live().select_related("locale")
        context.update(citation_context(self, request, version, explicit=explicit))
        return context


class PublicationAuthor(Orderable):
    """One author of a publication, in citation order, with their affiliation at the time."""

    publication = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="authors")
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    family_name = models.CharField(
        _("family name"), max_length=200, help_text=_("Or the name of an organisation that is the author.")
    )
    affiliation = affiliation_field()
    affiliation_name = models.CharField(
        _("affiliation (other)"),
        max_length=300,
        blank=True,
        help_text=_("When the affiliation is not in the list of organisations."),
    )
    orcid = orcid_field()

    panels = [
        FieldRowPanel([FieldPanel("given_names"), FieldPanel("family_name")]),
        FieldRowPanel([FieldPanel("affiliation"), FieldPanel("affiliation_name")]),
        FieldPanel("orcid"),
    ]

    def clean(self):
        super().clean()
        if self.orcid:
            self.orcid = identifiers.normalise_orcid(self.orcid)

    @property
    def name(self):
        return " ".join(part for part in (self.given_names, self.family_name) if part)

    @property
    def affiliation_label(self):
        return self.affiliation.name if self.affiliation else self.affiliation_name

    @property
    def orcid_url(self):
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    def __str__(self):
        return self.name


class PublicationAnnex(Orderable):
    """A supporting file: questionnaire, data tables, summary in another language."""

    publication = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="annexes")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("file")
    )
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("Leave empty to use the file's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    @property
    def title(self):
        return self.label or self.document.title


class PublicationVersion(Orderable):
    """One version of a publication: what changed and when; each keeps its own citable URL."""

    publication = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version number"))
    date = models.DateField(_("date"))
    change_note = models.TextField(_("what changed"), max_length=1000, blank=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("file of this version"),
        help_text=_("Leave empty for the latest version: the main file is used."),
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("date")]),
        FieldPanel("change_note"),
        FieldPanel("document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("version")

    def file_for(self, publication):
        return self.document or publication.primary_file

    def __str__(self):
        return f"v{self.number} ({self.date})"


class DeletedPublication(models.Model):
    """A publication that harvesters once saw and that is gone (unpublished, restricted or deleted).

    OAI-PMH promises harvesters to report such records as deleted, with the time
    they went, so their copies can follow.
    """

    page_id = models.PositiveIntegerField(unique=True)
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)
    set_specs = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["deleted_at", "page_id"]
        verbose_name = _("withdrawn publication")
        verbose_name_plural = _("withdrawn publications")

    def __str__(self):
        return f"publication {self.page_id} withdrawn {self.deleted_at:%Y-%m-%d}"
