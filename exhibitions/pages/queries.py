"""Reads the pages need beyond the API's services: museums with counts, a museum's objects
paged, a contributor's objects with their search status."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from exhibitions.db import one_page
from exhibitions.models import Museum, MuseumObject, OutboxEntry


def museums_with_counts(session: Session) -> list[tuple[Museum, int]]:
    """Every member museum with its number of objects, by name."""
    counts = dict(session.execute(
        select(MuseumObject.museum_id, func.count()).group_by(MuseumObject.museum_id)).all())
    museums = session.scalars(select(Museum)).all()
    museums = sorted(museums, key=lambda museum: (next(iter(museum.name.get("en") or []), None)
                                                  or next(iter(museum.name.values()))[0]).casefold())
    return [(museum, counts.get(museum.id, 0)) for museum in museums]


def museum_objects(session: Session, museum: Museum, page: int, size: int) -> tuple[int, list[MuseumObject]]:
    """One page of a museum's objects in accession order, and how many it has."""
    return one_page(session, select(MuseumObject).where(MuseumObject.museum_id == museum.id)
                    .options(selectinload(MuseumObject.images)).order_by(MuseumObject.accession), page, size)


def waiting_for_index(session: Session, object_ids: list[str]) -> set[str]:
    """Which of these objects have a change the search index has not received yet."""
    if not object_ids:
        return set()
    return set(session.scalars(select(OutboxEntry.object_id).where(OutboxEntry.object_id.in_(object_ids))))
