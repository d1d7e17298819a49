"""The content-addressed image store: ingest, refusals, pyramid, deletion, path safety, cache bound."""

import hashlib
import io
import os
import struct
import zlib

import pytest
from PIL import Image

from iiif.image.pyramid import TileGrid
from iiif.image.request import Region
from iiif.image.store import DiskCache, ImageRejected, ImageStore
from storage.local import LocalStorage


def encoded(image: Image.Image, format: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header announces width x height pixels, with no image data behind it."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\0" * 64))


@pytest.fixture
def store(tmp_path):
    return ImageStore(tmp_path / "store", max_pixels=2_000_000, tile_size=256, cache_bytes=1_000_000)


def test_ingest_names_the_image_by_the_sha256_of_its_bytes(store):
    data = encoded(Image.new("RGB", (600, 400), "teal"))
    stored = store.ingest(io.BytesIO(data))
    assert stored.id == hashlib.sha256(data).hexdigest()
    assert (stored.width, stored.height, stored.format, stored.byte_size) == (600, 400, "png", len(data))
    assert store.exists(stored.id)
    assert store.master_path(stored.id).read_bytes() == data


def test_the_same_bytes_twice_are_one_image(store):
    data = encoded(Image.new("RGB", (50, 40), "navy"), "JPEG")
    first, second = store.ingest(data), store.ingest(io.BytesIO(data))
    assert first == second
    assert len(list((store.root / "images").glob("*/*"))) == 1


def test_ingest_derives_every_advertised_tile(store):
    stored = store.ingest(encoded(Image.new("RGB", (600, 400), "olive")))
    grid = stored.grid
    assert grid.scale_factors == (1, 2, 4)
    for scale_factor in grid.scale_factors:
        columns, rows = grid.columns_rows(scale_factor)
        for column in range(columns):
            for row in range(rows):
                region = grid.tile_region(scale_factor, column, row)
                with Image.open(store.tile_path(stored, scale_factor, column, row)) as tile:
                    assert tile.format == "JPEG"
                    assert tile.size == (-(-region.width // scale_factor), -(-region.height // scale_factor))


def test_the_pyramid_shows_the_image(store):
    image = Image.new("RGB", (512, 512), "white")
    image.paste((200, 0, 0), (256, 256, 512, 512))
    stored = store.ingest(encoded(image))
    with Image.open(store.tile_path(stored, 1, 1, 1)) as tile:
        r, g, b = tile.getpixel((100, 100))
        assert r > 190 and g < 10 and b < 10
    with Image.open(store.tile_path(stored, 2, 0, 0)) as whole:
        assert whole.size == (256, 256)
        assert whole.getpixel((10, 10))[0] > 245 and whole.getpixel((200, 200))[1] < 10


def test_transparency_is_flattened_onto_white(store):
    stored = store.ingest(encoded(Image.new("RGBA", (40, 30), (0, 0, 0, 0))))
    with Image.open(store.tile_path(stored, 1, 0, 0)) as tile:
        assert tile.mode == "RGB" and min(tile.getpixel((5, 5))) > 245


@pytest.mark.parametrize("mode", ["L", "1", "P", "LA", "CMYK", "I;16"])
def test_every_common_mode_is_accepted(store, mode):
    stored = store.ingest(encoded(Image.new(mode, (30, 20)), "TIFF"))
    assert (stored.width, stored.height, stored.format) == (30, 20, "tiff")


def assert_nothing_stored(store):
    assert list(store.storage.list("images")) == []
    assert list((store.root / "tmp").iterdir()) == []


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"just some text, not an image", "not an image"),
    (encoded(Image.new("RGB", (300, 300), "red"), "PNG")[:-200], "truncated"),
    (encoded(Image.effect_noise((300, 300), 50).convert("RGB"), "JPEG")[:4000], "truncated"),
    (encoded(Image.new("RGB", (30, 30)), "PPM"), "not an image"),  # decodable, but not an accepted format
])
def test_files_that_are_not_whole_images_are_422(store, data, reason):
    with pytest.raises(ImageRejected, match=reason) as refused:
        store.ingest(data)
    assert refused.value.status == 422
    assert_nothing_stored(store)


