"""Deleting a museum's object moves it to the trash: gone for readers, search, harvesters and
the image server, kept whole with its images; its museum restores it under the same id, or
deletes it for good (or `trash empty` does, after a while), and only then do files no object
needs leave the store."""

from __future__ import annotations

import json
import os
import time
from datetime import timedelta

import pytest
from sqlalchemy import update

from exhibitions.models import Exhibition, MuseumObject, TrashedObject, utcnow
from exhibitions.objects import contribution
from exhibitions.problems import Problem
from tests.conftest import image_bytes
from tests.exhibitions.conftest import bearer, exhibition_document, put, stored_counts, upload
from tests.exhibitions.imports.test_imports import post_import
from tests.exhibitions.ops.test_cli import run

TRASH = "/api/v1/trash/objects"


def path_of(url: str) -> str:
    return url.removeprefix("http://museum.test")


def files_under(platform, area: str) -> int:
    root = platform.images.root / area
    return sum(1 for path in root.rglob("*") if path.is_file()) if root.exists() else 0


def test_a_deleted_object_is_gone_for_everyone_until_its_museum_restores_it(client, platform, nmc_token):
    record = put(client, nmc_token).get_json()
    image = upload(client, nmc_token, image_bytes(300, 200)).get_json()
    tile = path_of(image["info"]).replace("info.json", "full/max/0/default.jpg")
    pixels = client.get(tile).data
    activities = stored_counts(platform)["activities"]

    assert client.delete(f"/api/v1/objects/{record['id']}", headers=nmc_token).status_code == 204

    for path in (f"/api/v1/objects/{record['id']}", "/api/v1/museums/nmc/objects/A-1", path_of(record["manifest"]),
                 path_of(image["info"]), tile, f"/objects/{record['id']}"):
        assert client.get(path).status_code == 404, path
    assert client.get("/api/v1/search?q=jar").get_json()["total"] == 0
    assert client.get("/api/v1/museums/nmc/objects").get_json()["total"] == 0
    assert stored_counts(platform)["activities"] == activities + 1  # a Delete for harvesters
    assert files_under(platform, "withdrawn") > 0  # kept, not served

    trash = client.get(TRASH, headers=nmc_token).get_json()
    assert trash["total"] == 1
    item = trash["items"][0]
    assert (item["id"], item["museum"], item["accession"], item["image_count"]) == (record["id"], "nmc", "A-1", 1)
    assert item["title"] == record["title"] and item["deleted"]
    assert client.get(f"{TRASH}/{record['id']}", headers=nmc_token).get_json()["metadata"]["object_type"] == "vessel"

    restored = client.post(f"{TRASH}/{record['id']}/restore", headers=nmc_token)
    assert restored.status_code == 200
    assert restored.headers["Location"].endswith(f"/api/v1/objects/{record['id']}")
    back = restored.get_json()
    assert (back["id"], back["title"], back["created"]) == (record["id"], record["title"], record["created"])
    assert [i["id"] for i in back["images"]] == [image["id"]]
    assert back["modified"] > record["modified"]  # a change: caches and the index take the new version
    assert client.get(tile).data == pixels
    assert client.get("/api/v1/search?q=jar").get_json()["total"] == 1
    assert client.get(TRASH, headers=nmc_token).get_json()["total"] == 0
    assert files_under(platform, "withdrawn") == 0
    assert stored_counts(platform)["activities"] == activities + 2  # a Create again


def test_an_accession_in_the_trash_stays_its_objects(client, platform, nmc_token):
    record = put(client, nmc_token).get_json()
    client.delete(f"/api/v1/objects/{record['id']}", headers=nmc_token)
    before = stored_counts(platform)

    refused = put(client, nmc_token)
    assert refused.status_code == 409
    assert "in the trash" in refused.get_json()["detail"] and record["id"] in refused.get_json()["detail"]
    report = post_import(client, nmc_token, json.dumps({"accession": "A-1", "title": "Jar", "rights":
                                                        "http://creativecommons.org/licenses/by/4.0/"}).encode(),
                         "rows.jsonl").get_json()
    assert report["failed"] == 1 and "in the trash" in report["rows"][0]["errors"][0]["message"]
    assert stored_counts(platform) == before

    assert client.delete(f"{TRASH}/{record['id']}", headers=nmc_token).status_code == 204
    assert put(client, nmc_token).status_code == 201


def test_files_leave_the_store_only_when_no_object_needs_them(client, platform, nmc_token):
    """Images are stored once for every object that shows the same bytes."""
    shared = image_bytes(120, 90, color=(20, 40, 60))
    first = put(client, nmc_token, "A-1").get_json()
    second = put(client, nmc_token, "A-2").get_json()
    image = upload(client, nmc_token, shared, "A-1").get_json()
    upload(client, nmc_token, shared, "A-2")
    info = path_of(image["info"])

    client.delete(f"/api/v1/objects/{first['id']}", headers=nmc_token)
    assert client.get(info).status_code == 200  # the second object still shows it
    client.delete(f"/api/v1/objects/{second['id']}", headers=nmc_token)
    assert client.get(info).status_code == 404
    client.delete(f"{TRASH}/{first['id']}", headers=nmc_token)
    assert files_under(platform, "withdrawn") > 0  # the second, in the trash, still needs it
    client.post(f"{TRASH}/{second['id']}/restore", headers=nmc_token)
    assert client.get(info).status_code == 200

    client.delete(f"/api/v1/objects/{second['id']}", headers=nmc_token)
    assert client.delete(f"{TRASH}/{second['id']}", headers=nmc_token).status_code == 204
    counts = stored_counts(platform)
    assert counts["objects"] == 0 and counts["images"] == 0 and counts["files"] == 0
    assert client.get(TRASH, headers=nmc_token).get_json()["total"] == 0


