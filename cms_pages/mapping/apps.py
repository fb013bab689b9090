from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    """Who does what where: the services partner organisations offer, by place, with a map and open data."""

    name = "cms_pages.mapping"
    label = "mapping"
    verbose_name = _("Services")
    default_auto_field = "django.db.models.BigAutoField"
