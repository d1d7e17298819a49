"""The JSON API for museums and their objects, the objects' earlier versions and their trash
(/api/v1): parse, call a service, serialize."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from exhibitions import json_input, vocabularies
from exhibitions.accounts import auth
from exhibitions.db import one_page
from exhibitions.imports import import_jobs
from exhibitions.imports.bulk import ImportError_, run_import
from exhibitions.models import Museum, MuseumObject, ObjectVersion, TrashedObject
from exhibitions.museums import profiles
from exhibitions.objects import contribution
from exhibitions.objects.records import image_record, iso_time, job_record, museum_record, object_record
from exhibitions.openapi import openapi_document
from exhibitions.paging import page_params, paged
from exhibitions.problems import Problem
from exhibitions.schemas import with_labels
from exhibitions.uow import commit
from exhibitions.web import base_url, current_platform, db_session

api = Blueprint("api", __name__, url_prefix="/api/v1")

def json_body():
    """The request's JSON, bounded (json_input) and holding only text that can be stored."""
    if not request.is_json:
        raise Problem(415, "The body must be JSON sent with 'Content-Type: application/json'.")
    try:
        body = json_input.parse(request.get_data())
    except json_input.JsonRefused as refused:
        raise Problem(400, f"{refused}.", errors=[{"field": refused.field, "message": refused.message}]) from None
    except ValueError:
        raise Problem(400, "The body must be JSON sent with 'Content-Type: application/json'.") from None
    contribution.refuse_unstorable_text(body)
    return body


def if_match() -> str | None:
    """The one entity tag an If-Match header names, "*" (any current version: RFC 9110 makes it
    fail only where there is none), or None without the header."""
    if not request.if_match:
        return None
    if request.if_match.star_tag:
        return "*"
    tags = request.if_match.as_set(include_weak=True)
    if len(tags) != 1:
        raise Problem(400, "If-Match must name one ETag, as the answer that was read gave it.",
                      errors=[{"field": "If-Match", "message": "must be one ETag"}])
    return next(iter(tags))


def uploaded_image():
    upload = request.files.get("file")
    if upload is None:
        raise Problem(422, "Send the image as the multipart form field 'file'.",
                      errors=[{"field": "file", "message": "is required"}])
    return upload


def object_answer(obj, status: int = 200, warnings: list[dict[str, str]] | None = None):
    """An object's record with its ETag (its modification time), which If-Match can name; a
    change's answer adds its `warnings` (values kept as free text, contribution.term_warnings)."""
    record = object_record(obj, base_url())
    if warnings is not None:
        record["warnings"] = warnings
    response = jsonify(record)
    response.status_code = status
    response.set_etag(record["modified"])
    return response


@api.get("/museums")
def list_museums():
    session = db_session()
    museums = session.scalars(select(Museum).order_by(Museum.slug)).all()
    base = base_url()
    return {"total": len(museums), "items": [museum_record(museum, base) for museum in museums]}


@api.get("/vocabularies")
def list_vocabularies():
    """The controlled vocabularies: their names, sizes and addresses."""
    base = base_url()
    return {"items": [{"name": name, "terms": len(vocabularies.vocabulary(name).terms), "fields": fields,
                       "url": f"{base}/api/v1/vocabularies/{name}"}
                      for name, fields in vocabularies.vocabulary_fields().items()],
            "languages": list(vocabularies.LANGUAGES)}


@api.get("/vocabularies/<name>")
def get_vocabulary(name: str):
    """Every term of a vocabulary: id, Getty AAT id and URI (null where none), labels by language."""
    if name not in vocabularies.NAMES:
        raise Problem(404, f"There is no vocabulary '{name}'; there are {', '.join(vocabularies.NAMES)}.")
    terms = vocabularies.vocabulary(name).terms
    return {"name": name, "total": len(terms), "items": [term.to_dict() for term in terms]}


@api.get("/museums/<slug>")
def get_museum(slug: str):
    return museum_answer(contribution.get_museum(db_session(), slug))


def museum_answer(museum: Museum) -> dict:
    record = museum_record(museum, base_url())
    record["object_count"] = db_session().scalar(
        select(func.count()).select_from(MuseumObject).where(MuseumObject.museum_id == museum.id))
    return record


@api.patch("/museums/<slug>")
def patch_museum(slug: str):
    """Change a museum's profile: admins, and the museum's own contributors."""
    session = db_session()
    museum = contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    profiles.update_museum(session, museum, json_body())
    commit(session)
    return museum_answer(museum)


@api.put("/museums/<slug>/profile-image")
def put_profile_image(slug: str):
    session = db_session()
    museum = contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    upload = uploaded_image()
    profiles.set_profile_image(session, current_platform().images, museum, upload.stream)
    commit(session)
    return museum_answer(museum)


