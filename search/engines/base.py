from collections.abc import Iterable

from ..query import Query, Results
from ..records import Record


class EngineUnavailable(RuntimeError):
    """The engine cannot be reached; the caller keeps serving and the indexing task retries."""


class Engine:
    """What every engine offers. Each keeps its own storage; none imports an app."""

    name = "engine"

    def setup(self):
        """Create storage if it is missing (idempotent)."""
        raise NotImplementedError

    def index(self, records: Iterable[Record]) -> int:
        """Add or replace records; returns how many were written. Visible to search on return."""
        raise NotImplementedError

    def delete(self, ids: Iterable[str]) -> int:
        raise NotImplementedError

    def search(self, query: Query) -> Results:
        raise NotImplementedError

    def autocomplete(self, prefix: str, audiences, limit: int = 8, kinds=()) -> list:
        """Titles starting with what the reader has typed, one per group, that `audiences` may see
        (of those `kinds` only, when given)."""
        raise NotImplementedError

    def rebuild(self, records: Iterable[Record], progress=None) -> int:
        """Replace the whole index by `records` without a moment where search is empty."""
        raise NotImplementedError

    def ids(self) -> set[str]:
        """Every indexed record id (for status and consistency checks)."""
        raise NotImplementedError

    def stats(self) -> dict:
        """Counts per kind and per language."""
        raise NotImplementedError

    def needs_rebuild(self) -> bool:
        """Whether the index was built in a way this code no longer reads alike (an older text analysis)."""
        return False

    def drop(self):
        """Remove everything this engine stored (tests and `search_index rebuild --drop`)."""
        raise NotImplementedError
