"""The PostgreSQL pass runs on a real server with django.contrib.postgres available."""

import pytest
from django.db import connection

from kms.accounts.models import Profile
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_database_is_postgresql_with_unaccent():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute("SELECT unaccent(%s)", ["Réintégration à Sfax"])
        assert cursor.fetchone()[0] == "Reintegration a Sfax"


def test_json_language_lists_are_queryable():
    user = UserFactory()
    user.profile.languages = ["ar", "fr"]
    user.profile.save()
    UserFactory().profile.languages = ["nl"]
    assert list(Profile.objects.filter(languages__contains=["ar"]).values_list("user_id", flat=True)) == [user.pk]
