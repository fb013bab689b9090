"""How allauth sees kms: the visitor's address from kms.clients, login lockouts per email and address, and
links in its emails on the site's public address (kms.public_url)."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from kms import public_url
from kms.clients import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The address rate limits count by: the same one the rest of kms uses."""
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The key of ACCOUNT_RATE_LIMITS["login_failed"]'s "/key" rate: the email and the address together.

        allauth keys it on the email alone, so five wrong passwords from anywhere lock the account
        out everywhere: a stranger could lock out an administrator at will. Keyed on both, failures
        from one address lock that email only from that address.
        """
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_address(request)}"

    def get_email_confirmation_url(self, request, emailconfirmation):
        return public_url.rebase(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return public_url.rebase(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix, email, context):
        """Every link allauth put in the context (`*_url`) and the site it names, on the public address."""
        context = {
            key: public_url.rebase(value) if key.endswith("_url") and isinstance(value, str) else value
            for key, value in context.items()
        }
        context["current_site"] = SimpleNamespace(
            domain=urlsplit(public_url.origin()).netloc, name=settings.WAGTAIL_SITE_NAME
        )
        super().send_mail(template_prefix, email, context)
