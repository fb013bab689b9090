"""Production settings come from the environment and refuse to start without their secrets."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(DJANGO_SETTINGS_MODULE="kms.settings.production", **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", ALLOWED_HOSTS="kms.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", SECRET_KEY="short", ALLOWED_HOSTS="kms.example.org")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_a_replica_count_that_is_not_a_number_is_refused_by_name():
    result = manage(
        "check", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="kms.example.org", ELASTICSEARCH_REPLICAS="one"
    )
    assert result.returncode != 0
    assert "ELASTICSEARCH_REPLICAS must be 'auto' or a whole number, not 'one'" in result.stderr


def test_check_deploy_is_clean():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kms.example.org",
        DATABASE_URL="postgres://kms@db.internal:5432/kms",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.org:587",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_environment_reaches_the_settings():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], s.EMAIL_HOST, s.EMAIL_USE_TLS, "
        "s.ELASTICSEARCH_URL, s.SEARCH['ELASTICSEARCH']['replicas'], s.ALLOWED_HOSTS)"
    )
    result = manage(
        "shell",
        "-c",
        code,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kms.example.org,www.kms.example.org",
        DATABASE_URL="postgres://kms@db.internal:5432/kms",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.org:587",
        ELASTICSEARCH_URL="https://es1.internal:9200",
        ELASTICSEARCH_REPLICAS="2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == (
        "django.db.backends.postgresql db.internal smtp.example.org True https://es1.internal:9200 2 "
        "['kms.example.org', 'www.kms.example.org']"
    )


APPS = ("kms", "cms_pages", "research", "communities", "search")


def _settings_reads_with_default(path):
    """(line, name) of each `getattr(settings, name, default)` in the module at `path`."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) + len(node.keywords) >= 3
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
        ):
            name = node.args[1].value if isinstance(node.args[1], ast.Constant) else ast.unparse(node.args[1])
            yield node.lineno, name


def test_settings_are_declared_once_and_read_directly():
    """Every setting the apps read is declared, with its default, in kms/settings/base.py."""
    found = [
        f"{path.relative_to(ROOT)}:{line} reads {name} with a hidden default"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line, name in _settings_reads_with_default(path)
    ]
    assert found == [], "declare these in kms/settings/base.py and read settings.X:\n" + "\n".join(found)


def test_the_scan_notices_a_hidden_default(tmp_path):
    module = tmp_path / "module.py"
    module.write_text('from django.conf import settings\nLIMIT = getattr(settings, "KMS_LIMIT", 3)\n')
    assert list(_settings_reads_with_default(module)) == [(2, "KMS_LIMIT")]


def test_names_kept_per_language_have_a_column_for_each_site_language():
    """Taxonomy and communities keep names per language (name_en, name_fr, ...): one for each of settings.LANGUAGES."""
    from django.apps import apps
    from django.conf import settings

    codes = [code for code, _name in settings.LANGUAGES]
    checked, missing = [], []
    for model in apps.get_models():
        fields = {field.name for field in model._meta.get_fields()}
        for stem in sorted({name.removesuffix("_en") for name in fields if name.endswith("_en")}):
            checked.append(f"{model._meta.label}.{stem}")
            missing += [f"{model._meta.label}.{stem}_{code}" for code in codes if f"{stem}_{code}" not in fields]
    assert "taxonomy.Country.name" in checked and "communities.Community.description" in checked, checked
    assert missing == []


def test_every_setting_the_apps_read_is_declared():
    """A `settings.NAME` the apps read is Django's own or declared in kms/settings/base.py, never only in one environment."""
    import ast

    from django.conf import global_settings

    from kms.settings import base

    declared = {name for module in (global_settings, base) for name in dir(module) if name.isupper()}
    undeclared = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "settings"
                    and node.attr.isupper()
                    and node.attr not in declared
                ):
                    undeclared.append(f"{path.relative_to(ROOT)}:{node.lineno} settings.{node.attr}")
    assert undeclared == []
