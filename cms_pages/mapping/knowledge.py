"""What the network knows about a service: lessons, publications and documents about its country
that name its organisation or its place (documents also by being that organisation's own).

A mention is a case-insensitive match of the organisation's name (English or the reader's
language) or the place's name in the item's title or text. Acronyms are left out: matched
inside words ("TAT" in "Tataouine") they would find what does not name the organisation.
"""

import functools
import operator

from django.db.models import Q

from communities.selectors import public_lessons
from research.selectors import public_publications

from ..models import DocumentPage

LIMIT = 4
LESSON_FIELDS = ("title", "context", "what_was_done", "what_worked", "what_did_not", "recommendations")


def _words(service):
    organisation = service.organisation
    words = {organisation.name_en, organisation.name, service.place_en, service.place}
    return sorted(word for word in words if len(word) >= 3)


def _mentions(fields, words):
    if not words:
        return Q(pk__in=[])
    return functools.reduce(operator.or_, (Q(**{f"{field}__icontains": word}) for field in fields for word in words))


def about(service, locale, limit=LIMIT):
    """{"documents", "publications", "lessons"}: up to `limit` of each, newest first, in `locale` where
    the item has one (a lesson is written in one language and shown in all)."""
    words = _words(service)
    country = service.country
    documents = (
        DocumentPage.objects.live()
        .public()
        .in_locale(locale.pk)
        .about([country])
        .filter(Q(organisation=service.organisation) | _mentions(("title", "summary"), words))
        .newest_first()
    )
    publications = public_publications(locale=locale, country=country).filter(_mentions(("title", "abstract"), words))
    lessons = public_lessons(country=country).filter(_mentions(LESSON_FIELDS, words))
    return {
        "documents": list(documents[:limit]),
        "publications": list(publications[:limit]),
        "lessons": list(lessons[:limit]),
    }
