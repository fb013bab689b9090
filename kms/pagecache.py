"""Public pages for anonymous readers from a cache shared by every web process, and the HTTP caching headers a
CDN in front of the site reads.

What is cached: Wagtail pages (news, documents, countries and regions, home, research), asked for with GET or
HEAD by a request that carries no session cookie (so nobody signed in, and no anonymous session a page could
depend on, such as a page password), no messages cookie (a message waiting to be shown is shown, fresh) and
no Authorization header; and only a 200 answer that sets no cookie, has no Cache-Control of its own, used
no Content-Security-Policy nonce and varies on nothing but the cookie and the language. A page holding a
CSRF token sets the CSRF cookie, so it is never stored: the contact page is always rendered afresh, and the
footer's newsletter form carries no token (cms_pages.outreach.views.signup checks the request's origin).
Not cached: the search page (its results follow the index, which the task worker brings up to date some
time after a change commits, and its queries are endless), communities (members' parts must never be kept,
and their public parts change with every post) and every other Django view.

The key is the scheme, host, the language prefix of the path, the path and the query string's filters (`PAGE_CACHE["QUERY_PARAMETERS"]`,
sorted by name, values in their order); a request with any other parameter is served uncached rather than
stored under a key that ignores what the page may read from it.

Invalidation is by generation: every key starts with the current generation, and a change to anything a
public page shows (a page published, unpublished, moved, deleted or translated; its privacy; a document, a
publication, a public community or lesson, the taxonomy, an image, the site settings) starts a new one once
its transaction commits. Throwing everything away is deliberate: the menu, breadcrumbs, language links,
footer and the "latest news / documents / research" lists put one page's title on many others, so a finer
dependency map would be easy to get wrong, while publishing happens a few times an hour and readers ask for
pages thousands of times. Starting the new generation after the commit matters: a page rendered before it
is stored under the old generation, which nothing reads any more. Entries also expire after
`PAGE_CACHE["TIMEOUT"]`, which bounds what changes with time alone (upcoming events).

Headers: a shared page says `Cache-Control: public, max-age, s-maxage` and `Vary: Cookie` (a signed-in
reader's page differs at the same address); everything else that set no Cache-Control of its own says
`private, no-cache`, or `private, no-store` when the request carried a session, so that a member's page is
written to no cache at all, not even a shared computer's browser. `X-Cache: hit|miss` tells which pages the
cache served.
"""

import hashlib
import secrets
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_path
from django.views.decorators.csrf import csrf_exempt

GENERATION_KEY = "page-cache:generation"
# The URL names of the views whose answers may be shared: Wagtail's page serving, routes of routable pages included.
SHARED_VIEWS = {"wagtail_serve"}
# A shared page may vary on these only: the key holds the language, and only cookie-less requests share.
SHAREABLE_VARY = {"cookie", "accept-language", "accept-encoding"}

# What public pages show, by app label ("*": every model of the app); pages of any app count as well.
# Left out on purpose: models written while pages render or by readers (image renditions, embeds, newsletter
# subscriptions, form submissions), members-only parts of communities, revisions, logs and search indexes.
SHOWN_ON_PAGES = {
    "cms_pages": "*",
    "research": "*",
    "taxonomy": "*",
    "outreach": {"contactpage", "formfield"},
    "mapping": {"service"},
    "communities": {"community", "lesson", "lessonversion", "lessontransition"},
    "wagtailcore": {"site", "locale", "pageviewrestriction", "collectionviewrestriction", "collection"},
    "wagtailimages": {"image"},
    "taggit": {"tag"},
}


def page_cache():
    return caches[settings.PAGE_CACHE["CACHE"]]


def generation(cache):
    """The current generation; a new one when the cache has none (a fresh or cleared cache)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        value = cache.get(GENERATION_KEY)
    return value


class _Renewal:
    """Starts a new generation when the transaction that registered it commits (once)."""

    def __init__(self):
        self.done = False

    def __call__(self):
        self.done = True
        page_cache().set(GENERATION_KEY, secrets.token_hex(8), None)


def invalidate(using=None):
    """Every cached page is dropped once the current transaction commits (at once outside a transaction).

    One renewal per transaction and savepoint: a bulk import saving thousands of rows registers a single
    callback, and a savepoint rolled back takes its callback with it, so the next change registers another.
    A new random value rather than a counter: two processes renewing at the same time cannot both land on
    the value a stale page was stored under. Robust: a cache that cannot be written is logged, and the
    change, already committed, is not reported as failed."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        savepoints = tuple(connection.savepoint_ids)
        pending = getattr(connection, "page_cache_renewal", None)
        if pending is not None:
            renewal, registered_in, index = pending
            callbacks = connection.run_on_commit
            if (
                not renewal.done
                and registered_in == savepoints
                and index < len(callbacks)
                and callbacks[index][1] is renewal
            ):
                return
        renewal = _Renewal()
        connection.page_cache_renewal = (renewal, savepoints, len(connection.run_on_commit))
    else:
        renewal = _Renewal()
    transaction.on_commit(renewal, using=using, robust=True)


