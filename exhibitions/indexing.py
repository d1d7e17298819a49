"""The database side of search indexing: the outbox as `search.indexing` reads it, its
delivery retried after an outage, and the records of every object for a full rebuild."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import joinedload, selectinload

from exhibitions.db import Database
from exhibitions.models import MuseumObject, OutboxEntry
from exhibitions.records import object_record
from search.indexing import DrainReport
from search.indexing import OutboxEntry as PendingChange

# Search documents keep site-relative URLs (the API makes them absolute), so records for the
# index are built with an empty base.
INDEX_BASE_URL = ""
# Everything an object's record reads, loaded with the objects (not one query per object).
RECORD_PARTS = (joinedload(MuseumObject.museum), selectinload(MuseumObject.images), selectinload(MuseumObject.media))


def retry_waits(first: float) -> Iterator[float]:
    """The waits before each new delivery: the first, then twice as long each time, up to ten
    times the first (an outage of hours is then tried every few minutes, not every few hours)."""
    wait = first
    while True:
        yield wait
        wait = min(wait * 2, first * 10)


class OutboxRetry:
    """Delivers the outbox again once the search backend was unavailable, from a thread of its
    own, waiting longer each time, until a delivery goes through: an outage heals without
    waiting for the next write, a restart or `search sync`."""

    def __init__(self, deliver: Callable[[], DrainReport], first_wait: float):
        self._deliver = deliver
        self._first_wait = first_wait
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._failed_again = False  # a delivery elsewhere failed while this one was running
        self._stop = threading.Event()

    def wake(self) -> None:
        if self._first_wait <= 0 or self._stop.is_set():
            return
        with self._lock:
            if self._thread is not None:
                self._failed_again = True
                return
            # A daemon: a stopping process leaves the rows in the outbox, where they are safe.
            self._thread = threading.Thread(target=self._work, name="outbox-retry", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        for wait in retry_waits(self._first_wait):
            if self._stop.wait(wait):
                break
            if self._deliver().unavailable:
                continue
            with self._lock:
                if not self._failed_again:
                    self._thread = None
                    return
                self._failed_again = False
        with self._lock:
            self._thread = None

    def close(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=30)


class DatabaseOutbox:
    """search.indexing.OutboxSource over the search_outbox table."""

    def __init__(self, db: Database):
        self.db = db

    def pending(self, limit: int) -> list[PendingChange]:
        with self.db.sessions() as session:
            rows = session.execute(select(OutboxEntry.id, OutboxEntry.object_id).order_by(OutboxEntry.id).limit(limit))
            return [PendingChange(id=row.id, object_id=row.object_id) for row in rows]

    def records(self, object_ids: list[str]) -> dict[str, dict | None]:
        with self.db.sessions() as session:
            objects = session.scalars(
                select(MuseumObject).where(MuseumObject.id.in_(object_ids)).options(*RECORD_PARTS)
            ).all()
            found = {obj.id: object_record(obj, INDEX_BASE_URL) for obj in objects}
        return {object_id: found.get(object_id) for object_id in object_ids}

    def done(self, entry_ids: list[int]) -> None:
        with self.db.transaction() as session:
            session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_(entry_ids)))

    def failed(self, entry_ids: list[int], error: str) -> None:
        with self.db.transaction() as session:
            session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(entry_ids))
                            .values(attempts=OutboxEntry.attempts + 1, last_error=error[:2000]))

    def count(self) -> int:
        with self.db.sessions() as session:
            return session.scalar(select(func.count()).select_from(OutboxEntry))


def all_records(db: Database, batch: int = 2000) -> tuple[int, Iterator[dict]]:
    """How many objects there are, and their records in id order, read a batch at a time."""
    with db.sessions() as session:
        total = session.scalar(select(func.count()).select_from(MuseumObject))

    def records() -> Iterator[dict]:
        last = ""
        while True:
            with db.sessions() as session:
                objects = session.scalars(
                    select(MuseumObject).where(MuseumObject.id > last).order_by(MuseumObject.id).limit(batch)
                    .options(*RECORD_PARTS)
                ).all()
                if not objects:
                    return
                chunk = [object_record(obj, INDEX_BASE_URL) for obj in objects]
            last = chunk[-1]["id"]
            yield from chunk

    return total, records()
