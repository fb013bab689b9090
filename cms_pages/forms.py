"""The admin form of document pages: a file can be uploaded right there, and a bad one is refused with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model

from kms.personal_data.forms import PageConfirmationMixin


class DocumentPageForm(PageConfirmationMixin, WagtailAdminPageForm):
    """Adds an upload box beside the document chooser; the uploaded file becomes the page's document.

    Publishing asks for a confirmation when personal data is found in the page or its file's text."""

    upload = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("PDF, Word or other office files. A PDF also gives the page its cover."),
        error_messages={"empty": _("The file is empty (0 bytes). Choose the file again.")},
    )

    def clean_upload(self):
        from .covers import BadFile, check_upload

        upload = self.cleaned_data.get("upload")
        if not upload:
            return upload
        upload.seek(0)
        data = upload.read(4096)  # the signature and a text check need no more; the file stays on disk
        upload.seek(0)
        try:
            check_upload(upload.name, data)
        except BadFile as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload

    def save(self, commit=True):
        from .covers import make_cover

        page = super().save(commit=False)
        upload = self.cleaned_data.get("upload")
        if upload:
            document = get_document_model()(
                title=page.title,
                file=upload,
                kind=page.kind,
                organisation=page.organisation,
                published_on=page.publication_date,
                uploaded_by_user=self.for_user,
            )
            document._set_document_file_metadata()
            document.save()
            page.document = document
        if (upload or "document" in self.changed_data) and "cover_image" not in self.changed_data:
            page.cover_image = None
        page.cover_problem = make_cover(page)
        if commit:
            page.save()
            self.save_m2m()
        return page
