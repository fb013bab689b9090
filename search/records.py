"""The one shape every searchable thing takes before it reaches an engine.

Sources (search/sources/) turn pages, documents, publications and lessons into
records; engines index and return records and know nothing of the apps.
"""

import datetime
from dataclasses import dataclass, field

from .analysis import UNKNOWN

PUBLIC = "public"
STAFF = "staff"


def community_audience(community_id):
    return f"community:{community_id}"


@dataclass(frozen=True)
class Record:
    """A searchable item. `id` is "<source>:<pk>"; `group` joins language versions of one item.

    `file` is the key of the file whose text the record carries ("document:<pk>"), or "": one file is
    one hit, so records that carry the same file share a group and a result list shows a file once.
    """

    id: str
    kind: str
    url: str
    title: str
    summary: str = ""
    body: str = ""
    language: str = UNKNOWN  # one of analysis.LANGUAGES, or UNKNOWN ("", analysed as NEUTRAL)
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 codes
    themes: tuple[str, ...] = ()  # taxonomy theme slugs
    organisations: tuple[str, ...] = ()  # taxonomy organisation slugs
    date: datetime.date | None = None
    audiences: tuple[str, ...] = (PUBLIC,)
    group: str = ""
    authors: tuple[str, ...] = ()
    file: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def group_key(self):
        return self.group or self.id

    @property
    def year(self):
        return self.date.year if self.date else None
