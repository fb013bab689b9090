"""Which of the platform's languages a piece of text is written in, or "" when unsure.

Search picks a per-language analyzer from this answer, so a wrong language costs more
than no language: an unsure text goes to the neutral chain, a wrong one gets stemmed
by the wrong rules. Hence the abstentions below (too few words, low confidence) and a
classifier that can only ever answer one of the four supported languages.

Arabic is decided by script, not by the model: among the supported languages only
Arabic uses the Arabic script, and the script test is exact even for a three-word title.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from .analysis import LANGUAGES, UNKNOWN

SUPPORTED = LANGUAGES  # detection answers only a language search can analyse

MAX_CHARS = 5000
MIN_WORDS = 3
ARABIC_SHARE = 0.5
# Calibrated on tests/search/data/language_sample.tsv (sweep in tests/bench/bench_language.py):
# 0.5 to 0.75 score the same; 0.7 refuses the wrong loan-word titles and Spanish/Portuguese
# (0.48-0.60) and stays below the correct short English and Dutch titles (0.75 and up).
MIN_CONFIDENCE = 0.7
# Script is near-certain evidence, but Persian or Urdu would pass the same test.
ARABIC_CONFIDENCE = 0.99

NOISE = re.compile(
    r"""
    (?:https?://|www\.)\S+                  # URLs
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+          # e-mail addresses
    | <[^>]*>                               # HTML or XML tags
    | &(?:\#\d+|\#x[0-9a-f]+|[a-z]+);       # character entities
    | \d+(?:[.,:/-]\d+)*                    # numbers, dates, codes (any script's digits)
    | [*_#=|~^\[\]{}\\`]+                   # Markdown and wiki markup
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Arabic short vowels, Quranic marks and tatweel (the elongation stroke) are not letters.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
LETTERS = re.compile(r"[^\W\d_]+")
WORD = re.compile(r"[^\W\d_]{2,}")
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Detection:
    """A detected language (one of SUPPORTED, or UNKNOWN) and how sure we are, from 0 to 1."""

    language: str
    confidence: float


UNSURE = Detection(UNKNOWN, 0.0)


@functools.cache
def full_identifier():
    """The unrestricted model, to notice text in a language we do not support (Spanish, Italian, ...)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@functools.cache
def identifier():
    """The py3langid model restricted to SUPPORTED, built once on first use (about half a second).

    Two threads racing here may each build one; both are complete and equivalent, and
    classification only reads the model, so sharing it between threads is safe.
    """
    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model.set_languages(list(SUPPORTED))
    return model


def clean(text):
    """`text` without what carries no language signal: URLs, addresses, numbers, markup, Arabic marks."""
    text = ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text[:MAX_CHARS]))
    return " ".join(NOISE.sub(" ", text).split())


def arabic_share(text):
    """The fraction of `text`'s letters written in Arabic script (0 when it has no letters)."""
    letters = "".join(LETTERS.findall(text))
    return len(ARABIC_SCRIPT.findall(letters)) / len(letters) if letters else 0.0


def detect_language(text: str) -> Detection:
    """Detect the language of `text` among SUPPORTED, answering UNKNOWN rather than guessing."""
    text = clean(text or "")
    if len(WORD.findall(text)) < MIN_WORDS:
        return UNSURE
    if arabic_share(text) > ARABIC_SHARE:
        return Detection("ar", ARABIC_CONFIDENCE)
    language, confidence = identifier().classify(text)
    if confidence < MIN_CONFIDENCE:
        return UNSURE
    # The restricted model must pick one of four; a clear vote for another language overrules it.
    other, other_confidence = full_identifier().classify(text)
    if other not in SUPPORTED and other_confidence >= MIN_CONFIDENCE:
        return UNSURE
    return Detection(language, confidence)
