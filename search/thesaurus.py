"""Cross-language query expansion from a multilingual thesaurus of the field's concepts.

A query that names a concept ("réintégration", "IDP") also finds records naming it in the
other site languages ("reintegration", "إعادة الإدماج", "re-integratie") and by its other
names in the query's own language ("internally displaced person" for "IDP", and back).
Labels and queries meet after each language's own analysis, so plurals, accents and Arabic
spelling variants do not matter. Engines rank what the reader's own words found above what
an expansion found, and say which term found a result.

The concepts live in the database (`search.models.Concept`, edited by staff in the admin), seeded
from the reviewed list in search/data/thesaurus.json after migrate (`load_thesaurus` brings later
reviews in). Each process keeps them compiled in memory under a version stamp held in Django's
cache: saving or deleting a concept stamps a new version, and every process reloads on its next
query (a cache shared by the processes, as production's CACHE_URL gives, carries the stamp to all
of them). A process also compares the table's row count and latest change every RECHECK_SECONDS,
so an edit reaches it even when the cache is its own or the change bypassed the model's signals.
"""

import functools
import json
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import textanalysis
from .analysis import LANGUAGES

DATA = Path(__file__).parent / "data" / "thesaurus.json"
MAX_EXPANSIONS = 24
WORD = re.compile(r"\w+(?:['’-]\w+)*")
VERSION_KEY = "kms:thesaurus:version"
RECHECK_SECONDS = 30


@dataclass(frozen=True)
class Expansion:
    """Another name for a concept the query named: in another language, or an acronym or variant."""

    concept: str
    language: str
    label: str


def reviewed_concepts():
    """The reviewed list shipped with the code: (key, {language: labels, preferred first})."""
    entries = json.loads(DATA.read_text(encoding="utf-8"))["concepts"]
    return [(entry["id"], {language: list(entry.get(language, [])) for language in LANGUAGES}) for entry in entries]


def stored_concepts():
    """The concepts as staff keep them in the admin, in the same shape as `reviewed_concepts`."""
    from .models import Concept

    return [
        (concept.key, {language: concept.labels(language) for language in LANGUAGES})
        for concept in Concept.objects.all()
    ]


