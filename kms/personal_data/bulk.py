"""Bulk publishing in the Wagtail page listing skips the page editor, where personal data found in a page is
shown and confirmed: a bulk publish of pages whose latest version holds personal data nobody confirmed is
refused, with the pages named, so each is published from its editor instead."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import scan_parts
from .models import PersonalDataChecked


def unconfirmed(page):
    """The latest version of `page` when it holds personal data beyond what someone confirmed, else None."""
    latest = page.specific.get_latest_revision_as_object()
    if not isinstance(latest, PersonalDataChecked):
        return None
    found = {finding.kind for finding in scan_parts(latest.personal_data_texts())}
    confirmed = set(filter(None, latest.personal_data_kinds.split(",")))
    return latest if found - confirmed else None


def refuse_unconfirmed_bulk_publish(request, action_type, objects, action):
    if action_type != "publish":
        return None
    waiting = [latest for latest in map(unconfirmed, objects) if latest is not None]
    if not waiting:
        return None
    messages.error(
        request,
        _(
            "Personal data may be in: %(titles)s. Publish each from its editor, where what was found is shown "
            "and can be confirmed; nothing was published."
        )
        % {"titles": ", ".join(f"“{page.title}”" for page in waiting)},
    )
    return redirect(request.GET.get("next") or "wagtailadmin_explore_root")
