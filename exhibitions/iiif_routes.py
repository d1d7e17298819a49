"""The IIIF Presentation routes (object and exhibition manifests, collections, Change Discovery) and the
IIIF import endpoint: load rows, make plain records, call the pure builders of `iiif`, answer with caching.

Every IIIF answer carries `Access-Control-Allow-Origin: *`, an ETag (a hash of the body, so that it
changes exactly when the document does) and a short `Cache-Control`; a request whose `If-None-Match`
names the current ETag gets 304 without a body.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from exhibitions import search_api
from exhibitions.accounts import auth
from exhibitions.api import json_body
from exhibitions.curation import blocks, documents
from exhibitions.document_cache import serialize
from exhibitions.models import Activity, Exhibition, Museum, MuseumObject, ObjectImage
from exhibitions.objects import contribution
from exhibitions.objects.records import image_record, job_record, media_record, museum_record, object_record
from exhibitions.problems import Problem
from exhibitions.uow import commit
from exhibitions.web import base_url, current_platform, db_session
from iiif import collection, discovery, urls
from iiif.manifests import exhibition_manifest, object_manifest
from iiif.presentation import MEDIA_TYPE, english
from search import SearchUnavailable
from search.export import absolute_record
from search.query import MAX_WINDOW

# The IIIF import and source routes import exhibitions.imports.harvesting and iiif_sources when
# called: those load an HTTP client (requests) that every command and process would otherwise pay
# for at start (some 50 ms), most of them never harvesting.

iiif_routes = Blueprint("iiif_presentation", __name__)

# Documents change when a museum or curator edits; viewers revalidate after a minute (a 304 is cheap).
CACHE_CONTROL = "public, max-age=60"
# The stream's newest page grows; aggregators poll it.
DISCOVERY_CACHE_CONTROL = "public, max-age=30"


# Headers a viewer may send when it asks cross-origin; a preflight that names none gets these.
PREFLIGHT_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since, Range, Authorization"
PREFLIGHT_MAX_AGE = "86400"


@iiif_routes.before_app_request
def _preflight() -> Response | None:
    """Answer a CORS preflight on any IIIF path (Image API included, known resource or not) before
    routing, so that no route's automatic OPTIONS answer goes out without the CORS headers."""
    if request.method != "OPTIONS" or not request.path.startswith("/iiif/"):
        return None
    response = Response(status=204)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = (
        request.headers.get("Access-Control-Request-Headers", "").strip() or PREFLIGHT_HEADERS)
    response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    response.headers["Allow"] = "GET, HEAD, OPTIONS"
    return response


@iiif_routes.after_request
def _cors(response: Response) -> Response:
    """Any site's viewer may load our IIIF documents, errors included (the API keeps its own rules)."""
    if request.path.startswith("/iiif/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def iiif_response(document: Mapping[str, Any] | tuple[bytes, str], media_type: str = MEDIA_TYPE,
                  cache_control: str = CACHE_CONTROL) -> Response:
    """The document (or its serialized form and ETag) as JSON-LD, or a 304 when the client's copy
    is current."""
    body, etag = document if isinstance(document, tuple) else serialize(document)
    response = Response(body, content_type=media_type)
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    if request.if_none_match.contains_weak(etag):
        response.status_code = 304
        response.set_data(b"")
        del response.headers["Content-Type"]
    return response


# --- Objects and museums ------------------------------------------------------------------------


@iiif_routes.get("/iiif/3/objects/<object_id>/manifest")
def object_manifest_route(object_id: str):
    session = db_session()
    found = session.execute(select(MuseumObject.modified, MuseumObject.museum_id)
                            .where(MuseumObject.id == object_id)).first()
    if found is None:
        raise Problem(404, f"There is no object '{object_id}'.")
    base = base_url()
    museum = session.get(Museum, found.museum_id)

    def build():
        obj = session.scalar(select(MuseumObject).where(MuseumObject.id == object_id)
                             .options(selectinload(MuseumObject.images), selectinload(MuseumObject.museum)))
        return object_manifest(object_record(obj, base), base, source=obj.iiif_source)

    key = ("object", object_id, found.modified, museum_key(museum, base))
    return iiif_response(current_platform().iiif_documents.get(key, build))


def museum_key(museum: Museum, base: str) -> str:
    """What of a museum its documents show (name, homepage, logo...), under the base URL."""
    return json.dumps(museum_record(museum, base), sort_keys=True)


def museum_version(session: Session, museum: Museum) -> tuple[int, Any]:
    """How many objects the museum has and when the last changed: a collection changes with these."""
    row = session.execute(select(func.count(), func.max(MuseumObject.modified))
                          .where(MuseumObject.museum_id == museum.id)).one()
    return row[0], row[1]


