"""Local development: the embedded defaults (SQLite, console email, in-process tasks)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-kms-key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# Tasks wait in the database queue; `make run` starts `db_worker` beside the web server.
