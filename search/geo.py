"""Places on the map: the bounding box filter, web-mercator tiles and the map's clustering rule.

Both backends cluster by the same tile grid as map tiles (and as Elasticsearch's
``geotile_grid``): at precision p the world is 2^p x 2^p cells in web-mercator, x from the
antimeridian eastwards, y from the north down; latitudes beyond +-85.0511 (the projection's
edge) fall in the first or last row.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_ZOOM = 20
# A cluster cell is a quarter of a map tile on a side (64 of its 256 pixels) ...
CELLS_PER_TILE_SIDE = 2
# ... unless the box would then hold more cells than this: coarser cells keep every answer small
# (and every cell in it, so that the clusters' counts always add up to the total).
MAX_CELLS = 4096
# Objects are listed beside the clusters when this few match: never 100,000 markers.
MAP_OBJECTS = 200
MAX_LATITUDE = 85.05112878

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class BBox:
    """A box in degrees, edges included. west > east crosses the antimeridian (around Fiji)."""

    west: float
    south: float
    east: float
    north: float

    @property
    def crosses_antimeridian(self) -> bool:
        return self.west > self.east

    def contains(self, lat: float, lon: float) -> bool:
        if not self.south <= lat <= self.north:
            return False
        if self.crosses_antimeridian:
            return lon >= self.west or lon <= self.east
        return self.west <= lon <= self.east

    def as_list(self) -> list[float]:
        return [self.west, self.south, self.east, self.north]


def parse_bbox(text: str) -> BBox:
    """west,south,east,north in decimal degrees (ASCII digits, an optional minus and fraction);
    ValueError saying what is wrong (no NaN, no infinity, no exponent, no other digits)."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 4 or not all(_NUMBER.fullmatch(part) for part in parts):
        raise ValueError("must be four decimal numbers: west,south,east,north")
    west, south, east, north = (float(part) for part in parts)
    for name, value in (("west", west), ("east", east)):
        if not -180 <= value <= 180:
            raise ValueError(f"{name} must be a longitude from -180 to 180")
    for name, value in (("south", south), ("north", north)):
        if not -90 <= value <= 90:
            raise ValueError(f"{name} must be a latitude from -90 to 90")
    if south > north:
        raise ValueError("south must not be north of north")
    return BBox(west, south, east, north)


def tile_x(lon: float) -> float:
    """The longitude as a fraction of the world's width, 0 at the antimeridian."""
    return (lon + 180.0) / 360.0


def tile_y(lat: float) -> float:
    """The latitude as a fraction of the web-mercator world's height, 0 at the top."""
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    sine = math.sin(math.radians(lat))
    return 0.5 - math.log((1 + sine) / (1 - sine)) / (4 * math.pi)


def cell(fraction: float, precision: int) -> int:
    """The cell a tile fraction falls in at a precision (the last cell holds the far edge)."""
    cells = 1 << precision
    return min(int(fraction * cells), cells - 1)


def _cells_across(bbox: BBox | None, precision: int) -> int:
    if bbox is None:
        return 1 << (2 * precision)
    west, east = cell(tile_x(bbox.west), precision), cell(tile_x(bbox.east), precision)
    columns = east - west + 1 if not bbox.crosses_antimeridian else (1 << precision) - west + east + 1
    rows = cell(tile_y(bbox.south), precision) - cell(tile_y(bbox.north), precision) + 1
    return columns * rows


def map_precision(zoom: int, bbox: BBox | None) -> int:
    """The tile precision of the clusters for a map at zoom showing bbox (None: the world)."""
    precision = zoom + CELLS_PER_TILE_SIDE
    while precision > 0 and _cells_across(bbox, precision) > MAX_CELLS:
        precision -= 1
    return precision