def load_reviewed(update=False):
    """Copies the reviewed concepts into the database: adds the missing ones and, with `update`, sets the
    stored labels of the others back to the reviewed ones. Returns the keys added and the keys changed."""
    from .models import Concept

    stored = {concept.key: concept for concept in Concept.objects.all()}
    added, changed = [], []
    for key, labels in reviewed_concepts():
        fields = {f"labels_{language}": "\n".join(labels[language]) for language in LANGUAGES}
        concept = stored.get(key)
        if concept is None:
            added.append(Concept(key=key, **fields))
        elif update and any(getattr(concept, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(concept, name, value)
            concept.updated_at = timezone.now()
            changed.append(concept)
    Concept.objects.bulk_create(added)
    Concept.objects.bulk_update(changed, [f"labels_{language}" for language in LANGUAGES] + ["updated_at"])
    if added or changed:
        invalidate()
        transaction.on_commit(invalidate)
    return [concept.key for concept in added], [concept.key for concept in changed]


def load_reviewed_after_migrate(sender, using="default", **kwargs):
    """After a migrate, and after a test database is flushed: the reviewed concepts into an empty table.
    Once it holds concepts, the table is staff's: a migrate never brings back what they deleted."""
    from django.db import connections

    from .models import Concept

    if Concept._meta.db_table in connections[using].introspection.table_names() and not Concept.objects.exists():
        load_reviewed()


source = stored_concepts  # where `expand` reads concepts; tests without a database read the reviewed list


@dataclass(frozen=True)
class _Loaded:
    """This process's compiled concepts and what they were read under."""

    source: object = None
    version: str = ""
    signature: tuple = ()
    checked_at: float = 0.0
    compiled: tuple = ((), {})


_loaded = _Loaded()


def _signature():
    """How many concepts are stored and when the latest changed: differs after any edit, addition or deletion."""
    if source is not stored_concepts:
        return ()
    from django.db.models import Count, Max

    from .models import Concept

    stored = Concept.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return (stored["count"], stored["latest"])


@functools.lru_cache(maxsize=20_000)
def _analysed(label, language):
    return tuple(textanalysis.analyze(label, language))


def _compile(concepts):
    """Each concept with its labels and each label's analysed terms in its own language; and, to find the
    labels a query says without trying them all, the labels by language and first term."""
    compiled, by_first_term = [], {}
    for position, (key, labels) in enumerate(concepts):
        analysed = [
            (language, label, _analysed(label, language))
            for language in LANGUAGES
            for label in labels.get(language, [])
        ]
        analysed = [label for label in analysed if label[2]]
        compiled.append((key, analysed))
        for language, _label, terms in analysed:
            by_first_term.setdefault((language, terms[0]), []).append((position, terms))
    return compiled, by_first_term


def invalidate():
    """A new version stamp: every process reloads the concepts on its next query."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _concepts():
    global _loaded
    loaded, now = _loaded, time.monotonic()
    version = cache.get(VERSION_KEY)
    fresh = version is not None and version == loaded.version and loaded.source is source
    if fresh and now - loaded.checked_at > RECHECK_SECONDS:
        fresh = _signature() == loaded.signature
        _loaded = loaded = _Loaded(loaded.source, loaded.version, loaded.signature, now, loaded.compiled)
    if fresh:
        return loaded.compiled
    signature, compiled = _signature(), _compile(source())
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY)
    _loaded = _Loaded(source, version, signature, now, compiled)
    return compiled


def _contains(terms, phrase):
    size = len(phrase)
    return any(tuple(terms[start : start + size]) == phrase for start in range(len(terms) - size + 1))


def _named(text):
    """The query's analysed terms per language, and each concept it names: (key, labels, {language:
    the names it said}, [(language, start, end) of each]), in thesaurus order."""
    query_terms = {language: textanalysis.analyze(text, language) for language in LANGUAGES}
    concepts, by_first_term = _concepts()
    found = {}  # concept position -> ({language: phrases the query said}, [(language, start, end)])
    for language, terms in query_terms.items():
        for start, term in enumerate(terms):
            for position, phrase in by_first_term.get((language, term), ()):
                if tuple(terms[start : start + len(phrase)]) == phrase:
                    said, spans = found.setdefault(position, ({}, []))
                    said.setdefault(language, []).append(phrase)
                    spans.append((language, start, start + len(phrase)))
    return query_terms, [(*concepts[position], *found[position]) for position in sorted(found)]


def named_words(text):
    """The words of `text` (lower-cased) that belong to a name of a concept it names: "gbv" in "GBV",
    "returnees" but not "reintegation" in "reintegation of returnees". A spelling correction must
    leave them as they are: a name of the field is not a typo because no text of its language says it."""
    if not text:
        return set()
    _terms, named = _named(text)
    said = {
        (language, term)
        for *_rest, phrases, _spans in named
        for language in phrases
        for phrase in phrases[language]
        for term in phrase
    }
    return {
        word.lower()
        for word in WORD.findall(text)
        if any((language, term) in said for language in LANGUAGES for term in textanalysis.analyze(word, language))
    }


def expand(text):
    """The other names of every concept the query names, at most MAX_EXPANSIONS: every concept's
    preferred names first (in thesaurus order), then their second names, and so on.

    Per concept and language, every name that the query does not already say, that is not a longer
    form of what it said, and that does not contain every word of a shorter name kept before it.
    All of them, not only the preferred one: texts of the field often use one name alone (a report
    that says "PDI" throughout and never "personnes déplacées internes"). A concept named only inside
    a longer concept's name ("migrant" in "migrant smuggling") is left to the longer one.
    """
    if not text:
        return []
    query_terms, named = _named(text)

    def inside(spans, other_spans, language):
        """Whether every span of one concept in `language` lies inside a longer span of the other there."""
        own = [(start, end) for span_language, start, end in spans if span_language == language]
        return all(
            any(
                other_language == language and a <= start and end <= b and b - a > end - start
                for other_language, a, b in other_spans
            )
            for start, end in own
        )

    def overshadowed(concept, spans):
        return any(
            other != concept and inside(spans, other_spans, language)
            for other, _labels, _said, other_spans in named
            for language in {span[0] for span in other_spans} & {span[0] for span in spans}
        )

    chosen = []  # per concept: its labels to search for, each with its rank among its language's labels
    for concept, labels, said, spans in named:
        if overshadowed(concept, spans):
            continue
        kept, ranks = {}, {}  # language -> the analysed labels kept; the label's rank in its language
        for language, label, terms in labels:
            rank = ranks[language] = ranks.get(language, -1) + 1
            if _contains(query_terms[language], terms):
                continue  # the query says it already
            if any(_contains(terms, phrase) for phrase in said.get(language, ())):
                continue  # a longer form of the query's own words finds nothing they do not
            if any(set(other) <= set(terms) for other in kept.get(language, ())):
                continue  # every word of a shorter name kept already: it finds all this one finds
            kept.setdefault(language, []).append(terms)
            chosen.append((rank, len(chosen), Expansion(concept, language, label)))
    # Preferred names first, then the acronyms and variants, so that the cap drops the rarest names.
    return [expansion for _rank, _order, expansion in sorted(chosen)][:MAX_EXPANSIONS]


def concept_changed(sender, **kwargs):
    """A concept was saved or deleted: stamp a new version now (this transaction sees the change) and
    again once it commits (the other processes then reload what was committed)."""
    if kwargs.get("raw"):
        return
    invalidate()
    transaction.on_commit(invalidate)
