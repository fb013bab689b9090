"""Readers stay in their language: of each set of translated pages one version, the reader's first.

Lists and featured blocks show every item, in the reader's language where it exists, else in
the language it was written in; the reader's items come first, and each other one carries
its language (templates: kms_i18n's `foreign_lang` and `language_badge`).
"""

from django.db.models import Case, IntegerField, Value, When


def one_per_translation(queryset, language, original=None):
    """One page of each set of pages that translate each other: the version in `language`, else the original.

    The original is the version whose locale is `original(values)` when given (for example the
    language a document's file is in), else the first one created.
    """
    chosen = {}
    fields = ("pk", "translation_key", "locale__language_code", *(original.fields if original else ()))
    for row in queryset.values_list(*fields):
        pk, key, code = row[:3]
        own = original is not None and code == original(row[3:])
        rank = (0 if code == language else 1 if own else 2, pk)
        if key not in chosen or rank < chosen[key]:
            chosen[key] = rank
    return queryset.model.objects.filter(pk__in=[pk for _rank, pk in chosen.values()])


class OriginalIn:
    """`original` for one_per_translation: the version whose locale is the language named in `field`."""

    def __init__(self, field):
        self.fields = (field,)

    def __call__(self, values):
        return values[0]


def reader_language_first(queryset, language, *ordering):
    """`queryset` ordered by `ordering`, the pages in `language` before the others."""
    first = Case(When(locale__language_code=language, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.alias(other_language=first).order_by("other_language", *ordering)


def reader_language_first_list(pages, language):
    """The same for a list of pages (a featured block), keeping their order within each group."""
    return sorted(pages, key=lambda page: page.locale.language_code != language)
