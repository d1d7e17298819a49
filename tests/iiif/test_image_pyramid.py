"""How pyramids are derived and read: JPEG masters streamed in bounded memory give the tiles the
whole-image derivation gives, and a region is rendered from the tiles that cover it, nothing more."""

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from iiif.image import render as render_module
from iiif.image.decode import open_sequential
from iiif.image.pyramid import TileGrid, write_pyramid, write_pyramid_sequential
from iiif.image.request import parse_image_request
from iiif.image.store import ImageStore

TILE = 64


def photograph(width: int, height: int) -> Image.Image:
    """Gradients under noise, like a photograph of an object (flat colour would hide a shifted tile)."""
    return Image.merge("RGB", (
        Image.linear_gradient("L").resize((width, height)),
        Image.radial_gradient("L").resize((width, height)),
        Image.effect_noise((width, height), 30),
    ))


def jpeg_file(tmp_path, image: Image.Image):
    path = tmp_path / "master.jpg"
    image.save(path, "JPEG", quality=95)
    return path


def tiles(directory) -> dict[str, tuple[int, int]]:
    """Every tile file (aliases included) by name, with its pixel size."""
    found = {}
    for path in sorted((directory / "tiles").iterdir()):
        with Image.open(path) as tile:
            found[path.name] = tile.size
    return found


# 1 x N and N x 1, primes, and tile * 2^k + 1 (an edge tile one pixel across at several levels).
@pytest.mark.parametrize("shape", [
    (1, 300), (300, 1), (1, 1), (61, 127), (509, 521), (TILE * 2 + 1, TILE * 2 + 1),
    (TILE * 16 + 1, 50), (TILE * 4 + 1, TILE * 8 + 1), (1021, 13),
])
def test_a_streamed_jpeg_master_gives_the_tiles_of_the_whole_image_derivation(tmp_path, shape):
    master = jpeg_file(tmp_path, photograph(*shape))
    grid = TileGrid(*shape, TILE)
    with Image.open(master) as whole:
        write_pyramid(whole.convert("RGB"), tmp_path / "whole", grid)
    write_pyramid_sequential(open_sequential(master, 10_000_000), tmp_path / "streamed", grid)
    assert tiles(tmp_path / "streamed") == tiles(tmp_path / "whole")


def test_streamed_tiles_look_like_the_whole_image_derivation(tmp_path):
    shape = (1000, 700)
    master = jpeg_file(tmp_path, photograph(*shape))
    grid = TileGrid(*shape, TILE)
    with Image.open(master) as whole:
        write_pyramid(whole.convert("RGB"), tmp_path / "whole", grid)
    write_pyramid_sequential(open_sequential(master, 10_000_000), tmp_path / "streamed", grid)
    for scale_factor in grid.scale_factors:
        name = grid.tile_name(scale_factor, 1 if grid.columns_rows(scale_factor)[0] > 1 else 0, 0)
        with Image.open(tmp_path / "whole" / name) as old, Image.open(tmp_path / "streamed" / name) as new:
            difference = ImageStat.Stat(ImageChops.difference(old.convert("RGB"), new.convert("RGB"))).mean
        assert max(difference) < 4, (scale_factor, difference)  # of 255: JPEG noise, not another picture


def test_only_jpeg_masters_in_rgb_or_grey_are_streamed(tmp_path):
    for mode, format, streamed in [("RGB", "JPEG", True), ("L", "JPEG", True), ("CMYK", "JPEG", False),
                                   ("RGB", "PNG", False)]:
        path = tmp_path / f"master-{mode}.{format.lower()}"
        Image.new(mode, (40, 30)).save(path, format)
        assert (open_sequential(path, 10_000_000) is not None) == streamed, (mode, format)


@pytest.fixture
def stored(tmp_path):
    store = ImageStore(tmp_path / "store", max_pixels=10_000_000, tile_size=TILE)
    buffer = io.BytesIO()
    photograph(1000, 700).save(buffer, "JPEG", quality=90)
    return store, store.ingest(buffer.getvalue())


