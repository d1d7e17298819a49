"""Audio and video of objects and exhibitions: real files made with ffmpeg, checked by ffprobe on
upload, stored content-addressed, served with byte ranges, shown in the object's manifest; every
refusal leaves neither a row nor a file."""

from __future__ import annotations

import io
import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from exhibitions.models import Media
from tests.exhibitions.conftest import bearer, exhibition_document, put
from tests.iiif.iiif_records import assert_valid

CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:01.000\nA bell rings.\n\n00:01.000 --> 00:02.000\nIt rings again.\n"
LAVFI = ["-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25", "-f", "lavfi", "-i",
         "sine=frequency=440:duration=2"]


def ffmpeg(target: Path, *arguments: str) -> bytes:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *arguments, str(target)], check=True, timeout=120)
    return target.read_bytes()


@pytest.fixture(scope="session")
def films(tmp_path_factory) -> dict[str, bytes]:
    """Two seconds of test pattern and tone in each kind the tests send."""
    folder = tmp_path_factory.mktemp("media")
    return {
        "webm": ffmpeg(folder / "a.webm", *LAVFI, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                       "-b:v", "200k", "-c:a", "libopus"),
        "mp4": ffmpeg(folder / "a.mp4", *LAVFI, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"),
        "ogg": ffmpeg(folder / "a.ogg", "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "libopus"),
        "mov": ffmpeg(folder / "a.mov", *LAVFI, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"),
    }


def send(client, token, data: bytes, name="film.webm", accession="A-1", museum="nmc", **fields):
    form = {"file": (io.BytesIO(data), name), **fields}
    return client.post(f"/api/v1/museums/{museum}/objects/{accession}/media", headers=token, data=form,
                       content_type="multipart/form-data")


def nothing_stored(platform) -> bool:
    with platform.db.sessions() as session:
        rows = session.scalar(select(func.count()).select_from(Media))
    root = platform.media.root
    files = [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
    return rows == 0 and files == []


@pytest.fixture
def jar(client, nmc_token):
    return put(client, nmc_token).get_json()


def test_a_contributor_adds_a_video_with_captions_and_the_object_shows_it(client, nmc_token, jar, films):
    answer = send(client, nmc_token, films["webm"], label='{"en": ["The jar turned"]}',
                  transcript=json.dumps({"en": ["A bell <b>rings</b>."]}),
                  **{"captions.en": (io.BytesIO(CAPTIONS), "en.vtt")})

    assert answer.status_code == 201, answer.get_json()
    media = answer.get_json()
    assert media["kind"] == "video" and media["format"] == "video/webm"
    assert (media["width"], media["height"]) == (320, 240)
    assert 1.9 < media["duration"] < 2.1
    assert media["byte_size"] == len(films["webm"])
    assert media["label"] == {"en": ["The jar turned"]}
    assert media["transcript"] == {"en": ["A bell rings."]}
    assert media["url"].endswith(f"/media/{media['id']}.webm")
    assert media["owner"] == {"object": jar["id"]}

    record = client.get(f"/api/v1/objects/{jar['id']}").get_json()
    [shown] = record["media"]
    assert shown["captions"] == [{"language": "en", "url": f"http://museum.test/media/{media['id']}/captions/en.vtt"}]
    captions = client.get(shown["captions"][0]["url"])
    assert captions.mimetype == "text/vtt" and captions.data == CAPTIONS
    poster = client.get(shown["poster"]["url"])
    assert poster.status_code == 200 and poster.mimetype == "image/jpeg" and poster.data[:2] == b"\xff\xd8"


def test_the_file_is_served_with_byte_ranges_a_strong_etag_and_a_long_cache(client, nmc_token, jar, films):
    media = send(client, nmc_token, films["webm"]).get_json()
    path = media["url"].removeprefix("http://museum.test")

    whole = client.get(path)
    assert whole.status_code == 200 and whole.data == films["webm"]
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert whole.headers["ETag"] == f'"{media["id"]}"'
    assert "immutable" in whole.headers["Cache-Control"] and "max-age=31536000" in whole.headers["Cache-Control"]
    assert whole.headers["X-Content-Type-Options"] == "nosniff"
    assert whole.mimetype == "video/webm"

    part = client.get(path, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.data == films["webm"][100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(films['webm'])}"
    tail = client.get(path, headers={"Range": "bytes=-50"})
    assert tail.status_code == 206 and tail.data == films["webm"][-50:]

    outside = client.get(path, headers={"Range": f"bytes={len(films['webm']) + 10}-"})
    assert outside.status_code == 416
    assert outside.headers["Content-Range"] == f"bytes */{len(films['webm'])}"
    assert client.get(path, headers={"If-None-Match": f'"{media["id"]}"'}).status_code == 304


def test_the_object_manifest_gets_a_canvas_with_the_duration_valid_against_the_schema(client, nmc_token, jar, films):
    media = send(client, nmc_token, films["ogg"], name="bell.ogg",
                 **{"captions.zh": (io.BytesIO(CAPTIONS), "zh.vtt")}).get_json()

    manifest = client.get(jar["manifest"].removeprefix("http://museum.test")).get_json()
    assert_valid(manifest)
    [canvas] = manifest["items"]
    assert canvas["duration"] == media["duration"]
    painting, captions = canvas["items"][0]["items"]
    assert (painting["body"]["type"], painting["body"]["id"]) == ("Sound", media["url"])
    assert (captions["motivation"], captions["body"]["language"]) == ("supplementing", "zh")


@pytest.mark.parametrize("data, name, problem", [
    (b"Just some words, not a film at all.\n" * 40, "film.mp4", "damaged or truncated, or not audio or video"),
    (None, "film.mp4", "damaged or truncated"),
    ("webm", "film.mp4", "declares MP4"),
    ("mov", "film.mov", "QuickTime"),
])
def test_what_is_not_accepted_media_of_its_declared_kind_is_refused_and_nothing_is_kept(
        client, platform, nmc_token, jar, films, data, name, problem):
    if data is None:  # a truncated MP4: the first half of a good one
        data = films["mp4"][: len(films["mp4"]) // 2]
    elif isinstance(data, str):
        data = films[data]

    answer = send(client, nmc_token, data, name=name)

    assert answer.status_code == 422
    assert problem in answer.get_json()["detail"]
    assert answer.get_json()["errors"][0]["field"] == "file"
    assert nothing_stored(platform)


def test_an_mp4_is_accepted_as_it_is(client, nmc_token, jar, films):
    answer = send(client, nmc_token, films["mp4"], name="film.mp4")
    assert answer.status_code == 201
    assert answer.get_json()["format"] == "video/mp4"


@pytest.mark.parametrize("vtt, message", [
    (b"Just text\n\n00:00.000 --> 00:01.000\nHello\n", "first line must be WEBVTT"),
    (b"WEBVTT\n\n00:00.000 -> 00:01.000\nHello\n\n0:1 --> 00:02.000\nBye\n", "cue timing that cannot be read"),
    (b"WEBVTT\n\n00:05.000 --> 00:01.000\nBackwards\n", "ends before it starts"),
])
def test_captions_that_are_not_webvtt_are_refused_naming_the_field(client, platform, nmc_token, jar, films,
                                                                   vtt, message):
    answer = send(client, nmc_token, films["webm"], **{"captions.en": (io.BytesIO(vtt), "en.vtt")})

    assert answer.status_code == 422
    [error] = answer.get_json()["errors"]
    assert error["field"] == "captions.en" and message in error["message"]
    assert nothing_stored(platform)


def test_a_file_over_the_media_limit_is_refused_with_413_before_it_is_read(client, platform, nmc_token, jar,
                                                                           films):
    platform.settings = replace(platform.settings, max_media_bytes=len(films["webm"]) - 1)

    answer = send(client, nmc_token, films["webm"])

    assert answer.status_code == 413
    assert str(len(films["webm"]) - 1) in answer.get_json()["detail"]
    assert nothing_stored(platform)


def test_only_the_objects_museum_adds_or_deletes_its_media_and_only_curators_exhibitions(
        client, platform, nmc_token, rundale_token, curator, jar, films):
    assert send(client, rundale_token, films["webm"]).status_code == 403
    assert send(client, curator, films["webm"]).status_code == 403
    assert client.post("/api/v1/exhibitions/anything/media", headers=nmc_token,
                       data={"file": (io.BytesIO(films["webm"]), "a.webm")}).status_code == 403
    assert nothing_stored(platform)

    media = send(client, nmc_token, films["webm"]).get_json()
    assert client.delete(f"/api/v1/media/{media['id']}", headers=rundale_token).status_code == 403
    assert client.delete(f"/api/v1/media/{media['id']}", headers=nmc_token).status_code == 204
    assert client.get(media["url"].removeprefix("http://museum.test")).status_code == 404
    assert nothing_stored(platform)


def test_a_curator_adds_media_to_an_exhibition_and_the_same_file_is_not_another_owners(
        client, platform, nmc_token, curator, objects, films):
    client.post("/api/v1/exhibitions", json={"slug": "blue", **exhibition_document(objects)}, headers=curator)
    added = client.post("/api/v1/exhibitions/blue/media", headers=curator,
                        data={"file": (io.BytesIO(films["ogg"]), "bell.ogg"), "label": "Bell"})
    assert added.status_code == 201, added.get_json()
    media = added.get_json()
    assert media["owner"] == {"exhibition": "blue"} and media["label"] == {"none": ["Bell"]}
    assert client.get(f"/api/v1/media/{media['id']}", headers=curator).get_json()["kind"] == "audio"
    assert client.get(f"/api/v1/media/{media['id']}").status_code == 401  # the exhibition is a draft

    again = send(client, nmc_token, films["ogg"], name="bell.ogg")
    assert again.status_code == 409


def test_an_objects_media_leave_with_it_into_the_trash_and_come_back(client, nmc_token, jar, films):
    media = send(client, nmc_token, films["webm"]).get_json()
    path = media["url"].removeprefix("http://museum.test")

    assert client.delete(f"/api/v1/objects/{jar['id']}", headers=nmc_token).status_code == 204
    assert client.get(path).status_code == 404
    assert client.post(f"/api/v1/trash/objects/{jar['id']}/restore", headers=nmc_token).status_code == 200
    assert client.get(path).status_code == 200


def test_deleting_the_object_for_good_deletes_its_media_and_their_files(client, platform, nmc_token, jar, films):
    send(client, nmc_token, films["webm"])

    client.delete(f"/api/v1/objects/{jar['id']}", headers=nmc_token)
    assert client.delete(f"/api/v1/trash/objects/{jar['id']}", headers=nmc_token).status_code == 204

    assert nothing_stored(platform)


def exhibition_with_media(client, curator, objects, films, slug="blue") -> dict:
    """A draft exhibition with a sound file uploaded to it: the media record."""
    client.post("/api/v1/exhibitions", json={"slug": slug, **exhibition_document(objects)}, headers=curator)
    added = client.post(f"/api/v1/exhibitions/{slug}/media", headers=curator,
                        data={"file": (io.BytesIO(films["ogg"]), "bell.ogg"),
                              "captions.en": (io.BytesIO(CAPTIONS), "en.vtt")})
    assert added.status_code == 201, added.get_json()
    return added.get_json()


def with_media_block(objects, media_id: str) -> dict:
    document = exhibition_document(objects)
    section = document["sections"][1]
    section["blocks"] = [{"type": "object", "object": section.pop("items")[0]["object"]},
                         {"type": "media", "media": media_id, "caption": {"en": ["The bell"]}}]
    return document


def test_a_media_block_names_a_file_of_its_own_exhibition_else_422_naming_the_block(
        client, curator, objects, films):
    bell = exhibition_with_media(client, curator, objects, films)
    saved = client.put("/api/v1/exhibitions/blue", json=with_media_block(objects, bell["id"]), headers=curator)
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["sections"][1]["blocks"][1]["media"] == bell["id"]

    missing = client.put("/api/v1/exhibitions/blue", json=with_media_block(objects, "c" * 64), headers=curator)
    assert missing.status_code == 422
    assert [error["field"] for error in missing.get_json()["errors"]] == ["sections.1.blocks.1.media"]
    client.post("/api/v1/exhibitions", json={"slug": "red", **exhibition_document(objects)}, headers=curator)
    foreign = client.put("/api/v1/exhibitions/red", json=with_media_block(objects, bell["id"]), headers=curator)
    assert [error["field"] for error in foreign.get_json()["errors"]] == ["sections.1.blocks.1.media"]
    # Nothing of the refused saves was kept.
    assert client.get("/api/v1/exhibitions/blue", headers=curator).get_json()["version"] == 2
    assert client.get("/api/v1/exhibitions/red", headers=curator).get_json()["version"] == 1


def test_a_draft_exhibitions_media_reach_its_curators_only_until_it_is_published(client, curator, objects, films):
    bell = exhibition_with_media(client, curator, objects, films)
    paths = [url.removeprefix("http://museum.test") for url in (bell["url"], bell["captions"][0]["url"])]

    assert [client.get(path).status_code for path in paths] == [404, 404]
    for_curator = [client.get(path, headers=curator) for path in paths]
    assert [answer.status_code for answer in for_curator] == [200, 200]
    assert {answer.headers["Cache-Control"] for answer in for_curator} == {"private, no-cache"}

    client.put("/api/v1/exhibitions/blue", json=with_media_block(objects, bell["id"]), headers=curator)
    assert client.post("/api/v1/exhibitions/blue/publish", headers=curator).status_code == 200
    public = client.get(paths[0])
    assert public.status_code == 200 and public.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.post("/api/v1/exhibitions/blue/unpublish", headers=curator).status_code == 200
    assert client.get(paths[0]).status_code == 404


def test_media_uploaded_for_a_published_exhibitions_draft_stay_private_until_that_draft_goes_live(
        client, curator, objects, films):
    client.post("/api/v1/exhibitions", json={"slug": "blue", **exhibition_document(objects)}, headers=curator)
    assert client.post("/api/v1/exhibitions/blue/publish", headers=curator).status_code == 200
    added = client.post("/api/v1/exhibitions/blue/media", headers=curator,
                        data={"file": (io.BytesIO(films["ogg"]), "bell.ogg")})
    bell = added.get_json()
    path = bell["url"].removeprefix("http://museum.test")
    assert client.get(path).status_code == 404  # published, but its live document does not play it
    assert client.get(f"/api/v1/media/{bell['id']}").status_code == 401

    saved = client.put("/api/v1/exhibitions/blue/draft", json=with_media_block(objects, bell["id"]), headers=curator)
    assert saved.status_code == 200
    assert client.get(path).status_code == 404  # only the draft plays it
    private = client.get(path, headers=curator)
    assert private.status_code == 200 and private.headers["Cache-Control"] == "private, no-cache"

    assert client.post("/api/v1/exhibitions/blue/publish", headers=curator).status_code == 200
    public = client.get(path)
    assert public.status_code == 200 and public.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_only_the_exhibitions_team_editors_and_admins_add_or_delete_its_media(
        client, platform, curator, objects, films):
    outsider, editor = bearer(platform, "curator"), bearer(platform, "editor")
    client.post("/api/v1/exhibitions", json={"slug": "blue", **exhibition_document(objects)}, headers=curator)
    refused = client.post("/api/v1/exhibitions/blue/media", headers=outsider,
                          data={"file": (io.BytesIO(films["ogg"]), "bell.ogg")})
    assert refused.status_code == 403 and "team" in refused.get_json()["detail"]
    assert nothing_stored(platform)

    added = client.post("/api/v1/exhibitions/blue/media", headers=editor,
                        data={"file": (io.BytesIO(films["ogg"]), "bell.ogg")})
    assert added.status_code == 201
    bell = added.get_json()
    assert client.delete(f"/api/v1/media/{bell['id']}", headers=outsider).status_code == 403
    assert client.get(f"/api/v1/media/{bell['id']}", headers=curator).status_code == 200  # nothing was deleted
    assert client.delete(f"/api/v1/media/{bell['id']}", headers=curator).status_code == 204
    assert nothing_stored(platform)


def test_the_exhibition_manifest_plays_its_media_block_in_the_sections_range(client, curator, objects, films):
    bell = exhibition_with_media(client, curator, objects, films)
    client.put("/api/v1/exhibitions/blue", json=with_media_block(objects, bell["id"]), headers=curator)
    client.post("/api/v1/exhibitions/blue/publish", headers=curator)

    manifest = client.get("/iiif/3/exhibitions/blue/manifest").get_json()

    assert_valid(manifest)
    _, section = manifest["structures"]
    jar_canvas, bell_canvas = (member["id"] for member in section["items"])
    [canvas] = [canvas for canvas in manifest["items"] if canvas["id"] == bell_canvas]
    assert canvas["duration"] == pytest.approx(bell["duration"])
    assert canvas["items"][0]["items"][0]["body"]["id"] == bell["url"]
    assert section["annotations"][0]["items"][0]["body"][0]["value"] == "The bell"
