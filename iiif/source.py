"""What an imported manifest says, kept whole: read from a Presentation 2.1 or 3.0 manifest into
3.0 form (`read_source`), and given back in our own manifest of the object (`merge_source`).

Our object fields hold what search and pages need (title, description, date, place, rights...);
everything else IIIF lets an object say stays here as the museum wrote it: every metadata pair
whatever its labels, the requiredStatement with its own label, navDate, navPlace, behavior,
viewingDirection, structures, start, rendering, seeAlso, homepage, thumbnail, provider, partOf,
the manifest's and canvases' annotations, and the canvases as painted (several images on one
canvas at their places, Choice and SpecificResource bodies, images without a service). Canvas
ids are the museum's in the kept form; `merge_source` maps them (and every target, range item
and `start` naming them) to ours.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Mapping
from typing import Any

# Manifest properties kept as the museum wrote them (3.0 names).
KEPT = ("metadata", "summary", "requiredStatement", "rights", "navDate", "navPlace", "behavior",
        "viewingDirection", "structures", "start", "rendering", "seeAlso", "homepage", "thumbnail",
        "provider", "partOf", "annotations", "placeholderCanvas", "accompanyingCanvas")
# Properties of ours that a source's values join rather than replace (ours first, a link both
# name as the museum wrote it).
JOINED = ("seeAlso", "homepage", "provider", "partOf")
# Properties whose source values replace ours: ours are derived from the same statement, less
# precisely (a navDate of a whole year, a navPlace of one point, a plain-text summary).
REPLACED = ("navDate", "navPlace", "summary", "thumbnail", "behavior", "viewingDirection", "start",
            "rendering", "annotations", "placeholderCanvas", "accompanyingCanvas")
# Motivations of annotations that a museum's readers see beside the images.
SHOWN_MOTIVATIONS = ("commenting", "tagging", "describing", "identifying", "classifying", "linking")


_TAG = re.compile(r"<[^>]*>")


def plain_text(text: Any) -> str:
    """Harvested text as plain text: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", str(text))).split())


