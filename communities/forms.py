"""Forms partners fill in: joining, inviting, lessons, discussions, events, moderation."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from kms.personal_data.forms import ConfirmationMixin
from kms.taxonomy.models import Country, Theme
from kms.text import NameField

from . import attachments
from .models import CONTENT_LANGUAGES, LANGUAGE_CODES, Community, Event, Lesson, Membership
from .related import RelatedField, RelatedFormMixin
from .writing import MarkdownField, WritingFormMixin, source_of

LESSON_SECTION_MAX = 20_000
POST_MAX = 10_000


class TokenFormMixin(forms.Form):
    """A hidden one-time token: posting the same form twice creates one object, not two."""

    submit_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submit_token", uuid.uuid4())


class RequestMembershipForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the facilitators"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        max_length=2000,
        required=False,
        help_text=_("Say who you are and what you hope to share or learn."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}), max_length=2000, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please tell the person why their request is declined."))
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    message = forms.CharField(
        label=_("Personal message"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=2000,
        required=False,
    )


class LessonForm(RelatedFormMixin, WritingFormMixin, ConfirmationMixin, TokenFormMixin, forms.ModelForm):
    """The structured lesson: each section is Markdown, stored as HTML cleaned against the one allow-list
    and as typed (`sources`). Pass `community=` to link the members it mentions, `user=` for what the
    related-documents chooser may offer.

    Its personal data is checked when it is submitted (`moderation`), with its files' text."""

    context = MarkdownField(
        label=_("Context"),
        max_length=LESSON_SECTION_MAX,
        help_text=_("Where, when, with whom; what problem you faced."),
    )
    what_was_done = MarkdownField(label=_("What was done"), max_length=LESSON_SECTION_MAX, required=False, help_text="")
    what_worked = MarkdownField(label=_("What worked"), max_length=LESSON_SECTION_MAX, required=False, help_text="")
    what_did_not = MarkdownField(
        label=_("What did not work"), max_length=LESSON_SECTION_MAX, required=False, help_text=""
    )
    recommendations = MarkdownField(
        label=_("Recommendations"), max_length=LESSON_SECTION_MAX, required=False, help_text=""
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Detect automatically")), *CONTENT_LANGUAGES[1:]], required=False
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    related = RelatedField(
        label=_("Related documents and research"),
        required=False,
        help_text=_("Documents, publications and lessons learned, in any language."),
    )
    attachment = forms.FileField(
        label=_("Add a file as evidence"), required=False, help_text=_("PDF, Word (DOCX), PNG or JPEG, up to 10 MB.")
    )

    class Meta:
        model = Lesson
        fields = [
            "title",
            "context",
            "what_was_done",
            "what_worked",
            "what_did_not",
            "recommendations",
            "evidence_links",
            "countries",
            "themes",
            "language",
        ]
        field_classes = {"title": NameField}
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "evidence_links": forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        }

    def __init__(self, *args, user=None, community=None, preview_url="", mentions_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_related(user)
        for name in Lesson.SECTIONS:
            self.fields[name].widget.attrs.update({"rows": 6, "dir": "auto"})
            if self.instance.pk and not self.is_bound:
                self.initial[name] = source_of(self.instance, name)
        self.setup_writing(community or getattr(self.instance, "community", None), preview_url, mentions_url)

    def save(self, commit=True):
        self.instance.sources = {name: text for name, text in self.sources().items() if text}
        return super().save(commit)

    def clean_evidence_links(self):
        lines = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(line)s” is not a web address starting with http:// or https://."), params={"line": line}
                ) from error
        return "\n".join(lines)

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        if uploaded:
            self.attachment_type = attachments.check(uploaded)
        return uploaded


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word (DOCX), PNG or JPEG, up to 10 MB."))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.content_type = attachments.check(uploaded)
        return uploaded


