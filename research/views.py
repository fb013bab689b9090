"""Citation exports: one publication, or any filtered list, as BibTeX, RIS or CSL-JSON."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from wagtail.models import Locale

from . import citation
from .listing import filtered_publications
from .models import PublicationPage
from .permissions import can_view_publication
from .selectors import public_publications

EXTENSIONS = {"bib": "bib", "ris": "ris", "json": "json"}
MAX_EXPORT = 1000


def _download(text, fmt, filename):
    response = HttpResponse(text, content_type=citation.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{EXTENSIONS[fmt]}"'
    return response


def publication_citation(request, page_id, fmt):
    """One publication's citation; `?version=N` cites that version at its own URL."""
    page = get_object_or_404(PublicationPage, pk=page_id)
    if fmt not in citation.FORMATS or not can_view_publication(request.user, page):
        raise Http404
    version = None
    if request.GET.get("version", "").isdigit():
        number = int(request.GET["version"])
        version = next((v for v in page.ordered_versions if v.number == number), None)
        if version is None:
            raise Http404
    work = citation.describe(
        page, version=version or page.latest_version, request=request, version_url=version is not None
    )
    filename = slugify(page.slug) or f"publication-{page.pk}"
    if version is not None:
        filename += f"-v{version.number}"
    return _download(citation.FORMATS[fmt]([work]), fmt, filename)


def list_citations(request, fmt):
    """The publications a filtered list shows (same GET parameters, plus `locale`), all pages of it."""
    if fmt not in citation.FORMATS:
        raise Http404
    locale = Locale.objects.filter(language_code=request.GET.get("locale", "")).first()
    if locale is None:
        _form, publications = filtered_publications(public_publications(), request.GET)
    else:
        # What the section of that language lists, in its order.
        language = locale.language_code
        publications = PublicationPage.objects.in_reader_language(language)
        _form, publications = filtered_publications(publications, request.GET, language)
    publications = publications.prefetch_related("versions")[:MAX_EXPORT]
    works = [citation.describe(page, version=page.latest_version, request=request) for page in publications]
    return _download(citation.FORMATS[fmt](works), fmt, "publications")
