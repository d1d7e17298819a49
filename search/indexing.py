"""Feeding the index from the database: the outbox drain and the full rebuild.

The database side (exhibitions) implements ``OutboxSource``; nothing here knows its tables.
An outbox entry says "object X changed"; the drain reads the object's current record (or
learns it was deleted), indexes or deletes it, and only then marks the entry done. When the
backend is down the entries stay and the next drain delivers them: nothing is lost.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from .backend import IndexingError, SearchBackend, SearchUnavailable
from .documents import build_document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    object_id: str


class OutboxSource(Protocol):
    def pending(self, limit: int) -> list[OutboxEntry]:
        """The oldest entries not yet delivered, at most limit (failed ones included, for retry)."""

    def records(self, object_ids: list[str]) -> dict[str, dict | None]:
        """The current object record of each id; None for an object that no longer exists."""

    def done(self, entry_ids: list[int]) -> None:
        """Delivered: remove these entries."""

    def failed(self, entry_ids: list[int], error: str) -> None:
        """Not delivered: keep these entries for a later drain, noting the error and attempt."""


@dataclass
class DrainReport:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    batches: int = 0
    unavailable: bool = False  # the drain stopped because the backend was down
    errors: list[str] = field(default_factory=list)

    @property
    def delivered(self) -> int:
        return self.indexed + self.deleted


def drain(
    source: OutboxSource, backend: SearchBackend, batch_size: int = 500, max_batches: int | None = None
) -> DrainReport:
    """Deliver pending outbox entries to the backend, batch by batch, until none is left.

    Entries that fail stay in the outbox (``source.failed``); a backend that is down stops
    the drain at once, leaving everything from that batch on for the next one. Entries
    that failed in this drain are not retried in the same drain, so it always ends.
    """
    report = DrainReport()
    skipped: set[int] = set()
    while max_batches is None or report.batches < max_batches:
        entries = [e for e in source.pending(batch_size + len(skipped)) if e.id not in skipped][:batch_size]
        if not entries:
            break
        report.batches += 1
        object_ids = list(dict.fromkeys(e.object_id for e in entries))
        try:
            records = source.records(object_ids)
            documents, gone, broken = [], [], {}
            for object_id in object_ids:
                record = records.get(object_id)
                if record is None:
                    gone.append(object_id)
                    continue
                try:
                    documents.append(build_document(record))
                except (KeyError, TypeError, ValueError) as error:
                    broken[object_id] = f"cannot build the search document: {error!r}"
            refused: dict[str, str] = {}
            if documents:
                try:
                    backend.index(documents)
                except IndexingError as error:
                    refused = error.failed
                except SearchUnavailable:
                    raise
                except Exception:  # noqa: BLE001 - one document the backend chokes on must not hold back the rest
                    refused = _index_one_by_one(backend, documents)
            if gone:
                backend.delete(gone)
        except SearchUnavailable as error:
            source.failed([e.id for e in entries], str(error))
            report.failed += len(entries)
            report.unavailable = True
            report.errors.append(str(error))
            log.warning("search backend unavailable; %d outbox entries kept: %s", len(entries), error)
            break
        problems = {**broken, **refused}
        bad = [e.id for e in entries if e.object_id in problems]
        good = [e.id for e in entries if e.object_id not in problems]
        if bad:
            for object_id, reason in problems.items():
                source.failed([e.id for e in entries if e.object_id == object_id], reason)
                report.errors.append(f"{object_id}: {reason}")
            skipped.update(bad)
            report.failed += len(bad)
        if good:
            source.done(good)
        report.indexed += len(documents) - len(refused)
        report.deleted += len(gone)
    return report


def _index_one_by_one(backend: SearchBackend, documents: list[dict]) -> dict[str, str]:
    """Index each document on its own, to find the ones that fail a whole batch; their reasons."""
    refused: dict[str, str] = {}
    for document in documents:
        try:
            backend.index([document])
        except IndexingError as error:
            refused.update(error.failed)
        except SearchUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - noted with the entry, which stays for a later drain
            refused[document["id"]] = f"{type(error).__name__}: {error}"
    return refused


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off. A rebuild makes millions of short-lived objects (the
    records read, their documents, the bulk requests), and those alive at once, thousands, set
    off full collections that walk every object of the process: measured, a quarter of the
    rebuild's own CPU time (100,000 objects: 354 µs a document with it, 271 µs without). Reference
    counting frees what a rebuild makes; the few cycles wait for the collection that follows."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@dataclass
class ReindexReport:
    indexed: int = 0
    failed: int = 0
    total: int = 0
    index: Any = None
    errors: list[str] = field(default_factory=list)


def reindex(
    records: Iterable[dict],
    total: int,
    backend: SearchBackend,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = 1000,
) -> ReindexReport:
    """Rebuild the whole index from records: fill a new index, then swap it in.

    Searches keep answering from the old index until the swap, which is one atomic step.
    Writes made meanwhile (the outbox drain) reach both indices, and documents carry the
    record's modified time as their version, so a copy this rebuild read before such a write
    (or before a deletion) never replaces it. If the backend fails, the new index is thrown
    away and the old one stays live. Documents are built as the backend takes them
    (backend.fill); progress(done, total) is called every batch_size records. The process's
    cyclic garbage collector rests meanwhile (see _collector_paused).
    """
    report = ReindexReport(total=total)
    handle = backend.begin_rebuild()
    report.index = handle
    read = 0

    def documents() -> Iterator[dict]:
        nonlocal read
        for record in records:
            read += 1
            try:
                yield build_document(record)
            except (KeyError, TypeError, ValueError) as error:
                report.failed += 1
                report.errors.append(f"{record.get('id')}: cannot build the search document: {error!r}")
            if progress and read % batch_size == 0:
                progress(read, total)

    try:
        with _collector_paused():
            refused = backend.fill(handle, documents(), batch_size)
        report.indexed = read - report.failed - len(refused)
        report.failed += len(refused)
        report.errors.extend(f"{k}: {v}" for k, v in refused.items())
        if progress and read % batch_size:
            progress(read, total)
        backend.finish_rebuild(handle)
    except BaseException:
        try:
            backend.abort_rebuild(handle)
        except SearchUnavailable:
            pass
        raise
    return report
