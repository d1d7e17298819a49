"""IIIF import: a museum's Presentation 2.1 or 3.0 manifest, given by URL, becomes one of its objects.

The metadata goes through the same validation as the API's; what the manifest says beyond our
fields is kept whole in `MuseumObject.iiif_source` (iiif.source) and given back by the object's
manifest. Images with an Image API service are not copied but referenced on the museum's own image
server (`ObjectImage.service`), with an id that is the sha256 of the service URL, so that
re-importing the same manifest finds the same images again. Static images (a file without a
service) are fetched under the rules of the manifest's fetch and stored as an upload is, within
the upload's size and pixel limits, so that our Image API serves them; `iiif_source["copies"]`
maps each such URL to our image, and our manifest paints our image where the museum's file was.
One that cannot be copied stays a reference, and the import's warnings say why. The object
and its images are written with the outbox row and the activity in one transaction by the caller's
commit; the manifest and its images are fetched before anything is written, and the files of a
failed import are settled away (kept only where another object shows them), so it leaves nothing.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from exhibitions.models import Museum, MuseumObject, ObjectImage, utcnow
from exhibitions.objects import contribution
from exhibitions.objects.image_places import mark_unsettled, settle
from exhibitions.problems import Problem
from exhibitions.schemas import ObjectMetadata, RightsURI
from iiif.harvest import HarvestError, fetch_image, fetch_manifest, parse_manifest
from iiif.image.decode import ImageRejected
from iiif.image.store import StoredImage
from iiif.rights import normalize_rights

if TYPE_CHECKING:
    from exhibitions.platform import Platform

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


def copy_static_images(platform: Platform, harvested: dict[str, Any]) -> dict[str, StoredImage]:
    """Fetch and store the manifest's static images (parse_manifest's "static_images"): our
    images by their URL. One that cannot be copied (unreachable, not an image, over the upload's
    size or pixel limits, a decompression bomb among them) gets a warning in `harvested` and
    stays a reference; its bytes are never stored."""
    settings = platform.settings
    copies: dict[str, StoredImage] = {}
    for image in harvested["static_images"]:
        try:
            with tempfile.TemporaryFile() as spool:
                fetch_image(image["url"], spool, allow_private=settings.allow_private_fetch,
                            timeout=settings.image_fetch_timeout, max_bytes=settings.max_upload_bytes)
                spool.seek(0)
                copies[image["url"]] = platform.images.ingest(spool)
        except (HarvestError, ImageRejected) as refused:
            # The fetch's reasons begin with the URL this warning already names.
            reason = refused.message
            if reason.startswith(f"{image['url']} "):
                reason = "it " + reason.removeprefix(f"{image['url']} ")
            harvested["warnings"].append(f"the image of canvas {image['canvas']}, {image['url']}, was not copied: "
                                         f"{reason}; it is kept as a reference to the museum's server")
    return copies


@contextmanager
def settled_on_failure(platform: Platform, copies: dict[str, StoredImage],
                       session: Session | None = None) -> Iterator[None]:
    """The block that writes an import (in `session`, rolled back first when given): if it fails,
    the files copied for it are settled (kept only where another object shows them), so a failed
    import leaves nothing behind."""
    try:
        yield
    except BaseException:
        if session is not None:
            session.rollback()
        if copies:
            with platform.db.sessions() as session:
                mark_unsettled(session, [image.id for image in copies.values()])
                session.commit()
                settle(session, platform.images)
        raise


def _image_values(image: dict[str, Any], copies: dict[str, StoredImage]) -> tuple[str, dict[str, Any]] | None:
    """(image id, row values) of one of a manifest's images: referenced, or copied (None when a
    static image was not copied)."""
    if "service" in image:
        return remote_image_id(image["service"]), {
            "width": image["width"], "height": image["height"], "service": image["service"],
            "service_type": image["service_type"], "profile": image.get("profile"), "format": None,
            "byte_size": None, "original_name": None}
    copy = copies.get(image["url"])
    if copy is None:
        return None
    return copy.id, {"width": copy.width, "height": copy.height, "service": None, "service_type": None,
                     "profile": None, "format": copy.format, "byte_size": copy.byte_size,
                     "original_name": image["url"].rsplit("/", 1)[-1][:300] or None}


def replace_manifest_images(session: Session, obj: MuseumObject, harvested: dict[str, Any],
                            copies: dict[str, StoredImage]) -> bool:
    """Make the object's images from its manifest those the manifest paints now (referenced or
    copied), in canvas order after the images the museum uploaded itself; True when anything
    changed. Copies no longer painted are marked for settling. Rows of images that stay are
    updated in place (a row deleted and inserted again in one flush would collide on the
    object's unique image id)."""
    copied_before = set(((obj.iiif_source or {}).get("copies") or {}).values())
    own = {image.image_id for image in obj.images if image.service is None and image.image_id not in copied_before}
    wanted: dict[str, dict[str, Any]] = {}
    for image in sorted(harvested["remote_images"] + harvested["static_images"], key=lambda found: found["canvas"]):
        found = _image_values(image, copies)
        if found and found[0] not in own:
            wanted.setdefault(*found)
    current = {image.image_id: image for image in obj.images if image.image_id not in own}
    changed = False
    for image_id, row in current.items():
        if image_id not in wanted:
            obj.images.remove(row)
            changed = True
    mark_unsettled(session, [image_id for image_id in current if image_id not in wanted and image_id in copied_before])
    session.flush()
    for position, (image_id, values) in enumerate(wanted.items(), start=len(own)):
        values = {**values, "position": position}
        row = current.get(image_id)
        if row is None:
            obj.images.append(ObjectImage(image_id=image_id, **values))
            changed = True
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed = True
    return changed


def import_manifest(platform: Platform, session: Session, museum: Museum, request: ImportRequest) -> ImportResult:
    """Create or update the museum's object from the manifest, its static images copied; the
    caller commits."""
    settings = platform.settings
    harvested = harvest(request.manifest, allow_private=settings.allow_private_fetch,
                        timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes)
    copies = copy_static_images(platform, harvested)
    with settled_on_failure(platform, copies, session):
        return apply_manifest(session, museum, request, harvested, copies)


def apply_manifest(session: Session, museum: Museum, request: ImportRequest, harvested: dict[str, Any],
                   copies: dict[str, StoredImage]) -> ImportResult:
    """Create or update the museum's object from a manifest already read (parse_manifest) and
    its static images copied (copy_static_images); the caller commits."""
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
    if copies:
        kept["copies"] = {url: image.id for url, image in copies.items()}
    changed_images = replace_manifest_images(session, obj, harvested, copies)
    if changed_images or obj.iiif_source != kept:
        obj.iiif_source = kept
        session.flush()
        if outcome == "unchanged":
            obj.modified = utcnow()
            contribution.record_change(session, obj.id, "Update")
            outcome = "replaced"
    source = {**harvested["source"], "url": request.manifest}
    return ImportResult(obj, outcome, source, warnings)
