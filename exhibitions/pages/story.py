"""The exhibition as a story to render: sections with their items, each item with its object's
record, the image to show and the region to fly to (pure: takes the document and the records)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


def cover_image(item: Mapping[str, Any], record: Mapping[str, Any], box: int) -> str | None:
    """The URL of the item's image (its region when it has one) fitted into box pixels."""
    image, region = shown(item, record)
    if image is None:
        return None
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
            image, region = shown(item, record)
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
