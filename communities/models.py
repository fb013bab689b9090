"""Communities of practice: who belongs, what they learned, what they discuss, when they meet.

Translation: a community's name and description are stored once per site language
(name_en … description_nl) on the row, like the taxonomy; readers get their own
language and fall back to the language the facilitators wrote in, then English.
Member-written content (lessons, threads, replies) stays in the language it was
written in, which is recorded (detected, editable) so search analyses it correctly.
"""

import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from kms.personal_data.models import PersonalDataChecked
from kms.text import clean_name_fields

from .storage import private_storage

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
CONTENT_LANGUAGES = [("", _("Not known")), *settings.LANGUAGES]


def _in_language(obj, field, language, fallback):
    code = (language or "en").split("-")[0]
    for candidate in (code, fallback, "en", *LANGUAGE_CODES):
        value = getattr(obj, f"{field}_{candidate}", "") if candidate in LANGUAGE_CODES else ""
        if value:
            return value
    return ""


# Addresses under /communities/ that are pages of their own, not communities (communities/urls.py).
RESERVED_SLUGS = frozenset({"queue", "following", "invitations", "files"})


class Community(models.Model):
    """A group of partners who share practice on a set of themes and countries."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS_ONLY = "members_only", _("Members only")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Anyone signed in can join")
        ON_REQUEST = "on_request", _("On request, approved by a facilitator")
        BY_INVITATION = "by_invitation", _("By invitation only")

    slug = models.SlugField(_("web address"), unique=True, max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=160, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=160, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=160, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=4000, blank=True)
    description_fr = models.TextField(_("description (French)"), max_length=4000, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), max_length=4000, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), max_length=4000, blank=True)
    original_language = models.CharField(
        _("written in"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Readers whose language has no translation see this version."),
    )
    themes = models.ManyToManyField("taxonomy.Theme", blank=True, related_name="communities", verbose_name=_("themes"))
    countries = models.ManyToManyField(
        "taxonomy.Country", blank=True, related_name="communities", verbose_name=_("countries")
    )
    visibility = models.CharField(_("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC)
    join_policy = models.CharField(
        _("who can join"), max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.ON_REQUEST
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.name

    def clean(self):
        clean_name_fields(self, *(f"name_{code}" for code in LANGUAGE_CODES))  # the admin's form too
        if not any(getattr(self, f"name_{code}") for code in LANGUAGE_CODES):
            raise ValidationError(_("Give the community a name in at least one language."))
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is the address of another page. Choose another.") % {"slug": self.slug}}
            )

    @property
    def name(self):
        return _in_language(self, "name", get_language(), self.original_language) or self.slug

    @property
    def description(self):
        return _in_language(self, "description", get_language(), self.original_language)

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    def get_absolute_url(self):
        return reverse("communities:home", kwargs={"slug": self.slug})


class Membership(models.Model):
    """One person's place in one community: asked, in, declined, or gone."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FACILITATOR = "facilitator", _("Facilitator")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.ACTIVE)
    request_message = models.TextField(_("message to the facilitators"), max_length=2000, blank=True)
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_person")]
        ordering = ["-role", "joined_at", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} · {self.community} ({self.get_state_display()})"

    @property
    def is_active(self):
        return self.state == self.State.ACTIVE

    @property
    def is_facilitator(self):
        return self.is_active and self.role == self.Role.FACILITATOR


def _invitation_token():
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timezone.timedelta(days=settings.KMS_INVITATION_DAYS)


class Invitation(models.Model):
    """An invitation sent to an email address; it is accepted by whoever signs in with that address."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    message = models.TextField(_("personal message"), max_length=2000, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.community}"

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_open(self):
        return self.accepted_at is None and not self.is_expired

    def get_absolute_url(self):
        return reverse("communities:invitation", kwargs={"token": self.token})


class LessonQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Lesson.State.PUBLISHED)


class Lesson(PersonalDataChecked):
    """A lesson learned, as a structured record partners can compare across countries.

    The text fields hold HTML already cleaned by `communities.sanitize.clean_html`;
    the state changes only through `communities.moderation`.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="lessons")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(_("context"), max_length=20000, blank=True)
    what_was_done = models.TextField(_("what was done"), max_length=20000, blank=True)
    what_worked = models.TextField(_("what worked"), max_length=20000, blank=True)
    what_did_not = models.TextField(_("what did not work"), max_length=20000, blank=True)
    recommendations = models.TextField(_("recommendations"), max_length=20000, blank=True)
    evidence_links = models.TextField(
        _("evidence links"), max_length=4000, blank=True, help_text=_("One web address per line.")
    )
    countries = models.ManyToManyField(
        "taxonomy.Country", blank=True, related_name="lessons", verbose_name=_("countries")
    )
    themes = models.ManyToManyField("taxonomy.Theme", blank=True, related_name="lessons", verbose_name=_("themes"))
    language = models.CharField(_("language"), max_length=5, choices=CONTENT_LANGUAGES, blank=True)
    # The sections as the author typed them (Markdown), to edit again; the fields above hold the HTML shown.
    sources = models.JSONField(default=dict, blank=True, editable=False)
    related_pages = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="community_lessons",
        verbose_name=_("related documents and research"),
    )
    related_lessons = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="cited_by", verbose_name=_("related lessons")
    )
    related_documents = models.ManyToManyField(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        blank=True,
        related_name="community_lessons",
        verbose_name=_("related files"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    moderation_reason = models.TextField(_("reason given by the reviewer"), blank=True)
    submit_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = LessonQuerySet.as_manager()

    SECTIONS = ("context", "what_was_done", "what_worked", "what_did_not", "recommendations")

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["community", "state"])]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communities:lesson", kwargs={"slug": self.community.slug, "pk": self.pk})

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    def links(self):
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]

    def sections(self):
        """(label, html) for each filled section, in the order readers expect."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.SECTIONS
            if getattr(self, name)
        ]

    def personal_data_texts(self, read_files=True):
        """The title, each section and the evidence links, then the text read from each attached file (read
        when it was attached, so `read_files` changes nothing)."""
        fields = [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in ("title", *self.SECTIONS)]
        files = (
            [(attachment.original_name, attachment.text) for attachment in self.attachments.all()] if self.pk else []
        )
        return [*fields, (self._meta.get_field("evidence_links").verbose_name, self.evidence_links), *files]

    def snapshot(self):
        return {
            "title": self.title,
            **{name: getattr(self, name) for name in self.SECTIONS},
            "evidence_links": self.evidence_links,
            "language": self.language,
        }


class LessonVersion(models.Model):
    """Every saved state of a lesson's text, kept so reviewers and authors can see what changed."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    state = models.CharField(max_length=20, choices=Lesson.State.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["lesson", "-number"]
        constraints = [models.UniqueConstraint(fields=["lesson", "number"], name="one_lesson_version_number")]
        verbose_name = _("lesson version")
        verbose_name_plural = _("lesson versions")

    def __str__(self):
        return f"{self.lesson} v{self.number}"


