"""The exhibition document's block model (v2) as plain data: a request's sections turned into
the stored form (blocks only; v1's items read as object blocks), the answer's form (blocks and,
for v1 clients, the object blocks again as items), and every object an exhibition refers to,
named by its field. Pure functions: the API, the curators' form, the demo, versions, the pages
and the manifest all go through them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

ITEM_KEYS = ("object", "image", "region", "caption")
DEFAULT_LAYOUT = "right"
# Blocks whose `items` show objects (each with image, region and caption).
ITEM_BLOCKS = ("gallery", "compare")
# Blocks that list objects by id only (their places and dates).
LIST_BLOCKS = ("map", "timeline")


def item_of(block: Mapping[str, Any]) -> dict[str, Any]:
    """An object block as v1's item: object, image, region, caption."""
    return {key: block[key] for key in ITEM_KEYS if key in block}


def object_block(item: Mapping[str, Any]) -> dict[str, Any]:
    """v1's item as an object block in the default layout."""
    return {"type": "object", **item_of(item), "layout": item.get("layout", DEFAULT_LAYOUT)}


def section_blocks(section: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A section's blocks: those it has, else its v1 items as object blocks."""
    blocks = section.get("blocks")
    if isinstance(blocks, list):
        return blocks
    items = section.get("items")
    return [object_block(item) for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def stored_document(document: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """A validated request document in its stored form: each section's blocks, without items.
    A section sent with both is an error unless its items are exactly its object blocks (a v2
    answer sent back as it came)."""
    errors = []
    sections = []
    for s, section in enumerate(document.get("sections") or []):
        stored = {key: value for key, value in section.items() if key not in ("items", "blocks")}
        stored["blocks"] = section_blocks(section)
        if section.get("blocks") is not None and section.get("items") is not None \
                and section["items"] != object_items(stored["blocks"]):
            errors.append({"field": f"sections.{s}.items", "message": "differs from the section's object blocks: "
                           "send blocks alone (v2), or items alone (v1)"})
        sections.append(stored)
    return {**document, "sections": sections}, errors


def object_items(blocks: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [item_of(block) for block in blocks if block.get("type") == "object"]


def answer_sections(sections: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Stored sections as answers give them: blocks, and their object blocks again as v1's items."""
    answered = []
    for section in sections:
        blocks = section_blocks(section)
        answered.append({**{key: value for key, value in section.items() if key != "items"},
                         "blocks": blocks, "items": object_items(blocks)})
    return answered


def references(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object the document names, with the path of the field that names it (as sent:
    a v1 section's items under `items`), in order: the cover, then each block's. A reference is
    a dict with `object` and, where the block has them, `image` and `region`. It reads a request
    as sent too, skipping what is malformed, so a body with schema errors still hears of
    objects that do not exist."""
    if not isinstance(document, Mapping):
        return
    cover = document.get("cover")
    if isinstance(cover, Mapping) and isinstance(cover.get("object"), str):
        yield "cover", dict(cover)
    for s, section in enumerate(_list(document, "sections")):
        if not isinstance(section, Mapping):
            continue
        v1 = not isinstance(section.get("blocks"), list)
        for b, block in enumerate(section_blocks(section)):
            if not isinstance(block, Mapping):
                continue
            path = f"sections.{s}.{'items' if v1 else 'blocks'}.{b}"
            kind = block.get("type")
            if kind == "object" and isinstance(block.get("object"), str):
                yield path, dict(block)
            elif kind in ITEM_BLOCKS:
                for i, item in enumerate(_list(block, "items")):
                    if isinstance(item, Mapping) and isinstance(item.get("object"), str):
                        yield f"{path}.items.{i}", dict(item)
            elif kind in LIST_BLOCKS:
                for i, object_id in enumerate(_list(block, "objects")):
                    if isinstance(object_id, str):
                        yield f"{path}.objects.{i}", {"object": object_id}


def media_references(document: Any) -> Iterator[tuple[str, str]]:
    """Every uploaded media file the document's media blocks name: (the field's path, the media
    id), in order; a request as sent too, skipping what is malformed."""
    if not isinstance(document, Mapping):
        return
    for s, section in enumerate(_list(document, "sections")):
        if not isinstance(section, Mapping):
            continue
        for b, block in enumerate(_list(section, "blocks")):
            if isinstance(block, Mapping) and block.get("type") == "media" and isinstance(block.get("media"), str):
                yield f"sections.{s}.blocks.{b}.media", block["media"]


def object_ids_of(document: Any) -> set[str]:
    """The ids of the objects an exhibition document names."""
    return {reference["object"] for _, reference in references(document)}


def first_object(document: Mapping[str, Any]) -> dict[str, Any] | None:
    """What shows as the exhibition's cover: its cover, else its first object block (else the
    first item of a gallery or a compare)."""
    for path, reference in references(document):
        if path == "cover" or ".objects." not in path:
            return reference
    return None


def without_objects(sections: list[Mapping[str, Any]], gone: set[str]) -> list[dict[str, Any]]:
    """The sections without what shows objects in `gone` (in their museum's trash): object blocks
    go, galleries, compares, maps and timelines keep the rest of their objects."""
    kept_sections = []
    for section in sections:
        blocks = []
        for block in section_blocks(section):
            kind = block.get("type")
            if kind == "object" and block["object"] in gone:
                continue
            if kind in ITEM_BLOCKS:
                block = {**block, "items": [item for item in block["items"] if item["object"] not in gone]}
            elif kind in LIST_BLOCKS and block.get("objects") is not None:
                block = {**block, "objects": [object_id for object_id in block["objects"] if object_id not in gone]}
            blocks.append(block)
        kept_sections.append({**section, "blocks": blocks})
    return kept_sections


def _list(value: Any, key: str) -> list:
    found = value.get(key) if isinstance(value, Mapping) else None
    return found if isinstance(found, list) else []
