"""Cross-language query expansion from a small multilingual thesaurus of the field's concepts.

A query that names a concept ("réintégration") also finds records naming it in the
other site languages ("reintegration", "إعادة الإدماج", "re-integratie"). Labels and
queries meet after each language's own analysis, so plurals, accents and Arabic
spelling variants do not matter. Engines rank what the reader's own words found
above what a translation found, and say which translation found a result.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from . import textanalysis
from .analysis import LANGUAGES

DATA = Path(__file__).parent / "data" / "thesaurus.json"
MAX_EXPANSIONS = 12


@dataclass(frozen=True)
class Expansion:
    """Another language's name for a concept the query named."""

    concept: str
    language: str
    label: str


@functools.cache
def _concepts():
    """Each concept with its labels, and each label's analysed terms in its own language."""
    concepts = []
    for entry in json.loads(DATA.read_text(encoding="utf-8"))["concepts"]:
        labels = [
            (language, label, tuple(textanalysis.analyze(label, language)))
            for language in LANGUAGES
            for label in entry.get(language, [])
        ]
        concepts.append((entry["id"], [label for label in labels if label[2]]))
    return concepts


def _contains(terms, phrase):
    size = len(phrase)
    return any(tuple(terms[start : start + size]) == phrase for start in range(len(terms) - size + 1))


def expand(text):
    """The other-language labels of every concept the query names, in thesaurus order."""
    if not text:
        return []
    query_terms = {language: textanalysis.analyze(text, language) for language in LANGUAGES}
    expansions = []
    for concept, labels in _concepts():
        named_in = {language for language, _label, terms in labels if _contains(query_terms[language], terms)}
        if not named_in:
            continue
        seen = set()
        for language, label, _terms in labels:
            if language not in named_in and language not in seen:
                seen.add(language)  # the first (preferred) label of each other language
                expansions.append(Expansion(concept, language, label))
    return expansions[:MAX_EXPANSIONS]