def _list(value: Any) -> list:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _id(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        found = value.get("id") or value.get("@id")
        return found if isinstance(found, str) else None
    return None


# --- Presentation 2.1 into 3.0 form -------------------------------------------------------------

def _language_map_2(value: Any) -> dict[str, list[str]] | None:
    result: dict[str, list[str]] = {}
    for part in _list(value):
        if isinstance(part, dict) and "@value" in part:
            language = part.get("@language") if isinstance(part.get("@language"), str) else "none"
            result.setdefault(language, []).append(str(part["@value"]))
        elif isinstance(part, (str, int, float)):
            result.setdefault("none", []).append(str(part))
    return result or None


def _external_2(value: Any, kind: str) -> list[dict[str, Any]]:
    found = []
    for part in _list(value):
        ident = _id(part)
        if ident:
            resource = {"id": ident, "type": kind}
            if isinstance(part, dict):
                if isinstance(part.get("format"), str):
                    resource["format"] = part["format"]
                if _language_map_2(part.get("label")):
                    resource["label"] = _language_map_2(part.get("label"))
            found.append(resource)
    return found


def _service_2(service: Any) -> dict[str, Any] | None:
    if not isinstance(service, dict) or not _id(service):
        return None
    contexts = " ".join(c for c in _list(service.get("@context")) if isinstance(c, str))
    profile = next((p for p in _list(service.get("profile")) if isinstance(p, str)), None)
    kind = service.get("@type") or service.get("type")
    if not isinstance(kind, str):
        kind = "ImageService1" if "1.1" in contexts or "1.1" in (profile or "") else "ImageService2"
    result = {"@id": _id(service), "@type": kind}
    if profile:
        result["profile"] = profile
    return result


def _body_2(resource: Any) -> dict[str, Any] | None:
    if not isinstance(resource, dict):
        return None
    kind = resource.get("@type")
    if kind == "oa:Choice":
        options = [_body_2(option) for option in _list(resource.get("default")) + _list(resource.get("item"))]
        return {"type": "Choice", "items": [option for option in options if option]}
    if kind == "oa:SpecificResource":
        source = _body_2(resource.get("full"))
        selector = resource.get("selector")
        if source is None:
            return None
        body = {"type": "SpecificResource", "source": source}
        if isinstance(selector, dict) and isinstance(selector.get("region"), str):
            body["selector"] = {"type": "ImageApiSelector", "region": selector["region"]}
        return body
    if not _id(resource):
        return None
    body: dict[str, Any] = {"id": _id(resource), "type": "Image"}
    for name in ("format", "width", "height"):
        if resource.get(name) is not None:
            body[name] = resource[name]
    services = [found for found in map(_service_2, _list(resource.get("service"))) if found]
    if services:
        body["service"] = services
    return body


def _canvas_2(canvas: Mapping[str, Any]) -> dict[str, Any]:
    ident = _id(canvas) or ""
    paintings = []
    for number, image in enumerate(_list(canvas.get("images")), start=1):
        body = _body_2(image.get("resource")) if isinstance(image, dict) else None
        if body is None:
            continue
        target = image.get("on") if isinstance(image.get("on"), str) else ident
        paintings.append({"id": _id(image) or f"{ident}/painting/{number}", "type": "Annotation",
                          "motivation": "painting", "body": body, "target": target})
    result: dict[str, Any] = {"id": ident, "type": "Canvas",
                              "items": [{"id": f"{ident}/page", "type": "AnnotationPage", "items": paintings}]}
    label = _language_map_2(canvas.get("label"))
    if label:
        result["label"] = label
    for name in ("width", "height"):
        if isinstance(canvas.get(name), int):
            result[name] = canvas[name]
    # Annotation lists the canvas points to (transcriptions, commentary): kept as the pages
    # they became in 3.0, by reference, for viewers to fetch from the museum.
    pages = [{"id": ident, "type": "AnnotationPage"} for ident in map(_id, _list(canvas.get("otherContent"))) if ident]
    if pages:
        result["annotations"] = pages
    return result


def _range_2(found: Mapping[str, Any]) -> dict[str, Any]:
    items = [{"id": canvas, "type": "Canvas"} for canvas in _list(found.get("canvases")) if isinstance(canvas, str)]
    items += [{"id": nested, "type": "Range"} for nested in _list(found.get("ranges")) if isinstance(nested, str)]
    result = {"id": _id(found), "type": "Range", "items": items}
    label = _language_map_2(found.get("label"))
    if label:
        result["label"] = label
    return result


def _as_3(document: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A 2.1 manifest's kept properties and canvases, in 3.0 form."""
    properties: dict[str, Any] = {}
    pairs = []
    for pair in _list(document.get("metadata")):
        if isinstance(pair, dict) and _language_map_2(pair.get("label")) and _language_map_2(pair.get("value")):
            pairs.append({"label": _language_map_2(pair["label"]), "value": _language_map_2(pair["value"])})
    if pairs:
        properties["metadata"] = pairs
    if _language_map_2(document.get("description")):
        properties["summary"] = _language_map_2(document["description"])
    if _language_map_2(document.get("attribution")):
        properties["requiredStatement"] = {"label": {"en": ["Attribution"]},
                                           "value": _language_map_2(document["attribution"])}
    if isinstance(document.get("navDate"), str):
        properties["navDate"] = document["navDate"]
    sequences = [sequence for sequence in _list(document.get("sequences")) if isinstance(sequence, dict)]
    # 2.1 lets the first sequence say how it is read and where to open; 3.0 says it of the manifest.
    sequence = sequences[0] if sequences else {}
    direction = document.get("viewingDirection") or sequence.get("viewingDirection")
    if direction in ("left-to-right", "right-to-left", "top-to-bottom", "bottom-to-top"):
        properties["viewingDirection"] = direction
    hints = [hint for hint in _list(document.get("viewingHint") or sequence.get("viewingHint"))
             if isinstance(hint, str)]
    if hints:
        properties["behavior"] = hints
    start = _id(sequence.get("startCanvas") or document.get("startCanvas"))
    if start:
        properties["start"] = {"id": start, "type": "Canvas"}
    logos = _external_2(document.get("logo"), "Image")
    if logos:
        # 3.0 carries a logo on the provider: the museum as an agent, named by its attribution.
        agent = {"id": f"{_id(document) or 'manifest'}#provider", "type": "Agent",
                 "label": _language_map_2(document.get("attribution")) or {"none": ["Provider"]}, "logo": logos}
        properties["provider"] = [agent]
    for name, source, kind in (("homepage", "related", "Text"), ("seeAlso", "seeAlso", "Dataset"),
                               ("rendering", "rendering", "Text"), ("thumbnail", "thumbnail", "Image"),
                               ("partOf", "within", "Collection")):
        found = _external_2(document.get(source), kind)
        if found:
            properties[name] = found
    canvases = [_canvas_2(canvas) for canvas in _list(sequence.get("canvases")) if isinstance(canvas, dict)]
    ranges = [_range_2(found) for found in _list(document.get("structures")) if isinstance(found, dict) and _id(found)]
    if ranges:
        properties["structures"] = ranges
    return properties, canvases


# --- Reading ------------------------------------------------------------------------------------

def _shown_annotation_pages(pages: Any) -> list[dict[str, Any]]:
    """Annotation pages kept: embedded ones with the annotations readers see, and pages given by
    reference only (their content is the museum's, fetched by viewers)."""
    kept = []
    for page in _list(pages):
        if not isinstance(page, dict):
            continue
        if "items" not in page and _id(page):
            kept.append(page)
            continue
        items = [item for item in _list(page.get("items")) if isinstance(item, dict)
                 and set(_list(item.get("motivation"))) & set(SHOWN_MOTIVATIONS)]
        if items:
            kept.append({**page, "items": items})
    return kept


def read_source(document: Mapping[str, Any], version: int) -> dict[str, Any]:
    """The manifest's kept properties and its canvases, in 3.0 form:
    {"properties": {name: value as written}, "canvases": [canvas as painted, museum's ids]}."""
    if version == 2:
        properties, canvases = _as_3(document)
        return {"properties": properties, "canvases": canvases}
    properties = {name: copy.deepcopy(document[name]) for name in KEPT
                  if name in document and name != "annotations" and document[name] not in (None, [], {})}
    annotations = _shown_annotation_pages(document.get("annotations"))
    if annotations:
        properties["annotations"] = annotations
    canvases = []
    for canvas in _list(document.get("items")):
        if isinstance(canvas, dict) and canvas.get("type") == "Canvas" and _id(canvas):
            kept = copy.deepcopy(canvas)
            kept.pop("annotations", None)
            annotations = _shown_annotation_pages(canvas.get("annotations"))
            if annotations:
                kept["annotations"] = annotations
            canvases.append(kept)
    return {"properties": properties, "canvases": canvases}


def painted_bodies(canvas: Mapping[str, Any]) -> list[tuple[dict[str, Any], Any]]:
    """(painting annotation, body) pairs of a kept canvas, in order."""
    found = []
    for page in _list(canvas.get("items")):
        for annotation in _list(page.get("items") if isinstance(page, dict) else None):
            if isinstance(annotation, dict) and annotation.get("motivation") in (None, "painting", ["painting"]):
                for body in _list(annotation.get("body")):
                    found.append((annotation, body))
    return found


# --- Giving back --------------------------------------------------------------------------------

def _mapped(value: Any, canvas_ids: Mapping[str, str]) -> Any:
    """The value with every museum canvas id (alone or with a #fragment) replaced by ours."""
    if isinstance(value, str):
        base, hash_, fragment = value.partition("#")
        return canvas_ids[base] + hash_ + fragment if base in canvas_ids else value
    if isinstance(value, list):
        return [_mapped(item, canvas_ids) for item in value]
    if isinstance(value, dict):
        return {key: _mapped(item, canvas_ids) for key, item in value.items()}
    return value


def our_canvases(source: Mapping[str, Any], canvas_id: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The kept canvases with our ids (`canvas_id(position)`), and the museum's ids mapped to ours."""
    canvas_ids = {canvas["id"]: canvas_id(position) for position, canvas in enumerate(source["canvases"], start=1)}
    return [_mapped(canvas, canvas_ids) for canvas in source["canvases"]], canvas_ids


def painted_with(canvas: dict[str, Any], bodies: Mapping[str, Any]) -> dict[str, Any]:
    """The canvas with every painted image whose URL `bodies` names (a static image we copied)
    replaced by that body (our copy, with our image service), wherever it is painted: alone, as a
    Choice's option or as a SpecificResource's source."""

    def swap(value: Any) -> Any:
        if isinstance(value, list):
            return [swap(item) for item in value]
        if isinstance(value, dict):
            if value.get("type") == "Image" and value.get("id") in bodies:
                return bodies[value["id"]]
            return {key: swap(item) for key, item in value.items()}
        return value

    return {**canvas, "items": swap(canvas["items"])} if bodies and "items" in canvas else canvas


def _same_label(pair: Mapping[str, Any], pairs: list[Mapping[str, Any]]) -> bool:
    texts = {text.lower() for texts in (pair.get("label") or {}).values() for text in texts}
    return any(texts & {text.lower() for texts in (other.get("label") or {}).values() for text in texts}
               for other in pairs)


def _plain_texts(value: Any) -> set[str]:
    if not isinstance(value, dict):
        return set()
    return {plain_text(text) for texts in value.values() for text in _list(texts)}


def merge_source(manifest: dict[str, Any], source: Mapping[str, Any], canvas_ids: Mapping[str, str],
                 credit_line: Any = None) -> dict[str, Any]:
    """Our manifest of an imported object with what its source said given back: the source's
    metadata pairs first (ours join where the source has no pair of that label), its
    requiredStatement (with its own label) while it states our credit line, its values of the
    JOINED properties after ours, its values of the REPLACED properties instead of ours."""
    properties = _mapped(source.get("properties") or {}, canvas_ids)
    if properties.get("metadata"):
        theirs = properties["metadata"]
        manifest["metadata"] = theirs + [pair for pair in manifest.get("metadata", []) if not _same_label(pair, theirs)]
    statement = properties.get("requiredStatement")
    if (isinstance(statement, dict) and _plain_texts(statement.get("value"))
            and _plain_texts(statement.get("value")) == _plain_texts(credit_line)):
        manifest["requiredStatement"] = statement
    for name in JOINED:
        theirs = {_id(item): item for item in _list(properties.get(name)) if _id(item)}
        if theirs:
            # The museum's description of a link both name wins (its label, format, profile).
            ours = [theirs.pop(_id(item), item) for item in manifest.get(name, [])]
            manifest[name] = ours + list(theirs.values())
    for name in REPLACED:
        if name in properties:
            manifest[name] = properties[name]
    if "structures" in properties:
        known = set(canvas_ids.values())
        manifest["structures"] = [_kept_range(found, known) for found in properties["structures"]
                                  if isinstance(found, dict)]
    return manifest


def _kept_range(found: Mapping[str, Any], canvases: set[str]) -> dict[str, Any]:
    """A range whose canvas references all name our canvases (one naming a canvas we do not
    have is dropped)."""
    items = []
    for item in _list(found.get("items")):
        if isinstance(item, dict) and item.get("type") == "Range":
            items.append(_kept_range(item, canvases))
        elif isinstance(item, dict) and item.get("type") == "Canvas":
            if (_id(item) or "").partition("#")[0] in canvases:
                items.append(item)
        elif isinstance(item, dict) and item.get("type") == "SpecificResource":
            if (_id(item.get("source")) or "").partition("#")[0] in canvases:
                items.append(item)
        elif isinstance(item, dict):
            items.append(item)
    return {**found, "items": items}
