"""What curators do: write an exhibition as one document (a cover, sections of blocks: text, objects
with regions and captions, galleries, compares, media, quotes, maps, timelines),
replace it whole, publish and unpublish it (now, or at a time set ahead), look back at its
versions and restore one, move it to the trash and back. Drafts are seen by curators only. Every save that changes the
document keeps it as a new version. `document` is what readers see once the exhibition is
published; the curators' working draft beside it (exhibitions.curation.studio) goes live with publish().

Publishing, changing a published exhibition and withdrawing it are written as activities for
IIIF Change Discovery in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from exhibitions.curation import blocks
from exhibitions.db import one_page
from exhibitions.models import (
    Exhibition,
    ExhibitionTeamMember,
    ExhibitionVersion,
    Media,
    MuseumObject,
    TrashedObject,
    as_utc,
    utcnow,
)
from exhibitions.objects.contribution import record_change, refuse_unstorable_text
from exhibitions.objects.media import forget_owner_media
from exhibitions.objects.records import iso_time
from exhibitions.problems import Problem
from exhibitions.schemas import REGION, SHA256, SLUG, ExhibitionDocument, dump, field_errors
from iiif.manifests import ItemNotShown, item_view

# Paths of the curator's pages that sit where an exhibition's slug would (/curate/trash, /curate/new).
RESERVED_SLUGS = ("trash", "new")


def get_exhibition(session: Session, slug: str, *, curator: bool) -> Exhibition:
    """The exhibition; a draft is a 404 to anyone but a curator, as if it did not exist, and one
    in the trash to everyone (see trashed_exhibition)."""
    exhibition = session.scalar(select(Exhibition).where(Exhibition.slug == slug))
    if exhibition is None or exhibition.status == "deleted" or (exhibition.status != "published" and not curator):
        raise Problem(404, f"There is no exhibition '{slug}'.")
    return exhibition


def find_exhibition(session: Session, slug: str) -> Exhibition | None:
    """The exhibition of this slug, whatever its state (in the trash too), or None."""
    return session.scalar(select(Exhibition).where(Exhibition.slug == slug))


def list_exhibitions(session: Session, *, curator: bool, page: int, size: int) -> tuple[int, list[Exhibition]]:
    query = select(Exhibition).where(Exhibition.status != "deleted")
    if not curator:
        query = query.where(Exhibition.status == "published")
    return one_page(session, query.order_by(Exhibition.published.desc(), Exhibition.slug), page, size)


def object_ids_of(document: dict[str, Any]) -> set[str]:
    """The ids of the objects an exhibition document names (the cover and every block's)."""
    return blocks.object_ids_of(document)


def objects_of(session: Session, document: dict[str, Any]) -> dict[str, MuseumObject]:
    ids = object_ids_of(document)
    if not ids:
        return {}
    objects = session.scalars(select(MuseumObject).where(MuseumObject.id.in_(ids))
                              .options(selectinload(MuseumObject.images), selectinload(MuseumObject.museum)))
    return {obj.id: obj for obj in objects}


def media_of(session: Session, exhibition: Exhibition, document: dict[str, Any] | None = None) -> dict[str, Media]:
    """The exhibition's own media files that its media blocks name (those of `document`, such as
    its draft, if given; else the live document's), by id."""
    ids = {media_id for _, media_id in blocks.media_references(exhibition.document if document is None else document)}
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(Media).where(Media.id.in_(ids),
                                                                       Media.exhibition_id == exhibition.id))}


def shown_sections(session: Session, document: dict[str, Any]) -> list[dict[str, Any]]:
    """The sections as readers get them: without what shows objects in their museum's trash
    (curators keep those blocks, and they show again once the object is restored)."""
    ids = object_ids_of(document)
    live = set(session.scalars(select(MuseumObject.id).where(MuseumObject.id.in_(ids)))) if ids else set()
    return blocks.answer_sections(blocks.without_objects(document.get("sections", []), ids - live))


