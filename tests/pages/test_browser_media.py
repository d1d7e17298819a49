"""An object's video plays in the browser, with its captions, and its transcript is at hand."""

from __future__ import annotations

import io
import subprocess

import pytest
from sqlalchemy import select

from exhibitions.accounts import auth
from exhibitions.models import MuseumObject

pytestmark = pytest.mark.browser

CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:04.000\nThe loom starts.\n"


@pytest.fixture(scope="module")
def filmed_object(live_app, tmp_path_factory) -> str:
    """A demo object of the National Museum of China with four seconds of WebM video (VP9 and
    Opus, which every browser plays), captions and a transcript."""
    film = tmp_path_factory.mktemp("film") / "loom.webm"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=4:size=320x240:rate=25",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=4", "-c:v", "libvpx-vp9", "-deadline",
                    "realtime", "-cpu-used", "8", "-b:v", "200k", "-c:a", "libopus", str(film)],
                   check=True, timeout=120)
    platform = live_app.extensions["caravanserai"]
    with platform.db.transaction() as session:
        token = auth.create_token(session, "contributor", "nmc")
        obj = session.scalars(select(MuseumObject).join(MuseumObject.museum).where(
            MuseumObject.museum.has(slug="nmc")).order_by(MuseumObject.accession)).first()
        object_id, accession = obj.id, obj.accession
    answer = live_app.test_client().post(
        f"/api/v1/museums/nmc/objects/{accession}/media", headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO(film.read_bytes()), "loom.webm"), "transcript": "The loom starts.",
              "captions.en": (io.BytesIO(CAPTIONS), "en.vtt")}, content_type="multipart/form-data")
    assert answer.status_code in (200, 201), answer.get_json()
    return object_id


def test_an_objects_video_plays_with_its_poster_captions_and_transcript(page, filmed_object):
    page.goto(f"/objects/{filmed_object}")
    video = page.locator(".object-media video")
    assert video.get_attribute("poster").endswith("/poster.jpg")
    assert page.locator(".object-media track[kind=captions][srclang=en]").count() == 1

    page.evaluate("() => { const v = document.querySelector('.object-media video'); v.muted = true; v.play(); }")
    page.wait_for_function("() => document.querySelector('.object-media video').currentTime > 0.5")

    page.locator(".object-media details.transcript summary").click()
    assert page.locator(".object-media details.transcript").inner_text().count("The loom starts.") == 1
    assert page.problems.messages == []
