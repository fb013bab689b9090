"""Database images for the tests that commit (browser and other transactional tests) on SQLite.

A transactional test commits what it writes, so Django empties every table afterwards with `flush` and
runs the post-migrate handlers again: 1 to 3 s per test here, on a database the test made a few rows in.
On SQLite the test database lives in memory, and copying a whole image into it with SQLite's backup API
takes milliseconds. So, on SQLite:

- after a transactional test the database is put back to the migrated template it started from, instead
  of being flushed (`install()` replaces Django's teardown; PostgreSQL keeps the flush);
- `restore_or_build(name, build)` gives a transactional test a database that `build()` made once per
  run (the demo site, say): the first test of the run to ask runs `build()`, and an image of the database
  and of the media folders is kept, in memory and, for the run's other pytest-xdist workers, on disk
  (build/test-run/images/<run id>); later tests get the image back. What `build()` returns (JSON, such
  as the primary keys of what it made) is kept with the image and returned to every test, in whichever
  worker it runs: a worker that takes another's image never ran `build()` itself.

What a test then changes stays its own: the next test starts from the template or the image again.
"""

import fcntl
import json
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.test import TransactionTestCase

from tests.services.serial_server import between_requests

_images = {}  # name -> (in-memory sqlite3 connection, folder holding the media roots' copies, what build() returned)


def _connection():
    connection = connections["default"]
    connection.ensure_connection()
    return connection


def usable():
    connection = connections["default"]
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _media_roots():
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.KMS_PRIVATE_MEDIA_ROOT)}


def _copy(source, target):
    """`source.backup(target)`, waiting (up to 10 s) while the live server still finishes a request on the
    database; False when it never let go."""
    for _ in range(200):
        try:
            source.backup(target)
            return True
        except sqlite3.OperationalError as error:
            if "in use" not in str(error) and "locked" not in str(error):
                raise
            time.sleep(0.05)
    return False


def restore_template():
    """The migrated template back in the test database; False when the database stayed in use."""
    from tests.services.template_db import sqlite_template

    source = sqlite3.connect(f"file:{sqlite_template()}?mode=ro", uri=True)
    try:
        return _copy(source, _connection().connection)
    finally:
        source.close()


def _shared_folder():
    """Where this run's workers share their images: None outside pytest-xdist. Images a run older than a
    day left behind are removed."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        return None
    from tests.services.template_db import ROOT

    images = ROOT / "build" / "test-run" / "images"
    folder = images / run
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for old in images.iterdir():
            if old != folder and old.is_dir() and time.time() - old.stat().st_mtime > 86400:
                shutil.rmtree(old, ignore_errors=True)
    return folder


def _link_tree(source, target):
    """Every file of `source` in `target` as a hard link to it; a file already linked there is left alone.

    The media folders hold a worker's files of the whole run (some 2,000 and 40 MB by its end), and copying
    them for every image taken or put back was most of the system time of a run. A link is as good as a copy
    here: storages save every file under a new name and never write one in place, so what a test changes
    is a new file or a removed link, never the bytes an image shares."""
    for folder, _folders, files in os.walk(source):
        destination = Path(target) / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            original, link = os.path.join(folder, name), destination / name
            try:
                os.link(original, link)
            except FileExistsError:
                if not os.path.samefile(original, link):
                    link.unlink()
                    os.link(original, link)
            except OSError:  # another filesystem
                shutil.copy2(original, link)


def _put_back(image, media):
    with between_requests():
        copied = _copy(image, _connection().connection)
    if not copied:
        raise RuntimeError("the test database stayed in use: an image could not be restored")
    for label, root in _media_roots().items():
        if (media / label).exists():
            _link_tree(media / label, root)


def _keep(name, media, built):
    """An image of the test database and of the media folders, in memory and in `media`."""
    image = sqlite3.connect(":memory:")
    _connection().connection.backup(image)
    for label, root in _media_roots().items():
        if root.exists():
            _link_tree(root, media / label)
    _images[name] = (image, media, built)
    return image


def restore_or_build(name, build):
    """Runs `build()` once per run and keeps what it made; later calls put it back (SQLite), or just run
    `build()` (PostgreSQL, where the flush after each test keeps things simple). Returns what `build()`
    returned, when it ran in this process or in another worker."""
    if not usable():
        return build()
    if name in _images:
        image, media, built = _images[name]
        _put_back(image, media)
        return built
    shared = _shared_folder()
    if shared is None:
        built = build()
        _keep(name, Path(tempfile.mkdtemp(prefix="kms-test-image-")), built)
        return built
    slug = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    on_disk, media, returned = shared / f"{slug}.sqlite3", shared / slug, shared / f"{slug}.json"
    with open(shared / f"{slug}.lock", "w") as lock:  # one worker builds; the others wait and take its image
        fcntl.flock(lock, fcntl.LOCK_EX)
        if on_disk.exists():
            source = sqlite3.connect(f"file:{on_disk}?mode=ro", uri=True)
            image = sqlite3.connect(":memory:")
            try:
                source.backup(image)
            finally:
                source.close()
            built = json.loads(returned.read_text())
            _images[name] = (image, media, built)
            _put_back(image, media)
            return built
        built = build()
        image = _keep(name, media, built)
        returned.write_text(json.dumps(built))
        partial = on_disk.with_suffix(".partial")
        target = sqlite3.connect(partial)
        try:
            image.backup(target)
        finally:
            target.close()
        partial.rename(on_disk)
        return built


_flush = TransactionTestCase._fixture_teardown


def _fixture_teardown(self):
    with between_requests():
        if usable() and list(self._databases_names(include_mirrors=False)) == ["default"] and restore_template():
            return
        _flush(self)


def install():
    TransactionTestCase._fixture_teardown = _fixture_teardown


def load_demo(*parts):
    """The demo, or the named parts of it (`load_demo --only`), loaded once per worker and restored after."""
    import os

    from django.core.management import call_command

    arguments = [argument for part in parts for argument in ("--only", part)]

    def build():
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", *arguments, stdout=quiet)

    restore_or_build("demo:" + "+".join(parts or ("all",)), build)
