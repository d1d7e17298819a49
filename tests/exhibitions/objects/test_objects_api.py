"""A member museum publishes objects and images through the API."""

from __future__ import annotations

from tests.conftest import image_bytes
from tests.exhibitions.conftest import VALID_OBJECT, put, stored_counts, upload


def test_put_creates_then_replaces_without_duplicating(client, platform, nmc_token):
    created = put(client, nmc_token)
    assert created.status_code == 201
    record = created.get_json()
    assert record["title"] == {"en": ["Blue-and-white jar"], "zh": ["青花罐"]}
    assert record["museum"]["slug"] == "nmc"
    assert created.headers["Location"].endswith(f"/api/v1/objects/{record['id']}")

    replaced = put(client, nmc_token, body={**VALID_OBJECT, "title": {"en": ["Jar"]}})
    assert replaced.status_code == 200
    assert replaced.get_json()["id"] == record["id"]
    assert replaced.get_json()["title"] == {"en": ["Jar"]}
    assert stored_counts(platform)["objects"] == 1


def test_the_same_put_twice_changes_nothing(client, platform, nmc_token):
    put(client, nmc_token)
    before = stored_counts(platform)
    assert put(client, nmc_token).status_code == 200
    assert stored_counts(platform) == before


def test_object_ids_are_stable_url_safe_and_global(client, nmc_token, rundale_token):
    first = put(client, nmc_token).get_json()["id"]
    other_museum = put(client, rundale_token, museum="rundale").get_json()["id"]
    assert first != other_museum
    assert first.startswith("nmc-") and first.replace("-", "").isalnum()


def test_image_upload_returns_id_and_size_and_the_object_shows_it(client, nmc_token):
    put(client, nmc_token)
    answer = upload(client, nmc_token, image_bytes(640, 480))
    assert answer.status_code == 201
    image = answer.get_json()
    assert (image["width"], image["height"]) == (640, 480)
    assert len(image["id"]) == 64
    assert image["info"] == f"http://museum.test/iiif/3/{image['id']}/info.json"

    record = client.get("/api/v1/museums/nmc/objects/A-1").get_json()
    shown = client.get(f"/api/v1/objects/{record['id']}").get_json()
    assert shown["title"]["en"] == ["Blue-and-white jar"]
    assert [i["id"] for i in shown["images"]] == [image["id"]]
    assert shown["manifest"] == f"http://museum.test/iiif/3/objects/{record['id']}/manifest"


def test_the_same_image_twice_is_one_image(client, platform, nmc_token):
    put(client, nmc_token)
    data = image_bytes(100, 80)
    assert upload(client, nmc_token, data).status_code == 201
    again = upload(client, nmc_token, data)
    assert again.status_code == 200
    assert stored_counts(platform)["images"] == 1


def test_images_keep_their_order(client, nmc_token):
    put(client, nmc_token)
    first = upload(client, nmc_token, image_bytes(100, 80, color=(1, 2, 3))).get_json()["id"]
    second = upload(client, nmc_token, image_bytes(90, 80, color=(3, 2, 1))).get_json()["id"]
    record = client.get("/api/v1/museums/nmc/objects/A-1").get_json()
    assert [image["id"] for image in record["images"]] == [first, second]


def test_replacing_metadata_keeps_the_images(client, nmc_token):
    put(client, nmc_token)
    upload(client, nmc_token, image_bytes())
    replaced = put(client, nmc_token, body={**VALID_OBJECT, "object_type": "jar"}).get_json()
    assert len(replaced["images"]) == 1


def test_a_museum_lists_its_objects_in_pages(client, nmc_token):
    for number in range(5):
        put(client, nmc_token, accession=f"A-{number}")
    page = client.get("/api/v1/museums/nmc/objects?page=2&size=2").get_json()
    assert page["total"] == 5 and page["page"] == 2 and page["size"] == 2
    assert [item["accession"] for item in page["items"]] == ["A-2", "A-3"]


def test_contributors_change_only_their_own_museum(client, platform, nmc_token, rundale_token):
    record = put(client, nmc_token).get_json()
    before = stored_counts(platform)
    denied = put(client, rundale_token, body={**VALID_OBJECT, "title": "mine now"})
    assert denied.status_code == 403
    assert "nmc" in denied.get_json()["detail"]
    assert upload(client, rundale_token, image_bytes()).status_code == 403
    assert client.delete(f"/api/v1/objects/{record['id']}", headers=rundale_token).status_code == 403
    assert stored_counts(platform) == before


def test_curators_may_not_contribute(client, platform, museums):
    from tests.exhibitions.conftest import bearer

    assert put(client, bearer(platform, "curator")).status_code == 403


