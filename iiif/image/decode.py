"""The one door through which images are opened for decoding: contributors' files and the Image API's own reads.

Only the formats below reach a decoder, whatever the file claims to be (Pillow reads dozens of
others, each a parser fed untrusted bytes), and an image over the pixel limit is refused from
its header, before a pixel is decoded.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from PIL import Image, UnidentifiedImageError

if TYPE_CHECKING:
    import pyvips

# Pillow's names of the formats we open; everything else (ICO, PSD, PCX, EPS, PDF, ...) is refused.
ACCEPTED_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "BMP", "JPEG2000")
NOT_ACCEPTED = "the file is not an image in an accepted format (JPEG, PNG, TIFF, WebP, GIF, BMP, JPEG 2000)"
DAMAGED = "the image is truncated or damaged and cannot be decoded"


class ImageRejected(Exception):
    """An image we will not decode: status 422 (not an image of an accepted format) or 413 (too large)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def open_image(source: Path | BinaryIO, max_pixels: int) -> Image.Image:
    """The image, opened (its header read, nothing decoded yet), for the caller to load and close.

    Raises ImageRejected: 422 for a file that is not an image in an accepted format or has no
    pixels, 413 for one of more than max_pixels pixels, or past Pillow's own decompression-bomb
    limit.
    """
    with warnings.catch_warnings():
        # Pillow warns from its own limit up; ours (max_pixels) is the one that decides.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(source, formats=ACCEPTED_FORMATS)
        except Image.DecompressionBombError:
            raise ImageRejected(413, "the image has too many pixels to be decoded safely") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ImageRejected(422, NOT_ACCEPTED) from None
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise ImageRejected(413, f"the image has {width}x{height} = {width * height} pixels, "
                                 f"over the limit of {max_pixels}")
    if width == 0 or height == 0:
        image.close()
        raise ImageRejected(422, "the image has no pixels")
    return image


def open_sequential(path: Path, max_pixels: int) -> pyvips.Image | None:
    """A JPEG master in RGB or grey, opened for one pass from top to bottom, or None for any
    other image (which Pillow decodes whole).

    Pillow cannot decode a JPEG a band at a time, so a 100-megapixel master would sit whole in
    memory (300 MB) while its pyramid is derived; libvips streams it. The file passes through
    open_image first: the format and the pixel limit are read from its header by the same rules,
    and only libvips' JPEG loader is used, never its sniffing of other formats. A truncated or
    damaged file fails when its pixels are read (pyvips.Error), not here.
    """
    with open_image(path, max_pixels) as image:
        if image.format != "JPEG" or image.mode not in ("RGB", "L"):
            return None
    import pyvips  # only ingests need it

    pyvips.cache_set_max(0)  # libvips would answer a later load of the same path from its cache
    return pyvips.Image.jpegload(str(path), access="sequential", fail_on="truncated")
