"""The Elasticsearch engine, through elasticsearch-dsl: the one for real deployments.

Layout: timestamped indices `<prefix>-records-<stamp>` behind a read alias
`<prefix>-records` and a write alias `<prefix>-records-write`. A rebuild fills a new
index (marked with the alias `<prefix>-records-next`, which every write also goes to
while it exists, so edits and deletes made during the rebuild are not lost), then
moves both aliases in one atomic call and drops the old index.

Ranking: a multi_match over each language's sub-field (title^3, summary^2, body^1,
best field plus 0.3 of the others), each analysed by its own language analyzer, so
an unaccented or inflected query meets the stemmed text. The reader's own language
gets a small constant boost (1.5) so that, among versions of the same item, theirs
is the one shown; versions collapse into one hit by `group`.

Language versions ("also in") travel with each record: its `versions` field (stored, not
indexed) lists every record of its group with the audiences that may see each, so one
search request gives the page with its versions; the list is filtered by the reader's
audiences here, never shown whole. Writes keep the lists of a group's other records up to
date (a partial update of each in the same bulk request); a rebuild writes each run of
consecutive records of one group with their list, and updates afterwards only the groups
whose records came apart.
"""

import html
import logging
import time
from datetime import UTC, datetime

import numpy as np
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import (
    A,
    Date,
    DenseVector,
    Index,
    Integer,
    Keyword,
    Mapping,
    MultiSearch,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

# orjson writes and reads the JSON: a bulk request of 1,000 records with their vectors took 0.29 s to
# write with the standard library, and every search response is read through it.
from elasticsearch.serializer import OrjsonSerializer

from .. import embeddings, fusion, thesaurus
from ..analysis import LANGUAGES, NEUTRAL, analysed_as, build_analyzer
from ..query import FACETS, Hit, Query, Results, Suggestion, Version, found_by_words, one_hit_per_file
from .base import Engine, EngineUnavailable

logger = logging.getLogger(__name__)
FACET_FIELDS = fusion.FILTER_FIELDS  # facet -> the record field that holds it, as the fusion filters read it
TEXT_FIELDS = {"title": 3, "summary": 2, "body": 1}
READER_LANGUAGE_BOOST = 1.5
TRANSLATED_SCORE = 0.001
# How a fused page's search chooses each group's record (`_representative_order`).
FOUND_BY_WORDS_ORDER = 1e5
READER_LANGUAGE_ORDER = 1e3
ORIGINAL, VIA, MEANING = "words", "via:", "meaning"
# kNN reads this many candidates per shard for the `semantic_candidates` it returns (HNSW recall).
KNN_CANDIDATES_FACTOR = 4
VECTOR_DECIMALS = 5

FACET_SIZE = 50
# Lucene's tiered merge policy, made to keep fewer, larger segments than its defaults (10 segments a tier, all
# under 2 MB alike): a search looks each of its terms up in every segment, and the thesaurus search has a
# hundred or more (17 translations of "cash transfers" x 7 fields). Measured on 100k records of the bench corpus:
# - a rebuild left 19 segments, 7 with these settings, in the same time within the machine's noise (98-118 s);
# - 3,000 updates after a merge into one segment, written 100 between refreshes, left 22, and 7 with these;
#   the thesaurus search then took 40 ms against 33, its fixed part (ending at the first hit) 22 against 14;
# - a search with every part, in process: p50/p95 76/124 ms on the 19 segments (load 3.0), 54/83 on the 7 (1.8).
# Merging small segments more often costs little at this platform's rate of writes.
MERGE_POLICY = {"merge.policy.segments_per_tier": 4, "merge.policy.floor_segment": "32mb"}
MAX_HIGHLIGHT_OFFSET = 500_000
# Records per bulk request. 128 rather than 500: the encoder processes go on while a smaller request is
# written, and the last one, written with nothing left to encode, is shorter (rebuild of 3,000 records with
# new texts: 613-621 records/s against 522-537; without vectors 2,941-3,063 against 2,884-3,207).
BULK_CHUNK = 128
# Answers that say "not now" rather than "no": overloaded, or a node or a shard copy unavailable.
RETRY_ON_STATUS = (429, 502, 503, 504)
# Groups (and ids) whose records are read at once to rewrite the versions lists a write touches, and the
# most records such a read returns.
MEMBERS_BATCH, MEMBERS_LIMIT = 1000, 10_000

autocomplete_analyzer = analyzer(
    "kms_autocomplete",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        "arabic_normalization",
        token_filter("kms_edge", "edge_ngram", min_gram=2, max_gram=15),
    ],
)
autocomplete_search_analyzer = analyzer(
    "kms_autocomplete_search", tokenizer="standard", filter=["lowercase", "asciifolding", "arabic_normalization"]
)


def language_object(with_autocomplete=False, offsets=False):
    """An object field with one text sub-field per language, each with its analyzer.

    `offsets`: the postings keep each term's character offsets, so the highlighter finds the reader's words in
    a hit's text from the index instead of analysing that text again. The summary and the body are highlighted,
    and a body holds up to 2 million characters of a file's text. On 300 records of 300,000 characters
    (tests/bench/bench_highlight.py) the page search took p50 450 ms analysing again and 180 ms with offsets,
    for an index 20% larger; 997 of 1,000 snippets came out the same. An index made before keeps analysing
    until it is rebuilt."""
    options = {"index_options": "offsets"} if offsets else {}
    properties = {code: Text(analyzer=build_analyzer(code), **options) for code in (*LANGUAGES, NEUTRAL)}
    if with_autocomplete:
        properties["autocomplete"] = Text(analyzer=autocomplete_analyzer, search_analyzer=autocomplete_search_analyzer)
    return Object(properties=properties)


