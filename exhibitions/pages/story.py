"""The exhibition as a story to render: sections with their items, each item with its object's
record, the image to show and the region to fly to (pure: takes the document and the records)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def iiif_size(width: int, height: int, box: int) -> str:
    """The IIIF size that fits an image (or region) into a box without enlarging it (IIIF 3
    refuses to upscale without '^')."""
    return "max" if max(width, height) <= box else f"!{box},{box}"


def parse_region(region: str | None, width: int, height: int) -> tuple[int, int, int, int] | None:
    """x,y,w,h in image pixels, clipped to the image; None for the whole image or a bad value."""
    if not region:
        return None
    try:
        x, y, w, h = (int(part) for part in region.split(","))
    except ValueError:
        return None
    x, y = max(0, min(x, width - 1)), max(0, min(y, height - 1))
    w, h = min(w, width - x), min(h, height - y)
    return (x, y, w, h) if w > 0 and h > 0 else None


def chosen_image(item: Mapping[str, Any], record: Mapping[str, Any]) -> Mapping[str, Any] | None:
    images = record.get("images") or []
    wanted = item.get("image")
    return next((image for image in images if image["id"] == wanted), None) or (images[0] if images else None)


def cover_image(item: Mapping[str, Any], record: Mapping[str, Any], box: int) -> str | None:
    """The URL of the item's image (its region when it has one) fitted into box pixels."""
    image = chosen_image(item, record)
    if image is None:
        return None
    region = parse_region(item.get("region"), image["width"], image["height"])
    width, height = (region[2], region[3]) if region else (image["width"], image["height"])
    where = ",".join(map(str, region)) if region else "full"
    return f"{image['service']}/{where}/{iiif_size(width, height, box)}/0/default.jpg"


def story_sections(document: Mapping[str, Any], records: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Sections in the curator's order; items numbered across the whole exhibition."""
    sections = []
    number = 0
    for position, section in enumerate(document.get("sections") or []):
        items = []
        for item in section.get("items") or []:
            number += 1
            record = records.get(item["object"])
            image = chosen_image(item, record) if record else None
            region = parse_region(item.get("region"), image["width"], image["height"]) if image else None
            items.append({
                "number": number,
                "object_id": item["object"],
                "record": record,
                "image": image,
                "region": region,
                "region_text": ",".join(map(str, region)) if region else "full",
                "caption": item.get("caption"),
            })
        sections.append({"position": position + 1, "title": section.get("title"), "text": section.get("text"),
                         "items": items})
    return sections