def test_an_admin_may_contribute_to_any_museum(client, museums, admin_token):
    assert put(client, admin_token).status_code == 201


def test_reading_needs_no_token(client, nmc_token):
    record = put(client, nmc_token).get_json()
    assert client.get(f"/api/v1/objects/{record['id']}").status_code == 200
    assert client.get("/api/v1/museums/nmc/objects").status_code == 200


def test_the_thumbnail_of_a_small_image_is_served_without_upscaling(client, nmc_token):
    put(client, nmc_token)
    image = upload(client, nmc_token, image_bytes(120, 90)).get_json()
    path = image["thumbnail"].removeprefix("http://museum.test")
    assert path.endswith("/full/120,/0/default.jpg")
    answer = client.get(path)
    assert answer.status_code == 200 and answer.mimetype == "image/jpeg"


def test_image_api_problems_carry_the_request_id_of_the_log_line(client, nmc_token):
    put(client, nmc_token)
    image = upload(client, nmc_token, image_bytes(120, 90)).get_json()
    answer = client.get(f"/iiif/3/{image['id']}/full/nonsense/0/default.jpg", headers={"X-Request-Id": "trace-42"})
    assert answer.status_code == 400
    assert answer.get_json()["request_id"] == "trace-42" == answer.headers["X-Request-Id"]


def test_bad_paging_is_400_naming_the_parameter(client, museums):
    for query, field in (("page=0", "page"), ("size=101", "size"), ("page=x", "page")):
        answer = client.get(f"/api/v1/museums/nmc/objects?{query}")
        assert answer.status_code == 400 and answer.get_json()["errors"][0]["field"] == field


def test_a_change_sent_with_if_match_is_refused_once_someone_else_changed_the_object(client, platform, nmc_token):
    created = put(client, nmc_token)
    read = client.get("/api/v1/museums/nmc/objects/A-1")
    assert read.headers["ETag"] == created.headers["ETag"] == f'"{read.get_json()["modified"]}"'
    theirs = put(client, nmc_token, body={**VALID_OBJECT, "title": {"en": ["Theirs"]}})
    assert theirs.headers["ETag"] != read.headers["ETag"]

    mine = client.put("/api/v1/museums/nmc/objects/A-1", json={**VALID_OBJECT, "title": {"en": ["Mine"]}},
                      headers={**nmc_token, "If-Match": read.headers["ETag"]})
    assert mine.status_code == 412
    assert "load it again" in mine.get_json()["detail"]
    record_id = read.get_json()["id"]
    stale = {**nmc_token, "If-Match": read.headers["ETag"]}
    assert client.delete(f"/api/v1/objects/{record_id}", headers=stale).status_code == 412
    assert client.get(f"/api/v1/objects/{record_id}").get_json()["title"] == {"en": ["Theirs"]}

    again = client.put("/api/v1/museums/nmc/objects/A-1", json={**VALID_OBJECT, "title": {"en": ["Mine"]}},
                       headers={**nmc_token, "If-Match": theirs.headers["ETag"]})
    assert again.status_code == 200 and again.get_json()["title"] == {"en": ["Mine"]}
    assert client.delete(f"/api/v1/objects/{record_id}",
                         headers={**nmc_token, "If-Match": again.headers["ETag"]}).status_code == 204


def test_if_match_on_an_object_that_does_not_exist_creates_nothing(client, platform, nmc_token):
    before = stored_counts(platform)
    answer = client.put("/api/v1/museums/nmc/objects/NEW-1", json=VALID_OBJECT,
                        headers={**nmc_token, "If-Match": '"2026-01-01T00:00:00.000000Z"'})
    assert answer.status_code == 412
    assert stored_counts(platform) == before
    # "*" asks for any current version, so it fails where there is none (RFC 9110).
    assert client.put("/api/v1/museums/nmc/objects/NEW-1", json=VALID_OBJECT,
                      headers={**nmc_token, "If-Match": "*"}).status_code == 412
    assert put(client, nmc_token, "NEW-1").status_code == 201
    assert client.put("/api/v1/museums/nmc/objects/NEW-1", json={**VALID_OBJECT, "title": {"en": ["Any"]}},
                      headers={**nmc_token, "If-Match": "*"}).status_code == 200
    two = client.put("/api/v1/museums/nmc/objects/NEW-1", json=VALID_OBJECT,
                     headers={**nmc_token, "If-Match": '"a", "b"'})
    assert two.status_code == 400 and two.get_json()["errors"][0]["field"] == "If-Match"
