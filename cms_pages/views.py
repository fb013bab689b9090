"""Site-wide views that are not pages: robots.txt, the sitemap index and each language's sitemap, and
the library's files."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_serve

from kms import public_url

from .permissions import can_download
from .sitemaps import sitemaps

PUBLIC_FILE_MAX_AGE = 3600


def serve_document(request, document_id, document_filename):
    """A library document's file, through Wagtail's view (its `before_serve_document` hooks turn away
    whoever is not in the document's audience), named after its title in the title's script; shared caches may keep
    only what every visitor may download."""
    response = wagtail_serve.serve(request, document_id, document_filename)
    document = get_document_model().objects.filter(pk=document_id).first()
    if response.status_code == 200 and document is not None:
        response["Content-Disposition"] = document.content_disposition
    if response.status_code in (200, 304) and document is not None and can_download(AnonymousUser(), document):
        response["Cache-Control"] = f"public, max-age={PUBLIC_FILE_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@cache_control(max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        *(f"Disallow: /{code}/accounts/" for code, _name in settings.LANGUAGES),
        *(f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES),
        "",
        f"Sitemap: {public_url.absolute('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_index(request):
    """The index of the per-language sitemaps."""
    entries = "".join(
        f"<sitemap><loc>{public_url.absolute(f'/{code}/sitemap.xml')}</loc></sitemap>"
        for code, _name in settings.LANGUAGES
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    )
    return HttpResponse(body, content_type="application/xml")


@require_GET
def locale_sitemap(request):
    return django_sitemap(request, sitemaps=sitemaps(request))