def test_a_region_reads_only_the_tiles_that_cover_it(stored, monkeypatch):
    store, picture = stored
    monkeypatch.setattr(render_module, "MASTER_PIXELS", 0)
    monkeypatch.setattr(render_module, "decoded_tiles", render_module.DecodedTiles(10_000_000))
    store.master_path(picture.id).unlink()  # the master is not needed either
    opened = []
    real_read = store.read
    monkeypatch.setattr(store, "read", lambda key: opened.append(key) or real_read(key))
    # 200 x 100 pixels at (100, 60) shown at half size: level 2, where they are 100 x 50 pixels at
    # (50, 30), inside the level's tiles of columns 0-2 and rows 0-1.
    asked = parse_image_request(picture.id, "100,60,200,100", "100,", "0", "default", "png",
                                image_width=picture.width, image_height=picture.height)
    with Image.open(io.BytesIO(render_module.render(store, picture, asked))) as answer:
        assert answer.size == (100, 50)
    covering = {store.tile_key(picture, 2, column, row) for column in range(3) for row in range(2)}
    assert set(opened) == covering and len(opened) == len(covering)


def test_the_decoded_tiles_kept_are_bounded_by_the_memory_pillow_holds_for_them(stored, monkeypatch):
    """Pillow keeps an RGB pixel in four bytes: three 64 x 64 tiles hold 48 KiB, more than a
    40,000-byte cache may keep (counted at three bytes a pixel they would fit), so the first goes."""
    store, picture = stored
    opened = []
    real_read = store.read
    monkeypatch.setattr(store, "read", lambda key: opened.append(key) or real_read(key))
    cache = render_module.DecodedTiles(40_000)
    first, second, third = (store.tile_key(picture, 1, column, 0) for column in range(3))
    for key in (first, second, third, third, second, first):
        assert cache.get(store, key, 10_000_000).size == (TILE, TILE)
    assert opened == [first, second, third, first]


def level_from_tile_files(store, picture, scale_factor) -> Image.Image:
    """The level put together from its tile files, each at its place in the grid."""
    grid = picture.grid
    level = Image.new("RGB", grid.level_size(scale_factor))
    columns, rows = grid.columns_rows(scale_factor)
    for row in range(rows):
        for column in range(columns):
            with Image.open(store.tile_path(picture, scale_factor, column, row)) as tile:
                level.paste(tile, (column * TILE, row * TILE))
    return level


@pytest.mark.parametrize("region, size, scale_factor", [
    ("40,30,150,100", "150,", 1),  # at full size, across the corners of four tiles
    ("40,30,300,200", "150,", 2),  # at half size: level 2, across its tiles too
    ("937,650,63,50", "63,", 1),  # the narrower tiles of the right and bottom edges
])
def test_a_region_from_several_tiles_is_the_level_there(stored, monkeypatch, region, size, scale_factor):
    store, picture = stored
    monkeypatch.setattr(render_module, "MASTER_PIXELS", 0)
    monkeypatch.setattr(render_module, "decoded_tiles", render_module.DecodedTiles(10_000_000))
    x, y, w, h = map(int, region.split(","))
    width = int(size.rstrip(","))
    box = tuple(value / scale_factor for value in (x, y, x + w, y + h))
    expected = level_from_tile_files(store, picture, scale_factor).resize(
        (width, round(h * width / w)), Image.Resampling.BILINEAR, box=box)
    asked = parse_image_request(picture.id, region, size, "0", "default", "png",
                                image_width=picture.width, image_height=picture.height)
    with Image.open(io.BytesIO(render_module.render(store, picture, asked))) as answer:
        assert answer.size == expected.size
        assert ImageChops.difference(answer.convert("RGB"), expected).getbbox() is None  # pixel for pixel