def object_summaries(session: Session, museum: Museum, offset: int, limit: int, base: str) -> list[dict[str, Any]]:
    """One page of a museum's objects in accession order, as the collection builders take them:
    id, title and the first image (for the thumbnail); never more rows than the page holds."""
    rows = session.execute(
        select(MuseumObject.id, MuseumObject.fields).where(MuseumObject.museum_id == museum.id)
        .order_by(MuseumObject.accession).offset(offset).limit(limit)
    ).all()
    first_images: dict[str, ObjectImage] = {}
    if rows:
        images = session.scalars(select(ObjectImage).where(ObjectImage.object_id.in_([row.id for row in rows]))
                                 .order_by(ObjectImage.object_id, ObjectImage.position, ObjectImage.id))
        for image in images:
            first_images.setdefault(image.object_id, image)
    return [
        {"id": row.id, "title": row.fields.get("title"),
         "images": [image_record(first_images[row.id], base)] if row.id in first_images else []}
        for row in rows
    ]


@iiif_routes.get("/iiif/3/museums/<slug>/collection")
def museum_collection_route(slug: str):
    session = db_session()
    museum = contribution.get_museum(session, slug)
    base = base_url()
    page_size = collection.PAGE_SIZE
    total, last_change = museum_version(session, museum)

    def build():
        objects = object_summaries(session, museum, 0, page_size, base) if total <= page_size else []
        return collection.museum_collection(museum_record(museum, base), total, base, objects, page_size=page_size)

    key = ("museum", total, last_change, page_size, museum_key(museum, base))
    return iiif_response(current_platform().iiif_documents.get(key, build))


@iiif_routes.get("/iiif/3/museums/<slug>/collection/<number:page>")
def museum_collection_page_route(slug: str, page: int):
    session = db_session()
    museum = contribution.get_museum(session, slug)
    base = base_url()
    page_size = collection.PAGE_SIZE
    total, last_change = museum_version(session, museum)
    pages = collection.page_count(total, page_size)
    if not 1 <= page <= pages:
        raise Problem(404, f"Museum '{slug}' has {pages} collection page(s); there is no page {page}.")

    def build():
        objects = object_summaries(session, museum, (page - 1) * page_size, page_size, base)
        return collection.museum_collection_page(museum_record(museum, base), page, total, objects, base,
                                                 page_size=page_size)

    key = ("museum-page", page, total, last_change, page_size, museum_key(museum, base))
    return iiif_response(current_platform().iiif_documents.get(key, build))


# --- A reader's own set: a search's hits, the objects compared -------------------------------------

# The parameters that page the search API's answer; a set's collection is paged by path instead.
_OWN_PAGING = ("page", "size")
# A chosen set (`id=...&id=...`) names at most this many objects: a comparison, not a catalogue.
MAX_CHOSEN = 100


def _set_arguments() -> list[tuple[str, str]]:
    return [(name, value) for name, value in request.args.items(multi=True) if name not in _OWN_PAGING]


def _set_url(base: str, page: int | None = None) -> str:
    path = "/iiif/3/search/collection" + (f"/{page}" if page else "")
    arguments = urlencode(_set_arguments())
    return f"{base}{path}" + (f"?{arguments}" if arguments else "")


def _set_records(base: str, page: int | None) -> tuple[dict, int, list[dict]]:
    """The set's label, its size and the records of the asked page (or of the whole set when it
    fits one page): the objects named by `id`, else the hits of the search the parameters ask."""
    page_size = collection.PAGE_SIZE
    chosen = list(dict.fromkeys(request.args.getlist("id")))
    if chosen:
        if len(chosen) > MAX_CHOSEN:
            raise Problem(400, f"'id' names at most {MAX_CHOSEN} objects.",
                          errors=[{"field": "id", "message": f"at most {MAX_CHOSEN} objects"}])
        session = db_session()
        records = [object_record(contribution.get_object(session, object_id), base) for object_id in chosen]
        return english("Compared objects"), len(records), records
    query = search_api.parsed_query()
    search = current_platform().search
    try:
        # The search API's window: past it a reader narrows the search (or takes the export).
        total = min(search.search(replace(query, page=1, size=1)).total, MAX_WINDOW)
    except SearchUnavailable as error:
        raise search_api.unavailable(error) from None
    first = 0 if page is None else (page - 1) * page_size
    wanted = 0 if page is None and total > page_size else page_size
    addresses = search_api.export_addresses(base)
    rows = islice(search_api.hits(query), first, first + wanted) if wanted and total else ()
    label = english(f"Search: {query.text}" if query.text else "Search results")
    return label, total, [absolute_record(row, addresses) for row in rows]


