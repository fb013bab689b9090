"""Settings for `make eval`: the development settings on a database, media and embedded index of their own
under build/eval/work/ (wiped at each run), tasks run in process, and an Elasticsearch index prefix of
their own (EVAL_INDEX_PREFIX, default "kms-eval") so that an evaluation never touches a site's index."""

from pathlib import Path

from kms.settings.dev import *  # noqa: F403
from kms.settings.dev import BUILD_DIR, DATABASES, SEARCH, env

EVAL_DIR = Path(env("EVAL_DIR", default=str(BUILD_DIR / "eval")))
EVAL_WORK_DIR = EVAL_DIR / "work"

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {
    "default": {**DATABASES["default"], "ENGINE": "django.db.backends.sqlite3", "NAME": EVAL_WORK_DIR / "db.sqlite3"}
}
MEDIA_ROOT = EVAL_WORK_DIR / "media"
KMS_PRIVATE_MEDIA_ROOT = EVAL_WORK_DIR / "private-media"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Saving a document extracts its text (in process, like a worker would); each engine's index is then
# rebuilt from the database once everything is imported.
SEARCH_LIVE_INDEXING = True
SEARCH = {
    **SEARCH,
    "ENGINE": "embedded",
    "EMBEDDED_PATH": str(EVAL_WORK_DIR / "search.sqlite3"),
    "INDEX_PREFIX": env("EVAL_INDEX_PREFIX", default="kms-eval"),
}
