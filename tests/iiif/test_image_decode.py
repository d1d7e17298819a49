"""One door for every decode: the format allowlist and the pixel limit, at ingest and when the Image API renders."""

import io
import logging

import pytest
from PIL import Image

from iiif.image import render as render_module
from iiif.image.decode import ACCEPTED_FORMATS, ImageRejected, open_image
from iiif.image.store import ImageStore
from tests.conftest import image_bytes
from tests.iiif.test_image_http import make_app, png, quadrants
from tests.iiif.test_image_store import assert_nothing_stored, png_header_only

# Real images Pillow writes and reads, of formats we never hand to a decoder.
OUTSIDE_THE_ALLOWLIST = ("ICO", "PCX", "TGA", "PPM", "SGI")


@pytest.mark.parametrize("format", OUTSIDE_THE_ALLOWLIST)
def test_real_images_of_other_formats_are_422_unopened(format):
    data = image_bytes(64, 48, format=format)
    assert Image.open(io.BytesIO(data)).format == format  # Pillow itself would read it
    with pytest.raises(ImageRejected, match="not an image in an accepted format") as refused:
        open_image(io.BytesIO(data), max_pixels=10_000)
    assert refused.value.status == 422


@pytest.mark.parametrize("format", ACCEPTED_FORMATS)
def test_every_accepted_format_opens(format):
    with open_image(io.BytesIO(image_bytes(64, 48, format=format)), max_pixels=64 * 48) as image:
        image.load()
        assert (image.format, image.size) == (format, (64, 48))


def test_over_the_pixel_limit_is_413_from_the_header():
    with pytest.raises(ImageRejected, match="over the limit of 4000000") as refused:
        open_image(io.BytesIO(png_header_only(2001, 2000)), max_pixels=4_000_000)
    assert refused.value.status == 413


def test_past_pillows_bomb_limit_is_413_whatever_our_limit():
    with pytest.raises(ImageRejected, match="too many pixels") as refused:
        open_image(io.BytesIO(png_header_only(30_000, 30_000)), max_pixels=10**10)
    assert refused.value.status == 413


@pytest.mark.parametrize("data, status", [
    *((image_bytes(64, 48, format=format), 422) for format in OUTSIDE_THE_ALLOWLIST),
    (png_header_only(2001, 1000), 413),
])
def test_ingest_refuses_through_the_door_and_stores_nothing(tmp_path, data, status):
    store = ImageStore(tmp_path / "store", max_pixels=2_000_000)
    with pytest.raises(ImageRejected) as refused:
        store.ingest(data)
    assert refused.value.status == status
    assert_nothing_stored(store)


# Rendering: the stored files were checked at ingest, but a file put in the store by hand (a
# restore from a tampered backup) or a limit lowered since must not reach a decoder either. The
# client asked for nothing wrong: the store is at fault, so the answer is a logged 500.

@pytest.fixture
def stored(tmp_path):
    store = ImageStore(tmp_path / "store", max_pixels=10_000_000, tile_size=256)
    return store, store.ingest(png(quadrants()))


def cached_files(store: ImageStore) -> list:
    return [key for key, _ in store.storage.list("cache")]


def refused_rendering(store: ImageStore, picture, caplog, words: str) -> None:
    with caplog.at_level(logging.ERROR):
        answer = make_app(store).test_client().get(f"/iiif/3/{picture.id}/10,10,290,190/145,/0/default.png")
    assert answer.status_code == 500
    assert answer.content_type == "application/problem+json"
    assert any(words in record.exc_text for record in caplog.records if record.exc_text)
    assert cached_files(store) == []


@pytest.mark.parametrize("format", OUTSIDE_THE_ALLOWLIST)
def test_rendering_never_decodes_a_master_replaced_by_another_format(stored, caplog, format):
    store, picture = stored
    store.master_path(picture.id).write_bytes(image_bytes(64, 48, format=format))
    refused_rendering(store, picture, caplog, "not an image in an accepted format")


def test_rendering_never_decodes_a_master_over_a_lowered_limit(stored, caplog):
    store, picture = stored
    lowered = ImageStore(store.root, max_pixels=100_000, tile_size=256)  # 600x400 = 240,000 pixels
    refused_rendering(lowered, picture, caplog, "over the limit of 100000")


@pytest.mark.parametrize("replacement, max_pixels, words", [
    (image_bytes(64, 48, format="PCX"), 10_000_000, "not an image in an accepted format"),
    (None, 1_000, "over the limit of 1000"),  # the tiles as they are, over a limit lowered below a tile's pixels
])
def test_rendering_from_tiles_refuses_the_same_way(stored, monkeypatch, caplog, replacement, max_pixels, words):
    store, picture = stored
    monkeypatch.setattr(render_module, "MASTER_PIXELS", 0)  # read from the pyramid, not the master
    monkeypatch.setattr(render_module, "decoded_tiles", render_module.DecodedTiles(10_000_000))
    if replacement is not None:
        for tile in (store.image_dir(picture.id) / "tiles").iterdir():
            tile.write_bytes(replacement)
    refused_rendering(ImageStore(store.root, max_pixels=max_pixels, tile_size=256), picture, caplog, words)
