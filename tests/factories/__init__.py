"""Test data with non-ASCII text by default: Arabic and accented French in every text field."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from kms.taxonomy.models import Organisation, Region, Theme

PASSWORD = "Sécurité-مرور-2026"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    slug = factory.Sequence(lambda n: f"region-{n}")
    name_en = factory.Sequence(lambda n: f"Région côtière {n}")
    name_fr = factory.Sequence(lambda n: f"Région côtière {n}")
    name_ar = factory.Sequence(lambda n: f"المنطقة الساحلية {n}")
    name_nl = factory.Sequence(lambda n: f"Kustregio {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_en = factory.Sequence(lambda n: f"Réintégration {n}")
    name_fr = factory.Sequence(lambda n: f"Réintégration {n}")
    name_ar = factory.Sequence(lambda n: f"إعادة الإدماج {n}")
    name_nl = factory.Sequence(lambda n: f"Re-integratie {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name_en = factory.Sequence(lambda n: f"Association d'entraide {n}")
    name_fr = factory.Sequence(lambda n: f"Association d'entraide {n}")
    name_ar = factory.Sequence(lambda n: f"جمعية التضامن {n}")
    name_nl = factory.Sequence(lambda n: f"Vereniging voor wederzijdse hulp {n}")
    acronym = "AÉ"
    kind = Organisation.Kind.NGO


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a verified email address (allauth refuses unverified logins)."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    first_name = "Aïcha"
    last_name = "بن علي"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=extracted is not False, primary=True)
