"""Find UI strings that lack a French, Arabic or Dutch translation, without touching locale/.

The project's source files and catalogs are copied into a scratch directory, where
`makemessages` regenerates the catalogs exactly as a developer would; any string
marked for translation but not yet translated then shows up there as untranslated
or fuzzy. Used by tests/test_translations.py, and runnable by hand:

    .venv/bin/python -m kms.i18n_check

It needs the GNU gettext tools (xgettext, msguniq, msgmerge; msgfmt to compile).
"""

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from django.conf import settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgfmt")
# The same --ignore options as the documented makemessages command.
IGNORE_PATTERNS = [".venv/*", "build/*", "node_modules/*", "tests/*"]
# Top-level directories that hold no translatable source: tools, tests, generated output.
SKIP_TOP_DIRS = {".venv", "build", "node_modules", "tests", "media", "staticfiles", "test-artifacts"}
# makemessages reads these (domain "django"); .po files carry the existing translations.
COPIED_SUFFIXES = {".py", ".html", ".txt", ".po"}


def missing_tools():
    return [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]


def _ignore(directory, names):
    skipped = []
    for name in names:
        path = Path(directory, name)
        if path.is_dir():
            if name.startswith(".") or name == "__pycache__" or name.endswith(".egg-info"):
                skipped.append(name)
        elif path.suffix not in COPIED_SUFFIXES:
            skipped.append(name)
    return skipped


def copy_sources(dest, root=PROJECT_ROOT):
    """Copy every source file makemessages would read, and every .po catalog, into dest."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for entry in sorted(Path(root).iterdir()):
        if entry.name.startswith(".") or entry.name in SKIP_TOP_DIRS or entry.name.endswith(".egg-info"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, dest / entry.name, ignore=_ignore)
        elif entry.suffix in COPIED_SUFFIXES:
            shutil.copy2(entry, dest / entry.name)
    (dest / "locale").mkdir(exist_ok=True)
    return dest


def translated_languages():
    """The site's languages (settings.LANGUAGES) other than the one the strings are written in."""
    return tuple(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)


def regenerate_catalogs(workdir, languages=None):
    """Run makemessages inside workdir (a copy made by copy_sources); return the .po paths it holds."""
    from django.core.management import call_command
    from django.test import override_settings

    languages = languages or translated_languages()
    workdir = Path(workdir)
    with contextlib.chdir(workdir), override_settings(LOCALE_PATHS=[workdir / "locale"]):
        call_command(
            "makemessages", locale=list(languages), ignore_patterns=IGNORE_PATTERNS, no_location=True, verbosity=0
        )
    return catalogs(workdir, languages)


def catalogs(workdir, languages=None):
    """{language: [django.po paths]} under workdir (the project catalog, and any app-level one)."""
    found = {language: [] for language in languages or translated_languages()}
    for po_path in sorted(Path(workdir).rglob("locale/*/LC_MESSAGES/django.po")):
        language = po_path.parent.parent.name
        if language in found:
            found[language].append(po_path)
    return found


def problems(po_path, language):
    """Human-readable problems of one catalog: bad header, untranslated or fuzzy entries."""
    import polib

    po = polib.pofile(str(po_path))
    found = []
    if po.metadata_is_fuzzy:
        found.append("header is marked fuzzy")
    if po.metadata.get("Language") != language:
        found.append(f"header Language is {po.metadata.get('Language')!r}, not {language!r}")
    plural_forms = po.metadata.get("Plural-Forms", "")
    nplurals = None
    if "nplurals=" in plural_forms:
        nplurals = int(plural_forms.split("nplurals=", 1)[1].split(";", 1)[0].strip())
    else:
        found.append("header has no Plural-Forms")
    for entry in po.untranslated_entries():
        found.append(f"untranslated: {_label(entry)}")
    for entry in po.fuzzy_entries():
        found.append(f"fuzzy: {_label(entry)}")
    for entry in po.translated_entries():
        if entry.msgid_plural and nplurals and len(entry.msgstr_plural) != nplurals:
            found.append(f"{len(entry.msgstr_plural)} plural forms instead of {nplurals}: {_label(entry)}")
    return found


def _label(entry):
    label = repr(entry.msgid)
    if entry.msgid_plural:
        label += f" / plural {entry.msgid_plural!r}"
    if entry.msgctxt:
        label += f" (context {entry.msgctxt!r})"
    return label


def report(workdir, languages=None):
    """{"<language> <po path relative to workdir>": [problems]} for every catalog with problems."""
    result = {}
    for language, paths in catalogs(workdir, languages).items():
        if not paths:
            result[language] = ["no catalog was generated"]
        for po_path in paths:
            found = problems(po_path, language)
            if found:
                result[f"{language} {po_path.relative_to(workdir)}"] = found
    return result


def format_report(result):
    lines = []
    for catalog, found in result.items():
        lines.append(f"{catalog}: {len(found)} problem(s)")
        lines.extend(f"    {problem}" for problem in found)
    return "\n".join(lines)


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kms.settings.dev")
    django.setup()
    if missing := missing_tools():
        print(f"GNU gettext tools not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kms-i18n-") as scratch:
        workdir = copy_sources(Path(scratch) / "project")
        regenerate_catalogs(workdir)
        result = report(workdir)
    if result:
        print(format_report(result))
        flags = " ".join(f"-l {code}" for code in translated_languages())
        print(
            f"\nRun `manage.py makemessages {flags} --no-location --ignore='.venv/*' --ignore='build/*'"
            " --ignore='node_modules/*' --ignore='tests/*'`, translate these entries in locale/,"
            " then `manage.py compilemessages --ignore='.venv/*'`."
        )
        return 1
    print(f"Every marked string is translated into {', '.join(translated_languages())}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
