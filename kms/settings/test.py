"""Test settings: fast hasher, in-memory cache, immediate tasks, local-memory email."""

from .base import *  # noqa: F403
from .base import BUILD_DIR, env

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Tests change pages inside transactions that never commit (so no new generation): they would read stale
# pages. The `page_cache` fixture (tests/test_page_cache.py) turns it on.
PAGE_CACHE = {**PAGE_CACHE, "ENABLED": False}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The test client's host is the public address, so the links kms gives out can be followed by it.
WAGTAILADMIN_BASE_URL = "http://testserver"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each pytest-xdist worker (and each database pass) writes its files under its own folder.
_RUN_DIR = (
    BUILD_DIR
    / "test-run"
    / f"{env('KMS_TEST_DATABASE', default='sqlite')}-{env('PYTEST_XDIST_WORKER', default='main')}"
)
MEDIA_ROOT = _RUN_DIR / "media"
KMS_PRIVATE_MEDIA_ROOT = _RUN_DIR / "private-media"  # communities attachments, outside MEDIA_ROOT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tests search the embedded engine by default (tests/conftest.py gives each test its own file);
# Elasticsearch tests build their engine from the session's real node.
# Semantic ranking is off: the suite's many small indexes would each load the model and encode;
# tests/search/test_semantic.py turns it on for its engines and the API.
SEARCH = {
    **SEARCH,  # noqa: F405
    "ENGINE": "embedded",
    "EMBEDDED_PATH": str(_RUN_DIR / "search.sqlite3"),
    "EMBEDDINGS_CACHE": str(_RUN_DIR / "embeddings.sqlite3"),
    "RANKING": {**SEARCH["RANKING"], "semantic": False},  # noqa: F405
}
# Content changes index nothing unless a test asks for it with the `live_indexing` fixture.
SEARCH_LIVE_INDEXING = False
