"""The embedded engine's text analysis: the steps of `search.analysis.TABLE`, run in Python.

Elasticsearch runs each row through Lucene (standard tokenizer and token filters); this
module runs the same row, step by step and in the same order, so both engines obey the
same contract:

    tokenize (Unicode words, apostrophes kept inside a word as Lucene's UAX#29 tokenizer does,
              letters-hyphen-letters joined when the row says `join_hyphens`)
    -> English possessive -> elision -> lower-case -> stopwords (Lucene's lists, in
    search/data/stopwords/) -> ASCII folding -> Arabic normalisation -> Snowball stemming.

Stemming uses the Snowball algorithm named in the row's `snowball` (PyStemmer), except for
Arabic, where Lucene's light stemmer is ported here (PORTED_STEMMERS): Snowball's Arabic
stemmer keeps the feminine ending that the light one takes off ("الأسرة" stayed apart from
"الأسر", and from the same word stemmed by Elasticsearch). The Elasticsearch side uses
Lucene's stemmers, lighter for French, so single French tokens may differ between the
engines, never the behaviour the contract tests.
"""

import re
import sys
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from .analysis import NEUTRAL, analysed_as, analysis_for

# Raised whenever a change gives other terms for the same text (2: Arabic stemmed with Lucene's light stemmer):
# an embedded index built with an older version must be rebuilt (`search_index status` says so).
VERSION = 2
STOPWORDS_DIR = Path(__file__).parent / "data" / "stopwords"
STOPWORD_FILES = {"_english_": "english", "_french_": "french", "_arabic_": "arabic", "_dutch_": "dutch"}
MAX_TOKEN_LENGTH = 255  # Lucene's StandardTokenizer splits longer runs at 255 characters
APOSTROPHES = "'\u2019"


def _mark_ranges():
    """Character-class ranges of every combining mark and format character (kept inside words)."""
    ranges, start = [], None
    # Marks and format characters live in planes 0, 1 and 14 (variation selectors, tags).
    for code in (*range(0x20000), *range(0xE0000, 0xE1000), 0x110000):
        keep = code <= sys.maxunicode and unicodedata.category(chr(code)) in ("Mn", "Mc", "Me", "Cf")
        if keep and start is None:
            start = code
        elif not keep and start is not None:
            ranges.append((start, code - 1))
            start = None
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_WORD = rf"[\w{_mark_ranges()}]"
_LETTER = r"[^\W\d_]"
# A word: word characters, joined by an apostrophe between word characters ("l'homme", "don't").
_TOKEN = re.compile(rf"{_WORD}+(?:[{APOSTROPHES}]{_WORD}+)*")
# The same, also joined by a hyphen between two letters ("re-integratie" -> one token).
_TOKEN_JOINED = re.compile(rf"{_WORD}+(?:(?:[{APOSTROPHES}]|(?<={_LETTER})-(?={_LETTER})){_WORD}+)*")
_FORMAT_CHARS = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")

# Lucene's ArabicNormalizer.
_ARABIC_NORMALISATION = str.maketrans(
    {
        "\u0622": "\u0627",  # alef with madda above -> alef
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0649": "\u064a",  # alef maksura (dotless yeh) -> yeh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0640": None,  # tatweel
        **{chr(code): None for code in range(0x064B, 0x0653)},  # fathatan ... sukun (harakat)
    }
)

# Letters ASCII folding maps that Unicode decomposition does not (a subset of Lucene's ASCIIFoldingFilter).
_FOLD_SPECIAL = {
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ß": "ss",
    "ẞ": "SS",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ł": "l",
    "Ł": "L",
    "þ": "th",
    "Þ": "TH",
    "ı": "i",
    "ħ": "h",
    "Ħ": "H",
    "ŀ": "l",
    "Ŀ": "L",
    "ŋ": "n",
    "Ŋ": "N",
    "ŧ": "t",
    "Ŧ": "T",
    "ĸ": "q",
    "ſ": "s",
    "ƒ": "f",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
}


@lru_cache(maxsize=4096)
def _fold_char(char):
    if char in _FOLD_SPECIAL:
        return _FOLD_SPECIAL[char]
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    # Only fold to ASCII, as Lucene does: Arabic, Greek, Cyrillic letters stay as they are
    # (NFKD would otherwise strip the hamza from waw and yeh).
    return decomposed if decomposed and decomposed.isascii() else char


def fold(text):
    """ASCII folding: "Réintégration" -> "Reintegration", "œuvre" -> "oeuvre"."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _fold_char(c) for c in text)


def normalise_arabic(text):
    """Lucene's ArabicNormalizer: hamza/madda alef -> alef, taa marbuta -> haa, alef maqsura -> yaa, no tatweel or harakat."""
    return text.translate(_ARABIC_NORMALISATION)


