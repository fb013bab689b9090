from django.db import migrations


def seed(apps, schema_editor):
    from search.thesaurus import load_reviewed

    load_reviewed(apps.get_model("kms_search", "Concept"))


class Migration(migrations.Migration):
    dependencies = [("kms_search", "0003_thesaurus_concept")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