def test_an_exhibition_keeps_an_item_whose_object_is_in_the_trash_and_shows_it_once_restored(
        client, curator, objects, nmc_token):
    client.put("/api/v1/exhibitions/silk", json=exhibition_document(objects), headers=curator)
    client.post("/api/v1/exhibitions/silk/publish", headers=curator)
    manifest = "/iiif/3/exhibitions/silk/manifest"
    shown = len(client.get(manifest).get_json()["items"])
    client.delete(f"/api/v1/objects/{objects[0][0]}", headers=nmc_token)
    assert len(client.get(manifest).get_json()["items"]) == shown - 1

    def items(headers=None) -> list[str]:
        found = client.get("/api/v1/exhibitions/silk", headers=headers).get_json()
        listed = client.get("/api/v1/exhibitions", headers=headers).get_json()["items"][0]
        assert listed["sections"] == found["sections"]
        return [item["object"] for section in found["sections"] for item in section["items"]]

    assert items() == [objects[1][0]]  # readers of the API, like those of the page, no longer see it
    assert items(curator) == [objects[0][0], objects[1][0]]  # curators keep the item

    # The curators' work goes on: a save with the item still in it is accepted.
    renamed = client.put("/api/v1/exhibitions/silk", json=exhibition_document(objects, title={"en": ["Renamed"]}),
                         headers=curator)
    assert renamed.status_code == 200
    unknown = exhibition_document(objects)
    unknown["sections"][0]["items"][0]["object"] = "nmc-nosuchobject"
    refused = client.put("/api/v1/exhibitions/silk", json=unknown, headers=curator)
    assert refused.status_code == 422 and "there is no object 'nmc-nosuchobject'" in refused.get_data(as_text=True)

    client.post(f"{TRASH}/{objects[0][0]}/restore", headers=nmc_token)
    assert len(client.get(manifest).get_json()["items"]) == shown
    assert items() == [objects[0][0], objects[1][0]]


def test_each_museum_sees_and_restores_only_its_own_trash(client, platform, nmc_token, rundale_token, admin_token):
    mine = put(client, nmc_token).get_json()
    theirs = put(client, rundale_token, museum="rundale").get_json()
    client.delete(f"/api/v1/objects/{mine['id']}", headers=nmc_token)
    client.delete(f"/api/v1/objects/{theirs['id']}", headers=rundale_token)

    assert [i["id"] for i in client.get(TRASH, headers=nmc_token).get_json()["items"]] == [mine["id"]]
    assert client.get(f"{TRASH}?museum=rundale", headers=nmc_token).status_code == 403
    assert client.get(TRASH).status_code == 401
    assert client.get(TRASH, headers=bearer(platform, "curator")).status_code == 403
    everything = client.get(TRASH, headers=admin_token).get_json()
    assert {i["id"] for i in everything["items"]} == {mine["id"], theirs["id"]}
    assert client.get(f"{TRASH}?museum=rundale", headers=admin_token).get_json()["total"] == 1
    assert client.get(f"{TRASH}?museum=nowhere", headers=admin_token).status_code == 404
    assert client.get(f"{TRASH}?size=500", headers=admin_token).status_code == 400

    for call in (client.get, client.delete):
        assert call(f"{TRASH}/{theirs['id']}", headers=nmc_token).status_code == 403
    assert client.post(f"{TRASH}/{theirs['id']}/restore", headers=nmc_token).status_code == 403
    assert client.post(f"{TRASH}/{theirs['id']}/restore").status_code == 401
    assert client.get(TRASH, headers=rundale_token).get_json()["total"] == 1  # nothing was restored

    live = put(client, nmc_token, "A-2").get_json()
    assert client.post(f"{TRASH}/{live['id']}/restore", headers=nmc_token).status_code == 404
    assert client.delete(f"{TRASH}/nmc-unknown", headers=nmc_token).status_code == 404


def test_two_deletes_of_one_object_at_the_same_moment_trash_it_once(platform, nmc_token, client):
    record = put(client, nmc_token).get_json()
    with platform.db.sessions() as first, platform.db.sessions() as second:
        ours, theirs = first.get(MuseumObject, record["id"]), second.get(MuseumObject, record["id"])
        contribution.delete_object(first, ours)
        first.commit()
        with pytest.warns(Warning), pytest.raises(Problem) as refused:
            contribution.delete_object(second, theirs)
        assert refused.value.status == 409
    assert client.get(TRASH, headers=nmc_token).get_json()["total"] == 1


