"""What members write: Markdown, mentions of members, and the preview, all through one path.

A member types Markdown (CommonMark, with a typed line break kept as a line break); `render`
turns it into HTML with markdown-it-py and cleans that with the one allow-list
(`sanitize.clean_html`), so the page and the preview show the same HTML. The text as typed is
kept too (`sources` on the model), to be edited again; the page shows only the cleaned copy.

Headings keep below the page's own: `#` to `###` become h3, deeper ones h4. Pictures are not
shown (their link stays). HTML typed in the text is cleaned like any other, which is also how
posts stored before Markdown (cleaned HTML or plain text) come back into the editor unchanged.

Mentions: `@[Display Name]`, which the autocomplete inserts, or `@Name` when the display name
is one word (spaces may be left out: `@AminaBenSalah`). `@[Name #12]` names member 12 when two
members share a name. Only active members of the post's community are recognised; each becomes
a link to the member's page (language-neutral, so every reader lands in their own language),
and the stored HTML marks them with `data-member`, which only the cleaner writes.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from .models import Membership
from .sanitize import DEFAULT_MAX_LENGTH, MaxHTMLLengthValidator, clean_html

_markdown = MarkdownIt("commonmark", {"breaks": True, "html": True}).disable(["image"])


def _heading(renderer, tokens, index, options, env):
    token = tokens[index]
    token.tag = "h3" if token.tag in ("h1", "h2", "h3") else "h4"
    return renderer.renderToken(tokens, index, options, env)


_markdown.add_render_rule("heading_open", _heading)
_markdown.add_render_rule("heading_close", _heading)

MENTION = re.compile(r"(?<![\w@])@(?:\[([^\[\]\n]{1,120})\]|(\w(?:[\w.\-]*\w)?))")
_BY_NUMBER = re.compile(r"^(.*?)\s*#(\d+)$")
MENTIONED = re.compile(r'\bdata-member="(\d+)"')


def _key(name):
    return " ".join(str(name).split()).casefold()


def member_name(user):
    """The name members see: the display name, else the full name, else "Member <n>" (never an address)."""
    from .notifications.delivery import person_name

    return person_name(user)


class Mentions:
    """The active members of `community` that a text can mention, and who it mentioned (`found`)."""

    def __init__(self, community):
        self.community = community
        self.found = {}
        self._members = None

    def members(self):
        """{user id: name} of the community's active members (one query, on first use)."""
        if self._members is None:
            memberships = Membership.objects.filter(
                community=self.community, state=Membership.State.ACTIVE, user__is_active=True
            ).select_related("user__profile")
            self._members = {m.user_id: member_name(m.user) for m in memberships}
        return self._members

    def resolve(self, bracketed, word):
        """The (user id, name) a mention names, or None when it names no member or several."""
        members = self.members()
        if bracketed:
            numbered = _BY_NUMBER.match(bracketed)
            if numbered and int(numbered.group(2)) in members:
                user_id = int(numbered.group(2))
                return user_id, members[user_id]
            wanted = _key(bracketed)
            matches = [pk for pk, name in members.items() if _key(name) == wanted]
        else:
            wanted = word.casefold()
            matches = [pk for pk, name in members.items() if _key(name).replace(" ", "") == wanted]
        return (matches[0], members[matches[0]]) if len(matches) == 1 else None

    def tokens(self, text):
        """The text as html5lib tokens, each recognised mention a link to the member's page."""
        position = 0
        for match in MENTION.finditer(text):
            found = self.resolve(match.group(1), match.group(2))
            if found is None:
                continue
            user_id, name = found
            self.found[user_id] = name
            if match.start() > position:
                yield {"type": "Characters", "data": text[position : match.start()]}
            href = f"/communities/{self.community.slug}/members/{user_id}/"
            attrs = {(None, "href"): href, (None, "class"): "mention", (None, "data-member"): str(user_id)}
            yield {"type": "StartTag", "name": "a", "namespace": None, "data": attrs}
            yield {"type": "Characters", "data": f"@{name}"}
            yield {"type": "EndTag", "name": "a", "namespace": None}
            position = match.end()
        if position < len(text):
            yield {"type": "Characters", "data": text[position:]}