@api.delete("/museums/<slug>/profile-image")
def delete_profile_image(slug: str):
    session = db_session()
    museum = contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    profiles.remove_profile_image(session, museum)
    commit(session)
    return "", 204


@api.post("/museums")
def create_museum():
    session = db_session()
    auth.require_admin(session)
    museum = profiles.create_museum(session, json_body())
    try:
        commit(session)
    except IntegrityError:
        raise profiles.slug_taken(museum.slug) from None
    response = jsonify(museum_record(museum, base_url()))
    response.status_code = 201
    response.headers["Location"] = f"{base_url()}/api/v1/museums/{museum.slug}"
    return response


@api.get("/museums/<slug>/objects")
def list_objects(slug: str):
    session = db_session()
    museum = contribution.get_museum(session, slug)
    page, size = page_params()
    total, objects = one_page(session, select(MuseumObject).where(MuseumObject.museum_id == museum.id)
                              .order_by(MuseumObject.accession), page, size)
    base = base_url()
    return paged(total, page, size, [object_record(obj, base) for obj in objects])


@api.get("/museums/<slug>/objects/<accession>")
def get_object_by_accession(slug: str, accession: str):
    session = db_session()
    museum = contribution.get_museum(session, slug)
    obj = contribution.find_object(session, museum, accession)
    if obj is None:
        raise Problem(404, f"Museum '{slug}' has no object with accession number '{accession}'.")
    return object_answer(obj)


@api.put("/museums/<slug>/objects/<accession>")
def put_object(slug: str, accession: str):
    session = db_session()
    museum = contribution.get_museum(session, slug)
    principal = auth.require_contributor(session, slug)
    obj, outcome = contribution.put_object(session, museum, accession, json_body(), expected_modified=if_match(),
                                           saved_by=principal.name)
    commit(session)
    response = object_answer(obj, 201 if outcome == "created" else 200, contribution.term_warnings(obj.fields))
    response.headers["Location"] = f"{base_url()}/api/v1/objects/{obj.id}"
    return response


def contributors_object(session, slug: str, accession: str):
    """The object a contributor of that museum adds a file to: 404 while its metadata is not there yet."""
    museum = contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    obj = contribution.find_object(session, museum, accession)
    if obj is None:
        raise Problem(404, f"Museum '{slug}' has no object '{accession}' yet: PUT its metadata first.")
    return obj


@api.post("/museums/<slug>/objects/<accession>/images")
def add_image(slug: str, accession: str):
    session = db_session()
    obj = contributors_object(session, slug, accession)
    upload = uploaded_image()
    added = contribution.add_image(session, current_platform().images, obj, upload.stream, upload.filename,
                                   derive_later=True)
    commit(session)
    response = jsonify(image_record(added.image, base_url()))
    response.status_code = 201 if added.created else 200
    return response


@api.get("/objects/<object_id>")
def get_object(object_id: str):
    return object_answer(contribution.get_object(db_session(), object_id))


@api.delete("/objects/<object_id>")
def delete_object(object_id: str):
    """Into the trash (GET /api/v1/trash/objects), from which its museum can restore it."""
    session = db_session()
    obj = contribution.get_object(session, object_id)
    principal = auth.require_contributor(session, obj.museum.slug)
    contribution.check_unchanged(obj, if_match())
    contribution.delete_object(session, obj, deleted_by=principal.name)
    commit(session)
    return "", 204


def version_record(version: ObjectVersion, with_metadata: bool = False) -> dict:
    record = {"number": version.number, "saved": iso_time(version.saved), "replaced": iso_time(version.replaced),
              "replaced_by": version.replaced_by}
    return {**record, "metadata": with_labels(version.fields)} if with_metadata else record


def _object_for_contributor(session, object_id: str) -> MuseumObject:
    """An object whose history only its museum's contributors see (earlier metadata may hold
    what the museum corrected on purpose)."""
    obj = contribution.get_object(session, object_id)
    auth.require_contributor(session, obj.museum.slug)
    return obj


@api.get("/objects/<object_id>/versions")
def list_object_versions(object_id: str):
    session = db_session()
    obj = _object_for_contributor(session, object_id)
    page, size = page_params()
    total, versions = contribution.object_versions(session, obj.id, page, size)
    return paged(total, page, size, [version_record(v) for v in versions])


@api.get("/objects/<object_id>/versions/<number:number>")
def get_object_version(object_id: str, number: int):
    session = db_session()
    obj = _object_for_contributor(session, object_id)
    return version_record(contribution.object_version(session, obj.id, number), with_metadata=True)


