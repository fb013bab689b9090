"""Settings shared by every environment; dev, test and production adjust them."""

import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
BUILD_DIR = BASE_DIR / "build"

env = environ.Env()

INSTALLED_APPS = [
    "kms",
    "kms.accounts",
    "kms.taxonomy",
    "cms_pages",
    "cms_pages.outreach",
    "cms_pages.mapping",
    "research",
    "communities",
    "communities.notifications",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    # Translation side by side (source beside translation, PO files, synchronised fields): wagtail-localize,
    # whose locales app replaces wagtail.locales (kms.translations adopts pages translated before it came).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "kms.accounts.wagtail_users.UsersConfig",  # wagtail.users, with forms that match sign-up
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kms.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kms.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kms.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "kms.middleware.AtomicPageSavesMiddleware",
]

ROOT_URLCONF = "kms.urls"

# Anonymous readers' pages come from the "pages" cache (kms/pagecache.py: what is shared, for how long, and
# how a change empties it). Every web process must see the same cache, or a page published through one
# gunicorn worker would stay stale in the others: so not the per-process local memory, but files on the
# machine by default (no server to run, and no writes competing with the site's in the SQLite database).
# Several machines share Redis (rediscache://host:6379/1) or the database (dbcache://kms_page_cache, after
# `manage.py createcachetable`) through PAGE_CACHE_URL.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": env.cache_url("PAGE_CACHE_URL", default=f"filecache://{BASE_DIR / 'page-cache'}?max_entries=20000"),
}
PAGE_CACHE = {
    "ENABLED": env.bool("PAGE_CACHE", default=True),  # off, no page is stored; the headers stay
    "CACHE": "pages",
    "TIMEOUT": 600,  # seconds a stored page is served at most (a change drops it at once)
    "MAX_AGE": 60,  # seconds a browser may keep a public page
    "S_MAXAGE": 120,  # seconds a CDN may keep it: it hears of no change, so this is how stale a page can get there
    # The filters of the news, document, partner and publication listings and their pages; any other
    # parameter in the query string means the page is rendered, and not stored.
    "QUERY_PARAMETERS": frozenset(
        {"page", "country", "theme", "type", "year", "from", "to", "q", "kind", "organisation", "language", "sort"}
    ),
}

# Content-Security-Policy (django-csp): no inline script anywhere on the site; a template that truly
# needs one gives it nonce="{{ request.csp_nonce }}". Videos play from the two hosts `cms_pages.video`
# embeds, and only after the reader presses play.
VIDEO_FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-src": VIDEO_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Under KMS_CSP_ADMIN_PREFIX these directives replace the site's, except on the sign-in and password-reset
# pages anyone can reach. Scripts are as strict as on the site: the inline scripts Wagtail writes are inert
# elements started by static/js/admin-init.js (kms.choosers). Styles keep 'unsafe-inline' (kms.csp
# explains why). The admin
# previews pages in a frame of its own (from the admin's address, and with the page's videos), shows image
# previews from blob: addresses, and a superuser's dashboard asks releases.wagtail.org whether Wagtail is up
# to date.
KMS_CSP_ADMIN_PREFIX = "/admin/"
KMS_CSP_ADMIN_STRICT_PREFIXES = ("/admin/login/", "/admin/password_reset/")
KMS_CSP_ADMIN_RELAXATIONS = {
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF, *VIDEO_FRAME_SOURCES],
    "connect-src": [SELF, "https://releases.wagtail.org"],
    "frame-ancestors": [SELF],
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ]
        },
    }
]

WSGI_APPLICATION = "kms.wsgi.application"

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writes (sign-ups, posts) wait for each other instead of failing with "database is
    # locked": WAL lets readers go on while one writer writes, IMMEDIATE takes the write lock when a
    # transaction begins (a read lock cannot be upgraded while waiting), and `timeout` is how long to wait.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Languages: English, French, Arabic (right-to-left) and Dutch. The one list of the site's languages:
