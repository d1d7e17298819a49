"""IIIF sources: a museum registers its own IIIF collection (or one manifest) once, and the
platform harvests it as an import job, then again whenever asked.

A harvest walks the source (nested and paged collections followed, loops ended, counts bounded;
every URL under the import's address rules), then imports each manifest in its own transaction,
so one bad manifest fails alone. It asks each manifest's server only for what changed since the
last harvest (If-None-Match, If-Modified-Since), and moves to the trash the objects of manifests
the source no longer lists. The job's report says, per manifest, created, updated, unchanged,
failed (with the reason) or withdrawn. A source that cannot be read fails the job and changes
nothing.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from exhibitions.imports.bulk import ImportError_
from exhibitions.imports.harvesting import ImportRequest, apply_manifest, copy_static_images, settled_on_failure
from exhibitions.models import IIIFSource, ImportJob, MuseumObject
from exhibitions.objects import contribution
from exhibitions.objects.records import iso_time, job_record
from exhibitions.problems import Problem
from iiif.harvest import COLLECTION_TYPES, MANIFEST_TYPES, HarvestError, fetch_document, parse_manifest, walk_source
from iiif.rights import normalize_rights

if TYPE_CHECKING:
    from exhibitions.platform import Platform

BODY_FIELDS = ("url", "default_rights")
OUTCOMES = {"created": "created", "replaced": "updated", "unchanged": "unchanged"}


def source_request(body: Any) -> tuple[str, str | None]:
    """The body `{"url": a collection's or manifest's URL, "default_rights": optional URI}`, or a
    422 naming every field at fault."""
    if not isinstance(body, dict):
        raise Problem(422, "The body must be a JSON object with the source's URL.",
                      errors=[{"field": "body", "message": "must be a JSON object"}])
    errors = []
    url = body.get("url")
    if not isinstance(url, str) or urlsplit(url.strip()).scheme not in ("http", "https") \
            or not urlsplit(url.strip()).hostname or len(url.strip()) > 1000:
        errors.append({"field": "url", "message": "is required: the http(s) URL of a IIIF collection or manifest"})
    rights = body.get("default_rights")
    if rights is not None and (not isinstance(rights, str) or not normalize_rights(rights)):
        errors.append({"field": "default_rights", "message": "must be a Creative Commons or RightsStatements.org URI"})
    errors += [{"field": name, "message": f"is not a field of a source (use {', '.join(BODY_FIELDS)})"}
               for name in body if name not in BODY_FIELDS]
    if errors:
        raise Problem(422, f"The source has {len(errors)} error(s).", errors=errors)
    return url.strip(), normalize_rights(rights) if rights else None


def register(platform: Platform, session: Session, museum_slug: str, body: Any) -> ImportJob:
    """Register a museum's source and queue its first harvest."""
    museum = contribution.get_museum(session, museum_slug)
    url, rights = source_request(body)
    known = session.scalar(select(IIIFSource).where(IIIFSource.museum_id == museum.id, IIIFSource.url == url))
    if known is not None:
        raise Problem(409, f"The museum has this source already (source {known.id}): harvest it again with "
                           f"POST /api/v1/museums/{museum_slug}/iiif-sources/{known.id}/harvest.")
    source = IIIFSource(museum_id=museum.id, url=url, default_rights=rights, manifests={})
    session.add(source)
    session.flush()
    return queue_harvest(platform, session, source)


def get_source(session: Session, museum_slug: str, source_id: int) -> IIIFSource:
    museum = contribution.get_museum(session, museum_slug)
    source = session.get(IIIFSource, source_id)
    if source is None or source.museum_id != museum.id:
        raise Problem(404, f"Museum '{museum_slug}' has no IIIF source {source_id}.")
    return source


def queue_harvest(platform: Platform, session: Session, source: IIIFSource) -> ImportJob:
    """Queue a harvest of the source (409 while one is queued or running) and commit."""
    busy = session.scalar(select(ImportJob.id).where(ImportJob.source_id == source.id,
                                                     ImportJob.status.in_(("queued", "running", "cancelling"))))
    if busy:
        raise Problem(409, f"A harvest of this source is under way already (job {busy}).")
    job = ImportJob(id=uuid.uuid4().hex, museum_id=source.museum_id, filename=source.url[:300], source_id=source.id)
    session.add(job)
    source.last_job_id = job.id
    session.commit()
    platform.tasks.run_import(job.id)
    return job


