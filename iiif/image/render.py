"""Render an image request step by step (region, size, rotation, quality, format) from the smallest level."""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict

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
    and decoding JPEG is, after the resize, the largest cost of an uncached region. Stored tiles
    never change (content addressed), so a decoded tile stays valid as long as its file is there.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._tiles: OrderedDict[tuple[str, str], Image.Image] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, store: ImageStore, key: str, max_pixels: int) -> Image.Image:
        path = (store.storage.location, key)  # the same key in two stores (two tests' folders) is two tiles
        with self._lock:
            tile = self._tiles.get(path)
            if tile is not None:
                self._tiles.move_to_end(path)
                return tile
        tile = open_image(io.BytesIO(store.read(key)), max_pixels)
        try:
            tile.load()  # which closes the file: the decoded tile is kept without a copy
        except BaseException:
            tile.close()
            raise
        if tile.mode not in ("RGB", "L"):
            tile = tile.convert("RGB")
        size = held_bytes(tile)
        with self._lock:
            if path not in self._tiles:
                self._tiles[path] = tile
                self._bytes += size
            while self._bytes > self.max_bytes and self._tiles:
                _, dropped = self._tiles.popitem(last=False)
                self._bytes -= held_bytes(dropped)
        return tile


def held_bytes(tile: Image.Image) -> int:
    """The memory a decoded tile holds: Pillow keeps an RGB pixel in four bytes, an L pixel in one."""
    return (1 if tile.mode == "L" else 4) * tile.width * tile.height


decoded_tiles = DecodedTiles(128 * 1024 * 1024)


def render(store: ImageStore, image: StoredImage, request: ImageRequest) -> bytes:
    """The encoded bytes the request asks for."""
    picture = read_region(store, image, request.region, request.width, request.height)
    picture = rotate(picture, request.mirror, request.rotation, request.format)
    picture = apply_quality(picture, request.quality)
    return encode(picture, request.format)


def read_region(store: ImageStore, image: StoredImage, region: Region, width: int, height: int) -> Image.Image:
    """The region scaled to width x height, read from the smallest level holding enough pixels."""
    if image.width * image.height <= MASTER_PIXELS or not image.tiled:
        with store.open_master(image.id) as file, open_image(file, store.max_pixels) as master:
            # A JPEG decodes at 1/2, 1/4 or 1/8 of its size for little more than the file's
            # reading: while a large master waits for its pyramid, a view of it does not decode
            # it whole unless it needs all its pixels.
            master.draft(None, (math.ceil(image.width * width / region.width),
                                math.ceil(image.height * height / region.height)))
            ratio = master.width / image.width
            master.load()
            source = to_displayable(master)
        box = (region.x * ratio, region.y * ratio, (region.x + region.width) * ratio,
               (region.y + region.height) * ratio)
        return _scaled(source, box, width, height)
    grid = image.grid
    scale_factor = grid.level_for(region, width, height)
    level_width, level_height = grid.level_size(scale_factor)
    # The region in the level's pixels, and the whole pixels holding it: only they are pasted,
    # each tile whole at its place (paste clips it to the canvas, which the tiles cover entirely).
    left, top = region.x / scale_factor, region.y / scale_factor
    right = min((region.x + region.width) / scale_factor, level_width)
    bottom = min((region.y + region.height) / scale_factor, level_height)
    x0, y0, x1, y1 = math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom)
    span = grid.tile_size
    tiles = grid.tiles_covering(scale_factor, region)
    canvas = None
    for column, row in tiles:
        tile = decoded_tiles.get(store, store.tile_key(image, scale_factor, column, row), store.max_pixels)
        tile_x, tile_y = column * span, row * span
        if len(tiles) == 1:  # the usual case at coarse levels: no canvas, no copy
            canvas, x0, y0 = tile, tile_x, tile_y
            break
        if canvas is None:
            canvas = Image.new(tile.mode, (x1 - x0, y1 - y0), None)  # not filled: every pixel is pasted
        canvas.paste(tile, (tile_x - x0, tile_y - y0))
    return _scaled(canvas, (left - x0, top - y0, right - x0, bottom - y0), width, height)


def _scaled(source: Image.Image, box: tuple[float, float, float, float], width: int, height: int) -> Image.Image:
    if box[2] - box[0] == width and box[3] - box[1] == height and all(float(v).is_integer() for v in box):
        return source.crop(tuple(int(v) for v in box))
    # Shrinking (nearly every request) with the triangle filter costs half of bicubic's at no
    # visible loss; enlarging keeps bicubic, where the difference shows.
    shrinking = width <= box[2] - box[0] and height <= box[3] - box[1]
    resample = Image.Resampling.BILINEAR if shrinking else Image.Resampling.BICUBIC
    return source.resize((width, height), resample, box=box)


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
        # The API names no background; black is what other servers (and libvips) give.
        fill = 0 if picture.mode == "L" else (0, 0, 0)
    # The canvas is the turned image's bounding box, rounded, and the turn is about the centre of
    # the middle pixel, as libvips (and so iiif-validator-ng's reference) turns: Pillow's own
    # rotate(expand=True) widens the box to whole pixels on both sides, a pixel more than the
    # reference and half a pixel off it, enough for the validator to find the centres differ.
    width, height = picture.size
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    turned_width = max(1, round(abs(width * cos) + abs(height * sin)))
    turned_height = max(1, round(abs(width * sin) + abs(height * cos)))
    middle_x, middle_y = turned_width / 2 + 0.5, turned_height / 2 + 0.5
    # Each pixel of the turned image samples the picture where turning it back lands.
    inverse = (cos, sin, width / 2 + 0.5 - cos * middle_x - sin * middle_y,
               -sin, cos, height / 2 + 0.5 + sin * middle_x - cos * middle_y)
    return picture.transform((turned_width, turned_height), Image.Transform.AFFINE, inverse,
                             resample=Image.Resampling.BICUBIC, fillcolor=fill)


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
