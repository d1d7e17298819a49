"""Parse and validate an IIIF Image API 3.0 request into a resolved, canonical image request."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

QUALITIES = ("default", "color", "gray", "bitonal")
FORMATS = ("jpg", "png", "webp", "gif", "tif")

# The specification's grammar is ASCII: \d and int() would also take "１００" or "١٠٠".
_NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_PIXEL_REGION = re.compile(r"([0-9]+),([0-9]+),([0-9]+),([0-9]+)")
_PERCENT_REGION = re.compile(rf"pct:({_NUMBER}),({_NUMBER}),({_NUMBER}),({_NUMBER})")
_SIZE_WIDTH = re.compile(r"([0-9]+),")
_SIZE_HEIGHT = re.compile(r",([0-9]+)")
_SIZE_PERCENT = re.compile(rf"pct:({_NUMBER})")
_SIZE_EXACT = re.compile(r"([0-9]+),([0-9]+)")
_SIZE_CONFINED = re.compile(r"!([0-9]+),([0-9]+)")
_ROTATION = re.compile(rf"(!?)({_NUMBER})")


class ImageRequestError(Exception):
    """A request the server refuses: the HTTP status, the parameter at fault and why."""

    def __init__(self, status: int, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.status = status
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class ImageLimits:
    """The largest output the server renders; advertised as maxWidth, maxHeight, maxArea."""

    max_width: int = 10_000
    max_height: int = 10_000
    max_area: int = 25_000_000


@dataclass(frozen=True)
class Region:
    """A rectangle of the full-resolution image, in pixels."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class ImageRequest:
    """A request resolved against one image: what to cut, how large, how turned, how encoded."""

    identifier: str
    region: Region
    width: int  # of the scaled region, before rotation
    height: int
    mirror: bool
    rotation: float  # clockwise degrees, 0 <= rotation < 360
    quality: str
    format: str
    full: bool  # the region is the whole image
    max_size: bool  # the size is the largest one allowed without upscaling

    @property
    def upscaled(self) -> bool:
        return self.width > self.region.width or self.height > self.region.height

    @property
    def canonical_region(self) -> str:
        if self.full:
            return "full"
        r = self.region
        return f"{r.x},{r.y},{r.width},{r.height}"

    @property
    def canonical_size(self) -> str:
        if self.max_size and not self.upscaled:
            return "max"
        return f"{'^' if self.upscaled else ''}{self.width},{self.height}"

    @property
    def canonical_rotation(self) -> str:
        angle = f"{self.rotation:g}" if self.rotation == int(self.rotation) else _decimal(self.rotation)
        return f"{'!' if self.mirror else ''}{angle}"

    @property
    def canonical_path(self) -> str:
        """region/size/rotation/quality.format in canonical form, relative to the image's base URI."""
        return (
            f"{self.canonical_region}/{self.canonical_size}/{self.canonical_rotation}"
            f"/{self.quality}.{self.format}"
        )


def _decimal(value: float) -> str:
    return f"{value:.10f}".rstrip("0").rstrip(".")


def parse_image_request(
    identifier: str,
    region: str,
    size: str,
    rotation: str,
    quality: str,
    format: str,
    *,
    image_width: int,
    image_height: int,
    limits: ImageLimits = ImageLimits(),
) -> ImageRequest:
    """Resolve the five request parameters against an image of the given size.

    Raises ImageRequestError (400) naming the first parameter that is malformed or that asks
    for something outside the image or over the limits.
    """
    resolved_region = parse_region(region, image_width, image_height)
    width, height, max_size = parse_size(size, resolved_region, limits)
    mirror, angle = parse_rotation(rotation)
    if quality not in QUALITIES:
        raise ImageRequestError(400, "quality", f"unknown quality {quality!r}; one of {', '.join(QUALITIES)}")
    if format not in FORMATS:
        raise ImageRequestError(400, "format", f"unsupported format {format!r}; one of {', '.join(FORMATS)}")
    full = resolved_region == Region(0, 0, image_width, image_height)
    return ImageRequest(identifier, resolved_region, width, height, mirror, angle, quality, format, full, max_size)


