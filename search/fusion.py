"""One ranking from three: the reader's words, their thesaurus translations, and meaning (embeddings).

Each engine finds, for a query, a ranked list of groups per part (groups are items: every language
version and the file of one item share a group); `fuse` merges the lists here, in kms, so that both
engines order results alike. The merge is weighted reciprocal rank fusion: a group scores
sum(weight / (K + rank)) over the parts that found it (rank 1 first). Ranks, not scores, are
added, because BM25 scores and cosine similarities have no common scale.

K = 60 is the usual constant: the first ranks of a part differ little (1/61 against 1/62), so a
group that two parts find ranks above one that a single part puts first. The weights keep the
reader's own words in front (DESIGN, search step 5, measured: equal weights lowered same-language
quality, keeping the words' order and adding what the embeddings alone found kept it): a
translation or a meaning match alone is worth half a word match, so a group only the thesaurus or
the embeddings found at rank r sits where a word match of rank 60 + 2r would. When the words find
fewer than about 60 groups (a query in another language than the texts finds few or none) those
groups follow the word matches in their own order; a group that both the words and the meaning
find climbs above the words' order. Settings (SEARCH["RANKING"]) change K and the weights.

A group's fused score is then multiplied by its source's weight (SOURCE_WEIGHTS, by the source name
that starts every group key and record id: "service-group:12", "lesson:3"). Directory entries of
services are a few lines of name, place and type, which BM25 puts ahead of a report on the same
subject for any word they share, so a search about "psychosocial support" listed four service
entries before the first document about it. At half weight a service the words put first follows
the documents the words put in their first twenty or so; "kind=service" lists services alone, in
their own order. Measured with `make eval` (demo loaded, all parts fused), together with the spelling
correction of search/views.py: within-language nDCG@10 from 0.809 to 0.867 on Elasticsearch and from
0.756 to 0.829 on the embedded engine; cross-language recall@10 from 0.713 to 0.724 and 0.711 to 0.715.

Half weight still let a row of them lead: a French search for "personnes déplacées internes" listed
two service entries, then the report on displaced people, then three more entries, since every entry
for displaced people in Benghazi, Misrata or Gao says those words, and the words, the thesaurus and the
meaning all find it. So the n-th group of a source in "source_decay" (0 the first) also counts decay ** n
as much: the best service entry stands where the weight puts it, the next ones make way for documents,
and the services keep their own order. Measured with `make eval` (0.7): within-language nDCG@10 0.882
-> 0.890 embedded, 0.892 -> 0.899 Elasticsearch; all-language nDCG@10 0.790 -> 0.819 and 0.808 ->
0.828; cross-language unchanged.

Plain pages (kind "page": the home page, regions, countries, about and index pages) count half as well
("kind_weights", given the kind of the record that stands for each group). Their text touches every
subject of the field, so the meaning found them for most queries: judging the demo's records for
`make eval` put the home page in the first ten of 38 of the 70 queries, never about the query's subject.
A page the words find first still stands among the first results. Measured with `make eval` (corpus
judgements): within-language nDCG@10 0.890 -> 0.903 embedded, 0.894 -> 0.912 Elasticsearch; with the
demo's records judged too, 0.876 -> 0.887 and 0.871 -> 0.881; cross-language recall@10 unchanged.
"""

from dataclasses import dataclass

KEYWORD, THESAURUS, SEMANTIC = "keyword", "thesaurus", "semantic"
PARTS = (KEYWORD, THESAURUS, SEMANTIC)