def trashed_among(session: Session, object_ids: Iterable[str]) -> set[str]:
    """Which of these objects are in their museum's trash."""
    wanted = set(object_ids)
    if not wanted:
        return set()
    return set(session.scalars(select(TrashedObject.id).where(TrashedObject.id.in_(wanted))))


def _check_references(session: Session, payload: Any, document: dict[str, Any] | None,
                      kept: set[str]) -> list[dict[str, str]]:
    """The errors of the objects a document names: one that does not exist, one in its museum's
    trash that the exhibition did not show already (`kept`: a museum's deletion does not stop
    curators saving their work, and it shows again once restored), an image of another object,
    a region outside the image or of no area. An object without images yet may be shown (it
    shows once it has one). Without a valid document (schema errors) the payload as sent is
    checked, so that these errors come in the same answer."""
    named = list(blocks.references(document if document is not None else payload))
    ids = {reference["object"] for _, reference in named}
    objects = objects_of(session, {"sections": [{"blocks": [{"type": "map", "objects": sorted(ids)}]}]})
    trashed = trashed_among(session, ids - objects.keys())
    errors = []
    for path, reference in named:
        object_id = reference["object"]
        field = path if ".objects." in path else f"{path}.object"
        if object_id in trashed and object_id not in kept:
            errors.append({"field": field, "message": f"object '{object_id}' is in its museum's trash"})
        elif object_id not in trashed and object_id not in objects:
            errors.append({"field": field, "message": f"there is no object '{object_id}'"})
        elif object_id in objects and field != path and _well_formed(reference):
            error = _view_error(reference, objects[object_id])
            if error:
                errors.append({"field": f"{path}.{error[0]}", "message": error[1]})
    return errors


def _check_media(session: Session, payload: Any, document: dict[str, Any] | None,
                 exhibition_id: int | None) -> list[dict[str, str]]:
    """The errors of the media blocks that name an uploaded file: it must be one of this
    exhibition's own (uploaded to it first), so that what the page plays is published and
    withdrawn with the exhibition. A malformed id is left to the schema's error."""
    named = [(path, media_id) for path, media_id in blocks.media_references(document or payload)
             if re.fullmatch(SHA256, media_id)]
    ids = {media_id for _, media_id in named}
    owned = set(session.scalars(select(Media.id).where(Media.id.in_(ids), Media.exhibition_id == exhibition_id))) \
        if ids and exhibition_id is not None else set()
    return [{"field": path, "message": f"there is no media '{media_id}' of this exhibition: upload the file "
                                       "to the exhibition's media first"}
            for path, media_id in named if media_id not in owned]


def _well_formed(reference: dict[str, Any]) -> bool:
    """Whether a reference's image and region can be checked (a malformed one is a schema error)."""
    return all(reference.get(name) is None
               or (isinstance(reference[name], str) and re.fullmatch(pattern, reference[name]) is not None)
               for name, pattern in (("image", SHA256), ("region", REGION)))


def _view_error(reference: dict[str, Any], obj: MuseumObject) -> tuple[str, str] | None:
    """Why a reference's image or region cannot be shown: (its field, the message), or None."""
    images = [{"id": image.image_id, "width": image.width, "height": image.height} for image in obj.images]
    try:
        image, region = item_view(reference, {"id": obj.id, "images": images})
    except ItemNotShown as refused:
        if refused.field == "object" and not reference.get("region"):
            return None
        return ("region" if refused.field == "object" else refused.field), refused.message
    asked = reference.get("region")
    if asked and region is not None and ",".join(map(str, region)) != asked:
        return "region", (f"region {asked!r} reaches past the image ({image['width']}x{image['height']}): "
                          "x+w and y+h must stay within it")
    return None


