"""The Image API 3.0 over HTTP: a Flask blueprint serving info.json, tiles and rendered images from an ImageStore."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from urllib.parse import quote

from flask import Blueprint, Response, g, request
from werkzeug.http import http_date

from iiif.urls import image_info as info_url
from iiif.urls import image_service

from .info import CONTEXT, PROFILE_URI, image_info
from .render import MEDIA_TYPES, render
from .request import ImageLimits, ImageRequest, ImageRequestError, parse_image_request
from .store import ImageStore, StoredImage

log = logging.getLogger(__name__)

INFO_MEDIA_TYPE = f'application/ld+json;profile="{CONTEXT}"'
IMMUTABLE = "public, max-age=31536000, immutable"
INFO_CACHE = "public, max-age=86400"


def image_api_blueprint(
    get_store: Callable[[], ImageStore],
    base_url: Callable[[], str],
    accel_redirect_prefix: str = "",
    limits: ImageLimits = ImageLimits(),
    redirect_seconds: int = 0,
) -> Blueprint:
    """The blueprint of /iiif/3/<image_id>/...; base_url() gives the public base (no trailing slash).

    With accel_redirect_prefix (e.g. "/_store/"), stored files are not sent by Flask: the
    response names them in X-Accel-Redirect as the prefix plus their key in the store (their
    path under a local store's root), for nginx to send from disk or from the bucket. With
    redirect_seconds, a store in a bucket answers with a redirect to a URL signed for that long.
    """
    blueprint = Blueprint("iiif_image", __name__)

    def known_image(identifier: str) -> StoredImage | Response:
        image = get_store().get(identifier)
        if image is None:
            return problem(404, "Unknown image", f"no image has the identifier {identifier!r}")
        return image

    @blueprint.get("/iiif/3/<identifier>")
    def base_uri(identifier: str):
        image = known_image(identifier)
        if isinstance(image, Response):
            return image
        response = Response(status=303, headers={"Location": info_url(base_url(), image.id)})
        return with_cors(response)

    @blueprint.get("/iiif/3/<identifier>/info.json")
    def info(identifier: str):
        image = known_image(identifier)
        if isinstance(image, Response):
            return image
        body = json.dumps(image_info(image_service(base_url(), image.id), image, limits), indent=1).encode()
        etag = hashlib.sha256(body).hexdigest()[:32]
        response = Response(body, content_type=INFO_MEDIA_TYPE)
        response.headers["Link"] = f'<{PROFILE_URI}>;rel="profile"'
        return conditional(response, etag, image.created, INFO_CACHE)

    @blueprint.get("/iiif/3/<identifier>/<region>/<size>/<rotation>/<quality>")
    def image_without_format(identifier: str, region: str, size: str, rotation: str, quality: str):
        image = known_image(identifier)
        if isinstance(image, Response):
            return image
        # "default." and ".jpg" land here too: name the quality as it should have been written.
        named = quality.partition(".")[0] or "default"
        return problem(400, "Bad format", f"the format is missing: {named}.jpg, for example", parameter="format")

    @blueprint.get("/iiif/3/<identifier>/<region>/<size>/<rotation>/<quality>.<format>")
    def image(identifier: str, region: str, size: str, rotation: str, quality: str, format: str):
        image = known_image(identifier)
        if isinstance(image, Response):
            return image
        try:
            asked = parse_image_request(
                image.id, region, size, rotation, quality, format,
                image_width=image.width, image_height=image.height, limits=limits,
            )
        except ImageRequestError as refused:
            return problem(refused.status, f"Bad {refused.parameter}", refused.message, parameter=refused.parameter)
        service = image_service(base_url(), image.id)
        etag = hashlib.sha256(f"{image.id}/{asked.canonical_path}".encode()).hexdigest()[:32]
        response = Response(content_type=MEDIA_TYPES[asked.format])
        response.headers["Link"] = f'<{service}/{asked.canonical_path}>;rel="canonical", <{PROFILE_URI}>;rel="profile"'
        response = conditional(response, etag, image.created, IMMUTABLE)
        if response.status_code == 304:
            return response

        store = get_store()
        try:
            key, data = stored_or_rendered(store, image, asked)
            signed = store.storage.signed_url(key, redirect_seconds) if data is None and redirect_seconds else None
            if data is None and signed is None and not accel_redirect_prefix:
                data = store.read(key)
        except FileNotFoundError:  # deleted meanwhile, perhaps by another process
            store.forget(image.id)
            return problem(404, "Unknown image", f"no image has the identifier {identifier!r}")
        except Exception:
            log.exception("cannot render %s/%s", image.id, asked.canonical_path)
            return problem(500, "Damaged image", "the stored image could not be read; the error is logged")
        if signed is not None:
            response.status_code = 302
            response.headers["Location"] = signed
            response.headers["Cache-Control"] = "private, no-store"  # the signature expires
            return response
        if data is None:
            response.headers["X-Accel-Redirect"] = accel_redirect_prefix + quote(key, safe="/,")
            return response
        response.set_data(data)
        return response

    return blueprint


def stored_or_rendered(store: ImageStore, image: StoredImage, asked: ImageRequest) -> tuple[str, bytes | None]:
    """The stored file (its key) that answers the request: a pyramid tile, a cached rendering, or
    one rendered now (then also its bytes, which are sent at once); from the master while the
    pyramid waits."""
    tile = image.grid.tile_for(asked) if image.tiled else None
    if tile is not None:
        return store.tile_key(image, *tile), None
    digest = hashlib.sha256(asked.canonical_path.encode()).hexdigest()[:40]
    key = f"{image.id[:2]}/{image.id}/{digest}.{asked.format}"
    cached = store.cache.get(key)
    if cached is not None:
        return cached, None
    data = render(store, image, asked)
    return store.cache.put(key, data), data


def with_cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def conditional(response: Response, etag: str, modified: float, cache_control: str) -> Response:
    """Add validators and caching headers; turn the response into a 304 when the client's copy is current."""
    response.set_etag(etag)
    response.headers["Last-Modified"] = http_date(int(modified))
    response.headers["Cache-Control"] = cache_control
    with_cors(response)
    if request.if_none_match:
        fresh = request.if_none_match.contains(etag)
    elif request.if_modified_since:
        fresh = int(modified) <= request.if_modified_since.timestamp()
    else:
        fresh = False
    if fresh:
        response.status_code = 304
        response.set_data(b"")
        del response.headers["Content-Type"]
    return response


def problem(status: int, title: str, detail: str, **extra) -> Response:
    """An RFC 9457 problem document, with the request id the application's log line names."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    if g.get("request_id"):
        body["request_id"] = g.request_id
    response = Response(json.dumps(body), status=status, content_type="application/problem+json")
    return with_cors(response)
