"""Migrate once, copy per worker: the test database of each pytest-xdist worker starts as a copy of one
migrated template.

Running every migration (Wagtail's and ours) costs tens of seconds of CPU; paid by every worker of both
database passes it was the largest fixed cost of the suite. The template is made by `manage.py migrate`
itself, so a test database holds exactly what migrations make (the taxonomy included). It is named after a
hash of the migration files and the Django and Wagtail versions: a changed migration makes a new template.
SQLite templates stay under build/test-run/templates and serve later runs; PostgreSQL's live in the private
cluster, which each run makes anew.
"""

import fcntl
import functools
import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import django
import wagtail
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "build" / "test-run" / "templates"


# Where the project's migrations live: walking the whole checkout would read .venv, node_modules and the
# test nodes' data too (seconds, and files that vanish while a node runs).
APPS = ("kms", "cms_pages", "research", "communities", "search")


@functools.cache
def migrations_hash():
    """Once per process: a test run never changes a migration."""
    digest = hashlib.sha256(f"{django.__version__} {wagtail.__version__}".encode())
    # The installed apps too: adding a package's app (and so its migrations) makes a new template.
    digest.update(" ".join(settings.INSTALLED_APPS).encode())
    for path in sorted(path for app in APPS for path in (ROOT / app).glob("**/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def locked(name):
    """One process at a time makes a template; the others wait for it."""
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    with open(TEMPLATES / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate(database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "kms.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"migrating the test template failed:\n{result.stdout}\n{result.stderr}")


def sqlite_template():
    path = TEMPLATES / f"sqlite-{migrations_hash()}.sqlite3"
    with locked(path.stem):
        if not path.exists():
            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            migrate(f"sqlite:///{partial}")
            partial.rename(path)
    return path


def postgres_template(connection):
    """The name of a migrated template database in the server `connection` points at."""
    name = f"kms_template_{migrations_hash()}"
    with locked(f"postgres-{connection.settings_dict['PORT']}"):
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}_partial"')
                cursor.execute(f'CREATE DATABASE "{name}_partial"')
                settings = connection.settings_dict
                migrate(f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}_partial")
                cursor.execute(f'ALTER DATABASE "{name}_partial" RENAME TO "{name}"')
    return name


def setup_test_database(connection):
    """Points `connection` at a fresh test database copied from the template; returns its name."""
    test_name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        template = sqlite_template()
        connection.close()
        connection.settings_dict["NAME"] = test_name
        if not connection.is_in_memory_db():
            Path(test_name).unlink(missing_ok=True)
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        template = postgres_template(connection)
        with locked(f"postgres-{connection.settings_dict['PORT']}"), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
            cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
        connection.close()
        connection.settings_dict["NAME"] = test_name
        connection.ensure_connection()
    else:
        raise RuntimeError(f"no test template for the {connection.vendor} backend")
    from django.conf import settings

    settings.DATABASES[connection.alias]["NAME"] = test_name
    return test_name
