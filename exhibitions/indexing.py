"""The database side of search indexing: the outbox as `search.indexing` reads it, and the
records of every object for a full rebuild."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from exhibitions.db import Database
from exhibitions.models import MuseumObject, OutboxEntry
from exhibitions.records import object_record
from search.indexing import OutboxEntry as PendingChange

# Search documents keep site-relative URLs (the API makes them absolute), so records for the
# index are built with an empty base.
INDEX_BASE_URL = ""


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
                select(MuseumObject).where(MuseumObject.id.in_(object_ids))
                .options(selectinload(MuseumObject.images), selectinload(MuseumObject.museum))
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


def all_records(db: Database, batch: int = 500) -> tuple[int, Iterator[dict]]:
    """How many objects there are, and their records in id order, read a batch at a time."""
    with db.sessions() as session:
        total = session.scalar(select(func.count()).select_from(MuseumObject))

    def records() -> Iterator[dict]:
        last = ""
        while True:
            with db.sessions() as session:
                objects = session.scalars(
                    select(MuseumObject).where(MuseumObject.id > last).order_by(MuseumObject.id).limit(batch)
                    .options(selectinload(MuseumObject.images), selectinload(MuseumObject.museum))
                ).all()
                if not objects:
                    return
                chunk = [object_record(obj, INDEX_BASE_URL) for obj in objects]
            last = chunk[-1]["id"]
            yield from chunk

    return total, records()