@cache
def stopwords(name):
    """A stopword list by its Elasticsearch name ("_french_"), read from search/data/stopwords/."""
    if not name:
        return frozenset()
    path = STOPWORDS_DIR / f"{STOPWORD_FILES[name]}.txt"
    words = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(word for word in words if word and not word.startswith("#"))


@cache
def _stemmer(algorithm):
    import Stemmer

    return Stemmer.Stemmer(algorithm, 20000)


# Lucene's ArabicStemmer (Larkey, Ballesteros and Connell's "light10"), after ArabicNormalizer: one
# article or conjunction off the front, then each of these endings in turn off the back, as long as
# two letters stay (three for the conjunction waw). Elasticsearch's "arabic" stemmer is this one.
_ARABIC_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
_ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def light_arabic_stem(word):
    """Lucene's ArabicStemmer: "المهاجرين" -> "مهاجر", "الأسرة" (normalised "الاسره") -> "اسر"."""
    for prefix in _ARABIC_PREFIXES:
        if len(word) >= (4 if len(prefix) == 1 else len(prefix) + 2) and word.startswith(prefix):
            word = word[len(prefix) :]
            break
    for suffix in _ARABIC_SUFFIXES:
        if len(word) >= len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


# Stemmers of Elasticsearch's names that run here as Lucene runs them, not through Snowball.
PORTED_STEMMERS = {"arabic": light_arabic_stem}


class _Chain:
    """One TABLE row turned into a function from a raw token to its term (or None when dropped)."""

    def __init__(self, language):
        row = analysis_for(language)
        self.row = row
        self.pattern = _TOKEN_JOINED if row.join_hyphens else _TOKEN
        self.elision = frozenset(article.lower() for article in row.elision)
        self.stop = stopwords(row.stopwords)
        if row.stemmer in PORTED_STEMMERS:
            self.stem = PORTED_STEMMERS[row.stemmer]
        else:
            self.stem = _stemmer(row.snowball).stemWord if row.snowball else None
        self.cache = {}

    def raw_tokens(self, text):
        for match in self.pattern.finditer(text):
            start, end = match.span()
            while end - start > MAX_TOKEN_LENGTH:
                yield text[start : start + MAX_TOKEN_LENGTH], start, start + MAX_TOKEN_LENGTH
                start += MAX_TOKEN_LENGTH
            yield text[start:end], start, end

    def term(self, token):
        cached = self.cache.get(token)
        if cached is not None or token in self.cache:
            return cached
        term = self._term(token)
        if len(self.cache) > 50_000:
            self.cache.clear()
        self.cache[token] = term
        return term

    def _term(self, token):
        row = self.row
        if row.join_hyphens:
            token = token.replace("-", "")
        token = _FORMAT_CHARS.sub("", token)
        if row.possessive and len(token) > 2 and token[-1] in "sS" and token[-2] in APOSTROPHES:
            token = token[:-2]
        if self.elision:
            for index, char in enumerate(token):
                if char in APOSTROPHES:
                    if token[:index].lower() in self.elision:
                        token = token[index + 1 :]
                    break
        token = token.lower()
        if not token or token in self.stop:
            return None
        if row.fold:
            token = fold(token)
        if row.arabic_normalise:
            token = normalise_arabic(token)
        token = token.replace("\u2019", "'")
        if self.stem:
            token = self.stem(token)
        return token or None


@cache
def _chain(language):
    return _Chain(language)


def tokens_with_offsets(text, language):
    """(term, start, end) for every word of `text` that survives the analysis of `language`."""
    chain = _chain(analysed_as(language))
    result = []
    for token, start, end in chain.raw_tokens(text or ""):
        term = chain.term(token)
        if term:
            result.append((term, start, end))
    return result


def iter_tokens_with_offsets(text, language):
    """The same as `tokens_with_offsets`, lazily (for snippets of long texts)."""
    chain = _chain(analysed_as(language))
    for token, start, end in chain.raw_tokens(text or ""):
        term = chain.term(token)
        if term:
            yield term, start, end


def analyze(text, language):
    """The terms of `text` in `language` ("" or an unknown code: the neutral analysis)."""
    chain = _chain(analysed_as(language))
    terms = []
    for token, _start, _end in chain.raw_tokens(text or ""):
        term = chain.term(token)
        if term:
            terms.append(term)
    return terms


def words(text):
    """The raw words of `text` (neutral tokenization, no other step): for spelling suggestions."""
    return [token for token, _start, _end in _chain(NEUTRAL).raw_tokens(text or "")]
