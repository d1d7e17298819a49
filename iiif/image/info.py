"""The Image API 3.0 image information document (info.json) of a stored image."""

from __future__ import annotations

from .request import FORMATS, ImageLimits
from .store import StoredImage

CONTEXT = "http://iiif.io/api/image/3/context.json"
PROTOCOL = "http://iiif.io/api/image"
PROFILE = "level2"
PROFILE_URI = "http://iiif.io/api/image/3/level2.json"
# Formats and features beyond compliance level 2 that this server offers.
EXTRA_FORMATS = [f for f in FORMATS if f not in ("jpg", "png")]
EXTRA_QUALITIES = ["color", "gray", "bitonal"]
EXTRA_FEATURES = [
    "canonicalLinkHeader",
    "mirroring",
    "profileLinkHeader",
    "regionSquare",
    "rotationArbitrary",
    "sizeUpscaling",
]


def image_info(service_id: str, image: StoredImage, limits: ImageLimits) -> dict:
    """info.json for the image served at service_id (its base URI, without /info.json)."""
    grid = image.grid
    sizes = [
        {"width": width, "height": height}
        for width, height in (grid.level_size(factor) for factor in reversed(grid.scale_factors))
        if width <= limits.max_width and height <= limits.max_height and width * height <= limits.max_area
    ]
    return {
        "@context": CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": PROTOCOL,
        "profile": PROFILE,
        "width": image.width,
        "height": image.height,
        "maxWidth": limits.max_width,
        "maxHeight": limits.max_height,
        "maxArea": limits.max_area,
        "sizes": sizes,
        "tiles": [{"width": grid.tile_size, "height": grid.tile_size, "scaleFactors": list(grid.scale_factors)}],
        "preferredFormats": ["jpg"],
        "extraFormats": EXTRA_FORMATS,
        "extraQualities": EXTRA_QUALITIES,
        "extraFeatures": EXTRA_FEATURES,
    }
