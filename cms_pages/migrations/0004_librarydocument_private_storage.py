"""The library's files move from MEDIA_ROOT to KMS_PRIVATE_MEDIA_ROOT, where no media route reaches them."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import cms_pages.storage


def _move_files(apps, source, target):
    Document = apps.get_model("cms_pages", "LibraryDocument")
    for name in Document.objects.exclude(file="").values_list("file", flat=True):
        old, new = Path(source) / name, Path(target) / name
        if old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, new)


def to_private_root(apps, schema_editor):
    _move_files(apps, settings.MEDIA_ROOT, settings.KMS_PRIVATE_MEDIA_ROOT)


def to_media_root(apps, schema_editor):
    _move_files(apps, settings.KMS_PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT)


class Migration(migrations.Migration):
    dependencies = [
        ("cms_pages", "0003_documentlibrarypage_newsindexpage_partnerspage_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="librarydocument",
            name="file",
            field=models.FileField(
                storage=cms_pages.storage.document_storage, upload_to="documents", verbose_name="file"
            ),
        ),
        migrations.RunPython(to_private_root, to_media_root),
    ]
