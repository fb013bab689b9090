"""The migration to shared figures, run for real on the database (its own module: it migrates, so it cannot run
inside another module's transaction)."""

import datetime
from decimal import Decimal

import pytest

from cms_pages.figures import PlaceFigures
from tests.cms_pages.test_figures import old_figure

# SQLite only: the migration's data step is plain ORM and its schema steps are Django's own operations; migrating
# backwards and forwards again cost the PostgreSQL pass 20-28 s for nothing it alone could show.


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_figures_of_pages_in_the_database():
    """Run for real: back to before the shared figures, pages with their own figures, then forward again."""
    import uuid

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("cms_pages", "0007_librarydocument_cover_uploaded_for")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        root = apps.get_model("wagtailcore", "Page").objects.get(depth=1)
        content_type = apps.get_model("contenttypes", "ContentType").objects.get(
            app_label="cms_pages", model="countrypage"
        )
        locales = {locale.language_code: locale for locale in apps.get_model("wagtailcore", "Locale").objects.all()}
        country = apps.get_model("taxonomy", "Country").objects.get(code="EG")
        key = uuid.uuid4()
        for number, (code, value, label) in enumerate(
            [("en", "17 900", "people assisted"), ("ar", "17٬500", "شخصًا"), ("fr", "17 500", "personnes")], start=1
        ):
            apps.get_model("cms_pages", "CountryPage").objects.create(
                title=f"Egypt {code}",
                draft_title=f"Egypt {code}",
                slug=f"egypt-{code}",
                path=f"{root.path}{900 + number:04d}",
                depth=2,
                content_type=content_type,
                locale=locales[code],
                translation_key=key,
                country=country,
                key_figures=[
                    {
                        "type": "figure",
                        "value": old_figure(value, label, "2024-12-31" if code == "en" else "2024-06-30"),
                    }
                ],
                trend=[
                    {
                        "type": "series",
                        "value": {
                            "title": f"Trend {code}",
                            "source": "Suivi",
                            "points": [{"label": "2023", "value": 13800.0}, {"label": "2024", "value": 17900.0}],
                        },
                    }
                ],
            )
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)

    shared = PlaceFigures.objects.get(country__code="EG")
    figure = shared.key_figures.get()
    assert (figure.value, figure.as_of, figure.label_en, figure.label_ar, figure.label_fr) == (
        Decimal("17900"),
        datetime.date(2024, 12, 31),
        "people assisted",
        "شخصًا",
        "personnes",
    )
    assert shared.series.get().rows() == [("2023", Decimal("13800")), ("2024", Decimal("17900"))]
    assert shared.series.get().title_ar == "Trend ar"
    assert "17٬500 as of 2024-06-30" in shared.notes and "17 500 as of 2024-06-30" in shared.notes