class ReviewForm(ConfirmationMixin, forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("publish", _("Publish")),
            ("request_changes", _("Request changes")),
            ("reject", _("Reject")),
            ("unpublish", _("Unpublish")),
        ]
    )
    reason = forms.CharField(
        label=_("Reason (the author sees it)"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=4000,
        required=False,
    )


class WritingForm(WritingFormMixin, forms.Form):
    """A form with a Markdown message; `community=` links the members it mentions."""

    def __init__(self, *args, community=None, preview_url="", mentions_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_writing(community, preview_url, mentions_url)


class ThreadForm(ConfirmationMixin, TokenFormMixin, WritingForm):
    personal_data_fields = ("title", "body")
    title = NameField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    body = MarkdownField(label=_("Message"), max_length=POST_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update({"rows": 8, "dir": "auto"})


class ReplyForm(ConfirmationMixin, TokenFormMixin, WritingForm):
    personal_data_fields = ("body",)
    body = MarkdownField(label=_("Your reply"), max_length=POST_MAX)
    quoted = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update({"rows": 6, "dir": "auto"})


class EditPostForm(ConfirmationMixin, WritingForm):
    personal_data_fields = ("title", "body")
    title = NameField(label=_("Title"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"}))
    body = MarkdownField(label=_("Message"), max_length=POST_MAX)


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=1000,
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding (kept for the record)"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=2000,
    )


class DismissFlagsForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the message can stay (kept for the record)"),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        max_length=2000,
    )


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventForm(WritingFormMixin, forms.ModelForm):
    """An event; its agenda is Markdown with the toolbar and preview of every member text (pass
    `community=`, `preview_url=`, `mentions_url=` as for posts), stored as cleaned HTML and as typed."""

    agenda = MarkdownField(
        label=_("Agenda"),
        max_length=10_000,
        required=False,
        help_text=_("Markdown: **bold**, _italics_, - lists, ### headings, [links](https://…)."),
    )

    class Meta:
        model = Event
        formfield_callback = _https_urls
        fields = ["kind", "title", "starts_at", "ends_at", "time_zone", "place", "online_link", "agenda"]
        field_classes = {"title": NameField}
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "title": forms.TextInput(attrs={"dir": "auto"}),
        }
        help_texts = {
            "starts_at": _("In the event's time zone."),
            "time_zone": _("For example Africa/Tunis, Africa/Cairo, Europe/Brussels."),
        }

    def __init__(self, *args, community=None, preview_url="", mentions_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_writing(community, preview_url, mentions_url)
        if self.instance.pk:
            self.initial["agenda"] = source_of(self.instance, "agenda")
            # Shown as the wall-clock times of the event's own zone, as they were typed.
            self.initial["starts_at"] = self.instance.local_start.replace(tzinfo=None)
            self.initial["ends_at"] = self.instance.local_end.replace(tzinfo=None)

    def _post_clean(self):
        # The times typed are wall-clock times in the event's own zone, not the server's.
        import zoneinfo

        zone_name = self.cleaned_data.get("time_zone")
        if zone_name:
            try:
                zone = zoneinfo.ZoneInfo(zone_name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                zone = None
            if zone is not None:
                for name in ("starts_at", "ends_at"):
                    value = self.cleaned_data.get(name)
                    if value is not None and name in self.data:
                        self.cleaned_data[name] = value.replace(tzinfo=None).replace(tzinfo=zone)
        super()._post_clean()

    def save(self, commit=True):
        self.instance.sources = {name: text for name, text in self.sources().items() if text}
        return super().save(commit)


class MembershipRoleForm(forms.Form):
    """The role a facilitator gives a member; the promote button without a role makes a facilitator."""

    role = forms.ChoiceField(choices=Membership.Role.choices, required=False)

    def clean_role(self):
        return self.cleaned_data["role"] or Membership.Role.FACILITATOR


def _direction(code):
    """Right to left, labelled with its language, for a right-to-left language; the browser decides otherwise."""
    return {"dir": "rtl", "lang": code} if get_language_info(code)["bidi"] else {"dir": "auto"}


class CommunityForm(forms.ModelForm):
    """What facilitators may change about their community (staff create communities in the admin)."""

    class Meta:
        model = Community
        fields = [
            "name_en",
            "name_fr",
            "name_ar",
            "name_nl",
            "description_en",
            "description_fr",
            "description_ar",
            "description_nl",
            "original_language",
            "visibility",
            "join_policy",
            "themes",
            "countries",
        ]
        field_classes = {f"name_{code}": NameField for code in LANGUAGE_CODES}
        widgets = {
            **{f"name_{code}": forms.TextInput(attrs=_direction(code)) for code in LANGUAGE_CODES},
            **{f"description_{code}": forms.Textarea(attrs={"rows": 4, **_direction(code)}) for code in LANGUAGE_CODES},
            "themes": forms.CheckboxSelectMultiple,
            "countries": forms.SelectMultiple(attrs={"size": 8}),
        }
