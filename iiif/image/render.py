"""Render an image request step by step (region, size, rotation, quality, format) from the smallest level."""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from pathlib import Path

from PIL import Image

from .decode import open_image
from .request import ImageRequest, Region
from .store import ImageStore, StoredImage, to_displayable

# Small masters are decoded whole (exact pixels, cheap); larger ones are read from the pyramid.
MASTER_PIXELS = 4_000_000
MEDIA_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "tif": "image/tiff",
}
_TRANSPARENT_FORMATS = ("png", "webp")


class DecodedTiles:
    """The most recently used decoded tiles of this process, bounded in bytes.

    Neighbouring regions share tiles (a viewer's zoom and pan, several crops of one object),
    and decoding JPEG is most of the cost of an uncached region. Stored tiles never change
    (content addressed), so a decoded tile stays valid as long as its file is there.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._tiles: OrderedDict[Path, Image.Image] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, path: Path, max_pixels: int) -> Image.Image:
        with self._lock:
            tile = self._tiles.get(path)
            if tile is not None:
                self._tiles.move_to_end(path)
                return tile
        with open_image(path, max_pixels) as opened:
            opened.load()
            tile = opened.copy() if opened.mode in ("RGB", "L") else opened.convert("RGB")
        size = len(tile.getbands()) * tile.width * tile.height
        with self._lock:
            if path not in self._tiles:
                self._tiles[path] = tile
                self._bytes += size
            while self._bytes > self.max_bytes and self._tiles:
                _, dropped = self._tiles.popitem(last=False)
                self._bytes -= len(dropped.getbands()) * dropped.width * dropped.height
        return tile


decoded_tiles = DecodedTiles(64 * 1024 * 1024)


def render(store: ImageStore, image: StoredImage, request: ImageRequest) -> bytes:
    """The encoded bytes the request asks for."""
    picture = read_region(store, image, request.region, request.width, request.height)
    picture = rotate(picture, request.mirror, request.rotation, request.format)
    picture = apply_quality(picture, request.quality)
    return encode(picture, request.format)


def read_region(store: ImageStore, image: StoredImage, region: Region, width: int, height: int) -> Image.Image:
    """The region scaled to width x height, read from the smallest level holding enough pixels."""
    if image.width * image.height <= MASTER_PIXELS:
        with open_image(store.master_path(image.id), store.max_pixels) as master:
            master.load()
            source = to_displayable(master)
        box = (region.x, region.y, region.x + region.width, region.y + region.height)
        return _scaled(source, box, width, height)
    grid = image.grid
    scale_factor = grid.level_for(region, width, height)
    tiles = grid.tiles_covering(scale_factor, region)
    first_column, first_row = tiles[0]
    last_column, last_row = tiles[-1]
    span = grid.tile_size
    level_width, level_height = grid.level_size(scale_factor)
    origin_x, origin_y = first_column * span, first_row * span
    canvas_size = (
        min((last_column + 1) * span, level_width) - origin_x,
        min((last_row + 1) * span, level_height) - origin_y,
    )
    canvas = None
    for column, row in tiles:
        tile = decoded_tiles.get(store.tile_path(image, scale_factor, column, row), store.max_pixels)
        if canvas is None:
            canvas = Image.new(tile.mode, canvas_size)
        canvas.paste(tile, (column * span - origin_x, row * span - origin_y))
    box = (
        region.x / scale_factor - origin_x,
        region.y / scale_factor - origin_y,
        min((region.x + region.width) / scale_factor - origin_x, canvas_size[0]),
        min((region.y + region.height) / scale_factor - origin_y, canvas_size[1]),
    )
    return _scaled(canvas, box, width, height)


def _scaled(source: Image.Image, box: tuple[float, float, float, float], width: int, height: int) -> Image.Image:
    if box[2] - box[0] == width and box[3] - box[1] == height and all(float(v).is_integer() for v in box):
        return source.crop(tuple(int(v) for v in box))
    return source.resize((width, height), Image.Resampling.BICUBIC, box=box)


def rotate(picture: Image.Image, mirror: bool, angle: float, format: str) -> Image.Image:
    """Mirror first, then turn clockwise; arbitrary angles widen the canvas to hold the whole turned image."""
    if mirror:
        picture = picture.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if angle == 0:
        return picture
    quarter_turns = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    if angle in quarter_turns:
        return picture.transpose(quarter_turns[angle])
    if format in _TRANSPARENT_FORMATS:
        picture = picture.convert("LA" if picture.mode == "L" else "RGBA")
        fill = (0, 0) if picture.mode == "LA" else (0, 0, 0, 0)
    else:
        fill = 255 if picture.mode == "L" else (255, 255, 255)
    return picture.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)


def apply_quality(picture: Image.Image, quality: str) -> Image.Image:
    if quality == "gray":
        return picture.convert("LA" if picture.mode in ("RGBA", "LA") else "L")
    if quality == "bitonal":
        return picture.convert("L").point(lambda value: 255 if value >= 128 else 0).convert("1")
    return picture


def encode(picture: Image.Image, format: str) -> bytes:
    buffer = io.BytesIO()
    if format == "jpg":
        if picture.mode not in ("RGB", "L"):
            picture = picture.convert("L" if picture.mode in ("1", "LA") else "RGB")
        picture.save(buffer, "JPEG", quality=85)
    elif format == "png":
        picture.save(buffer, "PNG", compress_level=3)
    elif format == "webp":
        picture.save(buffer, "WEBP", quality=80)
    elif format == "gif":
        picture.save(buffer, "GIF")
    elif format == "tif":
        picture.save(buffer, "TIFF", compression="tiff_deflate")
    else:
        raise ValueError(f"no encoder for {format!r}")
    return buffer.getvalue()
