"""The platform's IIIF URLs, built in one place from the public base URL (no trailing slash)."""

from __future__ import annotations

from urllib.parse import quote


def image_service(base_url: str, image_id: str) -> str:
    return f"{base_url}/iiif/3/{image_id}"


def image_info(base_url: str, image_id: str) -> str:
    return f"{image_service(base_url, image_id)}/info.json"


def image_thumbnail(base_url: str, image_id: str, size: int = 400) -> str:
    return f"{image_service(base_url, image_id)}/full/!{size},{size}/0/default.jpg"


def object_manifest(base_url: str, object_id: str) -> str:
    return f"{base_url}/iiif/3/objects/{object_id}/manifest"


def museum_collection(base_url: str, museum_slug: str) -> str:
    return f"{base_url}/iiif/3/museums/{quote(museum_slug)}/collection"


def top_collection(base_url: str) -> str:
    return f"{base_url}/iiif/3/collection"


def exhibition_manifest(base_url: str, exhibition_slug: str) -> str:
    return f"{base_url}/iiif/3/exhibitions/{quote(exhibition_slug)}/manifest"


def exhibitions_collection(base_url: str) -> str:
    return f"{base_url}/iiif/3/exhibitions/collection"


def object_record(base_url: str, object_id: str) -> str:
    return f"{base_url}/api/v1/objects/{object_id}"


def museum_collection_page(base_url: str, museum_slug: str, page: int) -> str:
    return f"{museum_collection(base_url, museum_slug)}/{page}"


def object_canvas(base_url: str, object_id: str, position: int) -> str:
    return f"{base_url}/iiif/3/objects/{object_id}/canvas/{position}"


def exhibition_canvas(base_url: str, exhibition_slug: str, position: int) -> str:
    return f"{base_url}/iiif/3/exhibitions/{quote(exhibition_slug)}/canvas/{position}"


def exhibition_range(base_url: str, exhibition_slug: str, position: int) -> str:
    return f"{base_url}/iiif/3/exhibitions/{quote(exhibition_slug)}/range/{position}"


def discovery_collection(base_url: str) -> str:
    return f"{base_url}/iiif/discovery/collection"


def discovery_page(base_url: str, page: int) -> str:
    return f"{base_url}/iiif/discovery/page/{page}"


def museum_record(base_url: str, museum_slug: str) -> str:
    return f"{base_url}/api/v1/museums/{quote(museum_slug)}"


def museum_page(base_url: str, museum_slug: str) -> str:
    return f"{base_url}/museums/{quote(museum_slug)}"


def object_page(base_url: str, object_id: str) -> str:
    return f"{base_url}/objects/{object_id}"


def exhibition_page(base_url: str, exhibition_slug: str) -> str:
    return f"{base_url}/exhibitions/{quote(exhibition_slug)}"