def validate_document(session: Session, slug: str, payload: Any, kept: set[str] = frozenset(),
                      exhibition_id: int | None = None) -> dict[str, Any]:
    """A request's exhibition document, checked whole and in its stored form (v2: blocks); every
    error at once in one 422. `kept`: objects it may show though they are in their museum's trash
    (those the exhibition showed already); `exhibition_id`: the exhibition whose media its media
    blocks may name (None for a new one, which has none yet)."""
    if not isinstance(payload, dict):
        raise Problem(422, "The body must be a JSON object: the whole exhibition.",
                      errors=[{"field": "body", "message": "must be a JSON object"}])
    refuse_unstorable_text(payload)
    try:
        document = dump(ExhibitionDocument.model_validate(payload))
        errors = []
    except ValidationError as error:
        document, errors = None, field_errors(error)
    if payload.get("slug") not in (None, slug):
        errors.append({"field": "slug", "message": f"must be '{slug}', the slug of the path, or left out"})
    errors += _check_references(session, payload, document, kept)
    errors += _check_media(session, payload, document, exhibition_id)
    if document is not None:
        document, disagreeing = blocks.stored_document(document)
        errors += disagreeing
    if errors:
        raise Problem(422, f"The exhibition has {len(errors)} error(s).", errors=errors)
    document.pop("slug", None)
    document.pop("status", None)
    return document


def put_exhibition(session: Session, slug: str, payload: Any, *, saved_by: str | None = None,
                   expected_version: int | str | None = None, restored_from: int | None = None,
                   from_draft: bool = False) -> tuple[Exhibition, bool]:
    """Create or replace the whole exhibition; True when it was created (saved_by, if any, is
    recorded as its creator, the first of its team). A change adds a version; with
    expected_version, a save made on top of another one since is refused (412); "*" only asks
    that the exhibition exists. One with a working draft is refused (409) unless this is the draft
    going live (from_draft): publishing that draft later would silently undo this change."""
    exhibition = session.scalar(select(Exhibition).where(Exhibition.slug == slug))
    # Objects in a trash stay where the exhibition (or the version being restored, or the draft
    # going live) showed them.
    kept = object_ids_of(exhibition.document) if exhibition is not None else set()
    kept |= object_ids_of(payload) if restored_from is not None or from_draft else set()
    document = validate_document(session, slug, payload, kept, exhibition.id if exhibition is not None else None)
    if exhibition is None:
        _check_new_slug(slug)
        if expected_version is not None:
            raise Problem(412, f"There is no exhibition '{slug}' whose version could be {expected_version}.")
        exhibition = Exhibition(slug=slug, document=document, status="draft", version=1)
        session.add(exhibition)
        try:
            session.flush()
        except IntegrityError:
            raise Problem(409, f"Exhibition '{slug}' was created by someone else at the same moment.") from None
        _keep_version(session, exhibition, saved_by, restored_from)
        if saved_by:
            session.add(ExhibitionTeamMember(exhibition_id=exhibition.id, member=saved_by, creator=True))
        return exhibition, True
    if exhibition.status == "deleted":
        raise Problem(409, f"Exhibition '{slug}' is in the trash: restore it, or delete it for good, first.")
    if exhibition.draft is not None and not from_draft:
        path = f"/api/v1/exhibitions/{slug}"
        raise Problem(409, f"Exhibition '{slug}' has a working draft (saved by "
                           f"{exhibition.draft_saved_by or 'someone'} at {iso_time(exhibition.draft_saved)}): "
                           f"publish it (POST {path}/publish) or discard it (DELETE {path}/draft) first, or save "
                           f"this change to the draft (PUT {path}/draft).")
    if isinstance(expected_version, int) and expected_version != exhibition.version:
        raise VersionConflict(exhibition.version, expected_version)
    if exhibition.document != document:
        exhibition.document = document
        exhibition.modified = utcnow()
        exhibition.version += 1
        _keep_version(session, exhibition, saved_by, restored_from)
        if exhibition.status == "published":
            record_change(session, slug, "Update", kind="exhibition")
        _write(session, exhibition)
    return exhibition, False


