"""What member museums do to their records: create or replace objects, add images, delete.

Every change writes, in the same transaction, an outbox row for the search index and an
activity for IIIF Change Discovery. Services take a session and plain values, never `request`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from typing import Any, BinaryIO

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exhibitions.models import Activity, Museum, MuseumObject, ObjectImage, OutboxEntry, utcnow
from exhibitions.problems import Problem
from exhibitions.records import iso_time
from exhibitions.schemas import ObjectMetadata, dump, field_errors
from iiif.image.store import ImageRejected, ImageStore

ACCESSION = re.compile(r"^[^\x00-\x1f/\\]{1,200}$")


def object_id_for(museum_slug: str, accession: str) -> str:
    """The global id of a museum's object: stable (derived, not drawn), URL-safe, readable prefix."""
    digest = hashlib.sha256(f"{museum_slug}\x00{accession}".encode()).digest()
    return f"{museum_slug}-{base64.b32encode(digest[:8]).decode().lower().rstrip('=')}"


def get_museum(session: Session, slug: str) -> Museum:
    museum = session.scalar(select(Museum).where(Museum.slug == slug))
    if museum is None:
        raise Problem(404, f"There is no member museum '{slug}'.")
    return museum


def get_object(session: Session, object_id: str) -> MuseumObject:
    obj = session.get(MuseumObject, object_id)
    if obj is None:
        raise Problem(404, f"There is no object '{object_id}'.")
    return obj


def find_object(session: Session, museum: Museum, accession: str) -> MuseumObject | None:
    return session.scalar(
        select(MuseumObject).where(MuseumObject.museum_id == museum.id, MuseumObject.accession == accession)
    )


def record_change(session: Session, obj_id: str, activity: str, kind: str = "object") -> None:
    """Note a change for the search index (objects) and for harvesters (Change Discovery)."""
    if kind == "object":
        session.add(OutboxEntry(object_id=obj_id))
    session.add(Activity(type=activity, target_kind=kind, target_id=obj_id))


def validate_metadata(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise Problem(422, "The body must be a JSON object of the object's metadata.",
                      errors=[{"field": "body", "message": "must be a JSON object"}])
    try:
        return dump(ObjectMetadata.model_validate(payload))
    except ValidationError as error:
        errors = field_errors(error)
        raise Problem(422, f"The metadata has {len(errors)} error(s).", errors=errors) from None


def check_accession(accession: str) -> str:
    accession = accession.strip()
    if not ACCESSION.match(accession):
        raise Problem(422, "The accession number must be 1 to 200 characters, without slashes or control characters.",
                      errors=[{"field": "accession", "message": "is not a valid accession number"}])
    return accession


def check_unchanged(obj: MuseumObject | None, expected_modified: str | None) -> None:
    """A change based on the object as it was at `expected_modified` (its ETag, or "*" for any):
    refused (412) when the object has changed since, or does not exist; None asks nothing."""
    if expected_modified is None:
        return
    if obj is None:
        raise Problem(412, "There is no such object whose version could be the one sent in If-Match.")
    current = iso_time(obj.modified)
    if expected_modified == "*":
        return
    if current != expected_modified:
        raise Problem(412, f"The object was changed at {current}, after the version it was read at "
                           f"({expected_modified}); load it again and make the change on top of that.")


def put_object(session: Session, museum: Museum, accession: str, payload: Any,
               expected_modified: str | None = None) -> tuple[MuseumObject, str]:
    """Create or replace an object's metadata (its images are kept); says "created",
    "replaced" or "unchanged". With expected_modified, only if nobody changed it since."""
    accession = check_accession(accession)
    fields = validate_metadata(payload)
    obj = find_object(session, museum, accession)
    check_unchanged(obj, expected_modified)
    if obj is None:
        obj = MuseumObject(id=object_id_for(museum.slug, accession), museum=museum, accession=accession, fields=fields)
        session.add(obj)
        outcome = "created"
    elif obj.fields == fields:
        return obj, "unchanged"
    else:
        obj.fields = fields
        obj.modified = utcnow()
        outcome = "replaced"
    session.flush()
    record_change(session, obj.id, "Create" if outcome == "created" else "Update")
    return obj, outcome


def image_in_use(session: Session, image_id: str) -> bool:
    return session.scalar(select(func.count()).where(ObjectImage.image_id == image_id)) > 0


@dataclass
class AddedImage:
    image: ObjectImage
    created: bool


def add_image(session: Session, store: ImageStore, obj: MuseumObject, stream: BinaryIO,
              original_name: str | None = None) -> AddedImage:
    """Store an image and attach it to the object. The same file twice is one image.

    The file is written before the row; if the row cannot be written, a file that no other
    image uses is removed again, so nothing is left half-stored.
    """
    try:
        stored = store.ingest(stream)
    except ImageRejected as rejected:
        raise Problem(rejected.status, rejected.message,
                      errors=[{"field": "file", "message": rejected.message}]) from None
    existing = next((image for image in obj.images if image.image_id == stored.id), None)
    if existing is not None:
        return AddedImage(existing, created=False)
    known_elsewhere = image_in_use(session, stored.id)
    try:
        image = ObjectImage(image_id=stored.id, width=stored.width, height=stored.height, format=stored.format,
                            byte_size=stored.byte_size, original_name=(original_name or None),
                            position=len(obj.images))
        obj.images.append(image)
        obj.modified = utcnow()
        session.flush()
        record_change(session, obj.id, "Update")
    except Exception:
        if not known_elsewhere:
            store.delete(stored.id)
        raise
    return AddedImage(image, created=True)


def delete_object(session: Session, obj: MuseumObject) -> list[str]:
    """Delete the object's rows; returns the image ids to remove from the store after commit."""
    image_ids = [image.image_id for image in obj.images if image.service is None]
    session.delete(obj)
    session.flush()
    record_change(session, obj.id, "Delete")
    return [image_id for image_id in image_ids if not image_in_use(session, image_id)]
