"""Shared parts of the Presentation 3.0 builders: language maps, metadata, image resources, museums as agents."""

from __future__ import annotations

import html
import mimetypes
import re
from collections.abc import Iterable, Mapping
from typing import Any

from iiif import prezi3, urls
from iiif.rights import normalize_rights

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
# The navPlace extension's terms; extension contexts come before the presentation context.
NAVPLACE_CONTEXT = "http://iiif.io/api/extension/navplace/context.json"
MEDIA_TYPE = f'application/ld+json;profile="{PRESENTATION_CONTEXT}"'
IMAGE_SERVICE_TYPE = "ImageService3"
IMAGE_SERVICE_PROFILE = "level2"
IMAGE_2_LEVEL_1 = "http://iiif.io/api/image/2/level1.json"
# Services of earlier Image API versions, referenced as written, with the level 1 profile each assumes.
OLDER_IMAGE_SERVICES = {
    "ImageService2": IMAGE_2_LEVEL_1,
    "ImageService1": "http://library.stanford.edu/iiif/image-api/1.1/compliance.html#level1",
}
THUMBNAIL_SIZE = 400

# The official schema only accepts letters and hyphens in language keys, stricter than BCP 47:
# a tag such as "es-419" is shortened to its primary language so that documents still validate.
_SCHEMA_LANGUAGE = re.compile(r"^(?:none|[a-zA-Z-]+)$")


def language_map(value: Any) -> dict[str, list[str]] | None:
    """A IIIF language map from a language map, a plain string (language "none") or a list of
    strings; empty texts are dropped and None is returned when nothing is left."""
    if value is None:
        return None
    if isinstance(value, str):
        value = {"none": [value]}
    elif isinstance(value, (list, tuple)):
        value = {"none": list(value)}
    result: dict[str, list[str]] = {}
    for language, texts in value.items():
        texts = [texts] if isinstance(texts, str) else texts
        texts = [str(text).strip() for text in texts or () if text is not None and str(text).strip()]
        if not texts:
            continue
        language = str(language)
        if not _SCHEMA_LANGUAGE.match(language):
            language = language.split("-")[0] if _SCHEMA_LANGUAGE.match(language.split("-")[0]) else "none"
        result.setdefault(language, []).extend(texts)
    return result or None


_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);")


def is_html(text: str) -> bool:
    """Whether curator text holds markup or character references (sanitized text escapes & and <)."""
    return bool(_MARKUP.search(text))


def rich_language_map(value: Any) -> dict[str, list[str]] | None:
    """Curator text (sanitized HTML fragments) as a IIIF value: an HTML value must start with `<`
    and end with `>` for clients to render it, so a fragment that does not is wrapped in a span."""
    texts = language_map(value)
    if not texts:
        return None
    return {
        language: [
            f"<span>{text}</span>" if is_html(text) and not (text.startswith("<") and text.endswith(">")) else text
            for text in values
        ]
        for language, values in texts.items()
    }


def plain_language_map(value: Any) -> dict[str, list[str]] | None:
    """Curator titles as labels, which IIIF keeps plain: character references are decoded."""
    texts = language_map(value)
    if not texts:
        return None
    return {language: [html.unescape(text) for text in values] for language, values in texts.items()}


def text_value(value: Any) -> dict[str, list[str]] | None:
    """Contributors' plain text as a summary or metadata value that clients show as text.

    Presentation 3.0 reads a value that starts with `<` and ends with `>` as HTML, and Mirador
    renders every value as HTML (with its own sanitizer, which lets `<img src=x>` through), so
    text holding `<` or `&` goes escaped inside a span; other text stays as it is."""
    texts = language_map(value)
    if not texts:
        return None
    return {
        language: [f"<span>{html.escape(text, quote=False)}</span>" if "<" in text or "&" in text else text
                   for text in values]
        for language, values in texts.items()
    }


def first_text(value: Any, preferred: str = "en") -> str:
    """One text of a language map for places where only one string fits (preferred language first)."""
    texts = language_map(value) or {}
    if preferred in texts:
        return texts[preferred][0]
    return next((values[0] for values in texts.values()), "")


