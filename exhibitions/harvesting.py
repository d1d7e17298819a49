"""IIIF import: a museum's Presentation 2.1 or 3.0 manifest, given by URL, becomes one of its objects.

The metadata goes through the same validation as the API's; what the manifest says beyond our
fields is kept whole in `MuseumObject.iiif_source` (iiif.source) and given back by the object's
manifest. The images are not copied but referenced on the museum's own image server
(`ObjectImage.service`), with an id that is the sha256 of the service URL, so that re-importing
the same manifest finds the same images again. The object
and its images are written with the outbox row and the activity in one transaction by the caller's
commit; the manifest is fetched before anything is written, so a failed import leaves nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from exhibitions import contribution
from exhibitions.models import Museum, MuseumObject, ObjectImage, utcnow
from exhibitions.problems import Problem
from exhibitions.schemas import ObjectMetadata, RightsURI
from iiif.harvest import HarvestError, fetch_manifest, parse_manifest
from iiif.rights import normalize_rights

BODY_FIELDS = ("manifest", "accession", "rights", "default_rights")
NO_RIGHTS_WARNING = ("the manifest states no rights the platform recognises, and neither the import nor the "
                     "museum gives default rights; the object is kept with its rights shown as not stated")


class HarvestedMetadata(ObjectMetadata):
    """An imported object's metadata: the museum may not have stated its rights, and we never
    invent a licence, so rights may be absent (a contributor's own PUT still requires them)."""

    rights: RightsURI | None = None


@dataclass(frozen=True)
class ImportRequest:
    manifest: str
    accession: str | None = None
    rights: str | None = None
    # The rights of the object when the manifest states none (the museum's default_rights else).
    default_rights: str | None = None


@dataclass
class ImportResult:
    object: MuseumObject
    outcome: str  # created | replaced | unchanged
    source: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def import_request(body: Any) -> ImportRequest:
    """The request body `{"manifest": URL, "accession": optional, "rights": optional URI that wins
    over the manifest's, "default_rights": optional URI for a manifest without rights}`, or a 422
    naming every field at fault."""
    if not isinstance(body, dict):
        raise Problem(422, "The body must be a JSON object with the manifest's URL.",
                      errors=[{"field": "body", "message": "must be a JSON object"}])
    errors = []
    manifest = body.get("manifest")
    if not isinstance(manifest, str) or not manifest.strip():
        errors.append({"field": "manifest", "message": "is required: the URL of a IIIF manifest"})
    for name in ("accession", "rights", "default_rights"):
        if body.get(name) is not None and (not isinstance(body[name], str) or not body[name].strip()):
            errors.append({"field": name, "message": "must be a non-empty string when given"})
    for name in ("rights", "default_rights"):
        if isinstance(body.get(name), str) and body[name].strip() and not normalize_rights(body[name]):
            errors.append({"field": name, "message": "must be a Creative Commons or RightsStatements.org URI"})
    errors += [{"field": name, "message": f"is not a field of an import (use {', '.join(BODY_FIELDS)})"}
               for name in body if name not in BODY_FIELDS]
    if errors:
        raise Problem(422, f"The import request has {len(errors)} error(s).", errors=errors)
    return ImportRequest(manifest.strip(), (body.get("accession") or "").strip() or None,
                         normalize_rights(body.get("rights") or ""), normalize_rights(body.get("default_rights") or ""))


def accession_for(manifest_url: str) -> str:
    """A stable accession for a manifest that names none: the same URL gives the same object."""
    return "iiif-" + hashlib.sha256(manifest_url.encode()).hexdigest()[:20]


def remote_image_id(service: str) -> str:
    """A remote image's id: the sha256 of its service URL, so it looks like any image id (64 hex)."""
    return hashlib.sha256(service.encode()).hexdigest()


def harvest(url: str, *, allow_private: bool, timeout: float, max_bytes: int) -> dict[str, Any]:
    """The manifest at `url`, read; a HarvestError becomes a problem with its status."""
    try:
        return parse_manifest(fetch_manifest(url, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes))
    except HarvestError as error:
        raise Problem(error.status, f"The manifest could not be imported: {error.message}.",
                      errors=[{"field": "manifest", "message": error.message}]) from None


def replace_remote_images(session: Session, obj: MuseumObject, images: list[dict[str, Any]]) -> bool:
    """Make the object's remote images those of the manifest, in canvas order after its own stored
    images; True when anything changed. Rows of images that stay are updated in place (a row deleted
    and inserted again in one flush would collide on the object's unique image id)."""
    wanted: dict[str, dict[str, Any]] = {}
    for image in images:
        wanted.setdefault(remote_image_id(image["service"]), image)
    stored = [image for image in obj.images if image.service is None]
    current = {image.image_id: image for image in obj.images if image.service is not None}
    changed = False
    for image_id, row in current.items():
        if image_id not in wanted:
            obj.images.remove(row)
            changed = True
    session.flush()
    for position, (image_id, image) in enumerate(wanted.items(), start=len(stored)):
        values = {"width": image["width"], "height": image["height"], "service": image["service"],
                  "service_type": image["service_type"], "profile": image.get("profile"), "position": position}
        row = current.get(image_id)
        if row is None:
            obj.images.append(ObjectImage(image_id=image_id, **values))
            changed = True
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed = True
    return changed


def import_manifest(session: Session, museum: Museum, request: ImportRequest, *, allow_private: bool,
                    timeout: float, max_bytes: int) -> ImportResult:
    """Create or update the museum's object from the manifest; the caller commits."""
    harvested = harvest(request.manifest, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)
    return apply_manifest(session, museum, request, harvested)


def apply_manifest(session: Session, museum: Museum, request: ImportRequest,
                   harvested: dict[str, Any]) -> ImportResult:
    """Create or update the museum's object from a manifest already read (parse_manifest); the
    caller commits."""
    metadata = dict(harvested["metadata"])
    warnings = list(harvested["warnings"])
    rights = request.rights or metadata.get("rights") or request.default_rights or museum.default_rights
    if rights != metadata.get("rights"):
        # The manifest's own rights were missing or unreadable (its warning says so) or overridden.
        warnings = [w for w in warnings if "rights" not in w]
    if rights:
        metadata["rights"] = rights
    else:
        warnings.append(NO_RIGHTS_WARNING)
    accession = request.accession or harvested["accession"]
    if not request.accession and accession and not contribution.ACCESSION.match(accession.strip()):
        warnings.append(f"the manifest's accession number {accession!r} cannot be used in our URLs; "
                        "the object's accession number was derived from the manifest's URL")
        accession = None
    accession = accession or accession_for(request.manifest)
    try:
        obj, outcome = contribution.put_object(session, museum, accession, metadata,
                                               saved_by=f"IIIF import of {request.manifest}"[:320],
                                               model=HarvestedMetadata)
    except Problem as problem:
        hint = f" ({'; '.join(warnings)})" if warnings else ""
        raise Problem(problem.status, f"The manifest does not make a valid object: {problem.detail}{hint}",
                      errors=problem.errors) from None
    warnings += [f"{warning['field']} {warning['value']!r} {warning['message']}"
                 for warning in contribution.term_warnings(obj.fields)]
    kept = {**harvested["kept"], **harvested["source"]}
    changed_images = replace_remote_images(session, obj, harvested["remote_images"])
    if changed_images or obj.iiif_source != kept:
        obj.iiif_source = kept
        session.flush()
        if outcome == "unchanged":
            obj.modified = utcnow()
            contribution.record_change(session, obj.id, "Update")
            outcome = "replaced"
    source = {**harvested["source"], "url": request.manifest}
    return ImportResult(obj, outcome, source, warnings)
