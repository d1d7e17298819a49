"""The tile pyramid of an image: its grid (scale factors, tiles, the level serving a request) and its writing."""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from .decode import DAMAGED, ImageRejected
from .request import ImageRequest, Region, scaled_side

if TYPE_CHECKING:
    import pyvips

TILE_QUALITY = 90


@dataclass(frozen=True)
class TileGrid:
    """The tiles advertised in info.json: tile_size square tiles at every power-of-two scale factor."""

    width: int
    height: int
    tile_size: int

    @property
    def scale_factors(self) -> tuple[int, ...]:
        """1, 2, 4, ... up to the first level that fits in one tile."""
        factors = [1]
        while max(self.level_size(factors[-1])) > self.tile_size:
            factors.append(factors[-1] * 2)
        return tuple(factors)

    def level_size(self, scale_factor: int) -> tuple[int, int]:
        return math.ceil(self.width / scale_factor), math.ceil(self.height / scale_factor)

    def columns_rows(self, scale_factor: int) -> tuple[int, int]:
        span = self.tile_size * scale_factor
        return math.ceil(self.width / span), math.ceil(self.height / span)

    def tile_region(self, scale_factor: int, column: int, row: int) -> Region:
        span = self.tile_size * scale_factor
        x, y = column * span, row * span
        return Region(x, y, min(span, self.width - x), min(span, self.height - y))

    def tile_name(self, scale_factor: int, column: int, row: int) -> str:
        """The tile's file relative to the image's directory: its region and size as a viewer asks for them.

        The name is `tiles/<region>_<width>,<height>.jpg` with the region as in a request URL
        (`full` when the tile is the whole image), so a web server can map a tile URL to its
        file with a pattern, without asking the application.
        """
        region_part, width, height = self._request_parts(scale_factor, column, row)
        return f"tiles/{region_part}_{width},{height}.jpg"

    def tile_aliases(self, scale_factor: int, column: int, row: int) -> list[str]:
        """Other names of the same tile: the `w,` size form and `max`, each where that request
        is answered with this tile (tile_for), so that a web server mapping names to files sends
        what the application would. Edge tiles one pixel wide share a region across factors
        (1024,0,1,300 at 1 and 2): "1," keeps the region's proportions, 1 x 300, the finer one."""
        region_part, width, height = self._request_parts(scale_factor, column, row)
        region = self.tile_region(scale_factor, column, row)
        tile = (scale_factor, column, row)
        aliases = []
        if self._tile_of(region, width, scaled_side(region.height * width / region.width)) == tile:
            aliases.append(f"tiles/{region_part}_{width},.jpg")
        if self._tile_of(region, region.width, region.height) == tile:
            aliases.append(f"tiles/{region_part}_max.jpg")
        return aliases

    def _request_parts(self, scale_factor: int, column: int, row: int) -> tuple[str, int, int]:
        region = self.tile_region(scale_factor, column, row)
        if region == Region(0, 0, self.width, self.height):
            region_part = "full"
        else:
            region_part = f"{region.x},{region.y},{region.width},{region.height}"
        return region_part, math.ceil(region.width / scale_factor), math.ceil(region.height / scale_factor)

    def tile_for(self, request: ImageRequest) -> tuple[int, int, int] | None:
        """(scale factor, column, row) when the request is exactly one pyramid tile, else None."""
        if request.rotation or request.mirror or request.quality not in ("default", "color"):
            return None
        if request.format != "jpg":
            return None
        return self._tile_of(request.region, request.width, request.height)

    def _tile_of(self, region: Region, width: int, height: int) -> tuple[int, int, int] | None:
        """The tile whose region is region and whose size is width x height, else one a pixel off.

        Clients compute the other dimension from the one they ask (w, or ,h) and may round it
        the other way, so a pixel of difference in one dimension still names the same tile; the
        dimension asked must match exactly, or ",501" would be answered with a 500-pixel tile.
        An exact size comes first: the edge tile 1024,0,1,2 is 1 x 2 at factor 1 and 1 x 1 at 2.
        """
        near = None
        for scale_factor in self.scale_factors:
            span = self.tile_size * scale_factor
            if region.x % span or region.y % span:
                continue
            column, row = region.x // span, region.y // span
            if region != self.tile_region(scale_factor, column, row):
                continue
            tile_width, tile_height = math.ceil(region.width / scale_factor), math.ceil(region.height / scale_factor)
            if (width, height) == (tile_width, tile_height):
                return scale_factor, column, row
            if near is None and ((width == tile_width and abs(height - tile_height) <= 1)
                                 or (height == tile_height and abs(width - tile_width) <= 1)):
                near = scale_factor, column, row
        return near

    def level_for(self, region: Region, width: int, height: int) -> int:
        """The largest scale factor whose level still holds at least width x height pixels of the region."""
        best = 1
        for scale_factor in self.scale_factors:
            if region.width / scale_factor >= width and region.height / scale_factor >= height:
                best = scale_factor
        return best

    def tiles_covering(self, scale_factor: int, region: Region) -> list[tuple[int, int]]:
        """(column, row) of every tile of the level that the region touches."""
        span = self.tile_size * scale_factor
        first_column, first_row = region.x // span, region.y // span
        last_column = (region.x + region.width - 1) // span
        last_row = (region.y + region.height - 1) // span
        return [
            (column, row)
            for row in range(first_row, last_row + 1)
            for column in range(first_column, last_column + 1)
        ]