def english(text: str) -> dict[str, list[str]]:
    return {"en": [text]}


def entry(label: str, value: Any) -> prezi3.KeyValueString | None:
    """A metadata entry with an English label and a value of plain text, or None when it is empty."""
    value = text_value(value)
    return prezi3.KeyValueString(label=english(label), value=value) if value else None


def entries(pairs: Iterable[tuple[str, Any]]) -> list[prezi3.KeyValueString]:
    return [kv for kv in (entry(label, value) for label, value in pairs) if kv is not None]


def rights_and_note(uri: str | None) -> tuple[str | None, prezi3.KeyValueString | None]:
    """The `rights` value when the URI is one IIIF accepts (Creative Commons or RightsStatements.org,
    in its http:// form), otherwise no `rights` and a metadata entry that still shows the URI."""
    if not uri:
        return None, None
    canonical = normalize_rights(uri)
    if canonical:
        return canonical, None
    return None, entry("Rights", uri)


def attribution(credit_line: Any, museum: Mapping[str, Any]) -> prezi3.KeyValueString:
    """The requiredStatement: the object's credit line, or the museum's name when it has none."""
    value = text_value(credit_line) or text_value(museum.get("name")) or {"none": [museum["slug"]]}
    return prezi3.KeyValueString(label=english("Attribution"), value=value)


def _service_url(image: Mapping[str, Any], base_url: str) -> str:
    return image.get("service") or urls.image_service(base_url, image["id"])


def is_remote(image: Mapping[str, Any], base_url: str) -> bool:
    """Whether the image is served by its museum's own image server (an imported manifest's image)."""
    return _service_url(image, base_url) != urls.image_service(base_url, image["id"])


def image_service(image: Mapping[str, Any], base_url: str) -> prezi3.ServiceV3 | prezi3.ServiceV2:
    """The image's Image API service: ours (3.0, level 2), or the museum's own server of version 1.1,
    2 or 3 for an imported image; without a stated profile a remote server is assumed to be level 1."""
    url = _service_url(image, base_url)
    if image.get("service_type") in OLDER_IMAGE_SERVICES:
        level_1 = OLDER_IMAGE_SERVICES[image["service_type"]]
        return prezi3.ServiceV2(id=url, type=image["service_type"], profile=image.get("profile") or level_1)
    profile = (image.get("profile") or "level1") if is_remote(image, base_url) else IMAGE_SERVICE_PROFILE
    return prezi3.ServiceV3(id=url, type=IMAGE_SERVICE_TYPE, profile=profile)


def image_body(image: Mapping[str, Any], base_url: str) -> prezi3.AnnotationBody:
    """The whole image as a painting body, with its Image API service."""
    whole = "full/full" if image.get("service_type") in OLDER_IMAGE_SERVICES else "full/max"
    return prezi3.AnnotationBody(
        id=f"{_service_url(image, base_url)}/{whole}/0/{urls.quality(image.get('service_type'))}.jpg",
        type="Image",
        format="image/jpeg",
        width=image["width"],
        height=image["height"],
        service=[image_service(image, base_url)],
    )


def thumbnail(image: Mapping[str, Any], base_url: str) -> prezi3.AnnotationBody:
    """A small version of the image, from its own service (ours or the museum's)."""
    width, height = urls.fitted(image["width"], image["height"], urls.THUMBNAIL_BOX)
    return prezi3.AnnotationBody(
        id=urls.image_thumbnail(_service_url(image, base_url), image["width"], image["height"],
                                service_type=image.get("service_type")),
        type="Image",
        format="image/jpeg",
        width=width,
        height=height,
        service=[image_service(image, base_url)],
    )


def _image_format(url: str) -> str | None:
    kind, _ = mimetypes.guess_type(url.split("?")[0])
    return kind if kind and kind.startswith("image/") else None


