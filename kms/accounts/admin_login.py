"""The Wagtail admin's own sign-in form (/admin/login/), with the site's lockout.

Wagtail's form asks Django to authenticate directly, past allauth's rate limits: five wrong passwords
locked nothing there, so the admin was open to guessing. This form authenticates through the account
adapter, as the site's sign-in does, so the same "login_failed" limits apply (per address, and per
login and address together: kms.accounts.adapter), with allauth's message in the reader's language.
"""

from allauth.account.adapter import get_adapter
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    def clean(self):
        login, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if login is not None and password:
            key = "email" if "@" in login else "username"
            # Raises the lockout's ValidationError once the limit is reached; counts a failure otherwise.
            self.user_cache = get_adapter(self.request).authenticate(self.request, **{key: login, "password": password})
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
