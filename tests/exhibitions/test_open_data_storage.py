"""Open-data snapshots kept where STORAGE_URL says, a local directory or an S3 bucket on a real
server: `dump` on one node stores the snapshot, another node lists and serves it with the same
answers, and a second dump of the day replaces the first whole."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from datetime import date

import pytest

from storage import open_storage
from tests.exhibitions.conftest import VALID_OBJECT, put
from tests.storage.conftest import on_prefix, s3_url  # noqa: F401 (a fixture)

VARYING = {"Date", "Expires", "Last-Modified", "ETag", "X-Request-Id"}  # the clock's, the file's, the request's


@pytest.fixture(params=["local", "s3"])
def settings(request, settings):
    if request.param == "local":
        return settings
    return replace(settings, storage_url=on_prefix(request.getfixturevalue("s3_url"), f"dumps-{uuid.uuid4().hex}"))


def dump(app):
    return app.test_cli_runner().invoke(args=["dump"], catch_exceptions=False)


def test_a_snapshot_dumped_on_one_node_is_listed_and_served_by_another(app, client, other_node, platform,
                                                                       nmc_token):
    put(client, nmc_token, accession="OPEN-1",
        body={**VALID_OBJECT, "rights": "http://creativecommons.org/publicdomain/zero/1.0/"})
    assert dump(app).exit_code == 0
    put(client, nmc_token, accession="OPEN-2",
        body={**VALID_OBJECT, "rights": "http://creativecommons.org/publicdomain/zero/1.0/"})
    assert dump(app).exit_code == 0  # the same day again: replaces the first
    today = date.today().isoformat()
    stored = open_storage(platform.settings.storage_url, platform.settings.data_dir)
    assert stored.names("dumps") == [today]

    listed = other_node.get("/data/snapshots.json").get_json()["snapshots"]
    assert listed == client.get("/data/snapshots.json").get_json()["snapshots"]
    assert [(s["date"], s["objects"]) for s in listed] == [(today, {"open": 2, "metadata-only": 0})]
    for file in listed[0]["files"]:
        served = other_node.get(file["url"])
        assert served.status_code == 200 and len(served.data) == file["bytes"]
        if file["sha256"]:
            assert hashlib.sha256(served.data).hexdigest() == file["sha256"]
        same = client.get(file["url"])
        assert {k: v for k, v in served.headers.items() if k not in VARYING} == \
               {k: v for k, v in same.headers.items() if k not in VARYING}
    readme = other_node.get(f"/data/{today}/README.md")
    assert readme.headers["Content-Disposition"] == "inline; filename=README.md"
    csv = other_node.get(f"/data/{today}/caravanserai-open.csv.gz")
    assert csv.headers["Content-Disposition"] == "attachment; filename=caravanserai-open.csv.gz"
    assert csv.headers["Cache-Control"] == "public, max-age=86400"
    part = other_node.get(f"/data/{today}/caravanserai-open.csv.gz", headers={"Range": "bytes=0-1"})
    assert part.status_code == 206 and part.data == b"\x1f\x8b"
    assert other_node.get(f"/data/{today}/nothing.csv.gz").status_code == 404
    assert other_node.get("/data/2020-01-01/README.md").status_code == 404
