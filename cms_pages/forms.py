"""The admin form of document pages: a file can be uploaded right there, and a bad one is refused with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model

from kms.personal_data.files import text_to_check
from kms.personal_data.forms import PageConfirmationMixin

from .uploads import document_for


class PageForm(WagtailAdminPageForm):
    """The admin form of pages with checks only publishing needs (cms_pages.publishing): a draft skips them."""

    def _post_clean(self):
        self.instance.drafting = self.is_deferred_validation
        try:
            super()._post_clean()
        finally:
            self.instance.drafting = False


class DocumentPageForm(PageConfirmationMixin, PageForm):
    """Adds an upload box beside the document chooser; the uploaded file becomes the page's document.

    Publishing asks for a confirmation when personal data is found in the page or its file's text, a file
    uploaded in the same save included (read here, in a bounded child process: `kms.personal_data.files`)."""

    upload = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("PDF, Word or other office files. A PDF also gives the page its cover."),
        error_messages={"empty": _("The file is empty (0 bytes). Choose the file again.")},
    )

    def personal_data_texts(self):
        texts = super().personal_data_texts()
        upload = self.cleaned_data.get("upload")
        if upload:
            texts.append((upload.name, text_to_check(upload, upload.name)))
        return texts

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

        candidates = self._documents_before()
        page = super().save(commit=False)
        upload = self.cleaned_data.get("upload")
        if upload:
            page.document = document_for(upload, page, self.for_user, candidates)
            page.uploaded_document = page.document  # claimed by the page once it exists (wagtail_hooks)
        if (upload or "document" in self.changed_data) and "cover_image" not in self.changed_data:
            page.cover_image = None
        page.cover_problem = make_cover(page)
        if commit:
            page.save()
            self.save_m2m()
        return page

    def _documents_before(self):
        """The documents this page had before this save: in the draft being edited, in the form, and live."""
        model = get_document_model()
        ids = [self.initial.get("document"), self.cleaned_data.get("document")]
        if self.instance.pk:
            ids.append(type(self.instance).objects.filter(pk=self.instance.pk).values_list("document_id").get()[0])
        ids = [getattr(pk, "pk", pk) for pk in ids if pk]
        return list(model.objects.filter(pk__in=ids))

    def get_field_updates_for_resave(self):
        """After an autosave, the form names the stored document and forgets the file, so the next save sends
        the document's id rather than the file again."""
        updates = super().get_field_updates_for_resave()
        if self.cleaned_data.get("upload") and self.instance.document_id:
            updates += [("document", str(self.instance.document_id)), ("upload", "")]
        return updates
