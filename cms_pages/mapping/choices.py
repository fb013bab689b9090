"""The controlled lists a service is described with; each service type belongs to a taxonomy theme."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    LEGAL_COUNSELLING = "legal_counselling", _("Legal counselling")
    CASE_MANAGEMENT = "case_management", _("Case management")
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support", _("Psychosocial support")
    SHELTER = "shelter", _("Shelter")
    CASH_ASSISTANCE = "cash_assistance", _("Cash assistance")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    MEDICAL_REFERRAL = "medical_referral", _("Medical referral")
    INFORMATION_DESK = "information_desk", _("Information desk")
    REINTEGRATION_GRANTS = "reintegration_grants", _("Reintegration grants")
    EDUCATION = "education", _("Education and schooling")
    ANTI_TRAFFICKING = "anti_trafficking", _("Support to survivors of trafficking")


# The taxonomy theme (kms/taxonomy/data/taxonomy.json) each service type belongs to.
THEME_OF_TYPE = {
    ServiceType.LEGAL_COUNSELLING: "information-legal-assistance",
    ServiceType.CASE_MANAGEMENT: "protection",
    ServiceType.PSYCHOSOCIAL_SUPPORT: "protection",
    ServiceType.SHELTER: "basic-services",
    ServiceType.CASH_ASSISTANCE: "cash-based-interventions",
    ServiceType.VOCATIONAL_TRAINING: "livelihoods",
    ServiceType.FAMILY_TRACING: "protection",
    ServiceType.MEDICAL_REFERRAL: "basic-services",
    ServiceType.INFORMATION_DESK: "information-legal-assistance",
    ServiceType.REINTEGRATION_GRANTS: "reintegration",
    ServiceType.EDUCATION: "education",
    ServiceType.ANTI_TRAFFICKING: "counter-trafficking",
}


class PopulationGroup(models.TextChoices):
    REFUGEES = "refugees", _("Refugees")
    ASYLUM_SEEKERS = "asylum_seekers", _("Asylum seekers")
    MIGRANTS_IN_TRANSIT = "migrants_in_transit", _("Migrants in transit")
    RETURNEES = "returnees", _("Returnees")
    IDPS = "idps", _("Internally displaced people")
    HOST_COMMUNITIES = "host_communities", _("Host communities")
    CHILDREN = "children", _("Children")
    SURVIVORS = "survivors", _("Survivors of trafficking or gender-based violence")


class ContactChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    HOTLINE = "hotline", _("Free hotline")
    EMAIL = "email", _("Email")
    WEBSITE = "website", _("Website")
    REFERRAL = "referral", _("By referral only")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    PLANNED = "planned", _("Planned")
    ENDED = "ended", _("Ended")
