import pytest
from django.utils import translation

from kms.taxonomy.loader import load_taxonomy
from kms.taxonomy.models import Country, Organisation, Region, Theme

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


def test_taxonomy_is_loaded_on_migrate():
    assert set(Region.objects.values_list("slug", flat=True)) == {
        "north-africa",
        "sahel-lake-chad",
        "horn-of-africa",
        "west-africa",
        "europe",
        "middle-east",
    }
    assert Country.objects.get(code="EG").region.slug == "north-africa"
    assert Theme.objects.count() == 14
    assert Organisation.objects.filter(kind=Organisation.Kind.LED_BY_PEOPLE_ON_THE_MOVE).exists()


def test_names_follow_the_active_language():
    egypt = Country.objects.get(code="EG")
    with translation.override("fr"):
        assert egypt.name == "Égypte"
    with translation.override("ar"):
        assert egypt.name == "مصر"
    with translation.override("nl"):
        assert egypt.name == "Egypte"
    theme = Theme.objects.get(slug="social-cohesion")
    with translation.override("ar"):
        assert str(theme) == "التماسك الاجتماعي"


def test_missing_translation_falls_back_to_english():
    theme = Theme.objects.create(slug="new-theme", name_en="Urban displacement")
    with translation.override("nl"):
        assert theme.name == "Urban displacement"


def test_reloading_keeps_editor_changes_and_adds_nothing():
    egypt = Country.objects.get(code="EG")
    egypt.name_en = "Arab Republic of Egypt"
    egypt.save()
    assert load_taxonomy() == 0
    egypt.refresh_from_db()
    assert egypt.name_en == "Arab Republic of Egypt"


def test_editors_manage_the_taxonomy_in_the_admin(client):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/admin/snippets/taxonomy/theme/")
    assert response.status_code == 200
    assert "Social cohesion" in response.content.decode()
    partner = UserFactory()
    partner.groups.add(Group.objects.get(name="Partner members"))
    client.force_login(partner)
    # Partners have no admin access: they are sent to the login page.
    assert client.get("/admin/snippets/taxonomy/theme/").status_code == 302
