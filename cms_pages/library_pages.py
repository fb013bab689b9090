"""Publishing a library file on a document page: what `import_library --audience public` does with each file.

A public document is one that a live page presents (cms_pages.permissions), so a public import gives
every file a published document page, in the library of the file's language (or one chosen library),
with the title, summary, date, countries, themes, organisation and kind the metadata gave the file.
Search reaches this module through the Wagtail hook "kms_library_publisher" (wagtail_hooks.py): the
importer lives in search/, which knows no app. Its messages are for the operator running the command,
in English like the command's other lines.
"""

from django.conf import settings
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug

from .choices import DocumentKind
from .models import DocumentLibraryPage, DocumentPage

SUMMARY_MAX = DocumentPage._meta.get_field("summary").max_length
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class LibraryPublisher:
    """Publishes documents on pages under `library_id` (a DocumentLibraryPage), or under the library of
    each file's language when None. Raises ValueError for a `library_id` that is no document library."""

    def __init__(self, library_id=None):
        self.chosen = None
        if library_id is not None:
            self.chosen = DocumentLibraryPage.objects.filter(pk=library_id).first()
            if self.chosen is None:
                raise ValueError(f"no document library page has the id {library_id}")

    def library_for(self, language):
        """The chosen library, else the first library in `language`, else in the site's default language."""
        if self.chosen is not None:
            return self.chosen
        code = language if language in LANGUAGES else settings.LANGUAGE_CODE
        return DocumentLibraryPage.objects.filter(locale__language_code=code).order_by("path").first()

    def problem(self, language):
        """Why a file in `language` ("" when unknown) cannot be published, or ""."""
        if self.library_for(language) is not None:
            return ""
        code = language if language in LANGUAGES else settings.LANGUAGE_CODE
        return f"there is no document library in {code!r}: add one in the admin, or choose one with --library"

    def publish(self, document, summary=""):
        """The published document page presenting `document`: the one already there, else a new one."""
        existing = DocumentPage.objects.filter(document=document).order_by("pk").first()
        if existing is not None:
            return existing
        library = self.library_for(document.language)
        slug = slugify(document.title, allow_unicode=True)[:200] or f"document-{document.pk}"
        page = DocumentPage(
            title=document.title,
            slug=find_available_slug(library, slug),
            locale=library.locale,
            document=document,
            summary=summary[:SUMMARY_MAX],
            kind=document.kind or DocumentKind.REPORT,
            organisation=document.organisation,
            publication_date=document.published_on,
            file_language=document.language if document.language in LANGUAGES else "other",
        )
        page.countries.set(list(document.countries.all()))
        page.themes.set(list(document.themes.all()))
        from .covers import make_cover

        page.cover_problem = make_cover(page)
        library.add_child(instance=page)
        page.save_revision().publish()
        return page
