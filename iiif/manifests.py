"""Presentation 3.0 manifests of an object and of a published exhibition, built from plain records."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from iiif import prezi3, urls
from iiif.presentation import (
    attribution,
    av_canvas,
    english,
    entries,
    first_text,
    image_body,
    is_html,
    is_remote,
    language_map,
    museum_provider,
    nav_date,
    nav_place,
    plain_language_map,
    rich_language_map,
    rights_and_note,
    text_value,
    thumbnail,
    to_json,
    with_extension_contexts,
)
from iiif.source import merge_source, our_canvases, painted_with

# A Manifest MUST have at least one Canvas, and a Canvas MUST have a size. An object without images
# yet gets one empty canvas of this size (no painting annotation) so that viewers still open it.
EMPTY_CANVAS_SIZE = 1000


def terms_value(record: Mapping[str, Any], field: str) -> Any:
    """A term field (object_type, materials, techniques) for a metadata entry: a language map with
    each term's label in every language the vocabulary gives (values that name no term as written,
    in each); the values as they are when none names a term."""
    written = record.get(field)
    written = ([written] if written else []) if field == "object_type" else list(written or [])
    entries = (record.get("terms") or {}).get(field)
    entries = [entries] if field == "object_type" else list(entries or [])
    labels = [(entry or {}).get("label") or {} for entry in entries]
    languages = list(dict.fromkeys(language for label in labels for language in label))
    if not languages or len(labels) != len(written):
        return record.get(field)
    return {language: [(label.get(language) or [value])[0] for label, value in zip(labels, written, strict=True)]
            for language in languages}


def _object_metadata(record: Mapping[str, Any]) -> list:
    museum = record["museum"]
    date = record.get("date") or {}
    place = record.get("place") or {}
    return entries(
        [
            ("Creator", record.get("creator")),
            ("Culture", record.get("culture")),
            ("Date", date.get("label") or date.get("display")),
            ("Object type", terms_value(record, "object_type")),
            ("Materials", terms_value(record, "materials")),
            ("Techniques", terms_value(record, "techniques")),
            ("Place", place.get("label") or place.get("name")),
            ("Dimensions", record.get("dimensions")),
            ("Accession number", record.get("accession")),
            ("Museum", museum.get("name")),
        ]
    )


def _homepages(record: Mapping[str, Any], base_url: str) -> list[prezi3.Homepage]:
    """The museum's own record page first (when given), then the object's page on the platform."""
    title = language_map(record["title"])
    pages = []
    if record.get("homepage"):
        pages.append(prezi3.Homepage(id=record["homepage"], type="Text", format="text/html", label=title))
    pages.append(
        prezi3.Homepage(id=urls.object_page(base_url, record["id"]), type="Text", format="text/html", label=title)
    )
    return pages


def _object_record_link(record: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    return {
        "id": urls.object_record(base_url, record["id"]),
        "type": "Dataset",
        "format": "application/json",
        "label": english("Object record (JSON)"),
    }


def _image_canvas(canvas_id: str, image: Mapping[str, Any], base_url: str, **properties) -> prezi3.Canvas:
    """A canvas the size of the image, painted with the whole image."""
    painting = prezi3.Annotation(
        id=f"{canvas_id}/painting",
        motivation="painting",
        body=image_body(image, base_url),
        target=canvas_id,
    )
    return prezi3.Canvas(
        id=canvas_id,
        width=image["width"],
        height=image["height"],
        items=[prezi3.AnnotationPage(id=f"{canvas_id}/page", items=[painting])],
        thumbnail=[thumbnail(image, base_url)],
        **properties,
    )


def _empty_canvas(canvas_id: str) -> prezi3.Canvas:
    return prezi3.Canvas(
        id=canvas_id,
        label=english("No image yet"),
        width=EMPTY_CANVAS_SIZE,
        height=EMPTY_CANVAS_SIZE,
        items=[],
    )


def object_manifest(record: Mapping[str, Any], base_url: str,
                    source: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The manifest of one object (`/iiif/3/objects/{id}/manifest`): a canvas per image, in order,
    then a canvas per audio or video file. An imported object (`source`, iiif.source) has the
    museum's canvases as painted first, then a canvas per image of its own, and what the museum's
    manifest said besides given back."""
    museum = record["museum"]
    rights, rights_note = rights_and_note(record.get("rights"))
    metadata = _object_metadata(record) + ([rights_note] if rights_note else [])
    images = record.get("images") or []
    kept, canvas_ids = [], {}
    if source and source.get("canvases"):
        kept, canvas_ids = our_canvases(source, partial(urls.object_canvas, base_url, record["id"]))
        # The static images we copied are painted where the museum's files were, from our service.
        ours = {image["id"]: image for image in images}
        copies = {url: ours[image_id] for url, image_id in (source.get("copies") or {}).items() if image_id in ours}
        bodies = {url: image_body(image, base_url).model_dump(exclude_none=True, by_alias=True, mode="json")
                  for url, image in copies.items()}
        kept = [painted_with(canvas, bodies) for canvas in kept]
        copied = {image["id"] for image in copies.values()}
        images = [image for image in images if not is_remote(image, base_url) and image["id"] not in copied]
    canvases = [
        _image_canvas(
            urls.object_canvas(base_url, record["id"], position),
            image,
            base_url,
            label={"none": [str(position)]},
        )
        for position, image in enumerate(images, start=len(kept) + 1)
    ] + [
        av_canvas(urls.media_canvas(urls.object_manifest(base_url, record["id"]), media["id"]), media)
        for media in record.get("media") or ()
    ] or ([] if kept else [_empty_canvas(urls.object_canvas(base_url, record["id"], 1))])
    manifest = prezi3.Manifest(
        id=urls.object_manifest(base_url, record["id"]),
        label=language_map(record["title"]) or {"none": [record["id"]]},
        summary=text_value(record.get("description")),
        metadata=metadata or None,
        rights=rights,
        requiredStatement=attribution(record.get("credit_line"), museum),
        provider=[museum_provider(museum, base_url)],
        homepage=_homepages(record, base_url),
        seeAlso=[_object_record_link(record, base_url)],
        partOf=[
            {
                "id": urls.museum_collection(base_url, museum["slug"]),
                "type": "Collection",
                "label": language_map(museum.get("name")) or {"none": [museum["slug"]]},
            }
        ],
        thumbnail=[thumbnail(record["images"][0], base_url)] if record.get("images") else None,
        navPlace=nav_place(record.get("place"), urls.object_manifest(base_url, record["id"])),
        navDate=nav_date(record.get("date")),
        items=canvases,
    )
    document = to_json(manifest)
    if source:
        # The museum's canvases stay as they were painted (JSON, never reshaped by a model).
        document["items"] = kept + document["items"]
        document = merge_source(document, source, canvas_ids, record.get("credit_line"))
    return with_extension_contexts(document)