def parse_region(region: str, image_width: int, image_height: int) -> Region:
    """The pixel rectangle a region parameter names, clipped to the image."""
    if region == "full":
        return Region(0, 0, image_width, image_height)
    if region == "square":
        side = min(image_width, image_height)
        return Region((image_width - side) // 2, (image_height - side) // 2, side, side)
    if m := _PIXEL_REGION.fullmatch(region):
        x, y, w, h = (int(v) for v in m.groups())
    elif m := _PERCENT_REGION.fullmatch(region):
        px, py, pw, ph = (float(v) for v in m.groups())
        x, y = round(px * image_width / 100), round(py * image_height / 100)
        w, h = round(pw * image_width / 100), round(ph * image_height / 100)
    else:
        raise ImageRequestError(
            400, "region", f"malformed region {region!r}; expected full, square, x,y,w,h or pct:x,y,w,h"
        )
    if w <= 0 or h <= 0:
        raise ImageRequestError(400, "region", f"region {region!r} has zero width or height")
    if x >= image_width or y >= image_height:
        raise ImageRequestError(
            400, "region", f"region {region!r} lies outside the image ({image_width}x{image_height})"
        )
    return Region(x, y, min(w, image_width - x), min(h, image_height - y))


def parse_size(size: str, region: Region, limits: ImageLimits) -> tuple[int, int, bool]:
    """(width, height, is_max) of the scaled region; upscaling needs the ^ prefix."""
    upscale = size.startswith("^")
    spec = size[1:] if upscale else size
    rw, rh = region.width, region.height
    max_w, max_h = _max_size(rw, rh, limits, upscale)
    if spec == "max":
        w, h = max_w, max_h
    elif m := _SIZE_WIDTH.fullmatch(spec):
        w = int(m.group(1))
        h = scaled_side(rh * w / rw)
    elif m := _SIZE_HEIGHT.fullmatch(spec):
        h = int(m.group(1))
        w = scaled_side(rw * h / rh)
    elif m := _SIZE_PERCENT.fullmatch(spec):
        percent = float(m.group(1))
        if percent > 100 and not upscale:
            raise ImageRequestError(400, "size", f"size {size!r} is over 100%; upscaling needs ^pct:")
        w, h = scaled_side(rw * percent / 100), scaled_side(rh * percent / 100)
    elif m := _SIZE_EXACT.fullmatch(spec):
        w, h = int(m.group(1)), int(m.group(2))
    elif m := _SIZE_CONFINED.fullmatch(spec):
        bw, bh = int(m.group(1)), int(m.group(2))
        box_scale = min(bw / rw, bh / rh)
        # A box larger than the region on both sides can only be filled by upscaling, which
        # needs ^ (the official validator's size_noup test requires this refusal).
        if box_scale > 1 and not upscale:
            raise ImageRequestError(
                400, "size", f"size {size!r} would upscale the {rw}x{rh} region; upscaling needs ^!w,h"
            )
        if box_scale > _limit_scale(rw, rh, limits):
            w, h = max_w, max_h
        elif bw / rw <= bh / rh:  # the box's width binds: fill it exactly
            w, h = bw, max(1, min(bh, round(rh * bw / rw)))
        else:
            w, h = max(1, min(bw, round(rw * bh / rh))), bh
    else:
        raise ImageRequestError(
            400, "size", f"malformed size {size!r}; expected max, w,, ,h, pct:n, w,h or !w,h (optionally after ^)"
        )
    if w <= 0 or h <= 0:
        raise ImageRequestError(400, "size", f"size {size!r} gives an empty image")
    if not upscale and (w > rw or h > rh):
        raise ImageRequestError(
            400, "size", f"size {size!r} is larger than the {rw}x{rh} region; upscaling needs ^"
        )
    if w > limits.max_width or h > limits.max_height or w * h > limits.max_area:
        raise ImageRequestError(
            400,
            "size",
            f"size {size!r} gives {w}x{h}, over the limits (maxWidth {limits.max_width}, "
            f"maxHeight {limits.max_height}, maxArea {limits.max_area})",
        )
    return w, h, (w, h) == _max_size(rw, rh, limits, upscale=False)


def scaled_side(side: float) -> int:
    """A side scaled to keep the region's aspect ratio: the nearest pixel, but at least one unless
    it is zero. The returned image is at least a pixel each way (section 4.2), so "512," of a
    1024 x 1 tile is 512 x 1, as the implementation notes' tile of a one-pixel strip is."""
    return max(1, round(side)) if side > 0 else 0


def _limit_scale(rw: int, rh: int, limits: ImageLimits) -> float:
    """The largest scale of a rw x rh region that stays within the limits."""
    return min(limits.max_width / rw, limits.max_height / rh, math.sqrt(limits.max_area / (rw * rh)))


def _max_size(rw: int, rh: int, limits: ImageLimits, upscale: bool) -> tuple[int, int]:
    """The largest size of a rw x rh region within the limits (never above it unless upscaling)."""
    scale = _limit_scale(rw, rh, limits)
    if not upscale and scale >= 1:
        return rw, rh
    return max(1, math.floor(rw * scale)), max(1, math.floor(rh * scale))


def parse_rotation(rotation: str) -> tuple[bool, float]:
    """(mirror, clockwise angle in [0, 360))."""
    m = _ROTATION.fullmatch(rotation)
    if not m:
        raise ImageRequestError(
            400, "rotation", f"malformed rotation {rotation!r}; expected a number, optionally after !"
        )
    angle = float(m.group(2))
    if angle > 360:
        raise ImageRequestError(400, "rotation", f"rotation {rotation!r} is over 360 degrees")
    return bool(m.group(1)), angle % 360
