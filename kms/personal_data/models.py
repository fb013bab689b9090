"""What an item keeps when it went out although personal data was found in it: which kinds, who said
it may be published, and when. Moderators list such items (the queue, the admin's report)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kind_labels, scan_parts


class PersonalDataChecked(models.Model):
    """An item whose text (and files' text) is scanned before it is submitted or published.

    Subclasses say what to scan in `personal_data_texts(read_files)`: (where, text) pairs, where being
    a field's label or a file's name. With `read_files` false, a file the worker has not read yet is left
    out instead of being read in a child process: findings shown on a draft save or in the editor never
    wait for a file; publishing and submitting read it."""

    personal_data_kinds = models.CharField(_("personal data confirmed"), max_length=200, blank=True, editable=False)
    personal_data_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    personal_data_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def personal_data_texts(self, read_files=True):
        raise NotImplementedError

    def personal_data_findings(self):
        """What the editor is shown before publishing: from the texts and the files already read."""
        return scan_parts(self.personal_data_texts(read_files=False))

    def record_personal_data(self, findings, user):
        """Keep who confirmed that `findings` may go out; an item found clean keeps no mark."""
        kinds = ",".join(dict.fromkeys(finding.kind for finding in findings))
        self.personal_data_kinds = kinds
        self.personal_data_confirmed_by = user if kinds else None
        self.personal_data_confirmed_at = timezone.now() if kinds else None

    @property
    def over_personal_data_warning(self):
        return bool(self.personal_data_kinds)

    def personal_data_labels(self):
        return kind_labels(self.personal_data_kinds)

    def personal_data_summary(self):
        """For admin listings: the kinds confirmed, in the reader's language, or nothing."""
        return ", ".join(self.personal_data_labels())

    personal_data_summary.short_description = _("personal data confirmed")
