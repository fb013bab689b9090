"""The shared body StreamBlock used by the site's pages; each block names its template under templates/blocks/."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from .figures import not_in_future, parse_number
from .video import embed_url

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with the words a screen reader says, a caption and the photographer's credit."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"), max_length=250, help_text=_("What the image shows, for people who cannot see it.")
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=150)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    """A testimony. It is shown only with the speaker's consent, and can hide who they are."""

    ANONYMISE_CHOICES = [
        ("none", _("Show name, role and photo")),
        ("first_name", _("Show the first name only, no photo")),
        ("participant", _('Show "a participant", no photo')),
    ]
    quote = blocks.TextBlock(label=_("Quote"))
    speaker = blocks.CharBlock(label=_("Speaker"), max_length=120)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=120)
    place = blocks.CharBlock(label=_("Place"), required=False, max_length=120)
    photo = ImageChooserBlock(label=_("Photo"), required=False)
    consent = blocks.BooleanBlock(
        label=_("The speaker consented to publication"),
        required=False,
        help_text=_("A testimony without recorded consent cannot be published."),
    )
    anonymise = blocks.ChoiceBlock(label=_("Anonymise"), choices=ANONYMISE_CHOICES, default="none")

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"

    def clean(self, value):
        value = super().clean(value)
        # A draft may wait for consent (Wagtail defers validation when saving one); publishing may not.
        if not value.get("consent") and not self.is_deferred_validation:
            raise StructBlockValidationError(
                {
                    "consent": ValidationError(
                        _(
                            "Publishing needs the speaker's recorded consent. Record it, or save a draft until you have it."
                        )
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        mode = value.get("anonymise") or "none"
        speaker = (value.get("speaker") or "").strip()
        if mode == "participant":
            context["shown_name"] = _("a participant")
        elif mode == "first_name":
            context["shown_name"] = speaker.split()[0] if speaker else _("a participant")
        else:
            context["shown_name"] = speaker
        context["identified"] = mode == "none"
        return context


class VideoBlock(blocks.StructBlock):
    """A video that loads nothing from the video site until the reader asks for it."""

    url = blocks.URLBlock(label=_("Video address"), help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.TextBlock(
        label=_("Transcript or text alternative"),
        help_text=_("Required: people who cannot watch or hear the video read this instead."),
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = embed_url(value.get("url") or "")
        return context


class KeyFigureBlock(blocks.StructBlock):
    """A figure written into one page's text. A country's or region's own figures are entered once for every
    language on its figures (cms_pages.figures); this block is for a figure that belongs to one text."""

    value = blocks.CharBlock(label=_("Figure"), max_length=30, help_text=_("For example 12 400 or 37 %."))
    label = blocks.CharBlock(label=_("What it counts"), max_length=150)
    source = blocks.CharBlock(label=_("Source"), max_length=200)
    as_of = blocks.DateBlock(label=_("As of"))

    class Meta:
        icon = "order"
        template = "blocks/key_figure_block.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        try:
            parse_number((value.get("value") or "").strip().removesuffix("%").strip())
        except ValueError:
            errors["value"] = ValidationError(
                _("“%(value)s” is not a number. Write the figure with digits, for example 12 400 or 37 %%."),
                params={"value": value.get("value")},
            )
        try:
            not_in_future(value.get("as_of"))
        except ValidationError as error:
            errors["as_of"] = error
        if errors:
            raise StructBlockValidationError(errors)
        return value


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=150)
    figures = blocks.ListBlock(KeyFigureBlock(label=_("Figure")), label=_("Figures"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/key_figures_block.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=150)
    text = blocks.TextBlock(label=_("Text"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError({"page": ValidationError(_("Choose a page or give an address."))})
        return value


class DocumentLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=150)
    documents = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="cms_pages.DocumentPage", label=_("Document")), label=_("Documents")
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_links_block.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=150)
    items = blocks.ListBlock(QuestionBlock(label=_("Question")), label=_("Questions"))

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion_block.html"


class TableBlock(blocks.StructBlock):
    """A simple table typed as text: one row per line, cells separated by |, the first line is the header."""

    caption = blocks.CharBlock(label=_("Caption"), max_length=200)
    rows = blocks.TextBlock(
        label=_("Rows"),
        help_text=_("One row per line, cells separated by |. The first line holds the column headings."),
    )

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        lines = [line for line in (value.get("rows") or "").splitlines() if line.strip()]
        cells = [[cell.strip() for cell in line.split("|")] for line in lines]
        context["header"] = cells[0] if cells else []
        context["body_rows"] = cells[1:]
        return context


class BodyBlock(blocks.StreamBlock):
    """The body shared by standard, news, region and country pages."""

    heading = HeadingBlock(label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html", label=_("Rich text")
    )
    image = CaptionedImageBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quote or testimony"))
    video = VideoBlock(label=_("Video"))
    key_figures = KeyFiguresBlock(label=_("Key figures"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
    document_links = DocumentLinksBlock(label=_("Document links"))
    accordion = AccordionBlock(label=_("Questions and answers"))
    table = TableBlock(label=_("Table"))


class FeaturedPagesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=150)
    pages = blocks.ListBlock(blocks.PageChooserBlock(label=_("Page")), label=_("Pages"))

    class Meta:
        icon = "pick"
        template = "blocks/featured_pages_block.html"


class HomeBlock(BodyBlock):
    """The home page's editable sections: the shared body plus featured documents and research."""

    featured = FeaturedPagesBlock(label=_("Featured documents or research"))
