"""The figures of country and region pages now live in the place's shared figures (0008 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cms_pages", "0008_place_figures")]

    operations = [
        migrations.RemoveField(model_name="countrypage", name="key_figures"),
        migrations.RemoveField(model_name="countrypage", name="trend"),
        migrations.RemoveField(model_name="regionpage", name="key_figures"),
        migrations.RemoveField(model_name="regionpage", name="trend"),
    ]