# Wagtail's content languages, search analysis and language detection, the translation check and the
# taxonomy's names derive from it (tests check that search and the per-language columns cover it).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية"), ("nl", "Nederlands")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin speaks the site's languages, not the 38 Wagtail ships: an editor's language menu offers these four.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Slugs made from an Arabic title keep the Arabic letters (vowel marks dropped): the address reads as the title
# does, in the address bar and in shared links. Transliterating to Latin letters gives addresses that neither
# Arabic nor other readers can read, and loses letters Arabic has and Latin lacks. English, French and Dutch
# titles keep their accented letters the same way (réintégration).
WAGTAIL_ALLOW_UNICODE_SLUGS = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# The site's own number formats where Django's differ (Arabic groups digits: kms/formats/ar/formats.py).
FORMAT_MODULE_PATH = ["kms.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Behind a reverse proxy, the request header that carries the visitor's address (rate limits).
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", default="REMOTE_ADDR")
# Community attachments: never under MEDIA_ROOT, served only through a permission check.
KMS_PRIVATE_MEDIA_ROOT = Path(env("KMS_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
KMS_ATTACHMENT_MAX_BYTES = env.int("KMS_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Bounds on reading text (and pictures) out of untrusted files; `search.extraction.Limits` has one field
# per key. Containers (DOCX is a ZIP) are checked from their central directory before anything is
# inflated, and read through a bounded reader; extraction runs in a child process capped at
# `memory_bytes` of address space and `process_timeout_s` of wall time.
KMS_EXTRACTION_LIMITS = {
    "max_bytes": 50 * 1024 * 1024,  # file size; larger files are not read at all
    "max_unpacked_bytes": 100 * 1024 * 1024,  # all entries of a container together, as declared and as read
    "max_entries": 2000,
    "max_ratio": 100,  # unpacked / packed, per entry (over 1 MiB unpacked) and for the whole container
    "max_nested_archives": 20,  # archives inside a container (embedded spreadsheets) are never opened
    "max_pages": 2000,  # pages read from a PDF; the rest is left out (truncated)
    "refuse_pages": 100_000,  # a PDF claiming more pages than this is not read at all
    "max_pixels": 50_000_000,  # width times height of any picture decoded (covers, avatars, Wagtail images)
    "max_chars": 2_000_000,
    "timeout_s": 60.0,  # cooperative: checked between pages or paragraphs
    "process_timeout_s": 120.0,  # hard: the child process is killed
    "memory_bytes": 1024 * 1024 * 1024,  # the child process's address space (RLIMIT_AS)
}
# Files read at once, each in its own sandboxed child, where many are read together (`import_library`), and
# the tasks `task_worker` runs at once (reading uploaded files).
KMS_EXTRACTION_CONCURRENCY = env.int("KMS_EXTRACTION_CONCURRENCY", default=os.cpu_count() or 1)
# Dotted path of a callable that scans each attachment and raises ValidationError to refuse it (e.g. ClamAV).
KMS_ATTACHMENT_SCANNER = env("KMS_ATTACHMENT_SCANNER", default="communities.attachments.no_scan")
# Days an invitation to a community stays valid.
KMS_INVITATION_DAYS = env.int("KMS_INVITATION_DAYS", default=14)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Accounts: email is the login, and it must be verified before the first login.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_ADAPTER = "kms.accounts.adapter.AccountAdapter"
# "login_failed" counts per address, and per email *and* address together (kms.accounts.adapter):
# failures from one address never lock the account for anyone else.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
    "change_email": "1/m/user",
}
# The Wagtail admin signs in through the same adapter, so the same limits apply there.
WAGTAILADMIN_USER_LOGIN_FORM = "kms.accounts.admin_login.AdminLoginForm"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[kms] "

# Contact form and newsletter sign-up: action -> (accepted submissions per client, window in seconds).
OUTREACH_RATE_LIMITS = {"contact": (5, 60 * 60), "signup": (5, 10 * 60)}

# OAI-PMH for research publications (production names the repository after its host).
RESEARCH_OAI_PAGE_SIZE = 100
RESEARCH_OAI_REPOSITORY_IDENTIFIER = "kms.example.org"
RESEARCH_OAI_ADMIN_EMAIL = "research@kms.example.org"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="kms <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: a durable database queue drained by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Search. The engine itself arrives with the search app; these name where it lives.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="kms")
# Publishing, saving and deleting content enqueue indexing tasks, and saving a document its
# text extraction. Off, neither happens; `search_index rebuild|update` still indexes.
SEARCH_LIVE_INDEXING = True

WAGTAIL_SITE_NAME = "kms"
# No Gravatar in the admin: it would send a hash of each staff member's email to a third party
# (and the Content-Security-Policy allows no outside images).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The site's public address (scheme and host): every absolute link kms gives out (citations, JSON-LD,
# sitemaps, feeds, OAI-PMH, emails, Wagtail's own) starts with it, never with the Site row's host name.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "htm", "html", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
# Every library file goes through the document view and its audience check (cms_pages.permissions),
# never a redirect to a storage URL; the files live under KMS_PRIVATE_MEDIA_ROOT (cms_pages.storage).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# PDFs open in the browser; every other file downloads. Both go under the title-based name (LibraryDocument.download_name).
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = KMS_EXTRACTION_LIMITS["max_pixels"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

SITE_DESCRIPTION = _("Knowledge and practice for human-mobility partnerships")

WAGTAILDOCS_DOCUMENT_MODEL = "cms_pages.LibraryDocument"


def _replicas(value):
    """ELASTICSEARCH_REPLICAS: "auto", or how many copies of each shard other nodes keep."""
    value = value.strip()
    if value == "auto":
        return value
    if not value.isdigit():
        raise ImproperlyConfigured(f"ELASTICSEARCH_REPLICAS must be 'auto' or a whole number, not {value!r}.")
    return int(value)


# Search: Elasticsearch when ELASTICSEARCH_URL is set, the embedded engine otherwise.
SEARCH = {
    "ENGINE": env("SEARCH_ENGINE", default="elasticsearch" if ELASTICSEARCH_URL else "embedded"),
    "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
    "EMBEDDED_PATH": env("SEARCH_EMBEDDED_PATH", default=str(BASE_DIR / "search.sqlite3")),
    "ELASTICSEARCH": {
        # One address, or several separated by commas: the client spreads requests over them and, when one
        # node does not answer, retries on the next (search/engines/elasticsearch.py, client_from_settings).
        "url": ELASTICSEARCH_URL,
        "api_key": env("ELASTICSEARCH_API_KEY", default=""),
        "username": env("ELASTICSEARCH_USERNAME", default=""),
        "password": env("ELASTICSEARCH_PASSWORD", default=""),
        "ca_certs": env("ELASTICSEARCH_CA_CERTS", default=""),
        "timeout": env.float("ELASTICSEARCH_TIMEOUT", default=10),
        # Retries of one request after a connection failure, a timeout or a 429/502/503/504, each on the next
        # node: 2 rides out one lost node of three (tests/search/test_failover.py counts them).
        "retries": env.int("ELASTICSEARCH_RETRIES", default=2),
        # Index layout. Replicas "auto": one copy of each shard on another node whenever the cluster has
        # more than one data node, none on a single node (which stays green); Elasticsearch keeps it so as
        # nodes join and leave (auto_expand_replicas "0-1"). A number fixes the copies, for a cluster of
        # N nodes at most N-1.
        "shards": env.int("ELASTICSEARCH_SHARDS", default=1),
        "replicas": _replicas(env("ELASTICSEARCH_REPLICAS", default="auto")),
    },
    # Record and query vectors already encoded, by text (search/embeddings.py); "" keeps none.
    "EMBEDDINGS_CACHE": env("SEARCH_EMBEDDINGS_CACHE", default=str(BASE_DIR / "embeddings.sqlite3")),
    # The rankings fused for a text query (search/fusion.py explains the arithmetic). A part off
    # here is off for every query; on, a query can still switch it off (keyword=0, thesaurus=0,
    # semantic=0 on /api/v1/search). Semantic ranking encodes every record when it is indexed
    # (search/embeddings.py): turning it on needs `search_index rebuild`.
    "RANKING": {
        "keyword": True,
        "thesaurus": True,
        "semantic": env.bool("SEARCH_SEMANTIC", default=True),
        "k": 60,
        "weights": {"keyword": 1.0, "thesaurus": 0.5, "semantic": 0.5},
        "semantic_candidates": 50,
        "semantic_min_similarity": 0.1,  # search/fusion.py DEFAULTS says why
        # A source's results count this much in the fused order (search/fusion.py: directory entries
        # of services follow the documents on the same subject; "kind=service" lists them alone).
        "source_weights": {"service": 0.5},
        # ...and each further result of the source counts this much less again (the n-th: 0.7 ** n).
        "source_decay": {"service": 0.7},
        # Results of a kind count this much: plain pages (the home page, regions, countries, about pages)
        # follow the news, documents and studies on a subject (search/fusion.py).
        "kind_weights": {"page": 0.5},
    },
}
