from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


class HomePage(Page):
    """The front page of one language's site."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms_pages.StandardPage"]

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A general page: about us, how we work, contact details."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms_pages.HomePage", "cms_pages.StandardPage"]
    subpage_types = ["cms_pages.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class LibraryDocument(AbstractDocument):
    """A Wagtail document that remembers what text extraction found in its file, and what it is about.

    Editors see the extraction status (for example "encrypted" or "no text layer")
    beside the file; the file itself is always kept. The kind, organisation,
    countries, themes and publication date feed the search facets.
    """

    class Kind(models.TextChoices):
        REPORT = "report", _("report")
        BROCHURE = "brochure", _("brochure")
        CAPACITY_STATEMENT = "capacity_statement", _("capacity statement")
        FACTSHEET = "factsheet", _("factsheet")
        STUDY = "study", _("study")
        OTHER = "other", _("other")

    class LanguageSource(models.TextChoices):
        """Whether `language` was detected from the text (and may be re-detected) or given by a person."""

        DETECTED = "detected", _("detected from the text")
        METADATA = "metadata", _("given with the document")

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
    # SHA-256 of the file, indexed: the importer finds duplicates by it. Wagtail's own
    # file_hash is SHA-1 and not indexed; the importer also checks it for admin uploads.
    content_hash = models.CharField(
        _("content hash (SHA-256)"), max_length=64, blank=True, db_index=True, editable=False
    )

    admin_form_fields = (
        "title", "file", "collection", "kind", "organisation", "countries", "themes", "published_on", "tags",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
