"""Bulk open data: `flask --app wsgi dump` writes a dated snapshot (open and metadata-only sets,
JSON Lines and CSV, gzip, sums, a README), whole or not at all, and /data/ serves and lists it."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from datetime import date

from tests.exhibitions.conftest import VALID_OBJECT, put


def dump(app):
    return app.test_cli_runner().invoke(args=["dump"], catch_exceptions=False)


def test_the_dump_writes_a_dated_snapshot_whose_sums_verify_and_data_serves_it(app, client, nmc_token):
    for accession, rights in (("OPEN-1", "http://creativecommons.org/publicdomain/zero/1.0/"),
                              ("SHUT-1", "http://rightsstatements.org/vocab/InC/1.0/"),
                              ("NC-1", "http://creativecommons.org/licenses/by-nc/4.0/")):
        put(client, nmc_token, accession=accession, body={**VALID_OBJECT, "rights": rights})
    result = dump(app)
    assert result.exit_code == 0 and "3 objects" in result.output
    today = date.today().isoformat()
    folder = app.extensions["caravanserai"].settings.data_dir / "dumps" / today
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"caravanserai-{kind_set}.{kind}.gz" for kind_set in ("open", "metadata-only")
                            for kind in ("jsonl", "csv")] + ["SHA256SUMS", "README.md", "snapshot.json"])
    sums = dict(reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == set(names) - {"SHA256SUMS", "snapshot.json"}
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    open_rows = [json.loads(line) for line in gzip.open(folder / "caravanserai-open.jsonl.gz", "rt")]
    assert [row["accession"] for row in open_rows] == ["OPEN-1"]
    shut = list(csv.DictReader(io.StringIO(gzip.open(folder / "caravanserai-metadata-only.csv.gz", "rt").read())))
    assert sorted(row["accession"] for row in shut) == ["NC-1", "SHUT-1"]
    assert "CC BY" in (folder / "README.md").read_text()

    listed = client.get("/data/snapshots.json").get_json()["snapshots"]
    assert [s["date"] for s in listed] == [today]
    assert listed[0]["objects"] == {"open": 1, "metadata-only": 2}
    for file in listed[0]["files"]:
        served = client.get(file["url"])
        assert served.status_code == 200
        assert served.get_data() == (folder / file["name"]).read_bytes()
    page = client.get("/data/").get_data(as_text=True)
    assert today in page and "caravanserai-open.csv.gz" in page


def test_a_second_dump_of_the_day_replaces_the_first_and_leaves_nothing_half_written(app, client, nmc_token):
    put(client, nmc_token)
    dump(app)
    put(client, nmc_token, accession="A-2")
    dump(app)
    root = app.extensions["caravanserai"].settings.data_dir / "dumps"
    assert [p.name for p in root.iterdir()] == [date.today().isoformat()]
    assert client.get("/data/snapshots.json").get_json()["snapshots"][0]["objects"]["open"] == 2


def test_data_serves_nothing_outside_a_snapshot(client, museums):
    assert client.get("/data/snapshots.json").get_json() == {"snapshots": []}
    assert client.get("/data/..%2F..%2Fcaravanserai.db/x").status_code == 404
    assert client.get("/data/2026-01-01/..%2F..%2Fsecret_key").status_code == 404