def parse_region(region: str, width: int, height: int) -> tuple[int, int, int, int]:
    """The `x,y,w,h` region of an exhibition item in image pixels, cut to the image.

    Raises ValueError naming the problem when it is malformed or lies outside the image."""
    parts = region.split(",")
    if len(parts) != 4 or not all(part.strip().isascii() and part.strip().isdigit() for part in parts):
        raise ValueError(f"region {region!r} must be x,y,w,h in whole pixels")
    x, y, w, h = (int(part) for part in parts)
    if w == 0 or h == 0:
        raise ValueError(f"region {region!r} has no area")
    if x >= width or y >= height:
        raise ValueError(f"region {region!r} lies outside the image ({width}x{height})")
    return x, y, min(w, width - x), min(h, height - y)


class ItemNotShown(ValueError):
    """Why an exhibition item cannot be shown; `field` is the item's field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


Region = tuple[int, int, int, int]


def item_view(item: Mapping[str, Any], record: Mapping[str, Any]) -> tuple[Mapping[str, Any], Region | None]:
    """What an exhibition item shows: its chosen image (else its object's first) and its region
    in that image's pixels, cut to the image (None: the whole image).

    Raises ItemNotShown when the object has no image, the chosen image is not the object's, or
    the region is malformed or lies outside the image. The curator's checks, the pages and the
    manifest all decide with this one function."""
    images = record.get("images") or []
    if item.get("image"):
        image = next((candidate for candidate in images if candidate["id"] == item["image"]), None)
        if image is None:
            raise ItemNotShown("image", f"is not an image of object {record['id']}")
    elif images:
        image = images[0]
    else:
        raise ItemNotShown("object", f"object {record['id']} has no image to show")
    if not item.get("region"):
        return image, None
    try:
        return image, parse_region(item["region"], image["width"], image["height"])
    except ValueError as error:
        raise ItemNotShown("region", str(error)) from None


def _caption_bodies(caption: Mapping[str, list[str]]) -> list[prezi3.TextualBody]:
    """One TextualBody per language, HTML when the curator's text holds markup (several texts of
    one language become paragraphs)."""
    bodies = []
    for language, texts in caption.items():
        markup = any(is_html(text) for text in texts)
        if len(texts) == 1:
            value = texts[0]
        elif markup:
            value = "".join(f"<p>{text}</p>" for text in texts)
        else:
            value = "\n\n".join(texts)
        bodies.append(
            prezi3.TextualBody(
                value=value,
                format="text/html" if markup else "text/plain",
                language=None if language == "none" else language,
            )
        )
    return bodies


def _item_canvas(canvas_id: str, item: Mapping[str, Any], record: Mapping[str, Any], image: Mapping[str, Any],
                 region: Region | None, base_url: str) -> prezi3.Canvas:
    """An exhibition canvas: the object's image, with its own museum's rights, attribution and
    provider, and the curator's caption as a commenting annotation on the region."""
    museum = record["museum"]
    rights, rights_note = rights_and_note(record.get("rights"))
    date = record.get("date") or {}
    metadata = entries(
        [
            ("Creator", record.get("creator")),
            ("Date", date.get("label") or date.get("display")),
            ("Accession number", record.get("accession")),
            ("Museum", museum.get("name")),
        ]
    ) + ([rights_note] if rights_note else [])
    canvas = _image_canvas(
        canvas_id,
        image,
        base_url,
        label=language_map(record["title"]) or {"none": [record["id"]]},
        metadata=metadata or None,
        rights=rights,
        requiredStatement=attribution(record.get("credit_line"), museum),
        provider=[museum_provider(museum, base_url)],
        homepage=_homepages(record, base_url),
        navPlace=nav_place(record.get("place"), canvas_id),
        navDate=nav_date(date),
        seeAlso=[
            _object_record_link(record, base_url),
            {
                "id": urls.object_manifest(base_url, record["id"]),
                "type": "Manifest",
                "format": "application/ld+json",
                "profile": "http://iiif.io/api/presentation/3/context.json",
                "label": english("Object manifest"),
            },
        ],
    )
    caption = language_map(item.get("caption"))
    if caption:
        target = canvas_id
        if region:
            target = f"{canvas_id}#xywh={','.join(map(str, region))}"
        comment = prezi3.Annotation(
            id=f"{canvas_id}/caption",
            motivation="commenting",
            body=_caption_bodies(caption),
            target=target,
        )
        canvas.annotations = [prezi3.AnnotationPage(id=f"{canvas_id}/captions", items=[comment])]
    return canvas


