"""The platform's IIIF URLs, built in one place from the public base URL (no trailing slash)."""

from __future__ import annotations

from urllib.parse import quote


def image_service(base_url: str, image_id: str) -> str:
    return f"{base_url}/iiif/3/{image_id}"


def image_info(base_url: str, image_id: str) -> str:
    return f"{image_service(base_url, image_id)}/info.json"


THUMBNAIL_BOX = 400


def fitted(width: int, height: int, box: int) -> tuple[int, int]:
    """The size of an image fitted inside a square box, never enlarged: Image API 3 refuses to
    upscale without '^' (the official validator holds `!w,h` to that as well)."""
    scale = min(1.0, box / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def quality(service_type: str | None) -> str:
    """The name of an image's own colours: Image API 1.1 calls them `native`, later ones `default`."""
    return "native" if service_type == "ImageService1" else "default"


def image_thumbnail(service: str, width: int, height: int, box: int = THUMBNAIL_BOX,
                    service_type: str | None = None) -> str:
    """A thumbnail of the image behind an Image API service, asked as `w,` so that servers of
    Image API 1.1, 2 and 3 (ours, or a museum's own) answer it at any compliance level."""
    return f"{service}/full/{fitted(width, height, box)[0]},/0/{quality(service_type)}.jpg"


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


def discovery_activity(base_url: str, number: int) -> str:
    return f"{base_url}/iiif/discovery/activity/{number}"


def museum_record(base_url: str, museum_slug: str) -> str:
    return f"{base_url}/api/v1/museums/{quote(museum_slug)}"


def museum_page(base_url: str, museum_slug: str) -> str:
    return f"{base_url}/museums/{quote(museum_slug)}"


def object_page(base_url: str, object_id: str) -> str:
    return f"{base_url}/objects/{object_id}"


def exhibition_page(base_url: str, exhibition_slug: str) -> str:
    return f"{base_url}/exhibitions/{quote(exhibition_slug)}"


def media_file(base_url: str, media_id: str, extension: str) -> str:
    return f"{base_url}/media/{media_id}.{extension}"


def media_poster(base_url: str, media_id: str) -> str:
    return f"{base_url}/media/{media_id}/poster.jpg"


def media_captions(base_url: str, media_id: str, language: str) -> str:
    return f"{base_url}/media/{media_id}/captions/{quote(language)}.vtt"


def media_record(base_url: str, media_id: str) -> str:
    return f"{base_url}/api/v1/media/{media_id}"


def media_canvas(canvas_base: str, media_id: str) -> str:
    """The canvas of a media file within a manifest (an object's, an exhibition's)."""
    return f"{canvas_base}/media/{media_id}"
