"""The admin's user forms ask for what sign-up asks for: an email and a password, the names optional.

Sign-up (allauth) never asks for a first or last name, so Wagtail's forms, which require both,
could not save a user who signed up. Members give the name others see on their profile.
"""

from wagtail.users import forms as wagtail_forms
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet


class _OptionalNames:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            if name in self.fields:
                self.fields[name].required = False


class UserCreationForm(_OptionalNames, wagtail_forms.UserCreationForm):
    pass


class UserEditForm(_OptionalNames, wagtail_forms.UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
