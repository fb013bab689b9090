"""The Content-Security-Policy: strict on the site; in the Wagtail admin, relaxed for styles only."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with `KMS_CSP_ADMIN_RELAXATIONS` replacing directives under the Wagtail admin.

    Scripts are not relaxed: the inline scripts Wagtail 8 writes into its editing views (inline panels,
    choosers, date pickers) are inert elements that static/js/admin-init.js starts (kms.choosers). Styles
    are: the editors the browser tests drive (pages, publications, workflows) need no inline style, but
    Wagtail's hundreds of views and the libraries it bundles (jQuery UI, the date picker, Draftail) may
    write style attributes into markup, which no nonce can cover, and an inline style cannot run code.
    The admin's views are for signed-in staff only, so they alone get style-src 'unsafe-inline'; the
    admin's sign-in and password-reset pages, which anyone can reach, keep the site's strict policy.
    """

    def process_response(self, request, response):
        # Wagtail renders a preview by passing a dummy request for the page's own address through the
        # middleware; the admin's request around it gives the preview the admin's policy, which lets the
        # editor frame it (the site's says frame-ancestors 'none').
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

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
