"""The search backend interface that every backend implements, and the errors it raises.

A backend holds search documents (see ``search.documents``) in an index reached through a
stable name (an alias on Elasticsearch), so that a rebuild can fill a new index while the old
one answers, then swap. Methods a backend cannot do raise ``NotImplementedError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .query import MapResult, SearchQuery, SearchResult
from .timeline import TimelineResult


class SearchUnavailable(RuntimeError):
    """The search server cannot be reached or failed; the API answers 503, writes stay queued."""


class IndexingError(RuntimeError):
    """Some documents were refused by the backend; ``failed`` maps each object id to the reason."""

    def __init__(self, failed: dict[str, str]):
        examples = "; ".join(f"{k}: {v}" for k, v in list(failed.items())[:5])
        super().__init__(f"{len(failed)} documents not indexed: {examples}")
        self.failed = failed


class SearchBackend:
    """Base class of the search backends: the contract the tests in tests/search hold."""

    #: The short name settings use to choose the backend ("embedded", "elasticsearch").
    name = "base"
    #: Hits fetched per round trip by export(); memory stays bounded by this, not by the result.
    export_page_size = 1000

    # Index lifecycle

    def create_index(self) -> None:
        """Make the index behind the stable name if there is none; keep an existing one."""
        raise NotImplementedError

    def needs_reindex(self) -> bool:
        """Whether the live index was built with another text format (search.text.TEXT_FORMAT)
        than this code folds queries with: then some words are not found until `search reindex`."""
        raise NotImplementedError

    def reset_index(self) -> None:
        """Drop every document and start from an empty index."""
        raise NotImplementedError

    def drop_index(self) -> None:
        """Remove the index and everything behind the stable name (tests clean up with this)."""
        raise NotImplementedError

    def begin_rebuild(self) -> Any:
        """Make a new, empty index beside the live one; returns a handle for index/finish."""
        raise NotImplementedError

    def finish_rebuild(self, handle: Any) -> None:
        """Point the stable name at the rebuilt index in one step, then drop the old one."""
        raise NotImplementedError

    def abort_rebuild(self, handle: Any) -> None:
        """Throw a half-built index away; the live one is untouched."""
        raise NotImplementedError

    def fill(self, handle: Any, documents: Iterable[dict], batch_size: int = 1000) -> dict[str, str]:
        """Write every document of a rebuild into its index (documents may be a generator
        building them meanwhile); the ids it refused, with the reasons. Here index() a batch at
        a time; a backend that can take a stream while the next documents are built does so."""
        refused: dict[str, str] = {}
        batch: list[dict] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= batch_size:
                refused.update(self._fill_batch(handle, batch))
                batch = []
        refused.update(self._fill_batch(handle, batch))
        return refused

    def _fill_batch(self, handle: Any, batch: list[dict]) -> dict[str, str]:
        if not batch:
            return {}
        try:
            self.index(batch, rebuild=handle)
        except IndexingError as error:
            return error.failed
        return {}

    # Writes

    def index(self, documents: Iterable[dict], rebuild: Any = None) -> int:
        """Add or replace documents (by id); into a rebuild's index when given. Returns the count.

        A document whose ``version`` is older than the one held (or than a deletion of it) is
        skipped; in a rebuild's index an equal version is skipped too.
        """
        raise NotImplementedError

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Make every write so far visible to searches (tests call this; servers do it on a timer)."""

    # Reads

    def search(self, query: SearchQuery) -> SearchResult:
        raise NotImplementedError

    def map(self, query: SearchQuery, zoom: int) -> MapResult:
        """The query's objects with coordinates, grouped into cells of the web-mercator tile grid
        at ``search.geo.map_precision(zoom, query.bbox)``: each cluster's centroid, count and
        bounds; the objects themselves when at most ``search.geo.MAP_OBJECTS`` matched."""
        raise NotImplementedError

    def timeline(self, query: SearchQuery, interval: str) -> TimelineResult:
        """The query's objects with a date, counted in every bucket of the interval (see
        ``search.timeline.INTERVALS``) that their span overlaps."""
        raise NotImplementedError

    def suggest(self, prefix: str, size: int = 10) -> list[str]:
        """Completions for the search box: titles, creators and cultures starting with the prefix."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def export(self, query: SearchQuery) -> Iterator[dict]:
        """Every hit of the query, in its order, as export rows, in bounded memory."""
        raise NotImplementedError

    def health(self) -> bool:
        """True when the backend answers (readiness checks)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release connections."""
