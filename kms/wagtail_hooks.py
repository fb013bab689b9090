"""The admin's report of items published over a personal-data warning, under Reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .personal_data import report


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
