"""Site-wide views that are not pages: robots.txt, the sitemap index and each language's sitemap."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .sitemaps import sitemaps


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
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_index(request):
    """The index of the per-language sitemaps."""
    entries = "".join(
        f"<sitemap><loc>{request.build_absolute_uri(f'/{code}/sitemap.xml')}</loc></sitemap>"
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