def render(source, community=None, max_length=DEFAULT_MAX_LENGTH, mentions=None):
    """The member's Markdown as cleaned HTML; ValidationError when the text typed exceeds `max_length`.

    Mentions of `community`'s members are linked (pass `mentions` to learn whom it found)."""
    source = source or ""
    if mentions is None and community is not None:
        mentions = Mentions(community)
    if not source.strip():
        return ""
    MaxHTMLLengthValidator(max_length)(source)
    return clean_html(_markdown.render(source), max_length=None, mentions=mentions)


def mentioned_ids(*html):
    """The members mentioned in stored HTML (the cleaner's own `data-member` marks)."""
    return {int(pk) for text in html for pk in MENTIONED.findall(text or "")}


def has_text(html):
    return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", html or ""))


class MarkdownTextarea(forms.Textarea):
    """The text box with its toolbar and preview (shown by static/communities/writing.js, or after the
    form's Preview button); the box works alone without script."""

    template_name = "communities/widgets/markdown.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 6, "dir": "auto", "data-markdown": "", **(attrs or {})})
        self.preview = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["preview"] = self.preview
        return context


class MarkdownField(forms.CharField):
    """A text box for Markdown; its cleaned value is the sanitised HTML, the text as typed is `source`.

    The limit is checked on the text as typed. A required field whose text is all removed by
    cleaning (only a script, say) is refused with a message saying so, and the text is kept.
    The form sets `mentions` (a Mentions of the post's community) to link members mentioned.
    """

    widget = MarkdownTextarea
    default_error_messages = {
        "nothing_left": _("Nothing is left of this text once formatting that is not allowed is removed.")
    }

    def __init__(self, *, max_length=DEFAULT_MAX_LENGTH, **kwargs):
        kwargs.setdefault("strip", True)
        kwargs.setdefault(
            "help_text",
            _("Markdown: **bold**, _italics_, - lists, > quotes, [links](https://…); @[name] mentions a member."),
        )
        super().__init__(**kwargs)
        self.markdown_max_length = max_length
        self.mentions = None
        self.validators.append(MaxHTMLLengthValidator(max_length))
        if max_length is not None:
            self.widget.attrs["data-max-length"] = str(max_length)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        cleaned = render(value, max_length=None, mentions=self.mentions)
        if self.required and not has_text(cleaned):
            raise ValidationError(self.error_messages["nothing_left"], code="nothing_left")
        return cleaned


class WritingFormMixin:
    """For forms with Markdown fields: mentions in `community`, the text as typed, and the preview.

    Pass `community=` to the form. `sources()` gives {field name: text as typed} to store with the
    object; `show_preview()` renders each box's preview under it (the Preview button without script).
    """

    def setup_writing(self, community, preview_url="", mentions_url=""):
        self.community = community
        for field in self.markdown_fields():
            field.mentions = Mentions(community) if community is not None else None
            if preview_url:
                field.widget.attrs["data-preview-url"] = preview_url
            if mentions_url:
                field.widget.attrs["data-mentions-url"] = mentions_url

    def markdown_fields(self):
        return [field for field in self.fields.values() if isinstance(field, MarkdownField)]

    def sources(self):
        return {
            name: (self.data.get(self.add_prefix(name)) or "").strip()
            for name, field in self.fields.items()
            if isinstance(field, MarkdownField)
        }

    def mentioned(self):
        """{user id: name} of the members the cleaned text mentions."""
        found = {}
        for field in self.markdown_fields():
            if field.mentions is not None:
                found.update(field.mentions.found)
        return found

    def show_preview(self):
        for name, field in self.fields.items():
            if isinstance(field, MarkdownField):
                raw = self.data.get(self.add_prefix(name)) or ""
                try:
                    field.widget.preview = render(raw, self.community, max_length=field.markdown_max_length)
                except ValidationError:
                    field.widget.preview = None


def source_of(obj, name):
    """The text to edit for `obj`'s field `name`: as typed, or for a post stored before Markdown its
    cleaned HTML, which renders to the same."""
    return (obj.sources or {}).get(name) or getattr(obj, name) or ""
