"""Pages translated before wagtail-localize came, brought under it without changing a word of them.

Until then a translation was a copy (Wagtail's copy_for_translation, or the demo's own pages in each language)
that editors changed by hand. wagtail-localize instead keeps the source page's text as segments and each
language's translation of every segment, and renders the translated page from them; so adopting a copy means
reading its text back into segment translations. For each translated page:

1. the source (the page the others were made from: the oldest of its translations, or the one wagtail-localize
   already treats as the source) is read into a TranslationSource, its segments extracted;
2. the translated page's own segments are extracted the same way and paired with the source's in order: the
   same kind of segment at the same place (StreamField blocks are matched by position and type, since each copy
   has its own block ids); rich-text skeletons must be the same;
3. every source string gets the translated page's string as its translation (through a PO file, as a
   translator's upload would), and a synchronised value that differs on the translated page (another language's
   file, say) becomes an override for that language;
4. the page wagtail-localize would now render is compared, field by field, with the translated page as it is;
   only when they are the same is the translation kept.

A page whose structure differs from its source (a paragraph more, a block missing, a date of its own) is left a
manual translation, edited in Wagtail's own editor as before, and reported with the reason: nothing is lost.
Running it again changes nothing for pages already adopted.
"""

import json
import re
from dataclasses import dataclass

import polib
from django.db import transaction
from django.db.models import ManyToOneRel
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import SegmentOverride, Translation, TranslationContext, TranslationSource
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments

TOOL_NAME = "kms adopt_translations"  # shown to translators: "Translated with ..."
_BLOCK_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

ADOPTED, ALREADY, KEPT = "adopted", "already synced", "kept as a manual translation"


@dataclass
class Outcome:
    page: Page
    source: Page
    status: str
    reason: str = ""


class Mismatch(Exception):
    """The translated page cannot be rendered from its source's structure without changing it."""


def adopt_all(pages=None, refresh=False):
    """Adopts every translated page (or those of `pages`' translation groups); yields one Outcome per page.

    Pages that already have an enabled wagtail-localize translation are left alone unless `refresh`."""
    pages = Page.objects.all() if pages is None else pages
    keys = pages.filter(depth__gt=1).values_list("translation_key", flat=True).distinct().order_by("translation_key")
    for key in list(keys):
        group = list(Page.objects.filter(translation_key=key, depth__gt=1).order_by("pk").specific())
        if len(group) > 1:
            yield from adopt_group(group, refresh=refresh)


def _source_of(group):
    existing = TranslationSource.objects.filter(object_id=group[0].translation_key).values_list("locale_id", flat=True)
    for page in group:
        if page.locale_id in existing:
            return page
    return group[0]


def adopt_group(group, refresh=False):
    """Adopts the translations of one translation group (pages sharing a translation key)."""
    source = _source_of(group)
    targets = [page for page in group if page.pk != source.pk]
    synced = set(
        Translation.objects.filter(
            source__object_id=source.translation_key, source__locale_id=source.locale_id, enabled=True
        ).values_list("target_locale_id", flat=True)
    )
    todo = []
    for target in targets:
        if target.alias_of_id:
            yield Outcome(target, source, ALREADY, "an alias, kept in step by wagtail-localize")
        elif target.locale_id in synced and not refresh:
            yield Outcome(target, source, ALREADY)
        else:
            todo.append(target)
    # A page that cannot line up with its source is reported before anything is written, so that running
    # this again over pages kept as they are leaves every table as it was.
    source_segments, candidates = extract_segments(_stored(source)), []
    for target in todo:
        if target.has_unpublished_changes:
            # Its draft would be passed over: adopted (or read again) once it is published or discarded.
            status = ALREADY if target.locale_id in synced else KEPT
            yield Outcome(target, source, status, "it has a draft not yet published")
            continue
        target_segments = extract_segments(_stored(target))
        try:
            _pair(source_segments, target_segments)
        except Mismatch as mismatch:
            yield _keep(source, target, str(mismatch))
        else:
            candidates.append((target, target_segments))
    if not candidates:
        return
    # The source's segments are kept only when a translation uses them: pages kept as they are leave no trace.
    with transaction.atomic():
        translation_source, _created = TranslationSource.update_or_create_from_instance(source)
        source_segments = extract_segments(translation_source.as_instance())
        outcomes = [
            adopt(translation_source, source, source_segments, target, segments) for target, segments in candidates
        ]
        if all(outcome.status == KEPT for outcome in outcomes):
            transaction.set_rollback(True)
    for outcome in outcomes:
        yield _keep(source, outcome.page, outcome.reason) if outcome.status == KEPT else outcome