def source_record(source: IIIFSource, last: ImportJob | None, base_url: str) -> dict[str, Any]:

    path = f"{base_url}/api/v1/museums/{source.museum.slug}/iiif-sources/{source.id}"
    return {
        "id": source.id,
        "url": source.url,
        "default_rights": source.default_rights,
        "created": iso_time(source.created),
        "manifests": len(source.manifests or {}),
        "last_harvest": job_record(last, base_url, with_report=False) if last else None,
        "harvest": f"{path}/harvest",
    }


def list_sources(session: Session, museum_slug: str) -> list[tuple[IIIFSource, ImportJob | None]]:
    museum = contribution.get_museum(session, museum_slug)
    sources = session.scalars(select(IIIFSource).where(IIIFSource.museum_id == museum.id).order_by(IIIFSource.id))
    return [(source, session.get(ImportJob, source.last_job_id) if source.last_job_id else None)
            for source in sources]


def run_harvest(platform: Platform, source_id: int, progress: Callable[[int, int], None]) -> dict[str, Any]:
    """Harvest the source; the report of every manifest. ImportError_ when the source itself
    cannot be read (nothing is changed then)."""
    settings = platform.settings
    limits = {"allow_private": settings.allow_private_fetch, "timeout": settings.fetch_timeout,
              "max_bytes": settings.fetch_max_bytes}
    with platform.db.sessions() as session:
        source = session.get(IIIFSource, source_id)
        url, slug, rights, known = source.url, source.museum.slug, source.default_rights, dict(source.manifests)
    try:
        listed = walk_source(url, lambda at: fetch_document(at, MANIFEST_TYPES + COLLECTION_TYPES, **limits).document)
    except HarvestError as error:
        raise ImportError_(f"The source could not be read: {error.message}.") from None
    rows, kept = [], {}
    for done, manifest in enumerate(listed, start=1):
        row, kept[manifest] = _harvest_manifest(platform, slug, manifest, rights, known.get(manifest), limits)
        if kept[manifest] is None:
            del kept[manifest]
        rows.append(row)
        progress(done, len(listed))
    for manifest in [gone for gone in known if gone not in kept and gone not in listed]:
        rows.append(_withdraw(platform, url, manifest, known[manifest]))
    with platform.db.transaction() as session:
        session.get(IIIFSource, source_id).manifests = kept
    platform.deliver_outbox()
    return {"source": url, "counts": dict(Counter(row["outcome"] for row in rows)), "manifests": rows}


def _harvest_manifest(platform: Platform, slug: str, manifest: str, rights: str | None,
                      before: dict[str, Any] | None, limits: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """One manifest's report row, and what to remember of it (None: nothing)."""
    before = before or {}
    try:
        fetched = fetch_document(manifest, etag=before.get("etag"), last_modified=before.get("last_modified"),
                                 **limits) if before.get("object") else fetch_document(manifest, **limits)
        if fetched.document is None:
            return {"manifest": manifest, "outcome": "unchanged", "object": before["object"]}, before
        harvested = parse_manifest(fetched.document)
        copies = copy_static_images(platform, harvested)
        with settled_on_failure(platform, copies), platform.db.transaction() as session:
            museum = contribution.get_museum(session, slug)
            result = apply_manifest(session, museum, ImportRequest(manifest, default_rights=rights), harvested, copies)
            object_id = result.object.id
    except HarvestError as error:
        return {"manifest": manifest, "outcome": "failed", "reason": error.message}, before or None
    except Problem as problem:
        return {"manifest": manifest, "outcome": "failed", "reason": problem.detail}, before or None
    row = {"manifest": manifest, "outcome": OUTCOMES[result.outcome], "object": object_id}
    if result.warnings:
        row["warnings"] = result.warnings
    return row, {"object": object_id, "etag": fetched.etag, "last_modified": fetched.last_modified}


def _withdraw(platform: Platform, source_url: str, manifest: str, before: dict[str, Any]) -> dict[str, Any]:
    """A manifest gone from the source: its object goes to the trash (restorable)."""
    with platform.db.transaction() as session:
        obj = session.get(MuseumObject, before.get("object") or "")
        if obj is not None:
            contribution.delete_object(session, obj, deleted_by=f"IIIF harvest of {source_url}"[:320])
    return {"manifest": manifest, "outcome": "withdrawn", "object": before.get("object")}
