"""A translator's PO file coming back: wagtail-localize's upload view, behind checks that answer a file it cannot
take (none chosen, not a PO file, or one not downloaded from this translation) with a message instead of an error
page. Nothing is imported from such a file, and the translation stays as it was."""

import contextlib
import os
import tempfile

import polib
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation

HEADER = "X-WagtailLocalize-TranslationID"


def _read(upload):
    """The uploaded PO file, or None when it is not one. Read from a file: polib would take short content for
    a path and open it."""
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
    try:
        return polib.pofile(copy.name)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(copy.name)


@require_admin_access
@require_POST
def upload_pofile(request, translation_id):
    translation = get_object_or_404(Translation, id=translation_id)
    if not edit_translation.user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    upload = request.FILES.get("file")
    po = _read(upload) if upload is not None else None
    if upload is None:
        problem = _("Choose the PO file to upload.")
    elif po is None:
        problem = _("This file is not a PO file: nothing was imported.")
    elif po.metadata.get(HEADER) != str(translation.uuid):
        problem = _(
            "This PO file was not downloaded from this translation: nothing was imported. Download the PO file "
            "of this translation, translate it, and upload it again."
        )
    else:
        upload.seek(0)
        return edit_translation.upload_pofile(request, translation_id)
    messages.error(request, problem)
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))
