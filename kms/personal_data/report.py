"""The admin's report of everything that went out over a personal-data warning: lessons, discussion
messages, document pages and publications alike, found by the shared model, never by app name."""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from kms.accounts.groups import EDITORS, MODERATORS

from .models import PersonalDataChecked

SHOWN = 200


def may_see_report(user):
    return user.is_superuser or user.groups.filter(name__in=(EDITORS, MODERATORS)).exists()


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_report(request.user)


def _link(item):
    if isinstance(item, Page):
        return reverse("wagtailadmin_pages:edit", args=(item.pk,))
    return item.get_absolute_url()


def over_warning():
    """Every item confirmed over a warning, newest first."""
    models = [m for m in apps.get_models() if issubclass(m, PersonalDataChecked)]
    items = [
        item
        for model in models
        for item in model.objects.exclude(personal_data_kinds="").select_related("personal_data_confirmed_by")[:SHOWN]
    ]
    return sorted(items, key=lambda item: item.personal_data_confirmed_at, reverse=True)[:SHOWN]


def report(request):
    if not may_see_report(request.user):
        raise PermissionDenied
    rows = [{"item": item, "url": _link(item), "type": item._meta.verbose_name} for item in over_warning()]
    return render(request, "personal_data/report.html", {"rows": rows})
