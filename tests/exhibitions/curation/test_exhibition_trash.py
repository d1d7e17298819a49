"""Deleting an exhibition moves it to the trash: gone for readers and harvesters, kept with its
history; a curator restores it as a draft or deletes it for good."""

from __future__ import annotations

from tests.exhibitions.conftest import bearer, exhibition_document, stored_counts

PATH = "/api/v1/exhibitions/blue-and-white"
TRASH = "/api/v1/trash/exhibitions"


def test_a_deleted_exhibition_is_gone_for_everyone_until_it_is_restored(client, platform, curator, objects):
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    client.put(PATH, json=exhibition_document(objects, title={"en": ["Renamed"]}), headers=curator)
    client.post(f"{PATH}/publish", headers=curator)
    activities = stored_counts(platform)["activities"]
    assert client.delete(PATH, headers=curator).status_code == 204

    assert stored_counts(platform)["activities"] == activities + 1  # withdrawn for harvesters
    for path in (PATH, "/iiif/3/exhibitions/blue-and-white/manifest", "/exhibitions/blue-and-white"):
        assert client.get(path).status_code == 404, path
    assert client.get(PATH, headers=curator).status_code == 404
    assert client.get("/api/v1/exhibitions", headers=curator).get_json()["total"] == 0
    assert "blue-and-white" not in client.get("/iiif/3/exhibitions/collection").get_data(as_text=True)

    trashed = client.get(TRASH, headers=curator).get_json()
    assert [(item["slug"], item["status"], item["title"]) for item in trashed["items"]] == [
        ("blue-and-white", "deleted", {"en": ["Renamed"]})]
    assert trashed["items"][0]["deleted"]

    restored = client.post(f"{TRASH}/blue-and-white/restore", headers=curator)
    assert restored.status_code == 200
    assert (restored.get_json()["status"], restored.get_json()["version"]) == ("draft", 2)
    assert client.get(f"{PATH}/versions", headers=curator).get_json()["total"] == 2
    assert client.get(TRASH, headers=curator).get_json()["total"] == 0
    assert client.get(PATH).status_code == 404  # a draft again: publishing it is the curator's choice


def test_the_slug_of_a_trashed_exhibition_is_kept_for_it(client, curator, objects):
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    client.delete(PATH, headers=curator)
    for answer in (client.put(PATH, json=exhibition_document(objects), headers=curator),
                   client.post("/api/v1/exhibitions", json=exhibition_document(objects, slug="blue-and-white"),
                               headers=curator)):
        assert answer.status_code == 409 and "in the trash" in answer.get_json()["detail"]
    assert client.delete(f"{TRASH}/blue-and-white", headers=curator).status_code == 204
    assert client.put(PATH, json=exhibition_document(objects), headers=curator).status_code == 201


def test_the_trash_is_for_curators_and_knows_only_what_is_in_it(client, platform, curator, objects):
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    assert client.post(f"{TRASH}/blue-and-white/restore", headers=curator).status_code == 404  # not deleted
    assert client.delete(f"{TRASH}/blue-and-white", headers=curator).status_code == 404
    client.delete(PATH, headers=curator)
    assert client.get(TRASH).status_code == 401
    assert client.get(TRASH, headers=bearer(platform, "contributor", "nmc")).status_code == 403
    assert client.post(f"{TRASH}/blue-and-white/restore").status_code == 401
    assert client.delete(f"{TRASH}/nowhere", headers=curator).status_code == 404


def test_the_trash_is_paged_like_every_other_list(client, curator, objects):
    for slug in ("first", "second", "third"):
        client.put(f"/api/v1/exhibitions/{slug}", json=exhibition_document(objects, slug=slug), headers=curator)
        client.delete(f"/api/v1/exhibitions/{slug}", headers=curator)

    first = client.get(f"{TRASH}?size=2", headers=curator).get_json()
    second = client.get(f"{TRASH}?size=2&page=2", headers=curator).get_json()
    assert (first["total"], first["page"], first["size"]) == (3, 1, 2)
    assert [item["slug"] for item in first["items"] + second["items"]] == ["third", "second", "first"]
    refused = client.get(f"{TRASH}?size=101", headers=curator)
    assert refused.status_code == 400 and refused.get_json()["errors"][0]["field"] == "size"


def test_only_the_exhibitions_team_deletes_restores_or_purges_it(client, platform, curator, objects):
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    outsider = bearer(platform, "curator")  # a curator the team never invited
    assert client.delete(PATH, headers=outsider).status_code == 403
    assert client.get(PATH, headers=curator).get_json()["status"] == "draft"

    client.delete(PATH, headers=curator)
    for refused in (client.post(f"{TRASH}/blue-and-white/restore", headers=outsider),
                    client.delete(f"{TRASH}/blue-and-white", headers=outsider)):
        assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
        assert "team" in refused.get_json()["detail"]
    assert [item["slug"] for item in client.get(TRASH, headers=outsider).get_json()["items"]] == ["blue-and-white"]
    assert client.post(f"{TRASH}/blue-and-white/restore", headers=bearer(platform, "admin")).status_code == 200
