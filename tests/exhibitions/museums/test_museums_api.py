"""Member museums: anyone lists and reads them, an administrator adds them."""

from __future__ import annotations

from tests.exhibitions.conftest import bearer

NEW_MUSEUM = {"slug": "hnm", "name": {"en": ["Hungarian National Museum"], "hu": ["Magyar Nemzeti Múzeum"]},
              "country": "HU", "city": "Budapest", "homepage": "https://hnm.example", "lat": 47.49, "lon": 19.06}


def test_anyone_lists_and_reads_museums(client, museums):
    listing = client.get("/api/v1/museums").get_json()
    assert [museum["slug"] for museum in listing["items"]] == ["nmc", "rundale"]
    museum = client.get("/api/v1/museums/rundale").get_json()
    assert museum["name"] == {"en": ["Rundāle Palace Museum"]}
    assert museum["country"] == "LV" and museum["object_count"] == 0


def test_an_unknown_museum_is_404_with_its_name(client, museums):
    answer = client.get("/api/v1/museums/louvre")
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"
    assert "louvre" in answer.get_json()["detail"]


def test_an_admin_adds_a_museum(client, admin_token):
    answer = client.post("/api/v1/museums", json=NEW_MUSEUM, headers=admin_token)
    assert answer.status_code == 201
    assert answer.get_json()["name"]["hu"] == ["Magyar Nemzeti Múzeum"]
    assert client.get("/api/v1/museums/hnm").status_code == 200


def test_only_an_admin_adds_museums(client, platform, museums):
    assert client.post("/api/v1/museums", json=NEW_MUSEUM).status_code == 401
    answer = client.post("/api/v1/museums", json=NEW_MUSEUM, headers=bearer(platform, "contributor", "nmc"))
    assert answer.status_code == 403
    assert client.get("/api/v1/museums/hnm").status_code == 404


def test_a_bad_museum_gets_every_error_at_once(client, admin_token):
    answer = client.post("/api/v1/museums", json={"slug": "Bad Slug!", "name": 3, "country": "Hungary"},
                         headers=admin_token)
    assert answer.status_code == 422
    fields = {error["field"] for error in answer.get_json()["errors"]}
    assert fields == {"slug", "name", "country"}


def test_a_joining_date_is_written_in_ascii_digits(client, admin_token):
    answer = client.post("/api/v1/museums", json={**NEW_MUSEUM, "joined": "\u0662\u0660\u0662\u0664-01-15"},
                         headers=admin_token)
    assert answer.status_code == 422
    assert [error["field"] for error in answer.get_json()["errors"]] == ["joined"]


def test_a_slug_is_taken_once(client, admin_token):
    client.post("/api/v1/museums", json=NEW_MUSEUM, headers=admin_token)
    again = client.post("/api/v1/museums", json=NEW_MUSEUM, headers=admin_token)
    assert again.status_code == 409
