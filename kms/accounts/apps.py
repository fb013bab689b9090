from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class AccountsConfig(AppConfig):
    name = "kms.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth import get_user_model

        from .groups import ensure_groups_after_migrate
        from .models import create_profile

        post_migrate.connect(ensure_groups_after_migrate, dispatch_uid="kms.accounts.ensure_groups")
        post_save.connect(create_profile, sender=get_user_model(), dispatch_uid="kms.accounts.create_profile")