def museum_provider(museum: Mapping[str, Any], base_url: str) -> prezi3.Provider:
    """The museum as an Agent: its name, its own homepage, its logo, and our record of it."""
    name = language_map(museum.get("name")) or {"none": [museum["slug"]]}
    homepage = None
    if museum.get("homepage"):
        homepage = [prezi3.Homepage(id=museum["homepage"], type="Text", format="text/html", label=name)]
    logo = None
    if museum.get("logo"):
        logo = [prezi3.AnnotationBody(id=museum["logo"], type="Image", format=_image_format(museum["logo"]))]
    return prezi3.Provider(
        id=urls.museum_page(base_url, museum["slug"]),
        label=name,
        homepage=homepage,
        logo=logo,
        seeAlso=[
            {
                "id": urls.museum_record(base_url, museum["slug"]),
                "type": "Dataset",
                "format": "application/json",
                "label": english("Museum record (JSON)"),
            }
        ],
    )


def to_json(resource: Any) -> dict[str, Any]:
    """A iiif-prezi3 resource as a JSON-ready dict with the Presentation 3 context."""
    return {
        "@context": PRESENTATION_CONTEXT,
        **resource.model_dump(exclude_none=True, by_alias=True, mode="json"),
    }


def with_extension_contexts(document: dict[str, Any]) -> dict[str, Any]:
    """The document, with the navPlace extension's context before the presentation context when
    it or one of its items (canvases, collections' members) has a navPlace."""
    if "navPlace" in document or any("navPlace" in item for item in document.get("items", ())):
        document["@context"] = [NAVPLACE_CONTEXT, PRESENTATION_CONTEXT]
    return document


def nav_place(place: Mapping[str, Any] | None, resource_id: str) -> dict[str, Any] | None:
    """The navPlace of a resource (a FeatureCollection of one Point, labelled with the place's
    name in every language it has) from a place {name, label, lat, lon}; None without both
    coordinates."""
    if not place or place.get("lat") is None or place.get("lon") is None:
        return None
    feature: dict[str, Any] = {
        "id": f"{resource_id}/place/1",
        "type": "Feature",
        # GeoJSON writes longitude first.
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
    }
    label = language_map(place.get("label") or place.get("name"))
    if label:
        feature["properties"] = {"label": label}
    return {"id": f"{resource_id}/place", "type": "FeatureCollection", "features": [feature]}


def nav_date(date: Mapping[str, Any] | None) -> str | None:
    """The navDate of a date span: its first year's first moment. RFC 3339 writes no year before
    1 CE, so a span that starts BCE has none (its date stays in the metadata)."""
    if not date or date.get("start") is None or date["start"] < 1:
        return None
    return f"{date['start']:04d}-01-01T00:00:00Z"


def av_canvas(canvas_id: str, media: Mapping[str, Any]) -> prezi3.Canvas:
    """A canvas of an audio or video file from its plain record (exhibitions.objects.records.media_record):
    its duration (and size, for video), painted with the file; each caption track as a
    `supplementing` annotation whose body is the WebVTT file (as the IIIF Cookbook's captions
    recipe does); a video's poster frame as the canvas thumbnail."""
    video = media["kind"] == "video"
    size = {"width": media["width"], "height": media["height"]} if video else {}
    painting = prezi3.Annotation(
        id=f"{canvas_id}/painting",
        motivation="painting",
        body=prezi3.AnnotationBody(id=media["url"], type="Video" if video else "Sound", format=media["format"],
                            duration=media["duration"], **size),
        target=canvas_id,
    )
    captions = [
        prezi3.Annotation(
            id=f"{canvas_id}/captions/{track['language']}",
            motivation="supplementing",
            body=prezi3.AnnotationBody(id=track["url"], type="Text", format="text/vtt", language=track["language"],
                                label=english("Captions in WebVTT format")),
            target=canvas_id,
        )
        for track in media.get("captions") or ()
    ]
    poster = media.get("poster")
    return prezi3.Canvas(
        id=canvas_id,
        label=plain_language_map(media.get("label")),
        duration=media["duration"],
        items=[prezi3.AnnotationPage(id=f"{canvas_id}/page", items=[painting, *captions])],
        thumbnail=[prezi3.AnnotationBody(id=poster["url"], type="Image", format="image/jpeg", width=poster["width"],
                                  height=poster["height"])] if poster else None,
        **size,
    )
