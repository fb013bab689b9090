"""The library's files at /documents/<id>/<filename>, under the names Wagtail links to, through the
project's view (see views.serve_document)."""

from django.urls import path, re_path
from wagtail.documents.views import serve as wagtail_serve

from . import views

urlpatterns = [
    # At most 18 digits: any longer id names no document and must not reach the database.
    re_path(r"^(\d{1,18})/(.*)$", views.serve_document, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        wagtail_serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
