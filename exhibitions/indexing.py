"""The database side of search indexing: the outbox as `search.indexing` reads it, claimed row
by row by the delivery that sends it, and the records of every object for a full rebuild."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from exhibitions.db import Database
from exhibitions.models import MuseumObject, OutboxEntry, as_utc, utcnow
from exhibitions.objects.records import object_record
from search.indexing import OutboxEntry as PendingChange

# Search documents keep site-relative URLs (the API makes them absolute), so records for the
# index are built with an empty base.
INDEX_BASE_URL = ""
# Everything an object's record reads, loaded with the objects (not one query per object).
RECORD_PARTS = (joinedload(MuseumObject.museum), selectinload(MuseumObject.images), selectinload(MuseumObject.media))


class DatabaseOutbox:
    """search.indexing.OutboxSource over the search_outbox table, where reading is claiming: the
    rows a delivery reads are its own until LEASE has passed, so deliveries running at once (20
    writers, several machines) never send the same rows twice, and none waits for another."""

    LEASE = timedelta(minutes=2)  # longer than a delivery of one batch takes, even to a slow index

    def __init__(self, db: Database, retry_seconds: float = 30.0):
        self.db = db
        self.retry_seconds = retry_seconds

    def pending(self, limit: int) -> list[PendingChange]:
        now = utcnow()
        free = or_(OutboxEntry.claimed_until.is_(None), OutboxEntry.claimed_until < now)
        # SKIP LOCKED on PostgreSQL: rows another delivery is claiming are passed over, not waited
        # for. SQLite has one writer at a time, so the same statement there is already exclusive.
        oldest = (select(OutboxEntry.id).where(free).order_by(OutboxEntry.id).limit(limit)
                  .with_for_update(skip_locked=True).scalar_subquery())
        with self.db.transaction() as session:
            rows = session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(oldest), free)
                                   .values(claimed_until=now + self.LEASE)
                                   .returning(OutboxEntry.id, OutboxEntry.object_id)).all()
        return sorted((PendingChange(id=row.id, object_id=row.object_id) for row in rows), key=lambda e: e.id)

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
        """Keep the rows claimed until their retry: RETRY_SECONDS after a first failure, twice as
        long after each further one, up to ten times as long (an outage of hours is then tried
        every few minutes)."""
        with self.db.transaction() as session:
            attempts = session.scalar(select(func.max(OutboxEntry.attempts)).where(OutboxEntry.id.in_(entry_ids)))
            session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(entry_ids))
                            .values(attempts=OutboxEntry.attempts + 1, last_error=error[:2000],
                                    claimed_until=utcnow() + timedelta(seconds=self.retry_wait(attempts or 0))))

    def retry_now(self) -> None:
        """Let go of the rows that wait for their retry, for a delivery asked for by hand."""
        with self.db.transaction() as session:
            session.execute(update(OutboxEntry).where(OutboxEntry.attempts > 0).values(claimed_until=None))

    def retry_wait(self, attempts: int) -> float:
        return self.retry_seconds * min(2 ** attempts, 10)

    def next_retry(self) -> float | None:
        """Seconds until the earliest failed row may be claimed again; None when none failed."""
        with self.db.sessions() as session:
            earliest = session.scalar(select(func.min(OutboxEntry.claimed_until)).where(OutboxEntry.attempts > 0))
        return None if earliest is None else max(0.0, (as_utc(earliest) - utcnow()).total_seconds())

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
