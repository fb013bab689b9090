"""The admin's "Researcher requests" page and menu item, for staff who decide them (kms.accounts.researchers)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from kms import converters  # noqa: F401 (registers the <id:...> path converter)

from . import admin_views, researchers


@hooks.register("register_admin_urls")
def _researcher_request_urls():
    return [
        path("researcher-requests/", admin_views.ResearcherRequestsView.as_view(), name="kms_researcher_requests"),
        path("researcher-requests/<id:pk>/<str:step>/", admin_views.decide, name="kms_researcher_request_decide"),
    ]


class ResearcherRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return researchers.can_decide(request.user)


@hooks.register("register_admin_menu_item")
def _researcher_requests_menu_item():
    return ResearcherRequestsMenuItem(
        _("Researcher requests"),
        reverse("kms_researcher_requests"),
        name="researcher-requests",
        icon_name="user",
        order=310,
    )