def test_two_restores_of_one_object_at_the_same_moment_bring_it_back_once(platform, nmc_token, client):
    record = put(client, nmc_token).get_json()
    upload(client, nmc_token, image_bytes())
    client.delete(f"/api/v1/objects/{record['id']}", headers=nmc_token)
    with platform.db.sessions() as first, platform.db.sessions() as second:
        ours, theirs = first.get(TrashedObject, record["id"]), second.get(TrashedObject, record["id"])
        contribution.restore_object(first, ours)
        first.commit()
        with pytest.raises(Problem) as refused:
            contribution.restore_object(second, theirs)
        assert refused.value.status == 409
    assert len(client.get(f"/api/v1/objects/{record['id']}").get_json()["images"]) == 1


def test_emptying_the_trash_deletes_for_good_only_what_has_waited_long_enough(app, client, platform, nmc_token,
                                                                              curator, objects):
    old = put(client, nmc_token, "OLD-1").get_json()
    image = upload(client, nmc_token, image_bytes(80, 60, color=(99, 1, 1)), "OLD-1").get_json()
    recent = put(client, nmc_token, "NEW-1").get_json()
    client.put("/api/v1/exhibitions/bygone", json=exhibition_document(objects), headers=curator)
    for path, token in ((f"/api/v1/objects/{old['id']}", nmc_token), (f"/api/v1/objects/{recent['id']}", nmc_token),
                        ("/api/v1/exhibitions/bygone", curator)):
        assert client.delete(path, headers=token).status_code == 204
    long_ago = utcnow() - timedelta(days=40)
    with platform.db.transaction() as session:
        session.execute(update(TrashedObject).where(TrashedObject.id == old["id"]).values(deleted=long_ago))
        session.execute(update(Exhibition).where(Exhibition.slug == "bygone").values(deleted=long_ago))

    counted = run(app, "trash", "empty", "--older-than", "30", "--dry-run")
    assert "Would delete for good 1 object(s) and 1 exhibition(s)" in counted.output
    assert client.get(f"{TRASH}/{old['id']}", headers=nmc_token).status_code == 200

    emptied = run(app, "trash", "empty", "--older-than", "30")
    assert emptied.exit_code == 0, emptied.output
    assert "Deleted for good 1 object(s) and 1 exhibition(s) in the trash for more than 30 day(s)" in emptied.output
    assert client.get(f"{TRASH}/{old['id']}", headers=nmc_token).status_code == 404
    assert client.get("/api/v1/trash/exhibitions", headers=curator).get_json()["total"] == 0
    assert [i["id"] for i in client.get(TRASH, headers=nmc_token).get_json()["items"]] == [recent["id"]]
    assert not platform.images.is_withdrawn(image["id"]) and platform.images.get(image["id"]) is None

    assert run(app, "trash", "empty", "--older-than", "-1").exit_code == 2
    assert "Deleted for good 1 object(s)" in run(app, "trash", "empty", "--older-than", "0").output


def test_images_settle_puts_every_image_where_the_database_says_and_reports_what_is_missing(
        app, client, platform, nmc_token):
    """As after a backup restored by hand, or files moved outside the platform."""
    live = put(client, nmc_token, "LIVE-1").get_json()
    shown = upload(client, nmc_token, image_bytes(50, 40, color=(1, 100, 1)), "LIVE-1").get_json()["id"]
    binned = put(client, nmc_token, "BIN-1").get_json()
    trashed = upload(client, nmc_token, image_bytes(50, 40, color=(100, 1, 1)), "BIN-1").get_json()["id"]
    client.delete(f"/api/v1/objects/{binned['id']}", headers=nmc_token)
    unused = platform.images.ingest(image_bytes(30, 20, color=(7, 7, 7))).id
    platform.images.withdraw(shown)  # out of step both ways
    platform.images.reinstate(trashed)

    settled = run(app, "images", "settle")
    assert settled.exit_code == 0, settled.output
    assert "Checked 3 images: 1 served for live objects, 1 withdrawn for objects in the trash, 1 no object has" \
        in settled.output
    assert client.get(f"/iiif/3/{shown}/info.json").status_code == 200
    assert client.get(f"/iiif/3/{trashed}/info.json").status_code == 404 and platform.images.is_withdrawn(trashed)
    assert "1 no object has (kept" in run(app, "images", "settle", "--remove-unused").output
    assert platform.images.get(unused) is not None  # too recent: an upload may be writing its row
    two_days_ago = time.time() - 2 * 86_400
    os.utime(platform.images.image_dir(unused) / "image.json", (two_days_ago, two_days_ago))
    assert "1 no object has (1 removed)" in run(app, "images", "settle", "--remove-unused").output
    assert platform.images.get(unused) is None

    platform.images.delete(shown)  # a file lost outside the platform
    missing = run(app, "images", "settle")
    assert missing.exit_code == 1 and f"missing: {shown}" in missing.output
    assert client.get(f"/api/v1/objects/{live['id']}").status_code == 200
