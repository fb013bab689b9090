from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """The public site's ways to reach the network: the contact form and the newsletter."""

    name = "cms_pages.outreach"
    label = "outreach"
    verbose_name = _("Contact and newsletter")
    default_auto_field = "django.db.models.BigAutoField"
