"""Asking for an explicit confirmation before text with personal data goes out.

`ConfirmationMixin` adds the check box to any form; it stays hidden until something is found,
and a form whose findings are not confirmed is shown again with them (nothing the person typed
is lost). `PageConfirmationMixin` does the same in the Wagtail page editor, when a page is
published or submitted for review.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import scan_parts

CONFIRM = "confirm_personal_data"
PUBLISHING_ACTIONS = ("action-publish", "action-submit")


class ConfirmationMixin(forms.Form):
    confirm_personal_data = forms.BooleanField(
        label=_("I have checked these details: they may be published."), required=False, widget=forms.HiddenInput
    )
    personal_data_findings = ()
    personal_data_fields = ()  # the fields scanned when the form is cleaned; others scan elsewhere

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[CONFIRM] = self.fields.pop(CONFIRM)  # last, just above the buttons

    def clean(self):
        data = super().clean()
        if self.personal_data_fields:
            self.require_confirmation(
                [(self.fields[name].label, data.get(name)) for name in self.personal_data_fields if name in self.fields]
            )
        return data

    def show_personal_data(self, findings):
        """Show `findings` with the form, and the check box that lets them through."""
        self.personal_data_findings = list(findings)
        if self.personal_data_findings:
            self.fields[CONFIRM].widget = forms.CheckboxInput()
        return self.personal_data_findings

    def require_confirmation(self, parts):
        """Scan `parts` ((where, text) pairs); without the confirmation, findings are a form error."""
        findings = self.show_personal_data(scan_parts(parts))
        if findings and not self.cleaned_data.get(CONFIRM):
            self.add_error(
                CONFIRM,
                _(
                    "This text seems to contain personal data (see above). Remove it, or tick the box to confirm it may be published."
                ),
            )
        return findings

    @property
    def personal_data_confirmed(self):
        return bool(self.is_bound and self.data.get(CONFIRM) in ("on", "true", "True", "1"))


class PageConfirmationMixin(ConfirmationMixin):
    """For WagtailAdminPageForm subclasses of pages that are PersonalDataChecked: publishing or
    submitting a page with findings needs the box ticked, and the page keeps who ticked it."""

    def personal_data_texts(self):
        """What publishing scans: the page's own texts; a form that takes a file itself adds that file's."""
        return self.instance.personal_data_texts()

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed
        if not any(self.data.get(action) for action in PUBLISHING_ACTIONS):
            self.show_personal_data(self.instance.personal_data_findings())
            return
        findings = self.require_confirmation(self.personal_data_texts())
        if not self.errors:
            self.instance.record_personal_data(findings, self.for_user)