def test_images_over_the_pixel_limit_are_413_before_decoding(store):
    with pytest.raises(ImageRejected, match="over the limit") as refused:
        store.ingest(png_header_only(2000, 1001))  # no pixel data: only the header is read
    assert refused.value.status == 413
    assert_nothing_stored(store)


def test_decompression_bombs_are_413(tmp_path):
    generous = ImageStore(tmp_path / "store", max_pixels=10**10)
    with pytest.raises(ImageRejected) as refused:
        generous.ingest(png_header_only(30_000, 30_000))  # beyond Pillow's own bomb limit
    assert refused.value.status == 413
    assert_nothing_stored(generous)


def test_delete_removes_master_pyramid_and_cache(store):
    stored = store.ingest(encoded(Image.new("RGB", (300, 300), "gold")))
    cached = store.cache.put(f"{stored.id[:2]}/{stored.id}/thumb.jpg", b"derived")
    store.delete(stored.id)
    assert not store.exists(stored.id)
    assert not store.image_dir(stored.id).exists() and not store.storage.exists(cached)
    store.delete(stored.id)  # deleting twice is harmless


def test_a_withdrawn_image_is_kept_whole_but_no_longer_served(store):
    stored = store.ingest(encoded(Image.new("RGB", (300, 300), "teal")))
    tiles = sorted(p.relative_to(store.image_dir(stored.id)) for p in store.image_dir(stored.id).rglob("*"))
    cached = store.cache.put(f"{stored.id[:2]}/{stored.id}/thumb.jpg", b"derived")
    store.withdraw(stored.id)
    assert store.get(stored.id) is None and not store.exists(stored.id) and not store.storage.exists(cached)
    assert store.is_withdrawn(stored.id)
    store.withdraw(stored.id)  # twice is harmless
    store.reinstate(stored.id)
    assert store.get(stored.id) == stored and not store.is_withdrawn(stored.id)
    assert sorted(p.relative_to(store.image_dir(stored.id)) for p in store.image_dir(stored.id).rglob("*")) == tiles


def test_the_same_bytes_stored_again_while_withdrawn_are_one_image_when_reinstated(store):
    data = encoded(Image.new("RGB", (200, 100), "olive"))
    stored = store.ingest(data)
    store.withdraw(stored.id)
    assert store.ingest(data).id == stored.id and store.exists(stored.id)
    store.reinstate(stored.id)
    assert store.exists(stored.id) and not store.is_withdrawn(stored.id)
    store.withdraw(stored.id)
    store.ingest(data)
    store.withdraw(stored.id)  # a withdrawn copy is there already: the served one goes
    assert store.is_withdrawn(stored.id) and not store.exists(stored.id)


def test_deleting_touches_the_served_copy_and_discarding_the_withdrawn_one(store):
    stored = store.ingest(encoded(Image.new("RGB", (120, 80), "navy")))
    store.withdraw(stored.id)
    store.delete(stored.id)
    assert store.is_withdrawn(stored.id)
    store.discard_withdrawn(stored.id)
    assert not store.is_withdrawn(stored.id) and not store.withdrawn_dir(stored.id).exists()
    store.discard_withdrawn(stored.id)
    store.reinstate(stored.id)  # nothing left to reinstate: nothing happens
    assert store.get(stored.id) is None


@pytest.mark.parametrize("identifier", [
    "..", "../../etc/passwd", "/etc/passwd", "a" * 63, "A" * 64, "a" * 65, "a" * 62 + "/b",
    "a" * 62 + "%2F", "..%2F..%2Fsecret", "g" * 64, "",
])
def test_identifiers_other_than_sha256_hex_are_unknown(store, identifier):
    assert not store.exists(identifier)
    assert store.get(identifier) is None
    store.delete(identifier)
    with pytest.raises(KeyError):
        store.master_path(identifier)