def _range(range_id: str, label: dict, items: list) -> prezi3.Range:
    return prezi3.Range(id=range_id, label=label, items=items)


def _comments(range_id: str, texts: list[dict[str, list[str]]], target: str) -> dict[str, Any]:
    """A range's text blocks and quotes, in order, as commenting annotations on its first canvas."""
    return {"id": f"{range_id}/comments", "type": "AnnotationPage", "items": [
        {"id": f"{range_id}/comment/{position}", "type": "Annotation", "motivation": "commenting",
         "body": [body.model_dump(exclude_none=True) | {"type": "TextualBody"} for body in _caption_bodies(text)],
         "target": target}
        for position, text in enumerate(texts, start=1)]}


def _quote_text(block: Mapping[str, Any]) -> dict[str, list[str]]:
    """A quote and, after it, who said or wrote it (in the quote's language when given in it)."""
    attribution = language_map(block.get("attribution")) or {}
    quote = language_map(block["quote"]) or {}
    if not attribution:
        return quote
    fallback = next(iter(attribution.values()))
    return {language: [*texts, *(f"— {name}" for name in attribution.get(language, fallback))]
            for language, texts in quote.items()}


def exhibition_manifest(
    exhibition: Mapping[str, Any], records: Mapping[str, Mapping[str, Any]], base_url: str,
    media: Mapping[str, Mapping[str, Any]] | None = None, cover: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of a published exhibition (`/iiif/3/exhibitions/{slug}/manifest`).

    `records` maps each object id the exhibition uses to its object record, `media` each media
    file its media blocks name to its media record; `cover` is the reference its cover shows
    ({object, image?}: exhibitions.curation.blocks.first_object), the manifest's thumbnail. Every
    section is a Range of its blocks in the curator's order: an object block is a canvas, a
    media block an audio or video canvas, a gallery or a compare a Range of its items' canvases
    inside the section's; text blocks, quotes (with their attribution) and block captions are
    commenting annotations on the section's first canvas (in the Range's `annotations`). Maps,
    timelines and media blocks that only name another site's AV manifest add no canvas. An
    object that cannot be shown now is left out: it was deleted since (missing from `records`),
    or a museum's re-import took its image away or changed it so that the region no longer
    lies on it."""
    slug = exhibition["slug"]
    canvases: list[prezi3.Canvas] = []
    ranges: list[prezi3.Range] = []
    section_texts: list[dict | None] = []
    section_comments: list[list[dict[str, list[str]]]] = []
    providers: dict[str, Any] = {}

    def canvas_of(item: Mapping[str, Any]) -> prezi3.CanvasRef | None:
        record = records.get(item["object"])
        if record is None:
            return None
        try:
            image, region = item_view(item, record)
        except ItemNotShown:
            return None
        canvas_id = urls.exhibition_canvas(base_url, slug, len(canvases) + 1)
        canvases.append(_item_canvas(canvas_id, item, record, image, region, base_url))
        providers.setdefault(record["museum"]["slug"], record["museum"])
        return prezi3.CanvasRef(id=canvas_id, type="Canvas")

    for section_position, section in enumerate(exhibition.get("sections") or [], start=1):
        range_id = urls.exhibition_range(base_url, slug, section_position)
        members: list[prezi3.CanvasRef | prezi3.Range] = []
        comments = []
        # Sections in v1's shape (items alone) read as object blocks.
        blocks = section.get("blocks")
        if blocks is None:
            blocks = [{"type": "object", **item} for item in section.get("items") or []]
        for block_position, block in enumerate(blocks, start=1):
            kind = block.get("type")
            if kind == "object":
                members += [ref for ref in [canvas_of(block)] if ref]
            elif kind in ("gallery", "compare"):
                refs = [ref for ref in map(canvas_of, block["items"]) if ref]
                if refs:
                    label = english("Gallery" if kind == "gallery" else "Comparison")
                    members.append(_range(f"{range_id}/block/{block_position}", label, refs))
                if block.get("caption"):
                    comments.append(block["caption"])
            elif kind == "media":
                record = (media or {}).get(block.get("media"))
                if record is not None:
                    canvas_id = urls.exhibition_canvas(base_url, slug, len(canvases) + 1)
                    canvases.append(av_canvas(canvas_id, record))
                    members.append(prezi3.CanvasRef(id=canvas_id, type="Canvas"))
                if block.get("caption"):
                    comments.append(block["caption"])
            elif kind == "text":
                comments.append(block["text"])
            elif kind == "quote":
                comments.append(_quote_text(block))
        ranges.append(_range(range_id, plain_language_map(section.get("title")) or english(
            f"Section {section_position}"), members))
        section_texts.append(rich_language_map(section.get("text")))
        section_comments.append(comments)
    museums = list(providers.values())
    manifest = prezi3.Manifest(
        id=urls.exhibition_manifest(base_url, slug),
        label=plain_language_map(exhibition.get("title")) or {"none": [slug]},
        summary=rich_language_map(exhibition.get("summary")),
        requiredStatement={
            "label": english("Attribution"),
            "value": english(
                "Objects lent by "
                + "; ".join(first_text(museum.get("name")) or museum["slug"] for museum in museums)
                + ". Each image's rights and credit line are given on its canvas."
            ),
        }
        if museums
        else None,
        provider=[museum_provider(museum, base_url) for museum in museums] or None,
        homepage=[
            prezi3.Homepage(
                id=urls.exhibition_page(base_url, slug),
                type="Text",
                format="text/html",
                label=plain_language_map(exhibition.get("title")) or {"none": [slug]},
            )
        ],
        thumbnail=_cover_thumbnail(cover, records, base_url) or next(
            (canvas.thumbnail for canvas in canvases if canvas.thumbnail), None),
        items=canvases or [_empty_canvas(urls.exhibition_canvas(base_url, slug, 1))],
        structures=ranges or None,
    )
    document = with_extension_contexts(to_json(manifest))
    # iiif-prezi3's Range model has no `summary`, which Presentation 3.0 allows on any resource:
    # the section's narrative text is added to the serialized range.
    for structure, text, comments in zip(document.get("structures", []), section_texts, section_comments,
                                         strict=True):
        if text:
            structure["summary"] = text
        if comments:
            structure["annotations"] = [_comments(structure["id"], comments, _first_canvas(structure))]
    return document


def _cover_thumbnail(cover: Mapping[str, Any] | None, records: Mapping[str, Mapping[str, Any]],
                     base_url: str) -> list | None:
    """The thumbnail of the image the exhibition's cover shows, when it can be shown."""
    record = records.get(cover["object"]) if cover else None
    if record is None:
        return None
    try:
        image, _ = item_view(cover, record)
    except ItemNotShown:
        return None
    return [thumbnail(image, base_url)]


def _first_canvas(structure: Mapping[str, Any]) -> str:
    """The first canvas a range holds, in nested ranges too; the range itself when it holds none."""
    for member in structure.get("items") or []:
        if member["type"] == "Canvas":
            return member["id"]
        found = _first_canvas(member)
        if found != member["id"]:
            return found
    return structure["id"]
