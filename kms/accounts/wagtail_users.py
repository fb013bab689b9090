"""Wagtail's user admin (the wagtail.users app) with forms that match sign-up (kms.accounts.admin_users).

Its own module: a second AppConfig in kms.accounts.apps would stop Django from choosing AccountsConfig.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "kms.accounts.admin_users.UserViewSet"
