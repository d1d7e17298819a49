"""The Elasticsearch 9 backend: explicit mapping, versioned indices behind an alias, bulk writes.

Searches and writes go through the alias ``<name>``; each index is ``<name>-v<timestamp>`` (the
first one made, ``<name>-v0``).
A rebuild makes a new index, points a second alias ``<name>-rebuild`` at it (so that writes
made while it fills reach it too), fills it, then moves ``<name>`` over in one atomic alias
update and deletes the old index.

The mapping uses only what every Elasticsearch 9 distribution has without extra modules
(standard tokenizer, lowercase, stop, shingle, completion); the application folds accents
itself (search.text) and sends the CJK runs to a field analyzed into unigrams and bigrams.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import quote

from elasticsearch import (
    ApiError,
    BadRequestError,
    Elasticsearch,
    NotFoundError,
    SerializationError,
    TransportError,
    helpers,
)
from elasticsearch.serializer import OrjsonSerializer
from orjson import dumps as json_bytes

from .backend import IndexingError, SearchBackend, SearchUnavailable
from .documents import DOCUMENT_FORMAT, export_row, hit_item, map_item
from .geo import MAP_OBJECTS, MAX_CELLS, map_precision
from .query import FACET_SIZE, FACETS, FacetValue, MapResult, SearchQuery, SearchResult, century_label
from .syntax import Clause, parse_text
from .text import (
    HIGHLIGHT_CLOSE,
    HIGHLIGHT_OPEN,
    STOP_WORDS,
    TEXT_FORMAT,
    accession_key,
    cjk_runs,
    fold,
    highlight_from_marked,
    pick_language_of_json,
    tokens,
)
from .timeline import INTERVALS, TimelineResult, timeline

log = logging.getLogger(__name__)

TEXT_FIELDS = (
    "title_folded^3", "description_folded", "creator_folded", "culture_folded", "keywords_folded", "other_folded",
)
# The fields each field of the query syntax (search.syntax) matches in; None: any text.
_CLAUSE_FIELDS = {
    None: TEXT_FIELDS, "creator": ("creator_folded",), "culture": ("culture_folded",),
    "place": ("place_folded",), "keyword": ("keywords_folded",),
}
_HIGHLIGHTED = ("title", "description")
_UNHIGHLIGHTED_TEXTS = [f"display.texts.{name}" for name in ("creator", "culture", "keywords", "other")]
# What the client's search() sends along with a body (it turns them into the compatible-with forms).
_JSON_HEADERS = {"accept": "application/json", "content-type": "application/json"}
_FACET_FIELDS = {
    "museum": "museum",
    "country": "country",
    "object_type": "object_type",
    "material": "materials",
    "century": "centuries",
}

ANALYSIS = {
    "filter": {
        # The same stop words the embedded backend drops from queries (search.text).
        "caravanserai_stop": {"type": "stop", "stopwords": list(STOP_WORDS)},
        # The standard tokenizer makes one token per ideograph; neighbouring pairs joined
        # without a separator are the bigrams that make "青花" match better than 青 and 花 apart.
        "cjk_bigrams": {
            "type": "shingle",
            "min_shingle_size": 2,
            "max_shingle_size": 2,
            "output_unigrams": True,
            "token_separator": "",
            "filler_token": "",
        },
    },
    "analyzer": {
        "folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "caravanserai_stop"]},
        "cjk": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "cjk_bigrams"]},
        "completion": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
    },
}

_TEXT = {"type": "text", "analyzer": "folded"}
# Offsets in the postings let the unified highlighter work without re-analysing the text.
_HIGHLIGHTED_TEXT = {**_TEXT, "index_options": "offsets"}
_KEYWORD = {"type": "keyword"}
# Facet fields: their global ordinals are built at refresh rather than by the first search
# after it, so facet counts stay fast on an index that changes every second.
_FACET_KEYWORD = {"type": "keyword", "eager_global_ordinals": True}

MAPPINGS = {
    # strict: a field the document builder adds without a mapping is an error, not a guess.
    "dynamic": "strict",
    "properties": {
        "id": _KEYWORD,
        "museum": _FACET_KEYWORD,
        # The museum's names (JSON of its language map), only for facet labels: one aggregation
        # reads every museum's from doc values now and then (see _museum_labels).
        "museum_label": {"type": "keyword", "index": False},
        "country": _FACET_KEYWORD,
        "object_type": _FACET_KEYWORD,
        "materials": _FACET_KEYWORD,
        "centuries": _FACET_KEYWORD,
        "date_start": {"type": "integer"},
        "date_end": {"type": "integer"},
        "timeline_start": {"type": "integer"},
        "timeline_end": {"type": "integer"},
        "has_image": {"type": "boolean"},
        "place_name": _KEYWORD,
        "place_folded": _TEXT,
        "accession": _KEYWORD,
        "location": {"type": "geo_point"},
        "sort_title": {"type": "keyword", "ignore_above": 512},
        # Also the document's external version (see index()); kept in the source only.
        "version": {"type": "long", "index": False, "doc_values": False},
        "title_folded": _HIGHLIGHTED_TEXT,
        "description_folded": _HIGHLIGHTED_TEXT,
        "creator_folded": _TEXT,
        "culture_folded": _TEXT,
        "keywords_folded": _TEXT,
        "other_folded": _TEXT,
        "cjk_title": {"type": "text", "analyzer": "cjk"},
        "cjk_body": {"type": "text", "analyzer": "cjk"},
        "suggest_inputs": {"type": "completion", "analyzer": "completion", "max_input_length": 80},
        # Kept in _source for display and for mapping completions back; never searched.
        "suggest_labels": {"type": "object", "enabled": False},
        "display": {"type": "object", "enabled": False},
    },
}


def index_settings(replicas: int = 0) -> dict:
    return {
        # One shard: the alliance's catalogue (millions of objects at most, a few GB) fits one
        # shard comfortably, and one shard gives exact relevance statistics and facet counts.
        # Scale reads with replicas; a reindex into a new index can change this later.
        "number_of_shards": 1,
        # No replica on a one-node development server (it could never be assigned); a cluster of
        # several nodes sets ELASTICSEARCH_REPLICAS to 1 or more.
        "number_of_replicas": replicas,
        # New objects become searchable within a second; a rebuild turns refresh off while it
        # fills the new index and back on before the swap.
        "refresh_interval": "1s",
        # Each write is on disk before it is acknowledged (a rebuild, which can start again, waits less).
        "translog.durability": "request",
        # Deep paging stops at 10,000 hits (SearchQuery enforces it); exports use a point in time.
        "max_result_window": 10_000,
        "analysis": ANALYSIS,
    }


# What a rebuild's new index starts with, until finish_rebuild sets index_settings' own. Measured
# (the import benchmark's documents, Elasticsearch's CPU a document): best_compression, two shards,
# a 2 GB translog flush threshold, one merge thread or three bulk requests at once cost as much or
# more; the completion field (suggest_inputs) is over a third of the cost, the stored display a sixth.
REBUILD_SETTINGS = {"refresh_interval": "-1", "number_of_replicas": 0, "translog.durability": "async"}
# A rebuild's bulk requests: this many at once, each of fill's batch_size documents or this many bytes.
REBUILD_THREADS = 2
REBUILD_CHUNK_BYTES = 10 * 1024 * 1024
# How long finish_rebuild waits for the new index's replicas to be copied before it swaps the index
# in anyway (searches are then answered by the primaries alone until the copies are done).
REPLICA_COPY_SECONDS = 600


def _museum_label(document: dict) -> str:
    return json.dumps(document["display"]["museum"]["name"], ensure_ascii=False, sort_keys=True)


# How long a process trusts the museum names it read; its own writes update them at once.
MUSEUM_LABELS_MAX_AGE = 60.0
# A museum missing from them (indexed by another process) is looked up at most this often.
_MISSING_LABEL_RETRY = 1.0
# More museums than the alliance will ever have: the name lookup lists every one.
_ALL_MUSEUMS = 10_000
# Languages whose museum labels a process keeps worked out (the reader chooses the language).
_LABELLED_LANGUAGES = 32


def _facet_values(name: str, buckets: list[dict], museum_labels: dict[str, str]) -> list[FacetValue]:
    """A facet's values from its terms buckets (keys are keyword strings), museums labelled
    with their names in the reader's language."""
    if name == "museum":
        return [{"value": bucket["key"], "label": museum_labels.get(bucket["key"]) or bucket["key"],
                 "count": bucket["doc_count"]} for bucket in buckets]
    if name == "century":
        values = [{"value": bucket["key"], "label": century_label(bucket["key"]), "count": bucket["doc_count"]}
                  for bucket in buckets]
        values.sort(key=lambda value: int(value["value"]))
        return values
    return [{"value": bucket["key"], "label": bucket["key"], "count": bucket["doc_count"]} for bucket in buckets]


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(
        self,
        url: str = "http://127.0.0.1:9200",
        index: str = "caravanserai-objects",
        replicas: int = 0,
        timeout: float = 10.0,
        client: Elasticsearch | None = None,
    ):
        self.url = url
        self.alias = index
        # The alias as the client writes it in a path (quoted, commas and stars kept).
        self._quoted_alias = quote(index, safe=",*")
        self.rebuild_alias = f"{index}-rebuild"
        self.replicas = replicas
        # Several nodes (comma-separated URLs): requests are spread over them, and one that cannot
        # reach its node is sent to another (the unreachable node rests a while before it is tried
        # again), so that a cluster keeps answering while a node is down.
        nodes = [node.strip() for node in url.split(",") if node.strip()]
        # orjson reads the server's answers several times faster than the standard library.
        self.client = client or Elasticsearch(nodes, request_timeout=timeout, max_retries=max(1, len(nodes) - 1),
                                              retry_on_timeout=False, serializer=OrjsonSerializer())
        # Museum slug -> names (JSON), and when they were read (monotonic seconds).
        self._museum_names: dict[str, str] = {}
        self._museum_names_read = float("-inf")
        # Language -> museum slug -> label, worked out from _museum_names once per language.
        self._museum_labels_in: dict[str, dict[str, str]] = {}

    @contextmanager
    def _guard(self):
        """Server down or overloaded: SearchUnavailable, so the API answers 503."""
        try:
            yield
        except ApiError as error:
            if error.meta.status >= 500 or error.meta.status == 429:
                raise SearchUnavailable(f"Elasticsearch at {self.url}: {error}") from error
            raise
        except SerializationError:
            raise  # what we sent could not be written as JSON: our data's fault, not the server's
        except TransportError as error:
            raise SearchUnavailable(f"Elasticsearch at {self.url} is unreachable: {error}") from error

    def close(self) -> None:
        self.client.close()

    # Index lifecycle

    def _new_index(self, aliases: dict | None = None, rebuild: bool = False, name: str | None = None) -> str:
        if name is None:
            name = f"{self.alias}-v{time.strftime('%Y%m%d%H%M%S', time.gmtime())}{time.time_ns() % 1_000_000_000:09d}"
        settings = index_settings(self.replicas)
        if rebuild:
            # Elasticsearch's advice for a bulk load: no refresh (fewer, larger segments; nobody
            # searches it yet) and no replica (each document indexed once, copied at the end).
            settings.update(REBUILD_SETTINGS)
        with self._guard():
            # The formats go with the index, so that needs_reindex() can tell an older one.
            mappings = {**MAPPINGS, "_meta": self._formats()}
            self.client.indices.create(index=name, settings=settings, mappings=mappings, aliases=aliases or {})
        return name

    def _indices_of(self, alias: str) -> list[str]:
        with self._guard():
            try:
                return sorted(self.client.indices.get_alias(name=alias).body)
            except NotFoundError:
                return []

    def create_index(self) -> None:
        if self._indices_of(self.alias):
            return
        # Processes that start at once (two workers, two servers) may each find no index. Had each
        # made an index of its own, the alias would name two, and no write could go through it:
        # they all make the one first index, and all but one are told it exists.
        try:
            self._new_index(aliases={self.alias: {}}, name=f"{self.alias}-v0")
        except BadRequestError as error:
            if error.error != "resource_already_exists_exception":
                raise

    def needs_reindex(self) -> bool:
        with self._guard():
            try:
                mappings = self.client.indices.get_mapping(index=self.alias)
            except NotFoundError:
                return False
        formats = self._formats()
        return any({name: index["mappings"].get("_meta", {}).get(name) for name in formats} != formats
                   for index in mappings.values())

    @staticmethod
    def _formats() -> dict[str, int]:
        """How text is folded and which fields documents have (see search.text, search.documents)."""
        return {"text_format": TEXT_FORMAT, "document_format": DOCUMENT_FORMAT}

    def reset_index(self) -> None:
        self._museum_names_read = float("-inf")
        old = self._indices_of(self.alias)
        new = self._new_index()
        self._swap(new, old)

    def drop_index(self) -> None:
        self._museum_names_read = float("-inf")
        with self._guard():
            for name in set(self._indices_of(self.alias) + self._indices_of(self.rebuild_alias)):
                self.client.indices.delete(index=name, ignore_unavailable=True)

    def begin_rebuild(self) -> str:
        for stale in self._indices_of(self.rebuild_alias):
            with self._guard():
                self.client.indices.delete(index=stale, ignore_unavailable=True)
        return self._new_index(aliases={self.rebuild_alias: {}}, rebuild=True)

    def fill(self, handle: str, documents: Iterable[dict], batch_size: int = 1000) -> dict[str, str]:
        """The documents streamed into the rebuild's index by REBUILD_THREADS bulk requests at
        once, while the next ones are built (by the generator, in the helper's own thread)."""
        return self._bulk(self.index_actions(documents, [handle], "external"), parallel=True, chunk_size=batch_size)

    def finish_rebuild(self, handle: str) -> None:
        settings = index_settings(self.replicas)
        with self._guard():
            self.client.indices.put_settings(index=handle, settings={
                name: settings[name] for name in REBUILD_SETTINGS})
            self.client.indices.refresh(index=handle)
        self._await_copies(handle)
        self._swap(handle, self._indices_of(self.alias))

    def _await_copies(self, index: str) -> None:
        """Until the index's replicas, which a rebuild fills without (REBUILD_SETTINGS), are copied
        from its primaries: as many copies of each shard as the cluster's data nodes can hold, none
        still being made. Swapped in sooner, the index answers every search from its primaries
        alone, and loses what it has if their node fails. Bounded by REPLICA_COPY_SECONDS; copies the
        cluster cannot place (one node, one replica) are not waited for, and the log says why."""
        if not self.replicas:
            return
        with self._guard():
            health = self.client.cluster.health(index=index)
            copies = min(1 + self.replicas, health["number_of_data_nodes"])
            # 408 is the server's answer when the copies are not active by the timeout.
            health = self.client.options(request_timeout=REPLICA_COPY_SECONDS + 30, ignore_status=408).cluster.health(
                index=index, wait_for_active_shards=str(health["active_primary_shards"] * copies),
                wait_for_no_initializing_shards=True, timeout=f"{REPLICA_COPY_SECONDS}s")
        if health["timed_out"]:
            log.warning("%s swapped in after %d s with %d of its %d shard copies active (%d initializing, "
                        "%d unassigned)", index, REPLICA_COPY_SECONDS, health["active_shards"],
                        health["active_primary_shards"] * (1 + self.replicas), health["initializing_shards"],
                        health["unassigned_shards"])
        elif copies < 1 + self.replicas:
            log.warning("%s swapped in with %d of the %d copies of each shard: the cluster has %d data node(s) "
                        "to hold them", index, copies, 1 + self.replicas, health["number_of_data_nodes"])

    def _swap(self, new: str, old: list[str]) -> None:
        actions = [{"add": {"index": new, "alias": self.alias}}]
        actions += [{"remove": {"index": name, "alias": self.alias}} for name in old if name != new]
        if new in self._indices_of(self.rebuild_alias):
            actions.append({"remove": {"index": new, "alias": self.rebuild_alias}})
        with self._guard():
            # One request: every search sees either the old index or the new, never neither.
            self.client.indices.update_aliases(actions=actions)
            for name in old:
                if name != new:
                    self.client.indices.delete(index=name, ignore_unavailable=True)

    def abort_rebuild(self, handle: str) -> None:
        with self._guard():
            self.client.indices.delete(index=handle, ignore_unavailable=True)

    # Writes

    def _write_targets(self, rebuild: str | None) -> list[str]:
        if rebuild:
            return [rebuild]
        return [self.alias] + self._indices_of(self.rebuild_alias)

    def _bulk(self, actions: Iterable[dict], parallel: bool = False, chunk_size: int = 500) -> dict[str, str]:
        failed: dict[str, str] = {}
        client = self.client.options(request_timeout=120)
        if parallel:
            results = helpers.parallel_bulk(client, actions, thread_count=REBUILD_THREADS, chunk_size=chunk_size,
                                            max_chunk_bytes=REBUILD_CHUNK_BYTES, raise_on_error=False,
                                            raise_on_exception=True)
        else:
            results = helpers.streaming_bulk(client, actions, chunk_size=chunk_size, raise_on_error=False,
                                             raise_on_exception=True)
        with self._guard():
            for ok, item in results:
                if ok:
                    continue
                (op, result), = item.items()
                if op == "delete" and result.get("status") == 404:
                    continue  # already gone
                if result.get("status") == 409:
                    continue  # the index already holds a newer state of this object
                if result.get("status", 0) >= 500 or result.get("status") == 429:
                    raise SearchUnavailable(f"Elasticsearch refused a write: {result.get('error')}")
                failed[result.get("_id")] = str(result.get("error"))
        return failed

    def index(self, documents: Iterable[dict], rebuild: str | None = None) -> int:
        """Write documents; the record's modified time is the external version, so an older state
        never replaces a newer one. A rebuild's own writes must be strictly newer: a copy read
        before a change that the outbox drain has already delivered (or deleted) loses."""
        documents = list(documents)
        failed = self._bulk(self.index_actions(documents, self._write_targets(rebuild),
                                                "external" if rebuild else "external_gte"))
        if failed:
            raise IndexingError(failed)
        return len(documents)

    def index_actions(self, documents: Iterable[dict], targets: list[str], version_type: str) -> Iterator[dict]:
        """The bulk actions that write documents into targets (also what the benchmark sends straight
        to the server)."""
        for document in documents:
            source = {**document, "museum_label": _museum_label(document)}
            self._learn_museum_name(document["museum"], source["museum_label"])
            for target in targets:
                action = {"_op_type": "index", "_index": target, "_id": document["id"], "_source": source}
                if document.get("version") is not None:
                    action.update(version=document["version"], version_type=version_type)
                yield action

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        targets = self._write_targets(None)
        # Deleting at the live document's version leaves a tombstone of that version in every
        # target, so a rebuild's older copy cannot bring the object back.
        with self._guard():
            try:
                found = self.client.mget(index=self.alias, ids=ids, source=False)["docs"]
            except NotFoundError:
                found = []
        versions = {doc["_id"]: doc.get("_version") for doc in found if doc.get("found")}

        def actions():
            for object_id in ids:
                for target in targets:
                    action = {"_op_type": "delete", "_index": target, "_id": object_id}
                    if versions.get(object_id) is not None:
                        action.update(version=versions[object_id], version_type="external_gte")
                    yield action

        failed = self._bulk(actions())
        if failed:
            raise IndexingError(failed)

    def refresh(self) -> None:
        with self._guard():
            self.client.indices.refresh(index=self.alias)

    # Reads

    def health(self) -> bool:
        try:
            health = self.client.options(request_timeout=3).cluster.health(timeout="2s")
            return health["status"] in ("green", "yellow")
        except (ApiError, TransportError):
            return False

    def count(self) -> int:
        with self._guard():
            try:
                return self.client.count(index=self.alias)["count"]
            except NotFoundError:
                return 0

    @staticmethod
    def _words_query(text: str) -> dict | None:
        """Every word in some field (title weighs most), or any CJK unigram/bigram."""
        should = []
        if tokens(text):
            should.append(
                {
                    "multi_match": {
                        "query": fold(text), "type": "cross_fields", "operator": "and", "fields": list(TEXT_FIELDS),
                    }
                }
            )
        runs = " ".join(cjk_runs(fold(text)))
        if runs:
            should.append({"match": {"cjk_title": {"query": runs, "boost": 3}}})
            should.append({"match": {"cjk_body": {"query": runs}}})
        if not should:
            return None
        return {"bool": {"should": should, "minimum_should_match": 1}}

    @staticmethod
    def _clause_query(clause: Clause) -> dict:
        """A phrase in its field (any text field without one); an accession number whole."""
        if clause.field == "accession":
            return {"term": {"accession": accession_key(clause.value)}}
        return {"multi_match": {"query": fold(clause.value), "type": "phrase",
                                "fields": list(_CLAUSE_FIELDS[clause.field])}}

    def _text_query(self, text: str) -> tuple[dict | None, bool]:
        """The query of the search's text (search.syntax) and whether it ranks hits; None when
        nothing in it is searchable (stop words, punctuation)."""
        parsed = parse_text(text)
        if not parsed.searchable:
            return None, False
        words = self._words_query(parsed.words)
        must = ([words] if words else []) + [self._clause_query(clause) for clause in parsed.required]
        must_not = [self._clause_query(clause) for clause in parsed.excluded]
        ranked = words is not None or any(clause.field != "accession" for clause in parsed.required)
        return {"bool": {"must": must, "must_not": must_not}}, ranked

    @staticmethod
    def _filter_clauses(query: SearchQuery, skip: str | None = None) -> list[dict]:
        return [
            {"terms": {_FACET_FIELDS[name]: list(values)}}
            for name, values in query.filters().items()
            if name != skip
        ]

    @staticmethod
    def _span_clauses(query: SearchQuery) -> list[dict]:
        """The date span and the box, which narrow the facets' counts too."""
        # Overlap: the object's span starts before the asked span ends and ends after it starts.
        clauses = []
        if query.date_to is not None:
            clauses.append({"range": {"date_start": {"lte": query.date_to}}})
        if query.date_from is not None:
            clauses.append({"range": {"date_end": {"gte": query.date_from}}})
        if query.bbox is not None:
            box = query.bbox
            # A west east of the east crosses the antimeridian, which Elasticsearch reads as such.
            clauses.append({"geo_bounding_box": {"location": {
                "top_left": {"lat": box.north, "lon": box.west},
                "bottom_right": {"lat": box.south, "lon": box.east},
            }}})
        return clauses

    @staticmethod
    def _sort(query: SearchQuery, ranked: bool) -> list:
        if query.sort == "date":
            return [{"date_start": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
        if query.sort == "-date":
            return [{"date_start": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
        if query.sort == "title":
            return [{"sort_title": "asc"}, {"id": "asc"}]
        return (["_score"] if ranked else []) + [{"id": "asc"}]

    def _main_query(self, query: SearchQuery) -> tuple[dict | None, bool]:
        """The scoring query (text and date span; facets do not narrow each other through it)."""
        text, ranked = self._text_query(query.text) if query.text.strip() else (None, False)
        if query.text.strip() and text is None:
            return None, False
        return {"bool": {"must": [text] if text else [], "filter": self._span_clauses(query)}}, ranked

    def _whole_query(self, query: SearchQuery, *more: dict) -> dict | None:
        """The query with every filter in it (no facets to count apart), and more clauses."""
        main, _ = self._main_query(query)
        if main is None:
            return None
        return {"bool": {"must": [main], "filter": self._filter_clauses(query) + list(more)}}

    def search_body(self, query: SearchQuery) -> dict | None:
        """The request body for a query (also what the benchmark sends straight to the server)."""
        main, ranked = self._main_query(query)
        if main is None:
            return None
        aggs = {}
        for name, field in _FACET_FIELDS.items():
            terms = {"field": field, "size": FACET_SIZE, "order": [{"_count": "desc"}, {"_key": "asc"}]}
            # Each facet counts with every selection but its own (multi-select facets).
            aggs[name] = {
                "filter": {"bool": {"filter": self._filter_clauses(query, skip=name)}},
                "aggs": {"values": {"terms": terms}},
            }
        body = {
            "query": main,
            "post_filter": {"bool": {"filter": self._filter_clauses(query)}},
            "aggs": aggs,
            "sort": self._sort(query, ranked),
            "from": query.offset,
            "size": query.size,
            "track_total_hits": True,
            # A hit shows its display fields; the original texts only matter to map highlights.
            "_source": {
                "includes": ["id", "display"],
                "excludes": (_UNHIGHLIGHTED_TEXTS if ranked else ["display.texts"]) + ["display.record"],
            },
        }
        if ranked:
            body["highlight"] = {
                "pre_tags": [HIGHLIGHT_OPEN],
                "post_tags": [HIGHLIGHT_CLOSE],
                # Whole values: the application maps the marks back onto the original text.
                "fields": {f"{field}_folded": {"number_of_fragments": 0} for field in _HIGHLIGHTED},
            }
        return body

    def search(self, query: SearchQuery) -> SearchResult:
        body = self.search_body(query)
        if body is None:
            return SearchResult(0, query.page, query.size, [], {name: [] for name in FACETS})
        with self._guard():
            try:
                # No filter_path: measured, Elasticsearch spends longer filtering its answer
                # (0.2 ms a search) than the client saves reading the smaller one. The body goes
                # as bytes through the client's perform_request: its search() spent longer
                # sorting the keyword arguments back into a body than the request took to write.
                response = self.client.perform_request(
                    "POST", f"/{self._quoted_alias}/_search", headers=_JSON_HEADERS, body=json_bytes(body),
                    endpoint_id="search", path_parts={"index": self._quoted_alias}).body
            except NotFoundError:
                return SearchResult(0, query.page, query.size, [], {name: [] for name in FACETS})
        return self._result(query, response)

    def _result(self, query: SearchQuery, response: dict) -> SearchResult:
        hits = response["hits"]
        items = [hit_item(hit["_source"], self._highlight(hit)) for hit in hits["hits"]]
        buckets = {name: facet["values"]["buckets"] for name, facet in response.get("aggregations", {}).items()}
        labels = self._museum_labels([bucket["key"] for bucket in buckets.get("museum", [])], query.language)
        facets = {name: _facet_values(name, buckets.get(name, []), labels) for name in FACETS}
        return SearchResult(hits["total"]["value"], query.page, query.size, items, facets)

    def _learn_museum_name(self, museum: str, names: str) -> None:
        if self._museum_names.get(museum) != names:
            self._museum_names[museum] = names
            self._museum_labels_in = {}

    def _museum_labels(self, museums: list[str], language: str) -> dict[str, str]:
        """The labels, in the reader's language, of the museums a facet lists. Their names are
        read for all museums at once and kept a while rather than asked of every search: a name
        under every museum bucket doubled the answer and the time spent reading it."""
        age = time.monotonic() - self._museum_names_read
        if age > MUSEUM_LABELS_MAX_AGE or (
                age > _MISSING_LABEL_RETRY and not all(map(self._museum_names.__contains__, museums))):
            labels = {"terms": {"field": "museum", "size": _ALL_MUSEUMS},
                      "aggs": {"names": {"terms": {"field": "museum_label", "size": 1}}}}
            with self._guard():
                try:
                    response = self.client.search(index=self.alias, size=0, aggs={"museums": labels}).body
                except NotFoundError:
                    return {}
            self._museum_names = {
                bucket["key"]: bucket["names"]["buckets"][0]["key"]
                for bucket in response["aggregations"]["museums"]["buckets"] if bucket["names"]["buckets"]
            }
            self._museum_labels_in = {}
            self._museum_names_read = time.monotonic()
        labels = self._museum_labels_in.get(language)
        if labels is None:
            if len(self._museum_labels_in) >= _LABELLED_LANGUAGES:
                self._museum_labels_in = {}
            labels = {museum: pick_language_of_json(names, language) for museum, names in self._museum_names.items()}
            self._museum_labels_in[language] = labels
        return labels

    @staticmethod
    def _highlight(hit: dict) -> dict[str, str]:
        """The marks of the folded fields carried onto the original texts, first match per field."""
        marked = hit.get("highlight")
        if not marked:
            return {}
        highlight = {}
        texts = hit["_source"]["display"]["texts"]
        for field in _HIGHLIGHTED:
            for value in marked.get(f"{field}_folded", ()):
                found = highlight_from_marked(value, texts[field])
                if found:
                    highlight[field] = found
                    break
        return highlight

    def _aggregate(self, body: dict) -> dict | None:
        """The answer to a search body; None when there is no index yet."""
        with self._guard():
            try:
                return self.client.search(index=self.alias, **body).body
            except NotFoundError:
                return None

    def map_body(self, query: SearchQuery, zoom: int) -> dict | None:
        """The clusters' request (also what the benchmark sends straight to the server)."""
        whole = self._whole_query(query, {"exists": {"field": "location"}})
        if whole is None:
            return None
        # Room for every cell of the box, and for points on a cell's edge that the server's
        # rounding of coordinates puts in the next one.
        cells = {"field": "location", "precision": map_precision(zoom, query.bbox), "size": 2 * MAX_CELLS}
        return {
            "query": whole,
            "size": 0,
            "track_total_hits": True,
            "aggs": {"cells": {"geotile_grid": cells, "aggs": {
                "bounds": {"geo_bounds": {"field": "location", "wrap_longitude": False}},
                "centre": {"geo_centroid": {"field": "location"}},
            }}},
        }

    def map(self, query: SearchQuery, zoom: int) -> MapResult:
        body = self.map_body(query, zoom)
        response = self._aggregate(body) if body else None
        if response is None:
            return MapResult(0)
        total = response["hits"]["total"]["value"]
        clusters = []
        for cell in response["aggregations"]["cells"]["buckets"]:
            bounds, centre = cell["bounds"]["bounds"], cell["centre"]["location"]
            clusters.append({
                "lat": centre["lat"], "lon": centre["lon"], "count": cell["doc_count"],
                "bbox": [bounds["top_left"]["lon"], bounds["bottom_right"]["lat"],
                         bounds["bottom_right"]["lon"], bounds["top_left"]["lat"]],
            })
        objects = []
        if total <= MAP_OBJECTS:
            hits = self._aggregate(self.map_objects_body(body))
            objects = [map_item(hit["_source"]) for hit in (hits or {"hits": {"hits": []}})["hits"]["hits"]]
        return MapResult(total, clusters, objects)

    @staticmethod
    def map_objects_body(map_body: dict) -> dict:
        """The request for the objects themselves, once the clusters' answer found few enough."""
        return {
            "query": map_body["query"], "size": MAP_OBJECTS, "sort": [{"id": "asc"}],
            "_source": ["id", "display.title", "display.museum", "display.thumbnail", "display.place"],
        }

    def timeline_body(self, query: SearchQuery, interval: str) -> dict | None:
        """The time buckets' request: where spans start and where they end, per bucket."""
        whole = self._whole_query(query, {"exists": {"field": "timeline_start"}})
        if whole is None:
            return None
        width = INTERVALS[interval]
        return {
            "query": whole,
            "size": 0,
            "track_total_hits": False,
            "aggs": {
                edge: {"histogram": {"field": f"timeline_{edge[:-1]}", "interval": width, "min_doc_count": 1}}
                for edge in ("starts", "ends")
            },
        }

    def timeline(self, query: SearchQuery, interval: str) -> TimelineResult:
        body = self.timeline_body(query, interval)
        response = self._aggregate(body) if body else None
        if response is None:
            return timeline(query, interval, {}, {})
        width = INTERVALS[interval]
        starts, ends = (
            {int(bucket["key"]) // width: bucket["doc_count"] for bucket in response["aggregations"][edge]["buckets"]}
            for edge in ("starts", "ends")
        )
        return timeline(query, interval, starts, ends)

    def suggest(self, prefix: str, size: int = 10) -> list[str]:
        folded = " ".join(fold(prefix).split())
        if not folded:
            return []
        body = {
            "suggest": {
                "completion": {
                    "prefix": folded,
                    # Several inputs complete to one label: ask for more, keep distinct labels.
                    "completion": {"field": "suggest_inputs", "size": size * 3, "skip_duplicates": True},
                }
            },
            "_source": ["suggest_labels"],
        }
        with self._guard():
            try:
                response = self.client.search(index=self.alias, **body)
            except NotFoundError:
                return []
        labels: dict[str, None] = {}
        for option in response["suggest"]["completion"][0]["options"]:
            for entry in option["_source"].get("suggest_labels", []):
                if option["text"] in entry["inputs"]:
                    labels[entry["label"]] = None
                    break
        return list(labels)[:size]

    def export_body(self, query: SearchQuery, pit: str, search_after: list | None = None) -> dict | None:
        """One page of an export walk (also what the benchmark sends straight to the server)."""
        whole = self._whole_query(query)
        if whole is None:
            return None
        body = {
            "query": whole,
            "sort": self._sort(query, ranked=self._main_query(query)[1]),
            "size": self.export_page_size,
            "pit": {"id": pit, "keep_alive": "2m"},
            "_source": {"includes": ["id", "display"], "excludes": ["display.texts"]},
            "track_total_hits": False,
        }
        if search_after is not None:
            body["search_after"] = search_after
        return body

    def export(self, query: SearchQuery) -> Iterator[dict]:
        if self._main_query(query)[0] is None:
            return
        with self._guard():
            try:
                pit = self.client.open_point_in_time(index=self.alias, keep_alive="2m")["id"]
            except NotFoundError:
                return
        try:
            search_after = None
            while True:
                with self._guard():
                    response = self.client.search(**self.export_body(query, pit, search_after))
                hits = response["hits"]["hits"]
                if not hits:
                    return
                pit = response.get("pit_id", pit)
                for hit in hits:
                    yield export_row(hit["_source"])
                search_after = hits[-1]["sort"]
        finally:
            try:
                self.client.close_point_in_time(id=pit)
            except (ApiError, TransportError):
                pass  # it expires on its own after keep_alive