@api.post("/objects/<object_id>/versions/<number:number>/restore")
def restore_object_version(object_id: str, number: int):
    session = db_session()
    obj = _object_for_contributor(session, object_id)
    obj, _ = contribution.restore_version(session, obj, number, expected_modified=if_match(),
                                          saved_by=auth.current_principal(session).name)
    commit(session)
    return object_answer(obj)


def trashed_record(trashed: TrashedObject) -> dict:
    return {"id": trashed.id, "museum": trashed.museum.slug, "accession": trashed.accession,
            "title": trashed.fields.get("title"), "deleted": iso_time(trashed.deleted),
            "deleted_by": trashed.deleted_by, "image_count": len(trashed.images)}


@api.get("/trash/objects")
def list_object_trash():
    """What the caller may restore: a contributor's own museum's trash, or an admin's pick
    (`museum`) or all of it."""
    session = db_session()
    principal = auth.require_principal(session)
    slug = request.args.get("museum") or (principal.museum_slug if principal.role == "contributor" else None)
    museum = contribution.get_museum(session, slug) if slug else None
    if museum is not None:
        auth.require_contributor(session, museum.slug)
    else:
        auth.require_admin(session)
    page, size = page_params()
    total, trashed = contribution.object_trash(session, museum, page, size)
    return paged(total, page, size, [trashed_record(t) for t in trashed])


def _trashed_for_contributor(session, object_id: str) -> TrashedObject:
    trashed = contribution.trashed_object(session, object_id)
    auth.require_contributor(session, trashed.museum.slug)
    return trashed


@api.get("/trash/objects/<object_id>")
def get_trashed_object(object_id: str):
    trashed = _trashed_for_contributor(db_session(), object_id)
    return {**trashed_record(trashed), "metadata": with_labels(trashed.fields)}


@api.post("/trash/objects/<object_id>/restore")
def restore_object(object_id: str):
    session = db_session()
    obj = contribution.restore_object(session, _trashed_for_contributor(session, object_id))
    commit(session)
    response = object_answer(obj)
    response.headers["Location"] = f"{base_url()}/api/v1/objects/{obj.id}"
    return response


@api.delete("/trash/objects/<object_id>")
def delete_object_for_good(object_id: str):
    session = db_session()
    contribution.delete_for_good(session, _trashed_for_contributor(session, object_id))
    commit(session)
    return "", 204


def prefers_async() -> bool:
    """Whether the client sent `Prefer: respond-async` (RFC 7240)."""
    preferences = (part.split(";")[0].split("=")[0].strip().lower()
                   for part in request.headers.get("Prefer", "").split(","))
    return "respond-async" in preferences


@api.post("/museums/<slug>/imports")
def bulk_import(slug: str):
    """The per-row report when the import is done, or with `Prefer: respond-async` at once a
    queued job (202) whose URL tells its progress and, in the end, the same report."""
    session = db_session()
    contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    rows = request.files.get("file")
    if rows is None:
        raise Problem(422, "Send the CSV or JSON Lines file as the multipart form field 'file'.",
                      errors=[{"field": "file", "message": "is required"}])
    images = request.files.get("images")
    images_stream = images.stream if images else None
    try:
        if not prefers_async():
            return run_import(current_platform(), slug, rows.filename or "", rows.stream, images_stream).as_json()
        job = import_jobs.submit(current_platform(), session, slug, rows.filename or "", rows.stream, images_stream)
    except ImportError_ as error:
        raise Problem(422, error.message, errors=[{"field": "file", "message": error.message}]) from None
    record = job_record(job, base_url())
    response = jsonify(record)
    response.status_code = 202
    response.headers.update({"Location": record["url"], "Preference-Applied": "respond-async"})
    return response


@api.get("/museums/<slug>/imports")
def list_imports(slug: str):
    session = db_session()
    museum = contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    page, size = page_params()
    total, jobs = import_jobs.list_jobs(session, museum.id, page=page, size=size)
    base = base_url()
    return paged(total, page, size, [job_record(job, base, with_report=False) for job in jobs])


@api.get("/museums/<slug>/imports/<job_id>")
def get_import(slug: str, job_id: str):
    session = db_session()
    contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    return job_record(import_jobs.get_job(current_platform(), session, slug, job_id), base_url())


@api.post("/museums/<slug>/imports/<job_id>/cancel")
def cancel_import(slug: str, job_id: str):
    """A queued job is cancelled at once; a running one stops after the row it is on."""
    session = db_session()
    contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    platform = current_platform()
    job = import_jobs.cancel(platform, session, import_jobs.get_job(platform, session, slug, job_id))
    return job_record(job, base_url())


@api.get("/openapi.json")
def openapi():
    return openapi_document()