def adopt(translation_source, source, source_segments, target, target_segments):
    """Puts one translated page under wagtail-localize, or leaves it as it is and says why: the segments are
    the source's as wagtail-localize holds them and the translated page's, extracted the same way."""
    try:
        with transaction.atomic():
            translation, _created = Translation.objects.update_or_create(
                source=translation_source, target_locale_id=target.locale_id, defaults={"enabled": True}
            )
            strings, overrides = _pair(source_segments, target_segments)
            _import(translation, strings, overrides)
            rendered = translation_source.get_ephemeral_translated_instance(target.locale)
            current = type(target).objects.get(pk=target.pk)
            differences = differing_fields(rendered, current)
            if differences:
                raise Mismatch(f"rendered from its source it would change: {', '.join(differences)}")
    except Mismatch as mismatch:
        return _keep(source, target, str(mismatch))
    return Outcome(target, source, ADOPTED)


def _keep(source, target, reason):
    # A translation adopted before and no longer matching goes back to Wagtail's own editor, so that
    # wagtail-localize never renders over text it does not hold.
    Translation.objects.filter(
        source__object_id=source.translation_key, source__locale_id=source.locale_id, target_locale_id=target.locale_id
    ).update(enabled=False)
    return Outcome(target, source, KEPT, reason)


def _stored(page):
    """The page as wagtail-localize reads a source: from its serialised form, in which every list item has an
    id (items stored without one are skipped when read straight from the row)."""
    return page.with_content_json(json.loads(page.to_json()))


def _shape(path):
    return ".".join("*" if _BLOCK_ID.match(part) else part for part in path.split("."))


def _pair(source_segments, target_segments):
    """The (source, translated) string pairs and the overrides; Mismatch when the two do not line up."""
    if len(source_segments) != len(target_segments):
        raise Mismatch(f"{len(target_segments)} segments where the source has {len(source_segments)}")
    strings, overrides = [], []
    for ours, theirs in zip(source_segments, target_segments, strict=True):
        if type(ours) is not type(theirs) or _shape(ours.path) != _shape(theirs.path):
            raise Mismatch(f"{theirs.path} stands where the source has {ours.path}")
        if isinstance(ours, StringSegmentValue):
            strings.append((ours, theirs))
        elif isinstance(ours, TemplateSegmentValue):
            if (ours.template, ours.string_count) != (theirs.template, theirs.string_count):
                raise Mismatch(f"the layout of {_shape(theirs.path)} differs from the source's")
        elif isinstance(ours, OverridableSegmentValue):
            if ours.data != theirs.data:
                overrides.append((ours, theirs))
        elif isinstance(ours, RelatedObjectSegmentValue) and ours.translation_key != theirs.translation_key:
            raise Mismatch(f"{_shape(theirs.path)} points to another object than the source's")
    return strings, overrides


def _import(translation, strings, overrides):
    """The translated page's strings as this translation's, through a PO file; its own values as overrides."""
    po = polib.POFile()
    for ours, theirs in strings:
        po.append(polib.POEntry(msgid=ours.string.data, msgctxt=ours.path, msgstr=theirs.string.data))
    warnings = translation.import_po(po, delete=True, tool_name=TOOL_NAME)
    if warnings:
        raise Mismatch(f"strings that could not be imported: {warnings}")
    object_id, locale_id = translation.source.object_id, translation.target_locale_id
    SegmentOverride.objects.filter(context__object_id=object_id, locale_id=locale_id).delete()
    for ours, theirs in overrides:
        context = TranslationContext.objects.get(object_id=object_id, path=ours.path)
        SegmentOverride.objects.create(locale_id=locale_id, context=context, data_json=json.dumps(theirs.data))


def differing_fields(rendered, current):
    """Names of the fields wagtail-localize handles whose values differ between two versions of one page."""
    names = []
    for translatable in get_translatable_fields(type(current)):
        field = translatable.get_field(type(current))
        if _value(field, rendered) != _value(field, current):
            names.append(field.name)
    return names


def _value(field, page):
    if isinstance(field, ManyToOneRel) and isinstance(field.remote_field, ParentalKey):
        return [_child_data(child, field.field) for child in getattr(page, field.name).all()]
    if isinstance(field, ParentalManyToManyField):
        return sorted(item.pk for item in getattr(page, field.name).all())
    if isinstance(field, StreamField):
        return _block_value(field.stream_block, getattr(page, field.name))
    return field.value_from_object(page)


def _child_data(child, parent_link):
    skip = {child._meta.pk.attname, parent_link.attname, "translation_key", "locale"}
    return {f.attname: f.value_from_object(child) for f in child._meta.concrete_fields if f.attname not in skip}


def _block_value(block, value):
    """A block's value without its block ids, with chosen pages as their translation key (the site shows a
    chosen page in the reader's language)."""
    if isinstance(block, blocks.StreamBlock):
        return [(child.block_type, _block_value(child.block, child.value)) for child in value]
    if isinstance(block, blocks.ListBlock):
        return [_block_value(block.child_block, item) for item in value]
    if isinstance(block, blocks.StructBlock):
        return {name: _block_value(block.child_blocks[name], item) for name, item in value.items()}
    if isinstance(block, blocks.PageChooserBlock):
        return value.translation_key if value is not None else None
    return block.get_prep_value(value)
