"""Checks that only publishing needs: a draft is saved without them, with a warning; publishing is refused.

An editor waiting for a speaker's consent, or for a picture's description, can keep saving their work.
Wagtail's own deferred validation decides which save is which: "Save draft" and autosave defer, publishing
and submitting for moderation do not. Blocks read it from `is_deferred_validation` (QuoteBlock);
page fields from `drafting`, which the admin page form sets (cms_pages.forms.PageForm).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.fields import StreamField

from .blocks import QuoteBlock


class PublicationChecks:
    """A page with fields a draft may leave empty but publishing needs (see `publication_problems`)."""

    drafting = False

    def publication_problems(self):
        """{field name: (why publishing is refused, what the draft's warning says)}."""
        return {}

    def clean(self):
        super().clean()
        problems = self.publication_problems()
        if problems and not self.drafting:
            raise ValidationError({name: error for name, (error, _warning) in problems.items()})


def _quotes_without_consent(page):
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for child in getattr(page, field.name) or []:
                if isinstance(child.block, QuoteBlock) and not child.value.get("consent"):
                    yield child.value


def draft_warnings(page):
    """What the draft of `page` still lacks before it can be published, in the editor's words."""
    warnings = []
    for quote in _quotes_without_consent(page):
        speaker = (quote.get("speaker") or "").strip()
        if speaker:
            warnings.append(
                _("Draft saved, but not ready to publish: the testimony of “%(speaker)s” has no recorded consent.")
                % {"speaker": speaker}
            )
        else:
            warnings.append(_("Draft saved, but not ready to publish: a testimony has no recorded consent."))
    if isinstance(page, PublicationChecks):
        warnings.extend(warning for _error, warning in page.publication_problems().values())
    return warnings
