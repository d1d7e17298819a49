"""The demo alliance taken away whole: `flask --app wsgi dump` on the demo writes a snapshot of
every public object whose sums verify, and /data/ lists it."""

from __future__ import annotations

import gzip
import hashlib
import json


def test_the_demo_dumps_every_object_and_data_lists_the_snapshot(demo_app, client):
    result = demo_app.test_cli_runner().invoke(args=["dump"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    total = client.get("/api/v1/search?size=1").get_json()["total"]
    [snapshot] = client.get("/data/snapshots.json").get_json()["snapshots"]
    assert sum(snapshot["objects"].values()) == total >= 40
    files = {file["name"]: file for file in snapshot["files"]}
    sums = client.get(files["SHA256SUMS"]["url"]).get_data(as_text=True).splitlines()
    assert len(sums) == 5
    for line in sums:  # as `sha256sum -c SHA256SUMS` checks them
        digest, name = line.split("  ")
        assert hashlib.sha256(client.get(files[name]["url"]).get_data()).hexdigest() == digest == files[name]["sha256"]
    rows = [json.loads(line) for kind_set in ("open", "metadata-only")
            for line in gzip.decompress(client.get(files[f"caravanserai-{kind_set}.jsonl.gz"]["url"]).get_data())
            .decode().splitlines()]
    assert len({row["id"] for row in rows}) == total
    assert all(row["manifest"].endswith("/manifest") and row["page"] for row in rows)
    page = client.get("/data/").get_data(as_text=True)
    assert snapshot["date"] in page and "SHA256SUMS" in page