def test_grid_names_exact_tile_requests():
    grid = TileGrid(1000, 600, 256)
    assert grid.scale_factors == (1, 2, 4)
    assert grid.columns_rows(1) == (4, 3) and grid.columns_rows(4) == (1, 1)
    assert grid.tile_region(1, 3, 2).__dict__ == {"x": 768, "y": 512, "width": 232, "height": 88}
    assert grid.tile_name(1, 3, 2) == "tiles/768,512,232,88_232,88.jpg"
    assert grid.tile_aliases(1, 3, 2) == ["tiles/768,512,232,88_232,.jpg", "tiles/768,512,232,88_max.jpg"]
    assert grid.tile_name(2, 1, 0) == "tiles/512,0,488,512_244,256.jpg"
    assert grid.tile_aliases(2, 1, 0) == ["tiles/512,0,488,512_244,.jpg"]
    assert grid.tile_name(4, 0, 0) == "tiles/full_250,150.jpg"


def test_tile_files_are_named_as_viewers_ask_for_them(store):
    stored = store.ingest(encoded(Image.new("RGB", (600, 400), "plum")))
    tiles = store.image_dir(stored.id) / "tiles"
    same = os.path.samefile
    assert same(tiles / "256,0,256,256_256,256.jpg", tiles / "256,0,256,256_max.jpg")
    assert same(tiles / "256,0,256,256_256,256.jpg", tiles / "256,0,256,256_256,.jpg")
    assert same(tiles / "512,0,88,256_88,256.jpg", tiles / "512,0,88,256_88,.jpg")
    assert (tiles / "full_150,100.jpg").is_file() and (tiles / "0,0,512,400_256,200.jpg").is_file()


def test_the_cache_stays_within_its_bound_and_keeps_what_was_used(tmp_path):
    storage = LocalStorage(tmp_path / "store")
    cache = DiskCache(storage, "cache", max_bytes=10_000)
    os.utime(storage.local_path(cache.put("k/first", b"x" * 3000)), (1, 1))  # long ago
    os.utime(storage.local_path(cache.put("k/second", b"x" * 3000)), (2, 2))
    assert cache.get("k/first") is not None  # used now: the most recent
    cache.put("k/third", b"x" * 3000)
    cache.put("k/fourth", b"x" * 3000)
    assert cache.total_bytes() <= 10_000
    assert cache.get("k/second") is None
    assert cache.get("k/first") is not None and cache.get("k/fourth") is not None


def test_work_abandoned_by_a_crashed_ingest_is_cleared_at_start(tmp_path):
    ImageStore(tmp_path / "store", max_pixels=100)
    abandoned, recent = tmp_path / "store" / "tmp" / "abandoned", tmp_path / "store" / "tmp" / "recent"
    abandoned.mkdir()
    recent.mkdir()
    os.utime(abandoned, (1, 1))
    ImageStore(tmp_path / "store", max_pixels=100)
    assert not abandoned.exists() and recent.exists()


def test_requests_are_served_from_the_smallest_level_large_enough():
    grid = TileGrid(10_000, 8_000, 512)
    whole = Region(0, 0, 10_000, 8_000)
    assert grid.level_for(whole, 1_000, 800) == 8  # 1250 x 1000 at 1/8
    assert grid.level_for(whole, 1_300, 1_040) == 4
    assert grid.level_for(whole, 10_000, 8_000) == 1
    assert grid.level_for(Region(0, 0, 2_048, 2_048), 512, 512) == 4
    assert grid.level_for(Region(0, 0, 2_048, 2_048), 513, 513) == 2
    assert grid.tiles_covering(4, Region(0, 0, 2_048, 2_048)) == [(0, 0)]
    assert grid.tiles_covering(1, Region(500, 500, 100, 100)) == [(0, 0), (1, 0), (0, 1), (1, 1)]
