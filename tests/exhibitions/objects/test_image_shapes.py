"""What info.json advertises can be served, whatever the image's shape: every tile a viewer
computes from it (the Image API 3.0 implementation notes' algorithm, which OpenSeadragon follows)
and every entry of `sizes` answers 200 with the pixel size asked, on the real app with real images."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from iiif.image import render
from tests.conftest import image_bytes
from tests.exhibitions.conftest import put, upload

# The image service keeps no rows of its own: one database is enough to serve the images.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

# Primes up to one whose square stays within the test pixel limit (4,000,000).
PRIMES = [2, 3, 5, 7, 13, 61, 127, 509, 521, 1021, 1999]


@pytest.fixture
def tile_size():
    """Small tiles: many levels and edge tiles from images that are quick to make."""
    return 64


@pytest.fixture
def settings(settings, tile_size):
    return replace(settings, tile_size=tile_size, max_upload_bytes=20_000_000)


def spec_tiles(info: dict):
    """(scale factor, region, width, height) of every tile, as the implementation notes compute them."""
    width, height = info["width"], info["height"]
    for tiles in info["tiles"]:
        tw, th = tiles["width"], tiles.get("height", tiles["width"])
        for s in tiles["scaleFactors"]:
            for m in range(-(-height // (th * s))):
                for n in range(-(-width // (tw * s))):
                    xr, yr = n * tw * s, m * th * s
                    wr, hr = min(tw * s, width - xr), min(th * s, height - yr)
                    ws = tw if xr + tw * s <= width else (width - xr + s - 1) // s
                    hs = th if yr + th * s <= height else (height - yr + s - 1) // s
                    region = "full" if (wr, hr) == (width, height) else f"{xr},{yr},{wr},{hr}"
                    yield s, region, ws, hs


def served_size(client, path: str) -> tuple[int, int]:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.get_json(silent=True))
    return Image.open(io.BytesIO(answer.data)).size


def ingest(client, nmc_token, width: int, height: int) -> dict:
    put(client, nmc_token, accession=f"S-{width}x{height}")
    answer = upload(client, nmc_token, image_bytes(width, height, format="PNG"), accession=f"S-{width}x{height}",
                    name="shape.png")
    assert answer.status_code in (200, 201), answer.get_json()  # 200: the same image again
    return client.get(answer.get_json()["info"]).get_json(force=True)


def assert_all_advertised_is_served(client, info: dict) -> None:
    base = info["id"].removeprefix("http://museum.test")
    for _, region, ws, hs in spec_tiles(info):
        assert served_size(client, f"{base}/{region}/{ws},{hs}/0/default.jpg") == (ws, hs)
    assert info["sizes"], "at least one size is listed"
    for size in info["sizes"]:
        w, h = size["width"], size["height"]
        assert served_size(client, f"{base}/full/{w},{h}/0/default.jpg") == (w, h)


shapes = st.one_of(
    st.tuples(st.integers(1, 8), st.integers(1, 8)),  # tiny
    st.tuples(st.just(1), st.integers(1, 11_000)),  # one pixel wide
    st.tuples(st.integers(1, 11_000), st.just(1)),  # one pixel high
    st.tuples(st.sampled_from(PRIMES), st.sampled_from(PRIMES)),
    st.tuples(st.integers(2, 5), st.integers(2_000, 9_000)).map(lambda shape: shape[::-1]),  # huge aspect
    st.tuples(st.integers(2, 5), st.integers(2_000, 9_000)),
    st.tuples(st.integers(1, 700), st.integers(1, 700)),
)


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=shapes, from_pyramid=st.booleans())
# Edge tiles one pixel across are the same region at two factors (64 x 2 + 1 = 129, 64 x 16 + 1 = 1025).
@example(shape=(129, 129), from_pyramid=True)
@example(shape=(1025, 50), from_pyramid=False)
@example(shape=(10_799, 1), from_pyramid=True)
def test_every_advertised_tile_and_size_is_served(client, nmc_token, monkeypatch, shape, from_pyramid):
    # Images small enough are read from the master; the pyramid path is taken here for any size too.
    monkeypatch.setattr(render, "MASTER_PIXELS", 0 if from_pyramid else 4_000_000)
    info = ingest(client, nmc_token, *shape)
    assert_all_advertised_is_served(client, info)


@pytest.mark.parametrize("tile_size", [512])
@pytest.mark.parametrize("shape", [(10_799, 1), (1, 10_799)])
def test_a_one_pixel_strip_is_served_at_every_advertised_factor(client, nmc_token, tile_size, shape):
    """The case found in the wild: 10799 x 1 advertised factors up to 32, and "512," of a
    1024 x 1 tile asked for an image 0.5 pixels high, which was refused as empty."""
    info = ingest(client, nmc_token, *shape)
    assert info["tiles"][0]["scaleFactors"] == [1, 2, 4, 8, 16, 32]
    assert_all_advertised_is_served(client, info)
    base = info["id"].removeprefix("http://museum.test")
    # Viewers that send one side ("w," or ",h") ask the long one; the other keeps the proportions.
    wide = shape[0] > shape[1]
    for _, region, ws, hs in spec_tiles(info):
        got_w, got_h = served_size(client, f"{base}/{region}/{f'{ws},' if wide else f',{hs}'}/0/default.jpg")
        assert (got_w if wide else got_h) == (ws if wide else hs) and min(got_w, got_h) == 1
