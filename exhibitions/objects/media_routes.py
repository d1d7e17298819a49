"""Audio and video over HTTP: the API that uploads, reads and deletes media
(/api/v1/.../media), and the files themselves (/media/{id}.{ext}, with byte ranges for players
that seek), their video posters and their captions."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, jsonify, request, send_file
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from exhibitions.accounts import auth
from exhibitions.api import contributors_object
from exhibitions.curation import documents, studio
from exhibitions.models import Exhibition, Media, MuseumObject, utcnow
from exhibitions.objects import contribution, media
from exhibitions.objects.records import media_record
from exhibitions.problems import Problem, problem_response
from exhibitions.stored_files import send_stored
from exhibitions.uow import commit
from exhibitions.web import base_url, current_platform, db_session
from storage import Storage

media_routes = Blueprint("media_routes", __name__)

# What a multipart body may hold beside the media file: its captions, label and transcript.
FORM_ALLOWANCE = media.MAX_CAPTION_BYTES * 4 + 1024 * 1024
# Content-addressed: a file's URL never names other bytes, so caches may keep it for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
# A draft's media, for curators only: no shared cache may keep them for the public.
PRIVATE = "private, no-cache"
MAX_AGE = 31536000


def _upload() -> media.Upload:
    """The multipart upload, with the request's body limit raised to MAX_MEDIA_BYTES (the file
    itself is held to it exactly while it is stored)."""
    limit = current_platform().settings.max_media_bytes
    if request.content_length is not None and request.content_length > limit + FORM_ALLOWANCE:
        raise Problem(413, f"The upload is larger than the limit of {limit} bytes for media.")
    request.max_content_length = limit + FORM_ALLOWANCE
    upload = request.files.get("file")
    if upload is None:
        raise Problem(422, "Send the audio or video as the multipart form field 'file'.",
                      errors=[{"field": "file", "message": "is required"}])
    captions = {name.removeprefix("captions."): part.read(media.MAX_CAPTION_BYTES + 1)
                for name, part in request.files.items() if name.startswith("captions.")}
    unknown = [name for name in request.files if name != "file" and not name.startswith("captions.")]
    if unknown:
        raise Problem(422, f"'{unknown[0]}' is not a field of a media upload.",
                      errors=[{"field": name, "message": "is not a known field"} for name in unknown])
    return media.Upload(stream=upload.stream, filename=upload.filename, content_type=upload.content_type,
                        texts=request.form.to_dict(), captions=captions)


def _answer(row: Media, status: int):
    response = jsonify(media_record(row, base_url(), _owner(row)))
    response.status_code = status
    response.headers["Location"] = f"{base_url()}/api/v1/media/{row.id}"
    return response


def _owner(row: Media) -> dict:
    if row.object_id is not None:
        return {"object": row.object_id}
    exhibition = db_session().get(Exhibition, row.exhibition_id)
    return {"exhibition": exhibition.slug if exhibition else None}


@media_routes.post("/api/v1/museums/<slug>/objects/<accession>/media")
def add_object_media(slug: str, accession: str):
    session = db_session()
    obj = contributors_object(session, slug, accession)
    row, created = media.add_media(session, current_platform().media, _upload(),
                                   current_platform().settings.max_media_bytes, obj=obj)
    obj.modified = utcnow()
    contribution.record_change(session, obj.id, "Update")
    commit(session)
    return _answer(row, 201 if created else 200)


@media_routes.post("/api/v1/exhibitions/<slug>/media")
def add_exhibition_media(slug: str):
    session = db_session()
    principal = auth.require_curator(session)
    exhibition = documents.get_exhibition(session, slug, curator=True)
    studio.require_team(session, principal, exhibition)
    row, created = media.add_media(session, current_platform().media, _upload(),
                                   current_platform().settings.max_media_bytes, exhibition=exhibition)
    commit(session)
    return _answer(row, 201 if created else 200)


def _writable(session, media_id: str) -> Media:
    """A media record its owner's writers may change: the object's museum's contributors, or the
    exhibition's team (its editors and administrators too)."""
    row = media.get_media(session, media_id)
    if row.object_id is not None:
        obj = session.get(MuseumObject, row.object_id)
        auth.require_contributor(session, obj.museum.slug if obj else "")
    else:
        principal = auth.require_curator(session)
        exhibition = session.get(Exhibition, row.exhibition_id)
        if exhibition is not None:
            studio.require_team(session, principal, exhibition)
    return row


