"""The one allow-list for HTML written by members, and the only code that cleans it.

Member-written HTML (lessons, threads, replies, event agendas) is cleaned on the way
in and only the cleaned copy is stored and rendered. Use it in one of two ways:

    from communities.sanitize import MemberHTMLField, clean_html

    class ReplyForm(forms.Form):
        body = MemberHTMLField(max_length=20_000)   # cleaned_data["body"] is safe HTML

    lesson.context = clean_html(raw_text, max_length=50_000)  # outside a form

Templates then print the stored value with `|safe`: it is the cleaned copy.

Members write Markdown (communities/writing.py turns it into HTML and cleans that here, with
the same allow-list, for the page and for the preview alike).

What survives: p, br, strong, em, ul, ol, li, blockquote, code, pre, hr, h3, h4, and a with
an href whose scheme is http, https or mailto (relative and other schemes lose their href;
every link gets rel="nofollow ugc"); web addresses typed as text become links (https when no
scheme is typed); b and i become strong and em. Mentions of members
(`mentions`, see writing.py) are links the cleaner itself makes, after the allow-list has
removed every link attribute a member could have written. Every other tag is removed and its text kept,
except elements whose content is code or markup rather than prose (script, style,
svg, math, iframe, template, ...): those go with everything inside them. Comments
are removed. Text typed without block-level tags keeps its line breaks as <br>.

The length limit is measured on what the member typed (before cleaning), so a
message never claims a text fits and then refuses it after cleaning shrank it, and
the limit is stated in the message.
"""

import html
import re

import bleach
import bleach.sanitizer
from bleach import html5lib_shim
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter, build_url_re
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr", "h3", "h4"}
)
RENAMED_TAGS = {"b": "strong", "i": "em"}
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc"
DEFAULT_MAX_LENGTH = 50_000

# Elements whose content is never prose: removed together with everything inside them.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "svg",
        "math",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "noscript",
        "noembed",
        "noframes",
        "xmp",
        "plaintext",
        "title",
        "head",
        "textarea",
        "select",
        "option",
        "canvas",
        "video",
        "audio",
        "base",
        "link",
        "meta",
    }
)
BLOCK_TAGS = frozenset({"p", "ul", "ol", "li", "blockquote", "pre", "hr", "h3", "h4"})
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def link_scheme(href):
    """The scheme a browser would see in `href`, after entities and control characters are removed."""
    value = _CONTROL_AND_SPACE.sub("", html.unescape(href or ""))
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else ""


class _DropContent(Filter):
    """Removes script-like elements with their content, before the allow-list strips tags."""

    def __iter__(self):
        depth = 0
        for token in Filter.__iter__(self):
            kind = token["type"]
            if depth:
                if kind == "StartTag":
                    depth += 1
                elif kind == "EndTag":
                    depth -= 1
                continue
            name = (token.get("name") or "").lower()
            if name in DROPPED_WITH_CONTENT:
                if kind == "StartTag":
                    depth = 1
                continue
            yield token


class _Rename(Filter):
    """Bold and italics written as b and i are kept, as strong and em."""

    def __iter__(self):
        for token in Filter.__iter__(self):
            name = token.get("name")
            if token["type"] in ("StartTag", "EndTag") and name in RENAMED_TAGS:
                token = {**token, "name": RENAMED_TAGS[name]}
            yield token


class _Mentions(Filter):
    """Links each mention a `mentions` resolver recognises in the text (not inside links or code)."""

    def __init__(self, source, mentions):
        super().__init__(source)
        self.mentions = mentions

    def __iter__(self):
        inside = 0
        for token in Filter.__iter__(self):
            kind, name = token["type"], token.get("name")
            if name in ("a", "code", "pre"):
                inside += {"StartTag": 1, "EndTag": -1}.get(kind, 0)
            if inside or kind != "Characters":
                yield token
                continue
            yield from self.mentions.tokens(token["data"])


class _SafeLinks(Filter):
    """Keeps an href only for http, https and mailto, and gives every link rel="nofollow ugc"."""

    def __iter__(self):
        for token in Filter.__iter__(self):
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                attrs = {key: value for key, value in token["data"].items() if key == (None, "href")}
                if link_scheme(attrs.get((None, "href"))) not in ALLOWED_PROTOCOLS:
                    attrs.pop((None, "href"), None)
                attrs[(None, "rel")] = LINK_REL
                token = {**token, "data": attrs}
            yield token


class _LineBreaks(Filter):
    """Turns typed line breaks into <br> when the text has no block-level markup of its own."""

    def __iter__(self):
        tokens = list(Filter.__iter__(self))
        has_blocks = any(t["type"] == "StartTag" and t["name"] in BLOCK_TAGS for t in tokens)
        for token in tokens:
            if has_blocks or token["type"] not in ("Characters", "SpaceCharacters") or "\n" not in token["data"]:
                yield token
                continue
            text = token["data"].replace("\r\n", "\n").replace("\r", "\n")
            lines = text.split("\n")
            for index, line in enumerate(lines):
                if index:
                    yield {"type": "EmptyTag", "name": "br", "namespace": None, "data": {}}
                if line:
                    yield {"type": "Characters", "data": line}


