"""Files added to lessons as evidence: the upload page, and handing a file out after the permission check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import permissions
from ..forms import AttachmentForm
from ..lessons import AddAttachment
from ..models import Attachment
from .common import lesson_or_404, refuse


@login_required
def attachment_upload(request, slug, pk):
    lesson = lesson_or_404(request, slug, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    action = AddAttachment(request.user, lesson, form)
    action.check()
    if request.method == "POST" and form.is_valid():
        action.execute()
        messages.success(request, _("The file has been added."))
        return redirect(lesson)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "communities/attachment_form.html",
        {"community": lesson.community, "lesson": lesson, "form": form},
        status=status,
    )


def attachment(request, pk, name):
    """Hand out a file after the permission check; members-only files exist for no one else."""
    item = get_object_or_404(Attachment.objects.select_related("lesson__community"), pk=pk)
    if not permissions.can_view_attachment(request.user, item):
        refuse(request, item.lesson.community)
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=item.content_type.startswith("application/"),
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Shared caches may keep only what every visitor may read: a draft, submitted or rejected
    # lesson's files, like a members-only community's, are for the browser at hand alone.
    shareable = permissions.can_view_attachment(AnonymousUser(), item)
    response["Cache-Control"] = "public, max-age=3600" if shareable else "private, no-store"
    return response
