from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities of practice")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import invitations

        user_logged_in.connect(invitations.accept_pending, dispatch_uid="communities.accept_invitations")