def write_pyramid(image: Image.Image, directory: Path, grid: TileGrid) -> None:
    """Write every tile of the grid as JPEG under directory, level by level, from the whole image."""
    (directory / "tiles").mkdir(parents=True)
    _write_levels(image, directory, grid, grid.scale_factors)


def _write_levels(level: Image.Image, directory: Path, grid: TileGrid, scale_factors: tuple[int, ...]) -> None:
    """Write the levels of scale_factors, the first of which is level.

    Only the current level is held in memory besides the first: each level is the previous one
    halved with Image.reduce, and the previous one is released before the next is made.
    Tiles are encoded on a few threads (Pillow's encoders release the GIL).
    """
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for scale_factor in scale_factors:
            if scale_factor > scale_factors[0]:
                level = level.reduce(2)
            columns, rows = grid.columns_rows(scale_factor)
            jobs = [
                pool.submit(_write_tile, level, directory, grid, scale_factor, column, row)
                for row in range(rows)
                for column in range(columns)
            ]
            for job in jobs:
                job.result()


def write_pyramid_sequential(master: pyvips.Image, directory: Path, grid: TileGrid) -> None:
    """Write every tile of the grid from a JPEG master read once from top to bottom (decode.open_sequential).

    libvips' dzsave holds a band of each level at a time, so memory stays bounded whatever the
    master's size. Its Deep Zoom layout has our grid (levels halved with the same rounding up, by
    a 2 x 2 mean like Image.reduce; tiles from the top left corner) in one folder per level, the
    finest level numbered by how many halvings take the image to one pixel; its files are moved
    to our names. Tiles are JPEG at the same quality, chroma subsampled like Pillow's, and
    without the master's metadata.
    """
    import pyvips

    (directory / "tiles").mkdir(parents=True)
    with tempfile.TemporaryDirectory(dir=directory) as scratch:
        try:
            master.dzsave(f"{scratch}/layout", layout="dz", tile_size=grid.tile_size, overlap=0, depth="onepixel",
                          suffix=f".jpg[Q={TILE_QUALITY},subsample_mode=on,keep=none]")
        except pyvips.Error:
            raise ImageRejected(422, DAMAGED) from None
        finest = math.ceil(math.log2(max(grid.width, grid.height)))
        for scale_factor in grid.scale_factors:  # the finer level first, as write_pyramid does
            level = Path(scratch) / "layout_files" / str(finest - scale_factor.bit_length() + 1)
            columns, rows = grid.columns_rows(scale_factor)
            for row in range(rows):
                for column in range(columns):
                    path = directory / grid.tile_name(scale_factor, column, row)
                    if not path.exists():
                        os.replace(level / f"{column}_{row}.jpg", path)
                        _link_aliases(path, directory, grid, scale_factor, column, row)


def _write_tile(level: Image.Image, directory: Path, grid: TileGrid, scale_factor: int, column: int, row: int) -> None:
    path = directory / grid.tile_name(scale_factor, column, row)
    if path.exists():
        # A one-pixel corner (the last pixel of a 1025 x 1025 image) is the same region and size
        # at two factors: tile_for names the finer level's, written first, with its exact pixel.
        return
    x, y = column * grid.tile_size, row * grid.tile_size
    tile = level.crop((x, y, min(x + grid.tile_size, level.width), min(y + grid.tile_size, level.height)))
    tile.save(path, "JPEG", quality=TILE_QUALITY)
    _link_aliases(path, directory, grid, scale_factor, column, row)


def _link_aliases(path: Path, directory: Path, grid: TileGrid, scale_factor: int, column: int, row: int) -> None:
    for alias in grid.tile_aliases(scale_factor, column, row):
        try:
            os.link(path, directory / alias)
        except OSError:  # a file system without hard links
            shutil.copyfile(path, directory / alias)