@iiif_routes.get("/iiif/3/search/collection")
def result_collection_route():
    """A search's hits (the search API's parameters) or chosen objects (`id`, repeated) as a
    Collection of their manifests, paged by /iiif/3/search/collection/{n} past PAGE_SIZE."""
    base = base_url()
    label, total, records = _set_records(base, None)
    return iiif_response(collection.result_collection(_set_url(base), label, total, base, records,
                                                      lambda page: _set_url(base, page), collection.PAGE_SIZE))


@iiif_routes.get("/iiif/3/search/collection/<number:page>")
def result_collection_page_route(page: int):
    if page < 1:
        raise Problem(404, "Result pages are numbered from 1; there is no page 0.")
    base = base_url()
    label, total, records = _set_records(base, page)
    try:
        document = collection.result_collection_page(_set_url(base, page), _set_url(base), label, page, total,
                                                     records, base, collection.PAGE_SIZE)
    except ValueError:
        pages = collection.page_count(total, collection.PAGE_SIZE)
        raise Problem(404, f"These results have {pages} page(s); there is no page {page}.") from None
    return iiif_response(document)


@iiif_routes.get("/iiif/3/collection")
def top_collection_route():
    museums = db_session().scalars(select(Museum).order_by(Museum.slug)).all()
    base = base_url()
    return iiif_response(collection.top_collection([museum_record(museum, base) for museum in museums], base))


# --- Exhibitions --------------------------------------------------------------------------------


@iiif_routes.get("/iiif/3/exhibitions/<slug>/manifest")
def exhibition_manifest_route(slug: str):
    session = db_session()
    exhibition = documents.get_exhibition(session, slug, curator=False)
    base = base_url()
    object_ids = documents.object_ids_of(exhibition.document)
    shown = session.execute(select(MuseumObject.id, MuseumObject.modified, MuseumObject.museum_id)
                            .where(MuseumObject.id.in_(object_ids))).all() if object_ids else []
    museums = session.scalars(select(Museum).where(Museum.id.in_({row.museum_id for row in shown}))).all()

    media = {media_id: media_record(row, base) for media_id, row in documents.media_of(session, exhibition).items()}

    def build():
        record = documents.exhibition_record(exhibition, urls.exhibition_manifest(base, slug))
        records = {obj_id: object_record(obj, base) for obj_id, obj in documents.objects_of(session, record).items()}
        return exhibition_manifest(record, records, base, media, blocks.first_object(exhibition.document))

    # The manifest changes with the exhibition, with any object it shows, with their museums and
    # with its media (a label or captions changed).
    key = ("exhibition", slug, base, exhibition.modified, exhibition.published,
           tuple(sorted((row.id, row.modified) for row in shown)),
           tuple(sorted(museum_key(museum, base) for museum in museums)),
           json.dumps(media, sort_keys=True))
    return iiif_response(current_platform().iiif_documents.get(key, build))


def first_object_ids(exhibitions: Iterable[Exhibition]) -> dict[str, tuple[str, str | None]]:
    """Each exhibition's cover (else its first object): (object id, chosen image id or None), for its
    thumbnail."""
    found = {}
    for exhibition in exhibitions:
        first = blocks.first_object(exhibition.document)
        if first is not None:
            found[exhibition.slug] = (first["object"], first.get("image"))
    return found


@iiif_routes.get("/iiif/3/exhibitions/collection")
def exhibitions_collection_route():
    session = db_session()
    exhibitions = session.scalars(select(Exhibition).where(Exhibition.status == "published")
                                  .order_by(Exhibition.published.desc(), Exhibition.slug)).all()
    base = base_url()
    firsts = first_object_ids(exhibitions)
    images: dict[str, list[ObjectImage]] = {}
    if firsts:
        rows = session.scalars(select(ObjectImage).where(ObjectImage.object_id.in_({o for o, _ in firsts.values()}))
                               .order_by(ObjectImage.position, ObjectImage.id))
        for image in rows:
            images.setdefault(image.object_id, []).append(image)
    thumbnails = {}
    for slug, (object_id, image_id) in firsts.items():
        candidates = images.get(object_id) or []
        chosen = next((im for im in candidates if im.image_id == image_id), candidates[0] if candidates else None)
        if chosen is not None:
            thumbnails[slug] = image_record(chosen, base)
    records = [documents.exhibition_record(exhibition, None) for exhibition in exhibitions]
    return iiif_response(collection.exhibitions_collection(records, base, thumbnails))