def _write(session: Session, exhibition: Exhibition) -> None:
    """Write the change now, so that one that lost a race with another save is refused with a
    clear answer rather than failing at commit (see Exhibition's version_id_col)."""
    slug = exhibition.slug  # read now: a failed flush leaves the object unreadable
    try:
        session.flush()
    except StaleDataError:
        raise Problem(409, f"Exhibition '{slug}' was changed by someone else at the same moment; "
                           "load it again.") from None


class VersionConflict(Problem):
    """A save based on an older version than the exhibition's current one."""

    def __init__(self, current: int, expected: int):
        super().__init__(412, f"The exhibition is at version {current}, not {expected}: it was saved since. "
                              "Load it again and make the change on top of that version.")
        self.current = current
        self.expected = expected


def _keep_version(session: Session, exhibition: Exhibition, saved_by: str | None, restored_from: int | None) -> None:
    session.add(ExhibitionVersion(exhibition_id=exhibition.id, number=exhibition.version,
                                  document=exhibition.document, saved=exhibition.modified, saved_by=saved_by,
                                  restored_from=restored_from))


def list_versions(session: Session, exhibition: Exhibition, *, page: int, size: int
                  ) -> tuple[int, list[ExhibitionVersion]]:
    """An exhibition's versions, newest first."""
    where = ExhibitionVersion.exhibition_id == exhibition.id
    return one_page(session, select(ExhibitionVersion).where(where).order_by(ExhibitionVersion.number.desc()),
                    page, size)


def get_version(session: Session, exhibition: Exhibition, number: int) -> ExhibitionVersion:
    version = session.scalar(select(ExhibitionVersion).where(ExhibitionVersion.exhibition_id == exhibition.id,
                                                             ExhibitionVersion.number == number))
    if version is None:
        raise Problem(404, f"Exhibition '{exhibition.slug}' has no version {number}.")
    return version


def restore_version(session: Session, exhibition: Exhibition, number: int, *, saved_by: str | None = None,
                    expected_version: int | str | None = None) -> Exhibition:
    """Make an earlier version current again, as a new version (so a restore can be undone too).
    It is checked like any save: an object deleted since is named, and nothing changes."""
    version = get_version(session, exhibition, number)
    restored, _ = put_exhibition(session, exhibition.slug, version.document, saved_by=saved_by,
                                 expected_version=expected_version, restored_from=number)
    return restored


def version_record(version: ExhibitionVersion, with_document: bool = False) -> dict[str, Any]:
    record = {
        "number": version.number,
        "saved": iso_time(version.saved),
        "saved_by": version.saved_by,
        "restored_from": version.restored_from,
        "title": version.document["title"],
        "section_count": len(version.document.get("sections", [])),
        "item_count": len([path for path, _ in blocks.references(version.document) if path != "cover"]),
    }
    if with_document:
        record["document"] = answer_document(version.document)
    return record


def answer_document(document: dict[str, Any]) -> dict[str, Any]:
    """A stored document as answers give it: v2's blocks, v1's items beside them."""
    return {**document, "cover": document.get("cover"),
            "sections": blocks.answer_sections(document.get("sections", []))}


def create_exhibition(session: Session, payload: Any, *, saved_by: str | None = None) -> Exhibition:
    slug = payload.get("slug") if isinstance(payload, dict) else None
    if not isinstance(slug, str) or not slug:
        raise Problem(422, "A new exhibition needs a slug.", errors=[{"field": "slug", "message": "is required"}])
    existing = session.scalar(select(Exhibition).where(Exhibition.slug == slug))
    if existing is not None and existing.status == "deleted":
        raise Problem(409, f"Exhibition '{slug}' is in the trash: restore it, or delete it for good, first.")
    if existing is not None:
        raise Problem(409, f"There is already an exhibition '{slug}'; choose another slug, or change that one.")
    _check_new_slug(slug)
    exhibition, _ = put_exhibition(session, slug, payload, saved_by=saved_by)
    return exhibition


