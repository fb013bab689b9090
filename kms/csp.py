"""The Content-Security-Policy: strict on the site, relaxed only where the Wagtail admin needs it."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with `KMS_CSP_ADMIN_RELAXATIONS` replacing directives under the Wagtail admin.

    Wagtail 8 still writes inline scripts (inline panels, date pickers, search promotions) and inline
    styles into its editing views, with no way to give them a nonce (widgets render without the
    request). Those views are for signed-in staff only, so they alone get 'unsafe-inline'; the
    admin's sign-in and password-reset pages, which anyone can reach, keep the site's strict policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and self.is_relaxed(request.path_info):
            parts.replace = {**settings.KMS_CSP_ADMIN_RELAXATIONS, **(parts.replace or {})}
        return parts

    @staticmethod
    def is_relaxed(path):
        return path.startswith(settings.KMS_CSP_ADMIN_PREFIX) and not path.startswith(
            settings.KMS_CSP_ADMIN_STRICT_PREFIXES
        )
