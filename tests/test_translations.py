"""Every UI string marked for translation has a French, Arabic and Dutch translation.

The project's sources and catalogs are copied into a scratch directory and
`makemessages` regenerates the catalogs there (the real locale/ is never written):
a string added to a template or to Python code without a translation then appears
as untranslated, or as fuzzy when msgmerge guessed it from a similar string.
"""

import contextlib
import hashlib
import os

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from kms import i18n_check

LANGUAGES = i18n_check.translated_languages()


def _fingerprint(root):
    """Content hash of every .po file under root/locale, to prove the real catalogs are left alone."""
    digest = hashlib.sha256()
    for po_path in sorted((root / "locale").rglob("*.po")):
        digest.update(str(po_path).encode())
        digest.update(po_path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """A scratch copy of the project whose catalogs makemessages has just regenerated."""
    if missing := i18n_check.missing_tools():
        reason = f"GNU gettext tools not found ({', '.join(missing)}): install the gettext package"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    before = _fingerprint(i18n_check.PROJECT_ROOT)
    workdir = i18n_check.copy_sources(tmp_path_factory.mktemp("i18n") / "project")
    i18n_check.regenerate_catalogs(workdir, LANGUAGES)
    assert _fingerprint(i18n_check.PROJECT_ROOT) == before, "the check must not write to the real locale/"
    return workdir


def test_every_marked_string_is_translated(regenerated):
    catalogs = i18n_check.catalogs(regenerated, LANGUAGES)
    assert all(catalogs.values()), f"makemessages produced no catalog for some language: {catalogs}"
    result = i18n_check.report(regenerated, LANGUAGES)
    assert not result, (
        "Strings marked for translation lack a translation (fill them in locale/<lang>/LC_MESSAGES/django.po "
        "after running makemessages, and drop any 'fuzzy' flag once checked):\n" + i18n_check.format_report(result)
    )


def test_compiled_catalogs_translate(regenerated):
    locale_dir = regenerated / "locale"
    # compilemessages runs msgfmt --check-format, so a translation that drops or renames
    # a %(name)s placeholder fails here too.
    with contextlib.chdir(regenerated), override_settings(LOCALE_PATHS=[locale_dir]):
        call_command("compilemessages", locale=list(LANGUAGES), verbosity=0)

    wrong = []
    with override_settings(LOCALE_PATHS=[locale_dir]):  # also resets Django's translation caches
        for language in LANGUAGES:
            with translation.override(language):
                skip_link = translation.gettext("Skip to main content")
                if skip_link == "Skip to main content":
                    wrong.append(f"{language}: 'Skip to main content' is not translated")
                po = polib.pofile(str(locale_dir / language / "LC_MESSAGES" / "django.po"))
                for entry in po.translated_entries():
                    if entry.msgid_plural:
                        continue
                    if entry.msgctxt:
                        got = translation.pgettext(entry.msgctxt, entry.msgid)
                    else:
                        got = translation.gettext(entry.msgid)
                    if got != entry.msgstr:
                        wrong.append(f"{language}: {entry.msgid!r} -> {got!r}, catalog says {entry.msgstr!r}")
    assert not wrong, "Compiled catalogs do not give the expected translations:\n" + "\n".join(wrong)