# Bare web addresses ("https://…", "www.…", "iom.int/…") that cleaning turns into links: http and https only.
WEB_ADDRESS = build_url_re(protocols=["http", "https"])


def _https_when_unsaid(attrs, new=False):
    """A web address typed without its scheme ("www.iom.int") links to https, not http."""
    href = attrs.get((None, "href"), "")
    if new and href.startswith("http://") and not attrs.get("_text", "").startswith("http://"):
        attrs[(None, "href")] = "https://" + href[len("http://") :]
    return attrs


class _Cleaner(bleach.Cleaner):
    """Bleach's cleaner, parsing the whole document as a browser would (every tag reaches the tree).

    Bleach's own parser turns disallowed tags into text while tokenising, so a script's
    body would come out as prose; here the tree keeps them, _DropContent removes the
    script-like elements whole, and the sanitizer then strips the remaining tags.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.parser = html5lib_shim.BleachHTMLParser(
            tags=None, strip=True, consume_entities=False, namespaceHTMLElements=False
        )

    def clean(self, text, mentions=None):
        if not text:
            return ""
        dom = self.parser.parseFragment(text)
        stream = _Rename(source=_DropContent(source=self.walker(dom)))
        stream = bleach.sanitizer.BleachSanitizerFilter(
            source=stream,
            allowed_tags=self.tags,
            attributes=self.attributes,
            strip_disallowed_tags=True,
            strip_html_comments=True,
            css_sanitizer=None,
            allowed_protocols=self.protocols,
        )
        # Web addresses typed as text become links (not inside links, code or pre), then every link is checked.
        stream = LinkifyFilter(
            source=stream, callbacks=[_https_when_unsaid], skip_tags=["a", "code", "pre"], url_re=WEB_ADDRESS
        )
        stream = _LineBreaks(source=_SafeLinks(source=stream))
        if mentions is not None:
            stream = _Mentions(stream, mentions)
        return self.serializer.render(stream)


_cleaner = _Cleaner(
    tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True
)


def length_error(max_length, length):
    """The error for a text longer than the limit; states both the limit and the length."""
    return ValidationError(
        ngettext_lazy(
            "This text has %(length)d characters; the limit is %(limit)d character.",
            "This text has %(length)d characters; the limit is %(limit)d characters.",
            "limit",
        ),
        code="max_length",
        params={"limit": max_length, "length": length},
    )


def validate_length(text, max_length=DEFAULT_MAX_LENGTH):
    """Raise a ValidationError naming the limit when `text`, as typed, is longer than `max_length`."""
    if max_length is not None and len(text or "") > max_length:
        raise length_error(max_length, len(text))


class MaxHTMLLengthValidator:
    """A field validator for the length limit, measured on the text the member typed."""

    def __init__(self, max_length=DEFAULT_MAX_LENGTH):
        self.max_length = max_length

    def __call__(self, value):
        validate_length(value, self.max_length)

    def __eq__(self, other):
        return isinstance(other, MaxHTMLLengthValidator) and other.max_length == self.max_length

    def deconstruct(self):
        return ("communities.sanitize.MaxHTMLLengthValidator", (self.max_length,), {})


def clean_html(text, max_length=DEFAULT_MAX_LENGTH, mentions=None):
    """The member's HTML reduced to the allow-list; ValidationError if the input exceeds `max_length`.

    `mentions` (a writing.Mentions) links the members mentioned in the text."""
    text = text or ""
    validate_length(text, max_length)
    return _cleaner.clean(text, mentions).strip()


class MemberHTMLField(forms.CharField):
    """A textarea whose cleaned value is the sanitised HTML; limits are checked on the typed text.

    A required field whose text is all removed by cleaning (only a script, say) is refused
    with a message saying so, and the form comes back with what was typed.
    """

    widget = forms.Textarea
    default_error_messages = {
        "nothing_left": _("Nothing is left of this text once formatting that is not allowed is removed.")
    }

    def __init__(self, *, max_length=DEFAULT_MAX_LENGTH, **kwargs):
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)
        self.html_max_length = max_length
        self.validators.append(MaxHTMLLengthValidator(max_length))
        if max_length is not None:
            self.widget.attrs.setdefault("data-max-length", str(max_length))

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        cleaned = clean_html(value, max_length=None)
        if self.required and not re.sub(r"<[^>]*>|&nbsp;|\s", "", cleaned):
            raise ValidationError(self.error_messages["nothing_left"], code="nothing_left")
        return cleaned
