"""A query object in, a results object out: the HTML page and the JSON API share this call."""

from dataclasses import dataclass, field

from .fusion import KEYWORD
from .records import PUBLIC

FACETS = ("kind", "language", "country", "theme", "organisation", "year")
SORTS = ("relevance", "date")
MAX_QUERY_CHARS = 500
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Query:
    """What a reader asked for, and the audiences they belong to (decided by the caller, never by the engine)."""

    text: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> tuple of accepted values
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    audiences: frozenset = frozenset({PUBLIC})
    reader_language: str = ""
    # The rankings fused for a text query (search/fusion.py); each also needs the engine's setting.
    keyword: bool = True
    thesaurus: bool = True
    semantic: bool = True
    correct: bool = True  # search for the spelling suggestion instead when the words find nothing
    date_from: object = None  # datetime.date or None: records dated before it, or undated, are left out
    date_to: object = None  # datetime.date or None: records dated after it, or undated, are left out

    def __post_init__(self):
        object.__setattr__(self, "text", " ".join((self.text or "").split())[:MAX_QUERY_CHARS])
        object.__setattr__(self, "filters", {k: tuple(v) for k, v in self.filters.items() if k in FACETS and v})
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        if self.page < 1:
            raise ValueError("page must be 1 or more")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class Version:
    """Another language version of a hit ("also in")."""

    id: str
    language: str
    url: str
    title: str


@dataclass(frozen=True)
class Suggestion:
    """A title offered while the reader types."""

    id: str
    title: str
    url: str
    language: str
    kind: str


@dataclass(frozen=True)
class Hit:
    id: str
    kind: str
    url: str
    title: str
    language: str
    date: object
    organisations: tuple
    snippet: str  # HTML-safe: text escaped, matches wrapped in <mark>
    score: float
    also_in: tuple = ()
    via_language: str = ""  # set when only a thesaurus translation of the query found this hit
    via_label: str = ""
    file: str = ""  # the file whose text the hit carries (Record.file)
    found_by: tuple = ()  # the rankings that found it: "keyword", "thesaurus", "semantic" (search/fusion.py)

    @property
    def by_meaning_only(self):
        """Only the embeddings found it: none of the reader's words, nor a translation of them, is in it."""
        return self.found_by == ("semantic",)


def found_by_words(hits):
    """Whether the reader's own words found any of `hits` (not only a translation or the meaning)."""
    return any(KEYWORD in hit.found_by for hit in hits)


def one_hit_per_file(hits):
    """`hits` without any that carries a file an earlier hit already carries.

    Sources give every record of one file the same group, and the engines collapse groups, so
    this drops nothing in a consistent index; it keeps the promise while an index is stale.
    """
    seen, kept = set(), []
    for hit in hits:
        if hit.file and hit.file in seen:
            continue
        seen.add(hit.file)
        kept.append(hit)
    return kept


@dataclass(frozen=True)
class Results:
    total: int
    hits: list
    facets: dict  # facet name -> list of (value, count), most frequent first
    took_ms: float
    suggestion: str = ""
    query: Query = None
    corrected_from: str = ""  # the text as typed, when these are the results of its spelling suggestion

    @property
    def pages(self):
        return max(1, -(-self.total // self.query.page_size)) if self.query else 1
