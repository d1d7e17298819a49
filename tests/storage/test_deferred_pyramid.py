"""A large image stored without its pyramid, on a local directory and in a bucket: its views come
from the master read through the storage, and its deferred pyramid is stored through it, its
image.json last; an image withdrawn before its pyramid is stored is not brought back."""

from __future__ import annotations

import io
import json

from PIL import Image

from iiif.image.render import read_region
from iiif.image.request import Region
from iiif.image.store import ImageStore
from storage import Storage
from tests.conftest import image_bytes

WIDTH, HEIGHT = 1200, 900


def deferred(storage: Storage) -> tuple[ImageStore, str]:
    store = ImageStore(storage, max_pixels=5_000_000, tile_size=256)
    stored = store.ingest(io.BytesIO(image_bytes(WIDTH, HEIGHT, format="JPEG")), defer_over=WIDTH * HEIGHT - 1)
    assert not stored.tiled
    return store, stored.id


def test_an_untiled_image_is_seen_from_its_master_and_tiled_through_the_storage(storage):
    store, image_id = deferred(storage)
    key = store.image_key(image_id)
    assert storage.names(key) == ["image.json", "master"]
    view = read_region(store, store.get(image_id), Region(0, 0, WIDTH, HEIGHT), 300, 225)
    assert view.size == (300, 225)

    derived = store.derive(image_id)
    assert derived.tiled and store.get(image_id) == derived
    assert json.loads(storage.get(f"{key}/image.json"))["tiled"] is True
    tile = store.tile_key(derived, 1, 1, 1)
    with Image.open(io.BytesIO(store.read(tile))) as decoded:
        assert decoded.size == (256, 256)
    assert store.derive(image_id) == derived  # twice is harmless


def test_an_image_withdrawn_while_its_pyramid_is_cut_stays_withdrawn(storage, monkeypatch):
    store, image_id = deferred(storage)
    other_process = ImageStore(storage, max_pixels=5_000_000, tile_size=256)
    cut = store._derive

    def cut_then_withdrawn(*args):
        derived = cut(*args)
        other_process.withdraw(image_id)
        return derived

    monkeypatch.setattr(store, "_derive", cut_then_withdrawn)
    assert store.derive(image_id) is None
    assert not store.exists(image_id) and store.is_withdrawn(image_id)
    assert storage.names(store.image_key(image_id)) == []
