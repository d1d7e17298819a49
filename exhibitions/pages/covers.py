"""Images as the pages' <img> tags take them (`src`, `srcset`, size) from our Image API, and an
exhibition's cover for cards, the home page and the exhibition's own opening: the document's
`cover` ({object, image?, region?}) when it has one, else its first object's image, as
blocks.first_object names it (pure: takes the reference and the object's record)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from iiif.manifests import ItemNotShown, item_view

# Widths a browser picks from (srcset): a phone's card, a wide card, a full-bleed cover.
CARD_WIDTHS = (400, 800)
COVER_WIDTHS = (800, 1600, 2400)


def cover_image(reference: Mapping[str, Any] | None, record: Mapping[str, Any] | None,
                widths: Iterable[int] = CARD_WIDTHS) -> dict[str, Any] | None:
    """The image a reference ({object, image?, region?}) shows, as an <img> takes it: `src`
    (the middle width), `srcset`, and the region's `width` and `height` (for the aspect ratio,
    so that nothing shifts as it loads); widths beyond the region's own are left out, never
    enlarged. None when there is nothing to show."""
    if reference is None or record is None:
        return None
    try:
        image, region = item_view(reference, record)
    except ItemNotShown:
        return None
    return picture(image["service"], image["width"], image["height"], widths, region)


def picture(service: str, width: int, height: int, widths: Iterable[int] = CARD_WIDTHS,
            region: tuple[int, int, int, int] | None = None) -> dict[str, Any]:
    """An image (or its region) of an Image API service at a few widths, as an <img> takes it,
    and `webp`: the same widths as WebP (our Image API's extra format, a third or so smaller), for
    a <picture>'s <source> before the JPEG <img>."""
    if region:
        width, height = region[2], region[3]
    where = ",".join(map(str, region)) if region else "full"
    sizes = sorted({min(wanted, width) for wanted in widths})
    urls = [(size, f"{service}/{where}/{size},/0/default") for size in sizes]
    return {"src": urls[len(urls) // 2][1] + ".jpg",
            "srcset": ", ".join(f"{url}.jpg {size}w" for size, url in urls),
            "webp": ", ".join(f"{url}.webp {size}w" for size, url in urls),
            "width": width, "height": height}
