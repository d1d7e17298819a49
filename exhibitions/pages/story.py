"""The exhibition as a story to render: sections with their blocks in order, each object with
its record, the image to show and the region to fly to; galleries and compares with their
thumbnails; maps and timelines as the places and dates of their objects; the museums to credit
at its end (pure: takes the document and the records)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from exhibitions.curation.blocks import section_blocks
from iiif import urls
from iiif.manifests import ItemNotShown, Region, item_view


def iiif_size(width: int, height: int, box: int) -> str:
    """The IIIF size parameter that fits an image (or region) into a box without enlarging it,
    in the `w,` form every Image API 2 and 3 server answers (a museum's own, for imports)."""
    return f"{urls.fitted(width, height, box)[0]},"


def shown(item: Mapping[str, Any], record: Mapping[str, Any] | None) -> tuple[Mapping[str, Any] | None, Region | None]:
    """The item's image and region as the manifest shows them; (None, None) when it cannot be shown."""
    if record is None:
        return None, None
    try:
        return item_view(item, record)
    except ItemNotShown:
        return None, None


def _view(item: Mapping[str, Any], records: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """An object as a block shows it: its record, image, region and caption."""
    record = records.get(item["object"])
    image, region = shown(item, record)
    return {
        "object_id": item["object"],
        "record": record,
        "image": image,
        "region": region,
        "region_text": ",".join(map(str, region)) if region else "full",
        "caption": item.get("caption"),
    }


def _listed(block: Mapping[str, Any], every: list[str], records: Mapping[str, Mapping[str, Any]]) -> list[dict]:
    """The records a map or a timeline shows: those it names, else every object of the exhibition."""
    ids = block.get("objects") if block.get("objects") is not None else every
    return [records[object_id] for object_id in ids if object_id in records]


def story_sections(document: Mapping[str, Any], records: Mapping[str, Mapping[str, Any]],
                   media: Mapping[str, Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Sections in the curator's order, each with its blocks; object blocks numbered across the
    whole exhibition (the viewer follows them) and also listed as the section's `items`. A media
    block that names an uploaded file gets its record (exhibitions.objects.records.media_record) from
    `media` as `record` (None when the file is gone)."""
    every = [object_id for object_id in _in_order(document) if object_id in records]
    sections = []
    number = 0
    for position, section in enumerate(document.get("sections") or []):
        blocks = []
        for block in section_blocks(section):
            kind = block["type"]
            view: dict[str, Any] = {"type": kind, "caption": block.get("caption")}
            if kind == "object":
                number += 1
                view.update(_view(block, records), number=number, layout=block.get("layout", "right"))
            elif kind in ("gallery", "compare"):
                view.update(items=[_view(item, records) for item in block["items"]], style=block.get("style", "grid"))
            elif kind == "map":
                places = [record for record in _listed(block, every, records)
                          if (record.get("place") or {}).get("lat") is not None]
                view.update(places=places, journey=block.get("journey", False))
            elif kind == "timeline":
                dated = [record for record in _listed(block, every, records) if record.get("date")]
                view.update(dated=sorted(dated, key=lambda record: (record["date"]["start"], record["date"]["end"])))
            else:
                view.update({key: value for key, value in block.items() if key != "type"})
                if kind == "media" and block.get("media"):
                    view["record"] = (media or {}).get(block["media"])
            blocks.append(view)
        sections.append({"position": position + 1, "title": section.get("title"), "text": section.get("text"),
                         "blocks": blocks, "items": [view for view in blocks if view["type"] == "object"]})
    return sections


def credits(document: Mapping[str, Any], records: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The museums whose objects the story shows, each once, in the order their first object comes."""
    museums: dict[str, dict[str, Any]] = {}
    for object_id in _in_order(document):
        if object_id in records:
            museum = records[object_id]["museum"]
            museums.setdefault(museum["slug"], museum)
    return list(museums.values())


def _in_order(document: Mapping[str, Any]) -> list[str]:
    """The exhibition's objects in the order its blocks show them, each once (the cover left out)."""
    seen: dict[str, None] = {}
    for section in document.get("sections") or []:
        for block in section_blocks(section):
            for object_id in [item["object"] for item in block.get("items") or []] or \
                    ([block["object"]] if block.get("type") == "object" else []):
                seen.setdefault(object_id)
    return list(seen)
