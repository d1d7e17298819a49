"""A large upload answers once its master is stored and checked; its tile pyramid is derived by
the task queue afterwards. Meanwhile the Image API renders from the master; once derived, tiles
are the pyramid's files. A derivation whose worker was killed is taken up again by the sweep."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select, update

from exhibitions import create_app
from exhibitions.models import ImageDerivation, utcnow
from exhibitions.objects.contribution import DERIVE_IN_REQUEST_PIXELS
from tests.conftest import image_bytes, wait_until
from tests.exhibitions.conftest import put, queued_settings, upload

# Just over the size derived in the request.
WIDTH, HEIGHT = 2400, DERIVE_IN_REQUEST_PIXELS // 2400 + 8


@pytest.fixture
def settings(settings):
    return replace(queued_settings(settings), max_image_pixels=20_000_000, max_upload_bytes=20_000_000)


def waiting(platform) -> int:
    with platform.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(ImageDerivation))


def tiled(platform, image_id: str) -> bool:
    platform.images.forget(image_id)
    return platform.images.get(image_id).tiled


def picture(answer) -> Image.Image:
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return Image.open(io.BytesIO(answer.data))


@pytest.fixture
def another_process(settings):
    """A process on the same database and queue whose consumers run (the test's own do not)."""
    app = create_app(settings)
    platform = app.extensions["caravanserai"]
    yield platform
    platform.tasks.stop()
    platform.db.engine.dispose()


def test_a_large_upload_answers_before_its_pyramid_and_is_seen_from_its_master_meanwhile(
        client, platform, nmc_token, another_process):
    platform.tasks.stop()  # nothing derives until the other process's consumers start
    put(client, nmc_token)
    answer = upload(client, nmc_token, image_bytes(WIDTH, HEIGHT))
    assert answer.status_code == 201
    image_id = answer.get_json()["id"]
    assert not tiled(platform, image_id) and waiting(platform) == 1
    info = client.get(f"/iiif/3/{image_id}/info.json").get_json()
    assert (info["width"], info["height"]) == (WIDTH, HEIGHT)
    tile = f"/iiif/3/{image_id}/0,0,512,512/512,512/0/default.jpg"
    assert picture(client.get(tile)).size == (512, 512)  # rendered from the master
    assert picture(client.get(f"/iiif/3/{image_id}/full/300,/0/default.jpg")).width == 300

    another_process.tasks.start()
    wait_until(lambda: waiting(platform) == 0, 120, "the pyramid was never derived")
    assert tiled(platform, image_id)
    tile_file = platform.images.image_dir(image_id) / "tiles" / "0,0,512,512_512,512.jpg"
    assert tile_file.is_file()
    assert picture(client.get(tile)).size == (512, 512)


def test_a_derivation_whose_worker_was_killed_is_taken_up_again(client, platform, nmc_token, another_process):
    platform.tasks.stop()
    put(client, nmc_token)
    image_id = upload(client, nmc_token, image_bytes(WIDTH, HEIGHT)).get_json()["id"]
    # A worker claimed it and was killed with SIGKILL: its claim runs out unanswered.
    with platform.db.transaction() as session:
        session.execute(update(ImageDerivation).values(claimed_until=utcnow() + timedelta(minutes=5), attempts=1))
    another_process.tasks.start()
    assert not tiled(platform, image_id)  # not while the claim holds
    with platform.db.transaction() as session:  # five minutes go by
        session.execute(update(ImageDerivation).values(claimed_until=utcnow() - timedelta(seconds=1),
                                                       created=utcnow() - timedelta(minutes=5)))
    wait_until(lambda: waiting(platform) == 0, 120, "the derivation was never taken up again")
    assert tiled(platform, image_id)


def test_a_small_upload_is_tiled_before_its_answer(client, platform, nmc_token):
    put(client, nmc_token)
    image_id = upload(client, nmc_token, image_bytes(400, 300)).get_json()["id"]
    assert tiled(platform, image_id) and waiting(platform) == 0