@media_routes.get("/api/v1/media/<media_id>")
def get_media(media_id: str):
    session = db_session()
    row = media.get_media(session, media_id)
    if not media.is_public(session, row):
        _writable(session, media_id)
    return _answer(row, 200)


@media_routes.delete("/api/v1/media/<media_id>")
def delete_media(media_id: str):
    session = db_session()
    row = _writable(session, media_id)
    if row.object_id is not None:
        obj = session.get(MuseumObject, row.object_id)
        if obj is not None:
            obj.modified = utcnow()
            contribution.record_change(session, obj.id, "Update")
    media.forget_media(session, [row])
    commit(session)
    return "", 204


def _public(media_id: str) -> tuple[Media, bool]:
    """The media file a reader may have, and whether everyone may (else only curators may: the
    media of a draft or trashed exhibition, which shared caches must not keep); a 404 to others."""
    session = db_session()
    row = session.get(Media, media_id) if len(media_id) == 64 else None
    if row is not None and media.is_public(session, row):
        return row, True
    if row is None or row.exhibition_id is None or not _is_curator(session):
        raise Problem(404, f"There is no media '{media_id}'.")
    return row, False


def _is_curator(session) -> bool:
    try:
        principal = auth.current_principal(session)
    except Problem:
        return False
    return principal is not None and principal.is_curator


def _send(storage: Storage, key: str, mimetype: str, etag: str, public: bool = True) -> Response:
    """A stored file with byte ranges (206), its strong ETag and a year's caching (private and
    revalidated when it is not public); a range outside the file is a 416 that says the file's
    length. A local file is sent by the web server's file sending; one in a bucket is streamed
    from it, a range by a ranged GET, with the same headers."""
    path = storage.local_path(key)
    try:
        if path is not None:
            response = send_file(path, mimetype=mimetype, conditional=True, etag=etag, max_age=MAX_AGE)
        else:
            response = send_stored(storage, key, mimetype=mimetype, etag=etag, max_age=MAX_AGE)
    except RequestedRangeNotSatisfiable as refused:
        size = refused.length
        return problem_response(416, f"The range asked lies outside the file of {size} bytes.",
                                headers={"Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes"})
    response.headers["Cache-Control"] = IMMUTABLE if public else PRIVATE
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@media_routes.get("/media/<media_id>.<extension>")
def media_file(media_id: str, extension: str):
    row, public = _public(media_id)
    if extension != row.extension:
        raise Problem(404, f"Media '{media_id}' is at {base_url()}/media/{media_id}.{row.extension}.")
    store = current_platform().media
    return _send(store.storage, store.file_key(row.id), row.media_type, row.id, public)


@media_routes.get("/media/<media_id>/poster.jpg")
def media_poster(media_id: str):
    row, public = _public(media_id)
    store = current_platform().media
    poster = store.poster_key(row.id) if row.kind == "video" else None
    if poster is None:
        raise Problem(404, f"Media '{media_id}' is audio and has no poster.")
    return _send(store.storage, poster, "image/jpeg", f"{row.id}-poster", public)


@media_routes.get("/media/<media_id>/captions/<language>.vtt")
def media_captions(media_id: str, language: str):
    row, public = _public(media_id)
    text = media.captions_text(row, language)
    if text is None:
        raise Problem(404, f"Media '{media_id}' has no captions in '{language}'.")
    response = Response(text, mimetype="text/vtt")
    if not public:
        response.headers["Cache-Control"] = PRIVATE
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.set_etag(hashlib.sha256(text.encode()).hexdigest())
    return response.make_conditional(request)