def _check_new_slug(slug: str) -> None:
    """A new exhibition's slug, whether it comes in the body (POST, the curators' form) or in the
    path (PUT): the address it will have for good."""
    if not re.fullmatch(SLUG, slug):
        raise Problem(422, "The slug must be lower-case letters, digits and hyphens.",
                      errors=[{"field": "slug", "message": "is not a valid slug"}])
    if slug in RESERVED_SLUGS:
        raise Problem(422, f"'{slug}' names a page of the curators' own; choose another slug.",
                      errors=[{"field": "slug", "message": "is reserved"}])


def rename(session: Session, exhibition: Exhibition, payload: Any) -> None:
    """Give an exhibition never yet published another slug ({"slug": "new-slug"}): the studio
    proposes one from the first title, and it may change until readers, links and harvesters
    have been given the address, which then stays its own for good."""
    slug = payload.get("slug") if isinstance(payload, dict) else None
    if not isinstance(slug, str) or not slug:
        raise Problem(422, "Send {\"slug\": \"new-slug\"}.", errors=[{"field": "slug", "message": "is required"}])
    _check_new_slug(slug)
    if slug == exhibition.slug:
        return
    if exhibition.published is not None:
        raise Problem(409, f"Exhibition '{exhibition.slug}' has been published, so its address is its own for good; "
                           "its slug can no longer change.")
    if find_exhibition(session, slug) is not None:
        raise Problem(409, f"There is already an exhibition '{slug}' (perhaps in the trash); choose another slug.",
                      errors=[{"field": "slug", "message": "is taken"}])
    exhibition.slug = slug
    try:
        _write(session, exhibition)
    except IntegrityError:
        raise Problem(409, f"Exhibition '{slug}' was created by someone else at the same moment.",
                      errors=[{"field": "slug", "message": "is taken"}]) from None


def publish(session: Session, exhibition: Exhibition) -> None:
    """Make the working draft, if there is one, the live document (a new version), and the
    exhibition public if it was not."""
    if exhibition.draft is not None:
        put_exhibition(session, exhibition.slug, exhibition.draft, saved_by=exhibition.draft_saved_by,
                       from_draft=True)
        exhibition.draft = None
        exhibition.draft_version += 1
        exhibition.draft_saved = exhibition.draft_saved_by = None
        if exhibition.status == "published":
            exhibition.publish_at = None
            _write(session, exhibition)
    if exhibition.status == "published":
        return
    first_time = exhibition.published is None
    exhibition.status = "published"
    exhibition.published = utcnow()
    exhibition.publish_at = None
    record_change(session, exhibition.slug, "Create" if first_time else "Update", kind="exhibition")
    _write(session, exhibition)


def unpublish(session: Session, exhibition: Exhibition) -> None:
    if exhibition.status != "published":
        return
    exhibition.status = "draft"
    record_change(session, exhibition.slug, "Delete", kind="exhibition")
    _write(session, exhibition)


def schedule(session: Session, exhibition: Exhibition, when: Any, now: datetime | None = None) -> None:
    """Have an unpublished exhibition, or a published one's working draft, published at `when`
    (an ISO 8601 time with its offset, such as 2026-12-01T09:00:00Z), or never again with None."""
    if when is None:
        exhibition.publish_at = None
        _write(session, exhibition)
        return
    moment = parse_moment(when)
    if exhibition.status == "published" and exhibition.draft is None:
        raise Problem(409, f"Exhibition '{exhibition.slug}' is published already and has no draft to "
                           "publish: save a draft first, or unpublish it first.")
    if moment <= (now or utcnow()):
        raise Problem(422, "The publication time has passed; publish the exhibition now instead.",
                      errors=[{"field": "publish_at", "message": "must be in the future"}])
    exhibition.publish_at = moment
    _write(session, exhibition)