# --- Change Discovery ---------------------------------------------------------------------------


def activity_version(session: Session) -> tuple[int, int | None]:
    """How many activities there are and the newest one's id: the stream only ever grows, so
    these two say what every page of it holds."""
    row = session.execute(select(func.count(), func.max(Activity.id))).one()
    return row[0], row[1]


def activity_row(row: Activity) -> dict[str, Any]:
    return {"number": row.id, "type": row.type, "kind": row.target_kind, "id": row.target_id, "time": row.time}


@iiif_routes.get("/iiif/discovery/activity/<number:number>")
def discovery_activity_route(number: int):
    row = db_session().get(Activity, number)
    if row is None:
        raise Problem(404, f"The activity stream has no activity {number}.")
    return iiif_response(discovery.activity_document(activity_row(row), base_url()), discovery.MEDIA_TYPE)


@iiif_routes.get("/iiif/discovery/collection")
def discovery_collection_route():
    total, _newest = activity_version(db_session())
    return iiif_response(discovery.discovery_collection(total, base_url(), page_size=discovery.PAGE_SIZE),
                         discovery.MEDIA_TYPE, DISCOVERY_CACHE_CONTROL)


@iiif_routes.get("/iiif/discovery/page/<number:page>")
def discovery_page_route(page: int):
    session = db_session()
    base = base_url()
    page_size = discovery.PAGE_SIZE
    total, newest = activity_version(session)
    pages = discovery.page_count(total, page_size)
    if not 1 <= page <= pages:
        raise Problem(404, f"The activity stream has {pages} page(s); there is no page {page}.")

    def build():
        activities = session.scalars(select(Activity).order_by(Activity.id)
                                     .offset((page - 1) * page_size).limit(page_size))
        return discovery.discovery_page(page, [activity_row(a) for a in activities], total, base,
                                        page_size=page_size)

    # Aggregators walk every page again and again; each is built once per state of the stream.
    key = ("discovery-page", page, page_size, total, newest, base)
    return iiif_response(current_platform().iiif_documents.get(key, build), discovery.MEDIA_TYPE,
                         DISCOVERY_CACHE_CONTROL)


# --- IIIF import --------------------------------------------------------------------------------


@iiif_routes.post("/api/v1/museums/<slug>/iiif-imports")
def import_manifest_route(slug: str):
    """A museum's contributor gives the URL of a IIIF manifest on its own server; the object is
    created or updated from it, its images staying on the museum's image server (static images
    without one are copied)."""
    from exhibitions.imports import harvesting

    session = db_session()
    museum = contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    asked = harvesting.import_request(json_body())
    result = harvesting.import_manifest(current_platform(), session, museum, asked)
    commit(session)
    base = base_url()
    response = jsonify({"outcome": result.outcome, "object": object_record(result.object, base),
                        "source": result.source, "warnings": result.warnings})
    response.status_code = 201 if result.outcome == "created" else 200
    response.headers["Location"] = urls.object_record(base, result.object.id)
    return response


# --- IIIF sources -------------------------------------------------------------------------------


def _harvest_queued(job) -> Response:
    """202: the harvest runs as an import job, whose URL gives its progress and then its report."""
    record = job_record(job, base_url(), with_report=False)
    response = jsonify(record)
    response.status_code = 202
    response.headers["Location"] = record["url"]
    return response


@iiif_routes.post("/api/v1/museums/<slug>/iiif-sources")
def register_source_route(slug: str):
    """A museum's contributor registers the URL of its own IIIF collection (or a manifest); the
    first harvest is queued at once."""
    from exhibitions.imports import iiif_sources

    session = db_session()
    contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    return _harvest_queued(iiif_sources.register(current_platform(), session, slug, json_body()))


@iiif_routes.get("/api/v1/museums/<slug>/iiif-sources")
def list_sources_route(slug: str):
    from exhibitions.imports import iiif_sources

    session = db_session()
    contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    base = base_url()
    return jsonify({"items": [iiif_sources.source_record(source, last, base)
                              for source, last in iiif_sources.list_sources(session, slug)]})


@iiif_routes.post("/api/v1/museums/<slug>/iiif-sources/<number:source_id>/harvest")
def harvest_source_route(slug: str, source_id: int):
    from exhibitions.imports import iiif_sources

    session = db_session()
    contribution.get_museum(session, slug)
    auth.require_contributor(session, slug)
    source = iiif_sources.get_source(session, slug, source_id)
    return _harvest_queued(iiif_sources.queue_harvest(current_platform(), session, source))
