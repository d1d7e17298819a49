"""A museum's profile: a description in its languages and a profile image, set by an admin or
the museum's own contributors, shown in the API and the museum's IIIF collection."""

from __future__ import annotations

import io

from exhibitions.ops.store_check import settle_store
from tests.conftest import image_bytes
from tests.exhibitions.conftest import bearer, put, stored_counts, upload

DESCRIPTION = {"en": ["The national museum of China, on Tiananmen Square."], "zh": ["位于天安门广场东侧。"]}


def put_profile_image(client, token, data: bytes, museum="nmc"):
    return client.put(f"/api/v1/museums/{museum}/profile-image", headers=token,
                      data={"file": (io.BytesIO(data), "front.jpg")}, content_type="multipart/form-data")


def test_an_admin_adds_a_museum_with_its_description(client, admin_token):
    body = {"slug": "hnm", "name": {"en": ["Hungarian National Museum"]}, "country": "HU",
            "description": {"en": ["Founded in 1802."], "hu": ["1802-ben alapították."]}}
    assert client.post("/api/v1/museums", json=body, headers=admin_token).status_code == 201
    museum = client.get("/api/v1/museums/hnm").get_json()
    assert museum["description"] == {"en": ["Founded in 1802."], "hu": ["1802-ben alapították."]}
    assert museum["profile_image"] is None


def test_the_museums_contributor_changes_its_profile_and_null_removes_a_field(client, platform, nmc_token):
    client.patch("/api/v1/museums/nmc", json={"city": "Beijing"}, headers=nmc_token)
    answer = client.patch("/api/v1/museums/nmc", json={"description": DESCRIPTION, "city": None}, headers=nmc_token)
    assert answer.status_code == 200
    museum = client.get("/api/v1/museums/nmc").get_json()
    assert museum["description"] == DESCRIPTION and museum["city"] is None
    assert museum["name"] == {"en": ["National Museum of China"]}


def test_only_an_admin_or_the_museums_contributors_change_it(client, platform, museums, rundale_token):
    assert client.patch("/api/v1/museums/nmc", json={"city": "X"}).status_code == 401
    assert client.patch("/api/v1/museums/nmc", json={"city": "X"}, headers=rundale_token).status_code == 403
    assert client.patch("/api/v1/museums/nmc", json={"city": "X"},
                        headers=bearer(platform, "admin")).status_code == 200


def test_a_bad_change_names_every_field_and_changes_nothing(client, nmc_token):
    answer = client.patch("/api/v1/museums/nmc", json={"name": None, "slug": "other", "country": "China",
                                                       "description": {"english": ["x"]}, "city": "Beijing"},
                          headers=nmc_token)
    assert answer.status_code == 422
    assert {error["field"] for error in answer.get_json()["errors"]} == {"name", "slug", "country", "description"}
    assert client.get("/api/v1/museums/nmc").get_json()["city"] is None
    assert client.patch("/api/v1/museums/nmc", json=["city"], headers=nmc_token).status_code == 422


def test_a_new_name_reaches_search_through_its_objects(client, nmc_token):
    put(client, nmc_token, "A-1")
    put(client, nmc_token, "A-2")
    assert client.get("/api/v1/search?q=Guobo").get_json()["total"] == 0
    client.patch("/api/v1/museums/nmc", json={"name": {"en": ["Guobo"]}}, headers=nmc_token)
    found = client.get("/api/v1/search?q=Guobo").get_json()
    assert found["total"] == 2 and found["items"][0]["museum"]["name"] == {"en": ["Guobo"]}


def test_a_profile_image_is_stored_and_served_like_an_objects_image(client, nmc_token):
    answer = put_profile_image(client, nmc_token, image_bytes(160, 90))
    assert answer.status_code == 200
    image = answer.get_json()["profile_image"]
    assert (image["width"], image["height"]) == (160, 90)
    assert client.get(image["info"].removeprefix("http://localhost")).status_code == 200
    assert client.get("/api/v1/museums/nmc").get_json()["profile_image"] == image


def test_a_replaced_profile_image_goes_unless_an_object_shows_it(client, platform, nmc_token):
    first = put_profile_image(client, nmc_token, image_bytes(160, 90)).get_json()["profile_image"]["id"]
    second = put_profile_image(client, nmc_token, image_bytes(90, 160)).get_json()["profile_image"]["id"]
    assert not platform.images.exists(first) and platform.images.exists(second)
    put(client, nmc_token)
    shown = upload(client, nmc_token, image_bytes(80, 80)).get_json()["id"]
    put_profile_image(client, nmc_token, image_bytes(80, 80))
    assert client.delete("/api/v1/museums/nmc/profile-image", headers=nmc_token).status_code == 204
    assert not platform.images.exists(second) and platform.images.exists(shown)
    assert client.get("/api/v1/museums/nmc").get_json()["profile_image"] is None


def test_an_objects_image_that_is_also_the_profile_image_stays_when_the_object_goes(client, platform, nmc_token):
    record = put(client, nmc_token).get_json()
    image = upload(client, nmc_token, image_bytes(80, 80)).get_json()["id"]
    put_profile_image(client, nmc_token, image_bytes(80, 80))
    client.delete(f"/api/v1/objects/{record['id']}", headers=nmc_token)
    assert platform.images.exists(image) and not platform.images.is_withdrawn(image)
    report = settle_store(platform, remove_unused=True)
    assert report.served == 1 and report.unused == 0


def test_a_file_that_is_no_image_is_refused_and_nothing_stored(client, platform, nmc_token, rundale_token):
    before = stored_counts(platform)
    assert put_profile_image(client, nmc_token, b"not an image").status_code == 422
    assert put_profile_image(client, rundale_token, image_bytes()).status_code == 403
    missing = client.put("/api/v1/museums/nmc/profile-image", headers=nmc_token, data={},
                         content_type="multipart/form-data")
    assert missing.status_code == 422 and missing.get_json()["errors"][0]["field"] == "file"
    assert stored_counts(platform) == before


def test_the_museums_iiif_collection_carries_its_description_and_picture(client, nmc_token):
    collection = client.get("/iiif/3/museums/nmc/collection").get_json()
    assert collection["summary"] == {"en": ["0 objects"]} and "thumbnail" not in collection
    client.patch("/api/v1/museums/nmc", json={"description": DESCRIPTION}, headers=nmc_token)
    put_profile_image(client, nmc_token, image_bytes(160, 90))
    collection = client.get("/iiif/3/museums/nmc/collection").get_json()
    assert collection["summary"] == DESCRIPTION
    [thumbnail] = collection["thumbnail"]
    assert thumbnail["type"] == "Image" and thumbnail["service"][0]["type"] == "ImageService3"