def build_mapping():
    mapping = Mapping()
    for name in ("id", "kind", "language", "countries", "themes", "organisations", "audiences", "group", "file"):
        mapping.field(name, Keyword())
    mapping.field("url", Keyword(index=False))
    mapping.field("title", language_object(with_autocomplete=True))
    mapping.field("summary", language_object(offsets=True))
    mapping.field("body", language_object(offsets=True))
    mapping.field("authors", Text(analyzer=build_analyzer(NEUTRAL)))
    mapping.field("date", Date())
    mapping.field("year", Integer())
    mapping.field("versions", Object(enabled=False))
    mapping.field("title_display", Keyword(index=False))
    mapping.field("summary_display", Keyword(index=False))
    # search/embeddings.py; the default index options (int8_hnsw on 8.14+ and 9) keep 1 byte a dimension.
    mapping.field("vector", DenseVector(dims=embeddings.DIMENSIONS, index=True, similarity="cosine"))
    return mapping


def client_from_settings(settings):
    """One client per process, configured from settings.SEARCH["ELASTICSEARCH"] (declared in kms/settings/base.py).

    Requests go round the configured nodes. A node that refuses, times out or answers 429/502/503/504 is
    set aside for a while and the request goes to the next, at most `retries` times. No sniffing: the
    nodes' own addresses are often not reachable from here (a load balancer, a container network, a
    hosted cluster), and the configured list already gives another node to turn to.
    """
    options = {
        "request_timeout": settings["timeout"],
        "max_retries": settings["retries"],
        "retry_on_timeout": True,
        "retry_on_status": RETRY_ON_STATUS,
    }
    if settings["api_key"]:
        options["api_key"] = settings["api_key"]
    elif settings["username"]:
        options["basic_auth"] = (settings["username"], settings["password"])
    if settings["ca_certs"]:
        options["ca_certs"] = settings["ca_certs"]
    hosts = [url.strip() for url in settings["url"].split(",") if url.strip()]
    return Elasticsearch(hosts, serializer=OrjsonSerializer(), **options)


def version_entry(record):
    """What a record contributes to its group's `versions` list."""
    return {
        "id": record.id,
        "language": record.language or NEUTRAL,
        "url": record.url,
        "title": record.title,
        "audiences": sorted(record.audiences),
    }


def _group_of(hit):
    """The hit's group key; collapsing also returns it under `fields`, as a one-item list."""
    group = hit.group
    return group if isinstance(group, str) else group[0]


