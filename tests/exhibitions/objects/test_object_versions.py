"""No museum loses a record to a mistaken save or import: the metadata every change replaces is
kept as a version, which its museum reads and restores; only an operator's `versions prune`
lets old versions go."""

from __future__ import annotations

import json

from tests.exhibitions.conftest import VALID_OBJECT, exhibition_document, put, stored_counts
from tests.exhibitions.imports.test_imports import post_import
from tests.exhibitions.ops.test_cli import run


def versions_of(client, token, object_id: str) -> dict:
    return client.get(f"/api/v1/objects/{object_id}/versions", headers=token).get_json()


def test_every_change_keeps_the_metadata_it_replaced(client, nmc_token):
    first = put(client, nmc_token).get_json()
    assert versions_of(client, nmc_token, first["id"])["total"] == 0
    put(client, nmc_token)  # the same metadata again changes nothing, so nothing is kept
    second = put(client, nmc_token, body={**VALID_OBJECT, "object_type": "jar"}).get_json()
    put(client, nmc_token, body={**VALID_OBJECT, "object_type": "bottle"})

    history = versions_of(client, nmc_token, first["id"])
    assert history["total"] == 2
    assert [v["number"] for v in history["items"]] == [2, 1]
    oldest = history["items"][1]
    assert (oldest["saved"], oldest["replaced"]) == (first["modified"], second["modified"])
    assert oldest["replaced_by"]  # the token's name
    assert client.get(f"/api/v1/objects/{first['id']}/versions/1", headers=nmc_token).get_json()[
        "metadata"]["object_type"] == "vessel"


def test_a_version_is_restored_as_a_change_that_can_be_undone(client, platform, nmc_token):
    record = put(client, nmc_token).get_json()
    put(client, nmc_token, body={**VALID_OBJECT, "title": {"en": ["Overwritten by mistake"]}})
    activities = stored_counts(platform)["activities"]

    restored = client.post(f"/api/v1/objects/{record['id']}/versions/1/restore", headers=nmc_token)
    assert restored.status_code == 200
    assert restored.get_json()["title"] == VALID_OBJECT["title"]
    assert restored.headers["ETag"] == f'"{restored.get_json()["modified"]}"'
    assert client.get("/api/v1/search?q=jar").get_json()["total"] == 1  # the index follows
    assert stored_counts(platform)["activities"] == activities + 1  # an Update for harvesters
    history = versions_of(client, nmc_token, record["id"])["items"]
    assert history[0]["number"] == 2
    assert client.get(f"/api/v1/objects/{record['id']}/versions/2", headers=nmc_token).get_json()[
        "metadata"]["title"] == {"en": ["Overwritten by mistake"]}

    stale = client.post(f"/api/v1/objects/{record['id']}/versions/2/restore",
                        headers={**nmc_token, "If-Match": f'"{record["modified"]}"'})
    assert stale.status_code == 412


def test_an_import_row_that_replaces_an_object_keeps_what_it_replaced(client, nmc_token):
    record = put(client, nmc_token).get_json()
    line = {"accession": "A-1", "title": "Jar, retitled by an import", "rights": VALID_OBJECT["rights"]}
    assert post_import(client, nmc_token, json.dumps(line).encode(), "fixes.jsonl").get_json()["replaced"] == 1
    kept = versions_of(client, nmc_token, record["id"])["items"]
    assert [(v["number"], v["replaced_by"]) for v in kept] == [(1, "import of fixes.jsonl")]


def test_the_history_stays_with_an_object_through_the_trash_and_goes_when_it_is_deleted_for_good(
        client, nmc_token):
    record = put(client, nmc_token).get_json()
    put(client, nmc_token, body={**VALID_OBJECT, "object_type": "jar"})
    client.delete(f"/api/v1/objects/{record['id']}", headers=nmc_token)
    client.post(f"/api/v1/trash/objects/{record['id']}/restore", headers=nmc_token)
    assert versions_of(client, nmc_token, record["id"])["total"] == 1

    client.delete(f"/api/v1/objects/{record['id']}", headers=nmc_token)
    client.delete(f"/api/v1/trash/objects/{record['id']}", headers=nmc_token)
    again = put(client, nmc_token).get_json()
    assert again["id"] == record["id"] and versions_of(client, nmc_token, again["id"])["total"] == 0


def test_only_the_museums_contributors_read_or_restore_its_history(client, nmc_token, rundale_token):
    record = put(client, nmc_token).get_json()
    put(client, nmc_token, body={**VALID_OBJECT, "object_type": "jar"})
    base = f"/api/v1/objects/{record['id']}/versions"
    for path in (base, f"{base}/1"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers=rundale_token).status_code == 403
    assert client.post(f"{base}/1/restore", headers=rundale_token).status_code == 403
    assert client.get(f"{base}/9", headers=nmc_token).status_code == 404
    assert client.post(f"{base}/9/restore", headers=nmc_token).status_code == 404
    assert client.get(f"{base}/one", headers=nmc_token).status_code == 404
    assert client.get(f"{base}?page=0", headers=nmc_token).status_code == 400
    assert client.get("/api/v1/objects/nmc-unknown/versions", headers=nmc_token).status_code == 404
    assert client.get(f"/api/v1/objects/{record['id']}").get_json()["object_type"] == "jar"  # nothing restored


def test_pruning_keeps_the_newest_versions_of_each_record_and_every_exhibitions_current_one(
        app, client, platform, nmc_token, curator, objects):
    record = put(client, nmc_token, "P-1").get_json()
    for kind in ("jar", "bottle", "flask", "ewer"):  # four earlier versions of P-1
        put(client, nmc_token, "P-1", body={**VALID_OBJECT, "object_type": kind})
    other = put(client, nmc_token, "P-2").get_json()
    put(client, nmc_token, "P-2", body={**VALID_OBJECT, "object_type": "jar"})  # one earlier version
    path = "/api/v1/exhibitions/pruned"
    for title in ("One", "Two", "Three"):  # versions 1 to 3, the third current
        client.put(path, json=exhibition_document(objects, title={"en": [title]}), headers=curator)

    counted = run(app, "versions", "prune", "--keep", "2", "--dry-run")
    assert "Would delete 2 earlier object version(s) and 1 exhibition version(s)" in counted.output
    assert versions_of(client, nmc_token, record["id"])["total"] == 4
    assert "Deleted 0 earlier object version(s)" in run(app, "versions", "prune", "--keep", "2",
                                                        "--older-than", "1").output  # none is a day old

    assert run(app, "versions", "prune", "--keep", "2").exit_code == 0
    assert [v["number"] for v in versions_of(client, nmc_token, record["id"])["items"]] == [4, 3]
    assert versions_of(client, nmc_token, other["id"])["total"] == 1
    kept = client.get(f"{path}/versions", headers=curator).get_json()["items"]
    assert [v["number"] for v in kept] == [3, 2]
    assert client.get(path, headers=curator).get_json()["version"] == 3
    assert run(app, "versions", "prune", "--keep", "0").exit_code == 2