def parse_moment(value: Any) -> datetime:
    """An ISO 8601 time with its offset, as UTC; a 422 naming publish_at otherwise."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise Problem(422, "publish_at must be an ISO 8601 time with its offset, such as 2026-12-01T09:00:00Z.",
                      errors=[{"field": "publish_at", "message": "must be an ISO 8601 time with an offset"}])
    return moment.astimezone(UTC)


def _waiting(now: datetime):
    """What a schedule publishes once its time has come: an unpublished exhibition, or the
    working draft of a published one."""
    return (or_(Exhibition.status == "draft", and_(Exhibition.status == "published", Exhibition.draft.is_not(None)))
            & (Exhibition.publish_at <= now))


def publish_due(session: Session, now: datetime | None = None) -> list[str]:
    """Publish every draft whose time has come; their slugs."""
    now = now or utcnow()
    due = session.scalars(select(Exhibition.id).where(_waiting(now))).all()
    return [slug for slug in (publish_if_due(session, exhibition_id, now) for exhibition_id in due) if slug]


def publish_if_due(session: Session, exhibition_id: int, now: datetime) -> str | None:
    """Publish one draft whose time has come, unless another process got there first (its
    schedule is taken with one conditional UPDATE, so the publication is written once); its slug."""
    taken = session.execute(
        update(Exhibition).where(Exhibition.id == exhibition_id, _waiting(now)).values(publish_at=None)
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        session.rollback()
        return None
    exhibition = session.get(Exhibition, exhibition_id, populate_existing=True)
    publish(session, exhibition)
    session.commit()
    return exhibition.slug


def delete_exhibition(session: Session, exhibition: Exhibition) -> None:
    """Move the exhibition to the trash: gone for readers and harvesters (a published one is
    withdrawn), kept with its history until it is restored or deleted for good."""
    if exhibition.status == "published":
        record_change(session, exhibition.slug, "Delete", kind="exhibition")
    exhibition.status = "deleted"
    exhibition.deleted = utcnow()
    exhibition.publish_at = None
    _write(session, exhibition)


def trash(session: Session, page: int, size: int) -> tuple[int, list[Exhibition]]:
    """One page of the exhibitions in the trash, the latest deleted first, and how many there are."""
    deleted = Exhibition.status == "deleted"
    return one_page(session, select(Exhibition).where(deleted).order_by(Exhibition.deleted.desc(), Exhibition.slug),
                    page, size)


def trashed_exhibition(session: Session, slug: str) -> Exhibition:
    exhibition = session.scalar(select(Exhibition).where(Exhibition.slug == slug, Exhibition.status == "deleted"))
    if exhibition is None:
        raise Problem(404, f"There is no exhibition '{slug}' in the trash.")
    return exhibition


def restore_from_trash(session: Session, exhibition: Exhibition) -> None:
    """Back as a draft with its whole history; publishing it again is the curator's choice."""
    exhibition.status = "draft"
    exhibition.deleted = None
    _write(session, exhibition)


def delete_for_good(session: Session, exhibition: Exhibition) -> None:
    """Delete a trashed exhibition, its versions and its media; nothing of it is left to restore."""
    forget_owner_media(session, exhibition_id=exhibition.id)
    session.delete(exhibition)
    _write(session, exhibition)


def exhibition_record(exhibition: Exhibition, manifest_url: str | None) -> dict[str, Any]:
    """The exhibition document of DESIGN.md, with its slug and status."""
    document = exhibition.document
    return {
        "slug": exhibition.slug,
        "title": document["title"],
        "summary": document.get("summary"),
        "cover": document.get("cover"),
        "status": exhibition.status,
        "sections": blocks.answer_sections(document.get("sections", [])),
        "manifest": manifest_url if exhibition.status == "published" else None,
        "modified": exhibition.modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "version": exhibition.version,
        "publish_at": as_utc(exhibition.publish_at).strftime("%Y-%m-%dT%H:%M:%SZ") if exhibition.publish_at else None,
    }
