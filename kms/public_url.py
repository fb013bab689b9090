"""The site's public address: every absolute link kms gives out starts with settings.WAGTAILADMIN_BASE_URL.

Citations, JSON-LD, sitemaps, feeds, OAI-PMH and emails are read far from the request that made
them, so they trust neither the request's Host header (a proxy's, or a forged one) nor the
Wagtail Site row's host name (``localhost`` on a fresh installation). kms serves one site.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def origin():
    """Scheme and host of the public address, without a trailing slash: ``https://kms.example.org``."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def absolute(url):
    """A path on the public host; an address that already names a host (a DOI, a storage URL) is kept."""
    if not url or urlsplit(url).netloc:
        return url
    return origin() + (url if url.startswith("/") else f"/{url}")


def rebase(url):
    """One of kms's own addresses moved to the public host, whichever host it was built on."""
    if not url:
        return url
    parts = urlsplit(url)
    public = urlsplit(origin())
    return urlunsplit((public.scheme, public.netloc, parts.path or "/", parts.query, parts.fragment))


class PublicUrlMixin:
    """Wagtail pages whose full URLs (sitemaps, feeds, citations, Wagtail's own emails) use the public host.

    Wagtail builds them from the Site row's host name and port; every page model of kms puts this
    mixin before ``Page`` (tests/test_public_url.py checks that none is missed).
    """

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or parts[1] is None:
            return parts
        return parts[0], origin(), parts[2]


class PublicSitemapMixin:
    """Django sitemaps put item paths on the request's host; these put them on the public host."""

    def get_protocol(self, protocol=None):
        return urlsplit(origin()).scheme

    def get_domain(self, site=None):
        return urlsplit(origin()).netloc


class _PublicHostRequest:
    """A request seen as if it had come to the public host (what Django's feeds read its host from)."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self):
        return urlsplit(origin()).netloc

    def is_secure(self):
        return urlsplit(origin()).scheme == "https"


class PublicFeedMixin:
    """Django feeds put relative links on the request's host; these put them on the public host."""

    def get_feed(self, obj, request):
        return super().get_feed(obj, _PublicHostRequest(request))
