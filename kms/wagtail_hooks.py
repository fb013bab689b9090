"""The admin's report of items published over a personal-data warning, under Reports; bulk publishing
refused for pages with unconfirmed personal data; the script that starts the admin's widgets without inline
scripts."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .personal_data import bulk, report


@hooks.register("register_admin_urls")
def _report_urls():
    return [path("reports/personal-data/", report.report, name="personal_data_report")]


@hooks.register("register_reports_menu_item")
def _report_menu_item():
    return report.ReportMenuItem(
        _("Published over a personal-data warning"),
        reverse("personal_data_report"),
        name="personal-data",
        icon_name="warning",
        order=950,
    )


hooks.register("before_bulk_action", bulk.refuse_unconfirmed_bulk_publish)


@hooks.register("insert_global_admin_js")
def _admin_init_script():
    """Starts the widgets that Wagtail would start with inline scripts (kms.choosers explains)."""
    return format_html('<script src="{}"></script>', static("js/admin-init.js"))
