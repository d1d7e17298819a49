"""Museum profiles: a new member museum, changes to a museum's record (PATCH) and its profile
image, which lives in the image store beside the objects' images."""

from __future__ import annotations

from datetime import date
from typing import Any, BinaryIO

from sqlalchemy import insert, literal, select
from sqlalchemy.orm import Session

from exhibitions.models import Museum, MuseumObject, OutboxEntry, utcnow
from exhibitions.objects.image_places import image_in_use, mark_unsettled
from exhibitions.problems import Problem
from exhibitions.schemas import MuseumCreate, MuseumPatch, dump, validated
from iiif.image.store import ImageRejected, ImageStore

# What search documents copy of their museum: a change to these reindexes its objects.
INDEXED_FIELDS = {"name", "country"}


def create_museum(session: Session, payload: Any) -> Museum:
    """A new member museum (the caller commits; a slug taken meanwhile fails the commit)."""
    data = dump(validated(MuseumCreate, payload, "museum"))
    if session.scalar(select(Museum).where(Museum.slug == data["slug"])):
        raise slug_taken(data["slug"])
    joined = data.pop("joined", None)
    museum = Museum(**data, joined=date.fromisoformat(joined) if joined else None)
    session.add(museum)
    return museum


def slug_taken(slug: str) -> Problem:
    return Problem(409, f"There is already a museum '{slug}'.",
                   errors=[{"field": "slug", "message": f"'{slug}' is taken by another museum"}])


def update_museum(session: Session, museum: Museum, payload: Any) -> None:
    """Apply a PATCH: the fields sent replace theirs, null removes an optional one."""
    patch = validated(MuseumPatch, payload, "museum")
    changes = patch.model_dump(mode="json", include=patch.model_fields_set)
    if changes.get("joined"):
        changes["joined"] = date.fromisoformat(changes["joined"])
    reindex = any(name in INDEXED_FIELDS and getattr(museum, name) != value for name, value in changes.items())
    for name, value in changes.items():
        setattr(museum, name, value)
    if reindex:
        now = utcnow()
        session.execute(insert(OutboxEntry).from_select(
            ["object_id", "created", "attempts"],
            select(MuseumObject.id, literal(now), literal(0)).where(MuseumObject.museum_id == museum.id)))


def set_profile_image(session: Session, store: ImageStore, museum: Museum, stream: BinaryIO) -> None:
    """Store an image and make it the museum's profile image; the one it replaces goes once
    committed, unless an object shows it too."""
    try:
        stored = store.ingest(stream)
    except ImageRejected as rejected:
        raise Problem(rejected.status, rejected.message,
                      errors=[{"field": "file", "message": rejected.message}]) from None
    known_elsewhere = image_in_use(session, stored.id)
    try:
        _replace(session, museum, stored.id, stored.width, stored.height)
        session.flush()
    except Exception:
        if not known_elsewhere:
            store.delete(stored.id)
        raise


def remove_profile_image(session: Session, museum: Museum) -> None:
    _replace(session, museum, None, None, None)


def _replace(session: Session, museum: Museum, image_id: str | None, width: int | None, height: int | None) -> None:
    # Both images are settled after the commit: the new one served (even if only an object in
    # the trash had it), the old one removed when nothing else shows it.
    mark_unsettled(session, [i for i in (museum.profile_image, image_id) if i])
    museum.profile_image, museum.profile_width, museum.profile_height = image_id, width, height
