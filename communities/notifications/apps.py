from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-site notifications and emails (immediate or weekly digest) for members of communities."""

    name = "communities.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .signals import remember_language_at_sign_in

        user_logged_in.connect(remember_language_at_sign_in, dispatch_uid="notifications-language-at-sign-in")