def shown_on_pages(model):
    from wagtail.models import Page

    if issubclass(model, Page):
        return True
    names = SHOWN_ON_PAGES.get(model._meta.app_label, ())
    return names == "*" or model._meta.model_name in names


def content_changed(sender, instance=None, using=None, **kwargs):
    """post_save, post_delete and m2m_changed of any model: a new generation when public pages show it."""
    if instance is not None and shown_on_pages(type(instance)):
        invalidate(using)


def pages_changed(sender, **kwargs):
    """Wagtail's publish, unpublish, move and translate signals, and publishing of any other model."""
    invalidate()


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail import signals

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"kms.pagecache.{id(signal)}")
    for signal in (
        signals.page_published,
        signals.page_unpublished,
        signals.post_page_move,
        signals.copy_for_translation_done,
        signals.published,
        signals.unpublished,
    ):
        signal.connect(pages_changed, dispatch_uid=f"kms.pagecache.{id(signal)}")


def carries_session(request):
    return bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME))


def _anonymous_reader(request):
    return not (
        carries_session(request)
        or request.COOKIES.get(CookieStorage.cookie_name)
        or "HTTP_AUTHORIZATION" in request.META
    )


def page_key(request):
    """The cache key of this request's page, or None: no language prefix in the path (no Wagtail page), or a
    query string holding more than filters. Read before the page is rendered, so that a page rendered while
    its content changes is stored under the generation that change ends."""
    language = get_language_from_path(request.path_info)
    allowed = settings.PAGE_CACHE["QUERY_PARAMETERS"]
    if language is None or any(name not in allowed for name in request.GET):
        return None
    query = urlencode(sorted(request.GET.lists(), key=lambda item: item[0]), doseq=True)
    identity = "\n".join((request.scheme, request.get_host(), language, request.path, query))
    return f"page:{generation(page_cache())}:{hashlib.sha256(identity.encode()).hexdigest()}"


def _shareable(request, response):
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token was rendered (sets its cookie too)
        and "Cache-Control" not in response
        and getattr(request, "_csp_nonce", None) is None  # the header on a later hit would not hold it
        and vary <= SHAREABLE_VARY
    )


def _says_private(response):
    directives = {part.strip().split("=")[0].lower() for part in response["Cache-Control"].split(",")}
    return bool(directives & {"private", "no-store"})


class PageCacheMiddleware:
    """Serves and stores anonymous readers' pages (see the module's docstring), and labels every answer for
    shared caches.

    Placed after WhiteNoise and before the session middleware. A hit is answered before the middleware
    below it and the URL resolver run: it is the page as they left it when it was stored (their headers
    included), and none of them would add anything to it for a request without session or messages cookie.
    The Content-Security-Policy and security headers above are written afresh for each answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = None
        if settings.PAGE_CACHE["ENABLED"] and request.method in ("GET", "HEAD") and _anonymous_reader(request):
            key = page_key(request)
            entry = page_cache().get(key) if key is not None else None
            if entry is not None:
                status, headers, content = entry
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response.headers[name] = value
                response["X-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if getattr(request, "page_cache_shared", False) and _shareable(request, response):
            options = settings.PAGE_CACHE
            patch_cache_control(response, public=True, max_age=options["MAX_AGE"], s_maxage=options["S_MAXAGE"])
            patch_vary_headers(response, ("Cookie",))
            if key is not None:
                entry = (response.status_code, list(response.headers.items()), response.content)
                page_cache().set(key, entry, options["TIMEOUT"])
                response["X-Cache"] = "miss"
        elif "Cache-Control" not in response:
            if carries_session(request):
                patch_cache_control(response, private=True, no_store=True)
            else:
                patch_cache_control(response, private=True, no_cache=True)
        elif response.cookies and not _says_private(response):
            patch_cache_control(response, private=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Only pages are shared: the views resolved for the request are known here, after the middleware
        below has run and before the view."""
        request.page_cache_shared = (
            request.method in ("GET", "HEAD")
            and request.resolver_match.url_name in SHARED_VIEWS
            and _anonymous_reader(request)
        )


def _same_origin(request):
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site in ("same-origin", "none"):
        return True
    if fetch_site == "cross-site":
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return fetch_site is None  # no browser of today sends a same-site POST without Origin
    return origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS


def origin_checked(view):
    """CSRF protection without a token, for a form on pages every reader shares: a POST that a browser says
    comes from another site (Sec-Fetch-Site, or Origin) is refused with a 403.

    A token in a shared page would hand one reader's CSRF secret to every other reader, and the cookie that
    goes with it would keep the page from being shared at all. Only for views that act for nobody in
    particular (the newsletter signup: anyone may post it directly, and the address is confirmed by email);
    views acting for a signed-in member keep Django's token. A client that sends neither header is not a
    browser that a forged form could drive."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and not _same_origin(request):
            raise PermissionDenied("a form sent from another site")
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)