# What an engine built without settings does (the model is never loaded unless asked for).
DEFAULTS = {
    KEYWORD: True,
    THESAURUS: True,
    SEMANTIC: False,
    "k": 60,
    "weights": {KEYWORD: 1.0, THESAURUS: 0.5, SEMANTIC: 0.5},
    # Semantic candidates: the nearest records the reader may see, at most this many, with at least
    # this cosine similarity (measured on 200-character record texts: unrelated pairs 0.08 on
    # average, up to 0.29; pairs on one subject in two languages 0.07-0.45, median 0.32). The gate
    # only keeps off-topic queries from listing records by meaning; the order is the fusion's. At
    # 0.1, queries off the field ("chocolate cake recipe", "football world cup final score", a
    # made-up word) found 0-4 of the `make eval` site's records, queries of the field 12-300; at
    # 0.2 a Dutch "geldhulp" (cash assistance) kept one record of the ten nearest, all on its
    # subject. make eval, all parts fused, 0.2 -> 0.1: within-language nDCG@10 0.845 -> 0.865
    # embedded, 0.881 -> 0.892 Elasticsearch; cross-language recall@10 0.839 -> 0.872 and
    # 0.845 -> 0.876.
    "semantic_candidates": 50,
    "semantic_min_similarity": 0.1,
    "source_weights": {"service": 0.5},
    "source_decay": {"service": 0.7},
    "kind_weights": {"page": 0.5},
}
# Each part's list is read this far (or to the end of the page asked for, if further).
WINDOW = 100


def ranking_settings(overrides=None):
    """DEFAULTS updated with `overrides` (one level deep, weights merged)."""
    merged = {**DEFAULTS, **(overrides or {})}
    for key in ("weights", "source_weights", "source_decay", "kind_weights"):
        merged[key] = {**DEFAULTS[key], **((overrides or {}).get(key) or {})}
    return merged


def source_of(group):
    """The source a group key or record id names: "service-group:12" and "service:12-fr" -> "service"."""
    head = group.split(":", 1)[0]
    return head[: -len("-group")] if head.endswith("-group") else head


def active_parts(ranking, query):
    """The parts this query uses: on in the engine's settings and not switched off by the query."""
    return tuple(part for part in PARTS if ranking[part] and getattr(query, part))


def window(query):
    return max(WINDOW, query.offset + query.page_size)


@dataclass(frozen=True)
class Fused:
    group: str
    score: float
    found_by: tuple  # the parts that found the group, in PARTS order


def fuse(rankings, ranking, kinds=None):
    """Groups ordered by weighted reciprocal rank fusion of `rankings` (part -> groups, best first).

    `kinds` (group -> the kind of record that stands for it) lets "kind_weights" weigh groups by kind.
    Ties keep the order of the first part that found the groups (the words, then the thesaurus).
    """
    k, weights, sources = ranking["k"], ranking["weights"], ranking.get("source_weights") or {}
    scores, found, first_seen = {}, {}, {}
    for part in PARTS:
        seen = set()
        for rank, group in enumerate(rankings.get(part) or (), 1):
            if group in seen:
                continue
            seen.add(group)
            scores[group] = scores.get(group, 0.0) + weights[part] / (k + rank)
            found.setdefault(group, []).append(part)
            first_seen.setdefault(group, (PARTS.index(part), rank))
    if sources:
        for group in scores:
            scores[group] *= sources.get(source_of(group), 1.0)
    kind_weights = ranking.get("kind_weights") or {}
    if kind_weights and kinds:
        for group in scores:
            scores[group] *= kind_weights.get(kinds.get(group), 1.0)
    order = sorted(scores, key=lambda group: (-scores[group], first_seen[group]))
    decays = ranking.get("source_decay") or {}
    if decays:
        # The n-th group of a decaying source (0 the first) counts decay ** n as much: a source's own
        # order stays, and its later entries make way for other sources'.
        seen_of = {}
        for group in order:
            source = source_of(group)
            if source in decays:
                n = seen_of[source] = seen_of.get(source, -1) + 1
                scores[group] *= decays[source] ** n
        order = sorted(scores, key=lambda group: (-scores[group], first_seen[group]))
    return [Fused(group, scores[group], tuple(found[group])) for group in order]


FILTER_FIELDS = {
    "kind": "kind",
    "language": "language",
    "country": "countries",
    "theme": "themes",
    "organisation": "organisations",
    "year": "year",
}


def passes(fields, filters):
    """Whether a record's facet values (`fields`, as an engine stores them) meet every facet filter."""
    for facet, accepted in filters.items():
        value = fields.get(FILTER_FIELDS[facet])
        values = value if isinstance(value, list | tuple) else [value]
        if not {str(v) for v in values if v is not None} & {str(a) for a in accepted}:
            return False
    return True