class LessonTransition(models.Model):
    """One step through the moderation workflow, with who took it and why (the audit trail)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=Lesson.State.choices)
    to_state = models.CharField(max_length=20, choices=Lesson.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.lesson}: {self.from_state} → {self.to_state}"


def attachment_path(instance, filename):
    return f"communities/{instance.lesson.community_id}/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    """Evidence for a lesson: a PDF, DOCX or picture, checked by content and served through a view."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    text = models.TextField(blank=True, help_text="Text extracted from a PDF or DOCX, for search.")
    # What reading the text gave (search.extraction.Status; "" while waiting for the worker) and,
    # when not everything was read, why, as an untranslated message shown with gettext.
    text_status = models.CharField(max_length=20, blank=True, editable=False)
    text_message = models.CharField(max_length=300, blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("communities:attachment", kwargs={"pk": self.pk, "name": self.original_name})

    @property
    def text_problem(self):
        """Why the file's text is not (fully) searchable, in the reader's language; "" when it is or is not read yet."""
        return gettext(self.text_message) if self.text_status and self.text_message else ""


class HideableContent(PersonalDataChecked):
    """Member-written text that moderators can hide with a reason; nothing is ever deleted."""

    body = models.TextField(_("message"), max_length=20000)
    # The message as the author typed it (Markdown: {"body": ...}), to edit again; `body` is the HTML shown.
    sources = models.JSONField(default=dict, blank=True, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(_("language"), max_length=5, choices=CONTENT_LANGUAGES, blank=True)
    submit_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    def personal_data_texts(self, read_files=True):
        title = getattr(self, "title", "")
        return [(gettext("Title"), title), (self._meta.get_field("body").verbose_name, self.body)]


class Thread(HideableContent):
    """A discussion: a standalone topic in a community, or the conversation under one lesson."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communities:thread", kwargs={"slug": self.community.slug, "pk": self.pk})


class Reply(HideableContent):
    """An answer in a discussion, possibly quoting an earlier reply."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    quoted = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self):
        return f"{self.thread} #{self.pk}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#reply-{self.pk}"


class Follow(models.Model):
    """A person following a discussion: told of each new reply while they may read it.

    Starting a discussion or replying in it follows it; unfollowing is kept (`following` false), so
    replying again later does not follow it against the person's choice."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_threads")
    following = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_follow_per_person")]
        verbose_name = _("followed discussion")
        verbose_name_plural = _("followed discussions")

    def __str__(self):
        return f"{self.user} · {self.thread}"


class Flag(models.Model):
    """A member telling moderators that a thread or reply needs a look."""

    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    reply = models.ForeignKey(Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("what is wrong"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Resolved when the message is hidden, or when a moderator dismisses the flag and keeps the
    # message; who did it and why stay on the flag (the reason is the hiding reason when hidden).
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution_reason = models.TextField(_("why the flag was resolved"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self):
        return f"{self.target} ({self.flagged_by})"

    @property
    def target(self):
        return self.reply or self.thread


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone we know, e.g. Africa/Tunis."), params={"value": value})


class Event(models.Model):
    """A webinar or meeting of the community; times are stored in UTC and shown in the event's zone."""

    class Kind(models.TextChoices):
        WEBINAR = "webinar", _("Webinar")
        MEETING = "meeting", _("Meeting")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="events")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.WEBINAR)
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), max_length=10000, blank=True)
    # The agenda as its author typed it (Markdown: {"agenda": ...}), to edit again; `agenda` is the HTML shown.
    sources = models.JSONField(default=dict, blank=True, editable=False)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=60, default="UTC", validators=[validate_time_zone])
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True, help_text=_("Shown to members only."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})

    def get_absolute_url(self):
        return reverse("communities:event", kwargs={"slug": self.community.slug, "pk": self.pk})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)
