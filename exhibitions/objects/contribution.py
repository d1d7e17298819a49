"""What member museums do to their records: create or replace objects (keeping the metadata a
change replaces as a version, which can be restored), add images, delete (into the trash),
restore from the trash or delete for good.

Every change writes, in the same transaction, an outbox row for the search index and an
activity for IIIF Change Discovery, and marks the images whose files have to move. Services take
a session and plain values, never `request`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from pydantic import ValidationError
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exhibitions import vocabularies
from exhibitions.db import insert_all_if_absent, insert_if_absent, one_page
from exhibitions.models import (
    Activity,
    ImageDerivation,
    Museum,
    MuseumObject,
    ObjectImage,
    ObjectVersion,
    OutboxEntry,
    TrashedImage,
    TrashedObject,
    as_utc,
    utcnow,
)
from exhibitions.objects.image_places import image_in_use, mark_unsettled
from exhibitions.objects.media import forget_owner_media
from exhibitions.objects.records import iso_time
from exhibitions.problems import Problem
from exhibitions.schemas import ObjectMetadata, dump, field_errors, text_errors
from exhibitions.uow import note_derivation
from iiif.image.store import ImageRejected, ImageStore

# Besides slashes and control characters, no marks that change the direction of text: in an
# accession number they make one number read as another (U+202E shows "A-12" as "21-A").
ACCESSION = re.compile("^[^\x00-\x1f\x7f/\\\\\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]{1,200}$")


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


def record_changes(session: Session, changes: list[tuple[str, str]]) -> None:
    """record_change for many objects' (id, activity) at once, written now in two statements
    (into the tables as they are: the ORM's bulk insert spends a third more on each row)."""
    if changes:
        session.execute(insert(OutboxEntry.__table__), [{"object_id": obj_id} for obj_id, _ in changes])
        session.execute(insert(Activity.__table__), [{"type": activity, "target_kind": "object", "target_id": obj_id}
                                                     for obj_id, activity in changes])


def validate_metadata(payload: Any, model: type[ObjectMetadata] = ObjectMetadata) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise Problem(422, "The body must be a JSON object of the object's metadata.",
                      errors=[{"field": "body", "message": "must be a JSON object"}])
    refuse_unstorable_text(payload)
    try:
        fields = dump(model.model_validate(payload))
    except ValidationError as error:
        errors = field_errors(error)
        raise Problem(422, f"The metadata has {len(errors)} error(s).", errors=errors) from None
    reading = vocabularies.read_terms(fields)
    if reading.errors:
        raise Problem(422, f"The metadata has {len(reading.errors)} error(s).", errors=reading.errors)
    return reading.fields


def term_warnings(fields: dict[str, Any]) -> list[dict[str, str]]:
    """The term values of stored metadata that name no term and are kept as free text: what an
    answer or an import report tells the contributor."""
    return vocabularies.read_terms(fields).warnings


def refuse_unstorable_text(payload: Any) -> None:
    """A 422 for a payload whose text cannot be stored (any JSON body, objects and exhibitions
    from forms and imports alike)."""
    errors = text_errors(payload)
    if errors:
        raise Problem(422, f"'{errors[0]['field']}' {errors[0]['message']}.", errors=errors)


def check_accession(accession: str) -> str:
    accession = accession.strip()
    if not ACCESSION.match(accession):
        raise Problem(422, "The accession number must be 1 to 200 characters, without slashes, control characters "
                           "or marks that change the direction of text.",
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
               expected_modified: str | None = None, saved_by: str | None = None,
               model: type[ObjectMetadata] = ObjectMetadata) -> tuple[MuseumObject, str]:
    """Create or replace an object's metadata (its images are kept); says "created",
    "replaced" or "unchanged". With expected_modified, only if nobody changed it since. The
    metadata a change replaces is kept as a version (saved_by names who replaced it). `model`
    validates the payload (an IIIF import's allows rights the museum did not state).

    Writers of one object take turns: the object is created if absent, then locked until the
    transaction ends, so that each change starts from the one before and numbers its version
    after the last (a refusal below leaves the caller to roll the creation back)."""
    accession = check_accession(accession)
    fields = validate_metadata(payload, model)
    created = insert_if_absent(session, MuseumObject, id=object_id_for(museum.slug, accession), museum_id=museum.id,
                               accession=accession, fields=fields)
    obj = session.scalar(select(MuseumObject)
                         .where(MuseumObject.museum_id == museum.id, MuseumObject.accession == accession)
                         .with_for_update().execution_options(populate_existing=True))
    check_unchanged(None if created else obj, expected_modified)
    if created:
        refuse_if_trashed(session, museum, accession)
        outcome = "created"
    elif obj.fields == fields:
        return obj, "unchanged"
    else:
        _replace(session, obj, fields, _last_versions(session, [obj.id]).get(obj.id, 0), utcnow(), saved_by)
        outcome = "replaced"
    session.flush()
    record_change(session, obj.id, "Create" if outcome == "created" else "Update")
    return obj, outcome


def put_objects(session: Session, museum: Museum, payloads: list[tuple[str, Any]],
                saved_by: str | None = None) -> list[tuple[str, str] | Problem]:
    """put_object for many objects at once (an import's rows, each accession number once), in
    a few statements whatever their number: for each, the object's id and what became of it,
    or the Problem that refused it. A refused one is left as it was and holds back none of the
    others; all are checked before anything is written.

    The objects are created if absent, then the others locked, in the order of their accession
    numbers: two writers with objects in common take them in the same order, so neither waits
    for the other in a circle (PostgreSQL would end one of them as a deadlock)."""
    outcomes: list[tuple[str, str] | Problem | None] = [None] * len(payloads)
    checked: dict[str, tuple[int, dict[str, Any]]] = {}
    for position, (accession, payload) in enumerate(payloads):
        try:
            accession = check_accession(accession)
            fields = validate_metadata(payload)
        except Problem as problem:
            outcomes[position] = problem
            continue
        if accession in checked:
            raise ValueError(f"accession {accession!r} is given twice; put one after the other")
        checked[accession] = (position, fields)
    ids = {accession: object_id_for(museum.slug, accession) for accession in sorted(checked)}
    # What this inserts is held until the transaction ends, like the rows locked below.
    created = insert_all_if_absent(session, MuseumObject, [
        {"id": object_id, "museum_id": museum.id, "accession": accession, "fields": checked[accession][1]}
        for accession, object_id in ids.items()])
    existing = [accession for accession, object_id in ids.items() if object_id not in created]
    objects = session.scalars(select(MuseumObject)
                              .where(MuseumObject.museum_id == museum.id, MuseumObject.accession.in_(existing))
                              .order_by(MuseumObject.accession)
                              .with_for_update().execution_options(populate_existing=True)).all() if existing else []
    trashed = {row.id: row for row in session.scalars(select(TrashedObject).where(TrashedObject.id.in_(created)))}
    if trashed:  # created a moment ago in the place of objects in the trash: taken back
        session.execute(delete(MuseumObject).where(MuseumObject.id.in_(list(trashed))))
    changes = []
    for accession, object_id in ids.items():
        if object_id in trashed:
            outcomes[checked[accession][0]] = _trashed_problem(museum, trashed[object_id])
        elif object_id in created:
            outcomes[checked[accession][0]] = (object_id, "created")
            changes.append((checked[accession][0], object_id, "Create"))
    versions = _last_versions(session, [obj.id for obj in objects])
    now = utcnow()
    for obj in objects:
        position, fields = checked[obj.accession]
        if obj.fields == fields:
            outcomes[position] = (obj.id, "unchanged")
        else:
            _replace(session, obj, fields, versions.get(obj.id, 0), now, saved_by)
            outcomes[position] = (obj.id, "replaced")
            changes.append((position, obj.id, "Update"))
    session.flush()
    record_changes(session, [(obj_id, activity) for _, obj_id, activity in sorted(changes)])
    return outcomes


def _last_versions(session: Session, object_ids: list[str]) -> dict[str, int]:
    """The number of each object's latest earlier version (objects without one are left out)."""
    if not object_ids:
        return {}
    return dict(session.execute(select(ObjectVersion.object_id, func.max(ObjectVersion.number))
                                .where(ObjectVersion.object_id.in_(object_ids))
                                .group_by(ObjectVersion.object_id)).all())


def _replace(session: Session, obj: MuseumObject, fields: dict[str, Any], last_version: int, replaced: datetime,
             replaced_by: str | None) -> None:
    """Give the object new metadata, keeping what it replaces as its next version."""
    session.add(ObjectVersion(object_id=obj.id, number=last_version + 1, fields=obj.fields, saved=obj.modified,
                              replaced=replaced, replaced_by=replaced_by))
    obj.fields = fields
    obj.modified = replaced


def object_versions(session: Session, object_id: str, page: int, size: int) -> tuple[int, list[ObjectVersion]]:
    """An object's earlier metadata, the latest replaced first."""
    where = ObjectVersion.object_id == object_id
    return one_page(session, select(ObjectVersion).where(where).order_by(ObjectVersion.number.desc()), page, size)


def object_version(session: Session, object_id: str, number: int) -> ObjectVersion:
    version = session.scalar(select(ObjectVersion).where(ObjectVersion.object_id == object_id,
                                                         ObjectVersion.number == number))
    if version is None:
        raise Problem(404, f"Object '{object_id}' has no earlier version {number}.")
    return version


def restore_version(session: Session, obj: MuseumObject, number: int, expected_modified: str | None = None,
                    saved_by: str | None = None) -> tuple[MuseumObject, str]:
    """Make an earlier version's metadata current again, as a change like any other (so the
    metadata it replaces becomes a version in turn, and the restoration can be undone)."""
    version = object_version(session, obj.id, number)
    return put_object(session, obj.museum, obj.accession, version.fields, expected_modified, saved_by)


# Larger uploads answer once their master is stored and checked; the pyramid follows (a
# 100-megapixel image takes seconds to tile, and the Image API renders from the master meanwhile).
DERIVE_IN_REQUEST_PIXELS = 4_000_000


@dataclass
class AddedImage:
    image: ObjectImage
    created: bool


def add_image(session: Session, store: ImageStore, obj: MuseumObject, stream: BinaryIO,
              original_name: str | None = None, derive_later: bool = False) -> AddedImage:
    """Store an image and attach it to the object. The same file twice is one image.

    The file is written before the row; if the row cannot be written, a file that no other
    image uses is removed again, so nothing is left half-stored. With derive_later (an upload
    in a request), an image over DERIVE_IN_REQUEST_PIXELS is stored and checked, and its tile
    pyramid is derived by the queue once the change is committed (exhibitions.uow).
    """
    try:
        stored = store.ingest(stream, defer_over=DERIVE_IN_REQUEST_PIXELS if derive_later else None)
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
        if not stored.tiled:
            insert_if_absent(session, ImageDerivation, image_id=stored.id)
            note_derivation(session, stored.id)
    except Exception:
        if not known_elsewhere:
            store.delete(stored.id)
        raise
    return AddedImage(image, created=True)


# The columns an image keeps in the trash: all of ObjectImage's but its own row and object ids.
_IMAGE_COLUMNS = tuple(column.key for column in ObjectImage.__table__.columns if column.key not in ("id", "object_id"))


def _stored_image_ids(images: list[dict[str, Any]]) -> list[str]:
    """The images of ours among an object's kept images (remote ones have no files here)."""
    return [image["image_id"] for image in images if image["service"] is None]


def delete_object(session: Session, obj: MuseumObject, deleted_by: str | None = None) -> None:
    """Move the object to the trash: gone for readers, search and harvesters, kept whole for its
    museum (its images are withdrawn once committed)."""
    images = [{**{key: getattr(image, key) for key in _IMAGE_COLUMNS}, "created": iso_time(image.created)}
              for image in obj.images]
    stored = _stored_image_ids(images)
    trashed = TrashedObject(id=obj.id, museum_id=obj.museum_id, accession=obj.accession, fields=obj.fields,
                            images=images, created=obj.created, modified=obj.modified, deleted_by=deleted_by,
                            stored_images=[TrashedImage(image_id=image_id) for image_id in stored])
    _move(session, obj, trashed, f"Object '{obj.id}' was deleted by someone else at the same moment.")
    record_change(session, trashed.id, "Delete")
    mark_unsettled(session, stored)


def _move(session: Session, row: Any, copy: Any, conflict: str) -> None:
    """Replace a row by its copy in another table (the two share the id, so the row goes
    first); a request that did the same a moment earlier has won, and this one gets a 409."""
    session.delete(row)
    session.flush()
    session.add(copy)
    try:
        session.flush()
    except IntegrityError:
        raise Problem(409, conflict) from None


def refuse_if_trashed(session: Session, museum: Museum, accession: str) -> None:
    """A new object may not take the place of one in the trash: restoring it would then clash."""
    trashed = session.get(TrashedObject, object_id_for(museum.slug, accession))
    if trashed is not None:
        raise _trashed_problem(museum, trashed)


def _trashed_problem(museum: Museum, trashed: TrashedObject) -> Problem:
    return Problem(409, f"Museum '{museum.slug}' has object '{trashed.accession}' in the trash (deleted "
                        f"{iso_time(trashed.deleted)}): restore it (POST /api/v1/trash/objects/{trashed.id}"
                        f"/restore) or delete it for good (DELETE /api/v1/trash/objects/{trashed.id}) first.",
                   errors=[{"field": "accession", "message": "belongs to an object in the trash: restore it, "
                                                             "or delete it for good, first"}])


def trashed_object(session: Session, object_id: str) -> TrashedObject:
    trashed = session.get(TrashedObject, object_id)
    if trashed is None:
        raise Problem(404, f"There is no object '{object_id}' in the trash.")
    return trashed


def object_trash(session: Session, museum: Museum | None, page: int, size: int) -> tuple[int, list[TrashedObject]]:
    """The trash of one museum (or of all), the latest deleted first."""
    where = [TrashedObject.museum_id == museum.id] if museum is not None else []
    newest_first = (TrashedObject.deleted.desc(), TrashedObject.id)
    return one_page(session, select(TrashedObject).where(*where).order_by(*newest_first), page, size)


def restore_object(session: Session, trashed: TrashedObject) -> MuseumObject:
    """Bring an object back from the trash with its images (served again once committed), under
    the same id, so that its manifest, links and exhibition items work again."""
    if session.get(MuseumObject, trashed.id) is not None:
        raise Problem(409, f"Object '{trashed.id}' exists outside the trash; delete one of the two first.")
    object_id, images = trashed.id, _stored_image_ids(trashed.images)
    obj = MuseumObject(id=trashed.id, museum_id=trashed.museum_id, accession=trashed.accession,
                       fields=trashed.fields, created=as_utc(trashed.created), modified=utcnow())
    for kept in trashed.images:
        obj.images.append(ObjectImage(**{**kept, "created": datetime.fromisoformat(kept["created"])}))
    _move(session, trashed, obj, f"Object '{object_id}' was restored by someone else at the same moment.")
    record_change(session, object_id, "Create")
    mark_unsettled(session, images)
    return obj


def delete_for_good(session: Session, trashed: TrashedObject) -> None:
    """Delete an object in the trash with its earlier versions, its media and, once committed,
    the image and media files no object needs."""
    mark_unsettled(session, _stored_image_ids(trashed.images))
    forget_owner_media(session, object_id=trashed.id)
    session.execute(delete(ObjectVersion).where(ObjectVersion.object_id == trashed.id))
    session.delete(trashed)
    session.flush()
