"""Services as data: validation, who may edit which organisation's services, and the admin."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from cms_pages.mapping.models import OrganisationEditor, Service
from cms_pages.mapping.permissions import can_edit_service, editable_organisations
from kms.taxonomy.models import Country, Organisation
from tests.factories import UserFactory

pytestmark = [pytest.mark.both_databases]


def _service(**changes):
    fields = {
        "organisation": Organisation.objects.get(slug="terre-dasile-tunisie"),
        "name_en": "Conseil juridique — مدنين",
        "service_type": "legal_counselling",
        "country": Country.objects.get(code="TN"),
        "contact_channel": "walk_in",
        "population_groups": ["refugees"],
        "languages": ["ar", "fr"],
    }
    fields.update(changes)
    return Service(**fields)


def _errors(service):
    with pytest.raises(ValidationError) as raised:
        service.full_clean()
    return raised.value.message_dict


def test_a_well_formed_service_is_valid(services):
    _service(latitude="33.35", longitude="10.5", start_date=datetime.date(2024, 1, 1)).full_clean()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"latitude": "91", "longitude": "10"}, "latitude"),
        ({"latitude": "33", "longitude": "-181"}, "longitude"),
        ({"latitude": "33"}, "longitude"),
        ({"longitude": "10"}, "latitude"),
        ({"start_date": datetime.date(2025, 5, 1), "end_date": datetime.date(2025, 4, 30)}, "end_date"),
        ({"population_groups": ["tourists"]}, "population_groups"),
        ({"languages": ["xx"]}, "languages"),
        ({"service_type": "haircuts"}, "service_type"),
        ({"status": "paused"}, "status"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(services, changes, field):
    assert field in _errors(_service(**changes))


def test_an_end_on_the_start_day_is_fine(services):
    day = datetime.date(2025, 5, 1)
    _service(start_date=day, end_date=day).full_clean()


def test_every_service_type_belongs_to_a_taxonomy_theme(services):
    from cms_pages.mapping.choices import THEME_OF_TYPE, ServiceType
    from kms.taxonomy.models import Theme

    assert set(THEME_OF_TYPE) == set(ServiceType)
    assert set(THEME_OF_TYPE.values()) <= set(Theme.objects.values_list("slug", flat=True))


# Who may edit: an organisation's editor (granted by staff), for that organisation only.


@pytest.fixture
def tunisian_editor(services):
    user = UserFactory()
    OrganisationEditor.objects.create(organisation=Organisation.objects.get(slug="terre-dasile-tunisie"), user=user)
    return user


def _of(slug):
    return Service.objects.filter(organisation__slug=slug).first()


def test_an_editor_may_edit_their_organisations_services_only(tunisian_editor):
    assert can_edit_service(tunisian_editor, _of("terre-dasile-tunisie"))
    assert not can_edit_service(tunisian_editor, _of("drc"))
    assert list(editable_organisations(tunisian_editor).values_list("slug", flat=True)) == ["terre-dasile-tunisie"]


def test_the_organisation_on_a_profile_grants_nothing(services):
    # Members choose their profile's organisation themselves: it is no proof of belonging.
    user = UserFactory()
    user.profile.organisation = Organisation.objects.get(slug="drc")
    user.profile.save()
    assert not can_edit_service(user, _of("drc"))


def test_an_editor_edits_their_service_from_the_public_site(client, tunisian_editor):
    service = _of("terre-dasile-tunisie")
    client.force_login(tunisian_editor)
    form = client.get(f"/en/services/{service.pk}/edit/")
    assert form.status_code == 200
    data = {
        "organisation": service.organisation_id,
        "name_en": "Legal counselling in Tunis",
        "name_ar": "استشارات قانونية في تونس",
        "service_type": "legal_counselling",
        "country": "TN",
        "place_en": "Tunis",
        "latitude": "36.8",
        "longitude": "10.18",
        "population_groups": ["asylum_seekers", "children"],
        "languages": ["ar", "fr"],
        "contact_channel": "phone",
        "contact": "+216 71 000 000",
        "status": "active",
        "start_date": "2020-02-01",
    }
    response = client.post(f"/en/services/{service.pk}/edit/", data)
    assert response.status_code == 302 and response["Location"] == f"/en/services/{service.pk}/"
    service.refresh_from_db()
    assert service.population_groups == ["asylum_seekers", "children"] and service.contact == "+216 71 000 000"


def test_an_editor_cannot_edit_nor_take_over_another_organisations_service(client, tunisian_editor):
    others = _of("drc")
    client.force_login(tunisian_editor)
    assert client.get(f"/en/services/{others.pk}/edit/").status_code == 403
    assert client.post(f"/en/services/{others.pk}/edit/", {"name_en": "taken"}).status_code == 403
    # Nor move one of their own services to another organisation, nor add one for it.
    own = _of("terre-dasile-tunisie")
    response = client.post(
        f"/en/services/{own.pk}/edit/",
        {"organisation": others.organisation_id, "name_en": "x", "service_type": "shelter", "country": "TN"},
    )
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    response = client.post("/en/services/new/", {"organisation": others.organisation_id, "name_en": "x"})
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    others.refresh_from_db()
    assert others.name_en != "taken"
    assert own.organisation.slug == "terre-dasile-tunisie"


def test_a_bad_end_date_keeps_what_was_typed(client, tunisian_editor):
    client.force_login(tunisian_editor)
    organisation = Organisation.objects.get(slug="terre-dasile-tunisie")
    response = client.post(
        "/ar/services/new/",
        {
            "organisation": organisation.pk,
            "name_ar": "دعم نفسي في قابس",
            "name_en": "Psychosocial support in Gabès",
            "service_type": "psychosocial_support",
            "country": "TN",
            "contact_channel": "walk_in",
            "status": "planned",
            "start_date": "2027-05-01",
            "end_date": "2027-04-01",
        },
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert "دعم نفسي في قابس" in response.content.decode()
    assert not Service.objects.filter(name_en="Psychosocial support in Gabès").exists()


def test_people_without_a_grant_cannot_add_or_manage(client, services):
    assert client.get("/en/services/new/").status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get("/en/services/new/").status_code == 403
    assert client.get("/en/services/mine/").status_code == 403


def test_staff_edit_any_service_in_the_admin(client, services):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_service", "view_service"])
    )
    client.force_login(staff)
    service = _of("drc")
    assert can_edit_service(staff, service)
    assert client.get("/admin/services/").status_code == 200
    edit = client.get(f"/admin/services/edit/{service.pk}/")
    assert edit.status_code == 200 and 'name="population_groups"' in edit.content.decode()


def test_staff_without_the_permission_cannot_edit_in_the_admin(client, services):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get(f"/admin/services/edit/{_of('drc').pk}/").status_code != 200


def test_staff_add_a_service_in_the_admin_and_bad_dates_are_refused(client, services):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "add_service", "view_service"]))
    client.force_login(staff)
    data = {
        "organisation": Organisation.objects.get(slug="unhcr").pk,
        "name_en": "Information desk in Zarzis",
        "name_ar": "مكتب معلومات في جرجيس",
        "service_type": "information_desk",
        "country": Country.objects.get(code="TN").pk,
        "place_en": "Zarzis",
        "latitude": "33.5",
        "longitude": "11.11",
        "population_groups": ["refugees", "migrants_in_transit"],
        "languages": ["ar", "fr"],
        "contact_channel": "walk_in",
        "status": "planned",
        "start_date": "2027-03-01",
        "end_date": "2027-02-01",
    }
    refused = client.post("/admin/services/new/", data)
    assert refused.status_code == 200 and not Service.objects.filter(place_en="Zarzis").exists()
    assert "The end date cannot be before the start date." in refused.content.decode()
    assert "مكتب معلومات في جرجيس" in refused.content.decode()  # what was typed is kept
    data["end_date"] = ""
    assert client.post("/admin/services/new/", data).status_code == 302
    service = Service.objects.get(place_en="Zarzis")
    assert service.population_groups == ["refugees", "migrants_in_transit"] and service.languages == ["ar", "fr"]
