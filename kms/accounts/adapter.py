"""How allauth sees kms: the visitor's address from kms.clients, and login lockouts per email and address."""

from allauth.account.adapter import DefaultAccountAdapter

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
