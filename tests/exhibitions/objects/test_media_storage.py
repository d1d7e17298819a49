"""Audio and video kept where STORAGE_URL says, a local directory or an S3 bucket on a real
server: an upload is checked on the node that takes it and stored in the storage, then every
node serves it (ranges by ranged reads from the bucket) with the same answers, rebuilds a
missing poster from the stored file, and a refused or deleted upload leaves nothing there."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from storage import Storage, open_storage
from tests.exhibitions.conftest import put
from tests.exhibitions.objects.test_media_api import films, send  # noqa: F401 (a fixture)
from tests.storage.conftest import on_prefix, s3_url  # noqa: F401 (a fixture)

# What varies between two answers of the same bytes: the clock's and the file's times, the request.
TIMES = {"Date", "Expires", "Last-Modified"}
VARYING = TIMES | {"X-Request-Id"}


@pytest.fixture(params=["local", "s3"])
def settings(request, settings):
    """The platform's settings with its files in a local directory or under a bucket prefix of
    the test's own."""
    if request.param == "local":
        return settings
    return replace(settings, storage_url=on_prefix(request.getfixturevalue("s3_url"), f"media-{uuid.uuid4().hex}"))


@pytest.fixture
def stored(platform) -> Storage:
    """The platform's storage, where the media's files are under media/."""
    return open_storage(platform.settings.storage_url, platform.settings.data_dir)


def files(storage: Storage) -> list[str]:
    """The media files stored (<id>/<name>), without work in progress (media/tmp/ locally)."""
    return sorted(key.split("/", 2)[2] for key, _ in storage.list("media") if not key.startswith("media/tmp/"))


def headers(answer) -> dict[str, str]:
    return {name: value for name, value in answer.headers.items() if name not in VARYING}


@pytest.fixture
def jar(client, nmc_token):
    return put(client, nmc_token).get_json()


def test_an_uploaded_video_is_stored_and_served_in_ranges_by_every_node(client, other_node, stored, nmc_token,
                                                                        jar, films):  # noqa: F811
    data = films["webm"]
    media = send(client, nmc_token, data).get_json()
    assert files(stored) == [f"{media['id']}/file", f"{media['id']}/media.json", f"{media['id']}/poster.jpg"]
    path = media["url"].removeprefix("http://museum.test")

    for node in (client, other_node):
        whole = node.get(path)
        assert whole.status_code == 200 and whole.data == data
        assert headers(whole) == {
            "Content-Type": "video/webm", "Content-Length": str(len(data)), "Accept-Ranges": "bytes",
            "Content-Disposition": "inline; filename=file", "ETag": f'"{media["id"]}"',
            "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff",
            "Access-Control-Allow-Origin": "*"}
        assert set(TIMES) <= set(whole.headers.keys())

        part = node.get(path, headers={"Range": "bytes=100-199"})
        assert part.status_code == 206 and part.data == data[100:200]
        assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
        assert part.headers["Content-Length"] == "100"
        tail = node.get(path, headers={"Range": "bytes=-50"})
        assert tail.status_code == 206 and tail.data == data[-50:]
        outside = node.get(path, headers={"Range": f"bytes={len(data) + 10}-"})
        assert outside.status_code == 416 and outside.headers["Content-Range"] == f"bytes */{len(data)}"
        fresh = node.get(path, headers={"If-None-Match": f'"{media["id"]}"'})
        assert fresh.status_code == 304 and fresh.data == b""
        assert node.head(path).headers["Content-Length"] == str(len(data))

        poster = node.get(f"/media/{media['id']}/poster.jpg")
        assert poster.status_code == 200 and poster.mimetype == "image/jpeg" and poster.data[:2] == b"\xff\xd8"
        assert poster.headers["ETag"] == f'"{media["id"]}-poster"'


def test_a_missing_poster_is_made_again_from_the_stored_file(client, other_node, stored, nmc_token, jar,
                                                            films):  # noqa: F811
    media = send(client, nmc_token, films["webm"]).get_json()
    poster_key = f"media/{media['id'][:2]}/{media['id']}/poster.jpg"
    stored.delete(poster_key)

    poster = other_node.get(f"/media/{media['id']}/poster.jpg")

    assert poster.status_code == 200 and poster.data[:2] == b"\xff\xd8"
    assert stored.get(poster_key) == poster.data


def test_a_refused_or_deleted_upload_leaves_nothing_in_the_storage(client, platform, stored, nmc_token, jar,
                                                                  films):  # noqa: F811
    truncated = send(client, nmc_token, films["mp4"][: len(films["mp4"]) // 2], name="film.mp4")
    assert truncated.status_code == 422
    assert files(stored) == []

    media = send(client, nmc_token, films["ogg"], name="bell.ogg").get_json()
    assert files(stored) == [f"{media['id']}/file", f"{media['id']}/media.json"]
    assert client.get(f"/media/{media['id']}/poster.jpg").status_code == 404  # audio has none
    assert client.delete(f"/api/v1/media/{media['id']}", headers=nmc_token).status_code == 204
    assert files(stored) == []
    assert client.get(media["url"].removeprefix("http://museum.test")).status_code == 404
    scratch = platform.media.storage.scratch()
    assert [path for path in scratch.rglob("*") if path.is_file()] == []
