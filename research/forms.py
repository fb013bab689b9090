"""The admin form for publications: clear messages for the mistakes people make, nothing else lost."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from kms.personal_data.forms import PageConfirmationMixin

UNUSABLE_FILE_STATUSES = ("corrupt", "encrypted")


def file_problem(document):
    """Why a chosen document cannot be a publication's file (damaged or password-protected), or ""."""
    status, message = document.extraction_status, document.extraction_message
    if not status:
        from search.extraction import extract_in_child

        # Not read yet (the worker has not reached it): a few pages tell damaged or locked apart,
        # read in a child process so the request keeps its memory and cannot hang.
        with document.open_file() as handle:
            result = extract_in_child(handle, document.filename, max_pages=3, timeout_s=10, process_timeout_s=20)
        status, message = result.status, result.message
    if status in UNUSABLE_FILE_STATUSES:
        return message or gettext("The file cannot be opened.")
    return ""


class PublicationForm(PageConfirmationMixin, WagtailAdminPageForm):
    """Publishing or submitting for review asks for a confirmation when personal data is found in the
    title, the abstract or the text of the files."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "licence" in self.fields:
            self.fields["licence"].error_messages["required"] = _(
                "Choose a licence: readers and libraries need it to know how they may reuse the publication."
            )

    def _check_document(self, document):
        if document is None:
            return document
        problem = file_problem(document)
        if problem:
            raise forms.ValidationError(
                _(
                    "“%(title)s” cannot be the file of a publication: %(problem)s Upload a working copy and choose it instead."
                ),
                code="unusable_file",
                params={"title": document.title, "problem": gettext(problem)},
            )
        return document

    def clean_primary_file(self):
        return self._check_document(self.cleaned_data.get("primary_file"))

    def is_valid(self):
        # Version forms are validated with their formset, after this form's own clean().
        valid = super().is_valid()
        versions = self.formsets.get("versions")
        if versions is None:
            return valid
        seen = set()
        for form in versions.forms:
            data = getattr(form, "cleaned_data", None) or {}
            number = data.get("number")
            if data.get("DELETE") or number is None:
                continue
            if number in seen:
                form.add_error("number", _("Another version already has the number %(number)s.") % {"number": number})
                valid = False
            seen.add(number)
        return valid