def _ranked_groups(response, kinds=None):
    """The groups of a collapsed search's hits, in order; each group's kind goes into `kinds` when given (the
    searches ask for it as a doc value field).

    Read from the response's plain data: a ranking reads up to a window of hits, and wrapping each in
    a Hit object cost more than the rest of the fusion."""
    groups = []
    for hit in response.to_dict()["hits"]["hits"]:
        fields = hit["fields"]
        groups.append(fields["group"][0])
        if kinds is not None and fields.get("kind"):
            kinds.setdefault(fields["group"][0], fields["kind"][0])
    return groups


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, client, prefix="kms", shards=1, replicas="auto", ranking=None):
        self.client = client
        self.ranking = fusion.ranking_settings(ranking)
        # "auto" or a number: see SEARCH["ELASTICSEARCH"]["replicas"] in kms/settings/base.py.
        self.shards = shards
        self.replicas = replicas
        self.read_alias = f"{prefix}-records"
        self.write_alias = f"{prefix}-records-write"
        self.next_alias = f"{prefix}-records-next"
        self.index_pattern = f"{prefix}-records-2*"
        self.prefix = prefix
        self._ready = False

    # --- storage --------------------------------------------------------------------

    def _new_index(self):
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        index = Index(f"{self.prefix}-records-{stamp}", using=self.client)
        copies = {"auto_expand_replicas": "0-1"} if self.replicas == "auto" else {"number_of_replicas": self.replicas}
        index.settings(number_of_shards=self.shards, max_ngram_diff=13, **copies, **MERGE_POLICY)
        index.mapping(build_mapping())
        self._call(index.create)
        return index._name

    def _aliased(self, alias):
        try:
            return sorted(self._call(self.client.indices.get_alias, name=alias).keys())
        except NotFoundError:
            return []

    def setup(self):
        # Once the aliases are known to exist, later calls in this process skip the round trip.
        if self._ready:
            return
        existing = self._aliased(self.read_alias)
        if existing:
            self._keep_merge_policy(existing)
        else:
            name = self._new_index()
            self._call(
                self.client.indices.update_aliases,
                actions=[
                    {"add": {"index": name, "alias": self.read_alias}},
                    {"add": {"index": name, "alias": self.write_alias}},
                ],
            )
        self._ready = True

    def _keep_merge_policy(self, indices):
        """Gives MERGE_POLICY to an index made without it (before it existed): the settings are dynamic, so
        no rebuild is needed. A key not allowed to change settings leaves the index as it is, and says so."""
        wanted = {f"index.{name}": str(value) for name, value in MERGE_POLICY.items()}
        try:
            current = self.client.indices.get_settings(index=indices, name="index.merge.policy.*", flat_settings=True)
            # An index with none of these settings is left out of the answer.
            stale = [
                name
                for name in indices
                if any(current.get(name, {}).get("settings", {}).get(key) != value for key, value in wanted.items())
            ]
            if stale:
                self.client.indices.put_settings(index=stale, settings=MERGE_POLICY)
        except ApiError as error:
            logger.warning("the index keeps its merge policy: Elasticsearch refused to change it (%s)", error)
        except (TransportError, ConnectionError) as error:
            raise EngineUnavailable(f"Elasticsearch unreachable: {error}") from error

    def _write_targets(self):
        return self._aliased(self.write_alias) + self._aliased(self.next_alias)

    def _call(self, method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except (TransportError, ConnectionError) as error:
            raise EngineUnavailable(f"Elasticsearch unreachable: {error}") from error

    # --- writing --------------------------------------------------------------------

    @staticmethod
    def _document(record, vector=None, versions=()):
        language = analysed_as(record.language)
        texts = {}
        for field in TEXT_FIELDS:
            value = getattr(record, field) or ""
            texts[field] = {NEUTRAL: value, **({language: value} if language != NEUTRAL else {})}
        texts["title"]["autocomplete"] = record.title
        return {
            "id": record.id,
            "kind": record.kind,
            "url": record.url,
            **texts,
            "title_display": record.title,
            "summary_display": record.summary[:500],
            "language": record.language or NEUTRAL,
            "countries": list(record.countries),
            "themes": list(record.themes),
            "organisations": list(record.organisations),
            "audiences": list(record.audiences),
            "group": record.group_key,
            "versions": sorted(versions, key=lambda version: version["id"]),
            "file": record.file,
            "authors": " ; ".join(record.authors),
            "date": record.date.isoformat() if record.date else None,
            "year": record.year,
            # A record with no text has a zero vector, which cosine similarity cannot take: no field.
            # Five decimals: less than half the JSON of every digit of a float32; cosines equal to 1e-4.
            **(
                {"vector": np.round(vector.astype(np.float64), VECTOR_DECIMALS).tolist()}
                if vector is not None and vector.any()
                else {}
            ),
        }

    def _with_vectors(self, records):
        """(record, vector) pairs; the vector is None when semantic ranking is off in the settings."""
        if self.ranking[fusion.SEMANTIC]:
            return embeddings.batched(records)
        return ((record, None) for record in records)

    def _bulk(self, actions, targets):
        """Applies `actions`; how many records were written or deleted (the versions updates aside)."""
        written = 0
        try:
            for ok, item in helpers.streaming_bulk(
                self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=False, max_retries=2
            ):
                ((kind, operation),) = item.items()
                if not ok:
                    if operation.get("status") in RETRY_ON_STATUS:
                        # A shard copy without a primary for now (a node lost): the task tries again later.
                        raise EngineUnavailable(f"Elasticsearch could not write a record now: {operation}")
                    if operation.get("status") != 404:
                        raise RuntimeError(f"Elasticsearch refused a record: {operation}")
                written += ok and kind != "update"
        except (TransportError, ConnectionError) as error:
            raise EngineUnavailable(f"Elasticsearch unreachable: {error}") from error
        self._call(self.client.indices.refresh, index=",".join(targets))
        return written

    def _members(self, index, groups=(), ids=()):
        """group -> {id: version} of the records in `index` that are in `groups` or have one of `ids`."""
        groups, ids, members = sorted(groups), sorted(ids), {}
        # A request per MEMBERS_BATCH groups and ids (a group has a handful of versions).
        for start in range(0, max(len(groups), len(ids)), MEMBERS_BATCH):
            some_groups, some_ids = groups[start : start + MEMBERS_BATCH], ids[start : start + MEMBERS_BATCH]
            clauses = [Q("terms", group=some_groups)] if some_groups else []
            clauses += [Q("ids", values=some_ids)] if some_ids else []
            response = self.client.search(
                index=index,
                query=Q("bool", should=clauses, minimum_should_match=1).to_dict(),
                _source=["id", "group", "language", "url", "title_display", "audiences"],
                size=MEMBERS_LIMIT,
            )
            for hit in response["hits"]["hits"]:
                source = hit["_source"]
                members.setdefault(source["group"], {})[source["id"]] = {
                    "id": source["id"],
                    "language": source["language"],
                    "url": source["url"],
                    "title": source["title_display"],
                    "audiences": sorted(source.get("audiences") or ()),
                }
        return members

    @staticmethod
    def _versions_updates(index, members, skip):
        """Partial updates giving each record of `members` (but those in `skip`) its group's list."""
        return [
            {
                "_op_type": "update",
                "_index": index,
                "_id": record_id,
                "doc": {"versions": sorted(versions.values(), key=lambda version: version["id"])},
            }
            for versions in members.values()
            for record_id in versions
            if record_id not in skip
        ]

    def index(self, records):
        self.setup()
        targets = self._write_targets()
        pairs = list(self._with_vectors(records))
        written = {record.id for record, _vector in pairs}
        actions = []
        for target in targets:
            # The groups written to, and those the written records leave (a record whose group changed).
            try:
                groups = {record.group_key for record, _vector in pairs}
                members = self._members(target, groups, written)
                if members.keys() - groups:  # a record left its group: the rest of that group, too
                    members.update(self._members(target, members.keys() - groups))
            except (TransportError, ConnectionError) as error:
                raise EngineUnavailable(f"Elasticsearch unreachable: {error}") from error
            for versions in members.values():
                for record_id in written & versions.keys():
                    del versions[record_id]
            for record, _vector in pairs:
                members.setdefault(record.group_key, {})[record.id] = version_entry(record)
            actions += [
                {
                    "_op_type": "index",
                    "_index": target,
                    "_id": record.id,
                    "_source": self._document(record, vector, members[record.group_key].values()),
                }
                for record, vector in pairs
            ]
            actions += self._versions_updates(target, members, written)
        return self._bulk(actions, targets) // max(1, len(targets))

    def delete(self, ids):
        self.setup()
        targets = self._write_targets()
        ids = set(ids)
        actions = []
        for target in targets:
            try:
                groups = set(self._members(target, ids=ids))
                members = self._members(target, groups)
            except (TransportError, ConnectionError) as error:
                raise EngineUnavailable(f"Elasticsearch unreachable: {error}") from error
            for versions in members.values():
                for record_id in ids & versions.keys():
                    del versions[record_id]
            actions += [{"_op_type": "delete", "_index": target, "_id": record_id} for record_id in sorted(ids)]
            actions += self._versions_updates(target, members, ids)
        return self._bulk(actions, targets)

    def _rebuild_actions(self, pairs, index, scattered):
        """Index actions for `pairs`, each run of consecutive records of one group written with its list;
        a group met again after its run ended goes into `scattered`, to be updated once all is written."""
        seen, run = set(), []

        def flush():
            versions = [version_entry(record) for record, _vector in run]
            for record, vector in run:
                yield {
                    "_op_type": "index",
                    "_index": index,
                    "_id": record.id,
                    "_source": self._document(record, vector, versions),
                }

        for record, vector in pairs:
            if run and record.group_key != run[0][0].group_key:
                yield from flush()
                run = []
            if not run:
                if record.group_key in seen:
                    scattered.add(record.group_key)
                seen.add(record.group_key)
            # A record given twice: the last one wins, in the list as in the index.
            run = [(r, v) for r, v in run if r.id != record.id]
            run.append((record, vector))
        yield from flush()

    def rebuild(self, records, progress=None):
        self.setup()
        old = self._aliased(self.read_alias)
        new = self._new_index()
        self._call(self.client.indices.put_alias, index=new, name=self.next_alias)
        try:
            written, scattered = 0, set()
            for ok, _item in helpers.streaming_bulk(
                self.client,
                self._rebuild_actions(self._with_vectors(records), new, scattered),
                chunk_size=BULK_CHUNK,
                max_retries=2,
            ):
                written += ok
                if progress:
                    progress(1)
            self._call(self.client.indices.refresh, index=new)
            if scattered:
                self._bulk(self._versions_updates(new, self._members(new, scattered), ()), [new])
            actions = [
                {"remove": {"index": name, "alias": alias}}
                for name in old
                for alias in (self.read_alias, self.write_alias)
            ]
            actions += [
                {"remove": {"index": new, "alias": self.next_alias}},
                {"add": {"index": new, "alias": self.read_alias}},
                {"add": {"index": new, "alias": self.write_alias}},
            ]
            self._call(self.client.indices.update_aliases, actions=actions)
        except BaseException:
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        for name in old:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        return written

    def drop(self):
        self._ready = False
        for name in self._aliased(self.read_alias) + self._aliased(self.next_alias) + self._aliased(self.write_alias):
            self.client.indices.delete(index=name, ignore_unavailable=True)

    # --- reading --------------------------------------------------------------------

    def ids(self):
        self.setup()
        found = set()
        for hit in helpers.scan(self.client, index=self.read_alias, query={"query": {"match_all": {}}}, _source=False):
            found.add(hit["_id"])
        return found

    def stats(self):
        self.setup()
        search = Search(using=self.client, index=self.read_alias).extra(size=0)
        search.aggs.bucket("kind", "terms", field="kind", size=50).bucket(
            "language", "terms", field="language", size=10
        )
        response = self._call(search.execute)
        return {
            bucket.key: {sub.key: sub.doc_count for sub in bucket.language.buckets}
            for bucket in response.aggregations.kind.buckets
        }

    @staticmethod
    def _words_query(text, languages=LANGUAGES, **options):
        """`text`'s words in the title, summary and body as analysed for `languages` and neutrally."""
        fields = [f"{field}.{code}^{boost}" for field, boost in TEXT_FIELDS.items() for code in (*languages, NEUTRAL)]
        fields.append("authors^2")
        return Q(
            "multi_match", query=text, fields=fields, type="best_fields", tie_breaker=0.3, operator="and", **options
        )

    def _keyword_query(self, query, named=True):
        """The reader's words, scored by BM25, with the reader's language a little ahead; `named` ORIGINAL, so
        that a hit says whether the words found it (a search all of whose hits they found leaves the name out:
        reading each hit's matched queries is a cost of its own)."""
        should = (
            [Q("term", language={"value": query.reader_language, "boost": READER_LANGUAGE_BOOST})]
            if query.reader_language
            else []
        )
        return Q("bool", must=[self._words_query(query.text)], should=should, **({"_name": ORIGINAL} if named else {}))

    def _expansions(self, query):
        if fusion.THESAURUS not in fusion.active_parts(self.ranking, query):
            return []
        return thesaurus.expand(query.text)

    def _text_query(self, query, expansions=None, meaning_ids=()):
        """What a text query finds: the reader's words, any thesaurus translation of them, the records
        nearest its meaning (`meaning_ids`).

        What the words find is scored by BM25; what only a translation finds gets a small constant
        per translation matched (TRANSLATED_SCORE), and what only the meaning finds a tenth of it,
        so Elasticsearch's own order is the words' order followed by the rest. Where the other parts
        found something, `search` orders groups by their fusion instead (search/fusion.py).
        """
        parts = fusion.active_parts(self.ranking, query)
        expansions = self._expansions(query) if expansions is None else expansions
        clauses = [self._keyword_query(query)] if fusion.KEYWORD in parts else []
        clauses += [
            Q(
                "constant_score",
                filter=self._words_query(e.label, languages=(e.language,)),
                boost=TRANSLATED_SCORE,
                _name=f"{VIA}{e.language}:{e.label}",
            )
            for e in expansions
        ]
        if meaning_ids:
            clauses.append(
                Q(
                    "constant_score",
                    filter=Q("ids", values=list(meaning_ids)),
                    boost=TRANSLATED_SCORE / 10,
                    _name=MEANING,
                )
            )
        if not clauses:
            return Q("match_none")
        return clauses[0] if len(clauses) == 1 else Q("bool", should=clauses, minimum_should_match=1)

    def _filters(self, query, skip=None):
        clauses = []
        for facet, values in query.filters.items():
            if facet == skip:
                continue
            clauses.append(Q("terms", **{FACET_FIELDS[facet]: list(values)}))
        return clauses

    def _nearest_search(self, query):
        """The search for the records nearest the query's meaning that the reader may see.

        The audience filter runs inside the kNN search, so the k nearest are chosen among what the
        reader may see (a filter after it could leave fewer, and must never be the only guard).
        """
        k = self.ranking["semantic_candidates"]
        vector = embeddings.encode_query(query.text)
        return (
            Search(index=self.read_alias)
            .extra(
                knn={
                    "field": "vector",
                    "query_vector": vector.tolist(),
                    "k": k,
                    "num_candidates": k * KNN_CANDIDATES_FACTOR,
                    "filter": Q(
                        "bool", filter=[Q("terms", audiences=sorted(query.audiences)), *self._date_range(query)]
                    ).to_dict(),
                },
                size=k,
                # The group and facet values from doc values: reading each hit's _source (its text and its
                # vector) took most of the kNN search's time.
                docvalue_fields=["group", *FACET_FIELDS.values()],
            )
            .source(False)
        )

    def _nearest(self, response):
        """(id, fields, similarity) of the kNN search's hits similar enough to count; `fields` holds the group
        and each facet's values, as the fusion's filters read them."""
        minimum = self.ranking["semantic_min_similarity"]
        nearest = []
        for hit in response.hits:
            similarity = 2 * hit.meta.score - 1  # cosine's _score is (1 + cosine) / 2
            if similarity >= minimum:
                fields = hit.meta.fields.to_dict()  # every record has a group
                fields["group"] = fields["group"][0]
                fields["kind"] = fields.get("kind", [None])[0]
                nearest.append((hit.meta.id, fields, similarity))
        return nearest

    def _msearch(self, searches):
        """name -> response of each of `searches`, sent in one request; None for a search refused alone."""
        multi = MultiSearch(using=self.client, index=self.read_alias)
        for search in searches.values():
            multi = multi.add(search)
        try:
            responses = multi.execute(raise_on_error=False)
        except ApiError as error:
            raise EngineUnavailable(f"Elasticsearch refused the search: {error}") from error
        except (TransportError, ConnectionError) as error:
            raise EngineUnavailable(f"Elasticsearch unreachable: {error}") from error
        return dict(zip(searches, responses, strict=True))

    def _execute(self, search):
        try:
            return search.execute()
        except ApiError as error:
            raise EngineUnavailable(f"Elasticsearch refused the search: {error}") from error
        except (TransportError, ConnectionError) as error:
            raise EngineUnavailable(f"Elasticsearch unreachable: {error}") from error

    def _groups_search(self, query, text_query, depth):
        """The search for the first `depth` groups `text_query` finds among what the reader may see."""
        search = (
            Search(index=self.read_alias)
            .query(
                Q(
                    "bool",
                    must=[text_query],
                    filter=[Q("terms", audiences=sorted(query.audiences)), *self._date_range(query)],
                )
            )
            .source(False)  # collapsing returns the group under `fields`, and the kind is asked for there
            .extra(size=depth, collapse={"field": "group"}, docvalue_fields=["kind"], track_total_hits=False)
        )
        filters = self._filters(query)
        if filters:
            search = search.post_filter(Q("bool", filter=filters))
        return search

    @staticmethod
    def _date_range(query):
        """The date range narrows everything, the facet counts included; undated records fall outside it."""
        bounds = {}
        if query.date_from:
            bounds["gte"] = query.date_from.isoformat()
        if query.date_to:
            bounds["lte"] = query.date_to.isoformat()
        return [Q("range", date=bounds)] if bounds else []

    def _representative_order(self, query, parts):
        """Should-clauses that make a fused page's search choose, in each group, the record the embedded
        engine chooses: one the reader's words found, then one in the reader's language, then the best
        score. Without them a service's French entry, which matches three French names of the thesaurus,
        stood for it before an English reader whose query only a translation found.

        Constant scores far above any BM25 score of this index: 1e5 for the words, 1e3 for the language."""
        clauses = []
        if fusion.KEYWORD in parts:
            clauses.append(Q("constant_score", filter=self._words_query(query.text), boost=FOUND_BY_WORDS_ORDER))
        if query.reader_language:
            clauses.append(
                Q("constant_score", filter=Q("term", language=query.reader_language), boost=READER_LANGUAGE_ORDER)
            )
        return clauses

    def _main_query(self, query, expansions, meaning_ids=()):
        audience = Q("terms", audiences=sorted(query.audiences))
        if query.text:
            text_query = self._text_query(query, expansions, meaning_ids)
            return Q("bool", must=[text_query], filter=[audience, *self._date_range(query)])
        should = (
            [Q("term", language={"value": query.reader_language, "boost": READER_LANGUAGE_BOOST})]
            if query.reader_language
            else []
        )
        return Q("bool", must=[Q("match_all")], filter=[audience, *self._date_range(query)], should=should)

    def _with_facets(self, search, query, filters):
        """`search` with the facet counts (each within every filter but its own) and the group count."""
        for facet in FACETS:
            others = self._filters(query, skip=facet)
            facet_agg = A("filter", Q("bool", filter=others) if others else Q("match_all"))
            facet_agg.bucket("values", "terms", field=FACET_FIELDS[facet], size=FACET_SIZE)
            search.aggs.bucket(facet, facet_agg)
        # Aggregations ignore post_filter, so the group count applies the facet filters itself.
        groups = A("filter", Q("bool", filter=filters) if filters else Q("match_all"))
        groups.metric("count", "cardinality", field="group", precision_threshold=40000)
        search.aggs.bucket("groups", groups)
        return search

    def search(self, query):
        """One request when only the words rank (or results go by date); two when another part may add to
        them: first, together, the nearest records by meaning, the words' ranking and the translations'
        ranking (a multi-search); then, again together, the facet counts and the page of fused groups with
        highlights and versions."""
        started = time.perf_counter()
        self.setup()
        parts = fusion.active_parts(self.ranking, query)
        expansions = self._expansions(query) if query.text else []
        semantic = bool(query.text and fusion.SEMANTIC in parts)
        fused_order = bool(query.text and query.sort == "relevance" and (expansions or semantic))
        filters = self._filters(query)
        if not fused_order:
            search = Search(using=self.client, index=self.read_alias).query(self._main_query(query, expansions))
            if filters:
                search = search.post_filter(Q("bool", filter=filters))
            search = self._with_facets(search, query, filters)
            if query.sort == "date" or not query.text:
                search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
            response = page_response = facets_response = self._execute(
                self._page_search(search, query, parts, expansions)
            )
            page_hits, found_by, fused_score = list(response.hits), {}, {}
        else:
            # The words' ranking, read to the fusion window (the page is fetched once the fusion is known). Its query
            # is the words alone: with the translations' clauses too, it matched and scored all the thesaurus search
            # matches a second time (at 100k records, as long as that search).
            words_query = self._keyword_query(query, named=False) if fusion.KEYWORD in parts else Q("match_none")
            words = Search(index=self.read_alias).query(
                Q(
                    "bool",
                    must=[words_query],
                    filter=[Q("terms", audiences=sorted(query.audiences)), *self._date_range(query)],
                )
            )
            if filters:
                words = words.post_filter(Q("bool", filter=filters))
            searches = {
                "words": self._spelling(words.source(False), query).extra(
                    size=fusion.window(query),
                    collapse={"field": "group"},
                    docvalue_fields=["kind"],
                    track_total_hits=False,
                )
            }
            if semantic:
                searches["meaning"] = self._nearest_search(query)
            if expansions:
                translations = Q(
                    "bool",
                    should=[self._words_query(e.label, languages=(e.language,)) for e in expansions],
                    minimum_should_match=1,
                )
                searches["thesaurus"] = self._groups_search(query, translations, fusion.window(query))
            responses = self._msearch(searches)
            response = responses["words"]
            if response is None or (expansions and responses["thesaurus"] is None):
                raise EngineUnavailable("Elasticsearch refused the search")
            meaning = []
            if semantic:
                if responses["meaning"] is None:
                    # An index made before records carried vectors has no `vector` field until it is
                    # rebuilt: search goes on with the other parts.
                    logger.warning("semantic ranking skipped: the index refused the kNN search")
                else:
                    meaning = self._nearest(responses["meaning"])
            kinds = {}
            rankings = {
                fusion.KEYWORD: _ranked_groups(response, kinds=kinds),
                fusion.SEMANTIC: [
                    source["group"] for _id, source, _sim in meaning if fusion.passes(source, query.filters)
                ],
            }
            for _id, source, _sim in meaning:
                kinds.setdefault(source["group"], source.get("kind"))
            if expansions:
                rankings[fusion.THESAURUS] = _ranked_groups(responses["thesaurus"], kinds=kinds)
            page = fusion.fuse(rankings, self.ranking, kinds)[query.offset : query.offset + query.page_size]
            found_by = {fused.group: fused.found_by for fused in page}
            fused_score = {fused.group: fused.score for fused in page}
            # Two searches in one request: the facet counts over everything found (unscored), and the page's
            # groups, each with the record chosen to stand for it. One search scoring every record found to
            # return the page's few took longer than the two side by side.
            main = self._main_query(query, expansions, [record_id for record_id, _source, _sim in meaning])
            page_search = Search(index=self.read_alias).query(
                Q(
                    "bool",
                    must=[main],
                    should=self._representative_order(query, parts),
                    filter=[*filters, Q("terms", group=list(found_by))],
                )
            )
            page_search = self._page_search(
                page_search.extra(size=len(page), collapse={"field": "group"}, track_total_hits=False),
                query,
                parts,
                expansions,
                paged=False,
            )
            counted = self._with_facets(
                Search(index=self.read_alias).query(main).extra(size=0, track_total_hits=False), query, filters
            )
            second = self._msearch({"page": page_search, "facets": counted})
            page_response, facets_response = second["page"], second["facets"]
            if page_response is None or facets_response is None:
                raise EngineUnavailable("Elasticsearch refused the search")
            by_group = {_group_of(hit): hit for hit in page_response.hits}
            page_hits = [by_group[fused.group] for fused in page if fused.group in by_group]
        versions = self._visible_versions(page_hits, query.audiences)
        # A fused page's hits carry their fused score, as the embedded engine's do (the page search's own
        # score only chose each group's record).
        hits = one_hit_per_file(
            [
                self._hit(
                    hit, versions.get(_group_of(hit), []), found_by.get(_group_of(hit)), fused_score.get(_group_of(hit))
                )
                for hit in page_hits
            ]
        )
        facets = {
            facet: [
                (bucket.key, bucket.doc_count)
                for bucket in getattr(facets_response.aggregations, facet)["values"].buckets
            ]
            for facet in FACETS
        }
        total = int(facets_response.aggregations.groups["count"].value) if hits or query.offset else 0
        return Results(
            total=total,
            hits=hits,
            facets=facets,
            took_ms=(time.perf_counter() - started) * 1000,
            # Spelling help when the words found nothing here, even if a translation or the meaning did.
            suggestion=self._suggestion(response, query)
            if query.text and not query.offset and not found_by_words(hits)
            else "",
            query=query,
        )

    def _page_search(self, search, query, parts, expansions, paged=True):
        """`search` returning one page of hits, collapsed by group, with highlights and the spelling suggester.

        The highlights mark the reader's words (unless the words do not rank: `parts`) and the thesaurus translations
        of them (`expansions`), and nothing else of the query: run against every language's field of each hit, the whole query (its
        ordering clauses repeat the words) took two thirds of the page search's time. Each field gets its own highlight
        query (`_highlight_fields`)."""
        # No search here counts its hits (track_total_hits): the total shown is the number of groups, which
        # the facets' cardinality gives.
        if paged:
            search = search.extra(
                from_=query.offset, size=query.page_size, track_total_hits=False, collapse={"field": "group"}
            )
        search = search.source(
            [
                "id",
                "kind",
                "url",
                "title_display",
                "summary_display",
                "language",
                "date",
                "organisations",
                "group",
                "versions",
                "file",
            ]
        )
        if query.text:
            search = search.highlight_options(
                encoder="html",
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                fragment_size=180,
                number_of_fragments=1,
                no_match_size=180,
                max_analyzed_offset=MAX_HIGHLIGHT_OFFSET,
            )
            # Snippets come from the summary or the body; the title is shown as stored.
            for name, options in self._highlight_fields(query, parts, expansions).items():
                search = search.highlight(name, **options)
            if paged:
                search = self._spelling(search, query)
        return search

    @staticmethod
    def _highlight_fields(query, parts, expansions):
        """field -> its highlight options: the summary and body as analysed for each language and neutrally, each
        with a query of only the clauses that search it (the words, and the translations into its language).

        The same marks as one query over every field (each clause of `_words_query` is a dis_max of per-field
        matches), at a fraction of the cost: the highlighter runs its query against each hit's field of text, and
        that query's size, times 20 hits and 10 fields, made the highlights 50 of a 57 ms page search on 100k
        records of the bench corpus (tests/bench/corpus.py, "cash transfers", 17 translations); field by field,
        the page search took 13 ms, with the same marks on every hit."""
        fields = {}
        for field in ("summary", "body"):
            for code in (*LANGUAGES, NEUTRAL):
                name = f"{field}.{code}"
                texts = [query.text] if fusion.KEYWORD in parts else []
                texts += [e.label for e in expansions if code in (e.language, NEUTRAL)]
                clauses = [Q("match", **{name: {"query": text, "operator": "and"}}) for text in texts]
                fields[name] = {
                    "highlight_query": (Q("bool", should=clauses) if clauses else Q("match_none")).to_dict()
                }
        return fields

    @staticmethod
    def _spelling(search, query):
        """`search` asking the term suggester for a correction of each query word (see `_suggestion`)."""
        return search.suggest(
            "spelling", query.text, term={"field": "body.neutral", "suggest_mode": "popular", "min_word_length": 3}
        )

    @staticmethod
    def _snippet(hit):
        """The first summary or body fragment with a match, else the start of the summary (escaped)."""
        highlight = getattr(hit.meta, "highlight", None)
        fragments = highlight.to_dict() if highlight is not None else {}
        candidates = [f[0] for name, f in fragments.items() if name.startswith(("summary.", "body."))]
        marked = [fragment for fragment in candidates if "<mark>" in fragment]
        if marked or candidates:
            return (marked or candidates)[0]
        return html.escape((getattr(hit, "summary_display", "") or "")[:180])

    def autocomplete(self, prefix, audiences, limit=8, kinds=()):
        prefix = " ".join(prefix.split())[:100]
        if len(prefix) < 2 or not audiences:
            return []
        self.setup()
        search = (
            Search(using=self.client, index=self.read_alias)
            .query(Q("match", **{"title.autocomplete": {"query": prefix, "operator": "and"}}))
            .filter("terms", audiences=sorted(audiences))
            .source(["id", "title_display", "url", "language", "kind"])
            .extra(size=limit, collapse={"field": "group"})
        )
        if kinds:
            search = search.filter("terms", kind=sorted(kinds))
        response = self._call(search.execute)
        return [Suggestion(hit.id, hit.title_display, hit.url, hit.language, hit.kind) for hit in response.hits]

    def _visible_versions(self, hits, audiences):
        """group -> every version the reader may see of each group on the page, whether or not it matched:
        from the lists the hits carry (an index written before records carried them is asked)."""
        versions, unlisted = {}, []
        for hit in hits:
            listed = getattr(hit, "versions", None)
            if listed is None:
                unlisted.append(_group_of(hit))
                continue
            versions[_group_of(hit)] = [
                Version(v["id"], v["language"], v["url"], v["title"]) for v in listed if audiences & set(v["audiences"])
            ]
        return {**versions, **self._versions(unlisted, audiences)}

    def _versions(self, groups, audiences):
        """Every version the reader may see of each group on the page, asked of the index."""
        if not groups:
            return {}
        search = (
            Search(using=self.client, index=self.read_alias)
            .filter("terms", group=groups)
            .filter("terms", audiences=sorted(audiences))
            .source(["id", "language", "url", "title_display", "group"])
            .extra(size=len(groups) * 8)
        )
        versions = {}
        for hit in self._call(search.execute):
            versions.setdefault(hit.group, []).append(Version(hit.id, hit.language, hit.url, hit.title_display))
        return versions

    def _hit(self, hit, versions, found_by=None, score=None):
        source = hit.to_dict()
        matched = list(getattr(hit.meta, "matched_queries", None) or [])
        via = (
            next((name[len(VIA) :] for name in matched if name.startswith(VIA)), "") if ORIGINAL not in matched else ""
        )
        if found_by is None:  # what found this record (the fusion says it for a whole group)
            found_by = tuple(
                part
                for part, found in (
                    (fusion.KEYWORD, ORIGINAL in matched),
                    (fusion.THESAURUS, any(name.startswith(VIA) for name in matched)),
                    (fusion.SEMANTIC, MEANING in matched),
                )
                if found
            )
        via_language, _sep, via_label = via.partition(":")
        return Hit(
            id=source["id"],
            kind=source["kind"],
            url=source["url"],
            title=source["title_display"],
            language=source["language"],
            date=source.get("date"),
            organisations=tuple(source.get("organisations") or ()),
            snippet=self._snippet(hit),
            score=(hit.meta.score or 0.0) if score is None else score,
            also_in=tuple(sorted((v for v in versions if v.id != source["id"]), key=lambda v: v.language)),
            via_language=via_language,
            via_label=via_label,
            file=source.get("file") or "",
            found_by=found_by,
        )

    def _suggestion(self, response, query):
        """The term suggester's correction, offered only if it finds something this reader may see.

        The suggester reads the whole index, so an unchecked suggestion could reveal
        words that appear only in members-only or staff records.
        """
        suggest = getattr(response, "suggest", None)
        if suggest is None:
            return ""
        words, changed = [], False
        for entry in suggest.spelling:
            if entry.options:
                words.append(entry.options[0].text)
                changed = True
            else:
                words.append(entry.text)
        if not changed:
            return ""
        suggestion = " ".join(words)
        check = Query(text=suggestion, audiences=query.audiences)
        visible = (
            Search(using=self.client, index=self.read_alias)
            .query(Q("bool", must=[self._text_query(check)], filter=[Q("terms", audiences=sorted(query.audiences))]))
            .extra(size=0, track_total_hits=1)
        )
        return suggestion if self._call(visible.execute).hits.total.value else ""
