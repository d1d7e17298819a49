"""Bad input gets a clear 4xx that names the problem, and leaves nothing behind:
no object row, no image row, no file, no outbox entry, no activity."""

from __future__ import annotations

import io

import pytest

from tests.conftest import image_bytes
from tests.exhibitions.conftest import VALID_OBJECT, put, stored_counts, upload
from tests.exhibitions.imports.test_imports import zip_bytes


def errors_of(answer) -> dict[str, str]:
    assert answer.mimetype == "application/problem+json"
    return {error["field"]: error["message"] for error in answer.get_json().get("errors", [])}


@pytest.fixture
def empty(platform, museums):
    """The counts of an alliance with museums and nothing else."""
    return stored_counts(platform)


@pytest.mark.parametrize("body, field, words", [
    ({**VALID_OBJECT, "title": None}, "title", "language map"),
    ({k: v for k, v in VALID_OBJECT.items() if k != "title"}, "title", "required"),
    ({k: v for k, v in VALID_OBJECT.items() if k != "rights"}, "rights", "required"),
    ({**VALID_OBJECT, "materials": "porcelain"}, "materials", "list"),
    ({**VALID_OBJECT, "date": {"start": "long ago", "end": 5}}, "date.start", "integer"),
    ({**VALID_OBJECT, "date": {"start": -100, "end": -200}}, "date", "start (-100) is after end (-200)"),
    ({**VALID_OBJECT, "rights": "https://example.org/our-licence"}, "rights", "Creative Commons or RightsStatements"),
    ({**VALID_OBJECT, "place": {"lat": 123, "lon": 0}}, "place.lat", "less than or equal to 90"),
    ({**VALID_OBJECT, "title": {"english": ["Jar"]}}, "title", "not a language tag"),
    ({**VALID_OBJECT, "colour": "blue"}, "colour", "not a known field"),
    ({**VALID_OBJECT, "title": {"en": ["x" * 1001]}}, "title", "1001 characters long; at most 1000"),
    ({**VALID_OBJECT, "title": {"en": ["x" * 1_000_000]}}, "title", "1000000 characters long; at most 1000"),
    ({**VALID_OBJECT, "description": {"en": ["Jar\x00"]}}, "description.en.0", "NUL character"),
    ({**VALID_OBJECT, "materials": ["porce\x00lain"]}, "materials.0", "NUL character"),
    ({**VALID_OBJECT, "description": {"en": ["x" * 50_001]}}, "description", "at most 50000"),
    ({**VALID_OBJECT, "keywords": ["x" * 101]}, "keywords.0", "at most 100 characters"),
])
def test_metadata_errors_are_422_naming_the_field(client, platform, nmc_token, empty, body, field, words):
    answer = put(client, nmc_token, body=body)
    assert answer.status_code == 422
    assert words in errors_of(answer)[field]
    assert stored_counts(platform) == empty


def test_every_metadata_error_comes_at_once(client, platform, nmc_token, empty):
    answer = put(client, nmc_token, body={"title": 3, "rights": "mine", "date": {"start": 10, "end": 1}, "x": 1})
    assert answer.status_code == 422
    assert set(errors_of(answer)) == {"title", "rights", "date", "x"}
    assert "4 error" in answer.get_json()["detail"]
    assert stored_counts(platform) == empty


def test_a_body_that_is_not_json(client, platform, nmc_token, empty):
    answer = client.put("/api/v1/museums/nmc/objects/A-1", data="title=Jar", headers=nmc_token,
                        content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 415
    assert "JSON" in answer.get_json()["detail"]
    assert stored_counts(platform) == empty


def test_a_json_body_that_is_not_an_object(client, platform, nmc_token, empty):
    answer = put(client, nmc_token, body=["title"])
    assert answer.status_code == 422
    assert "body" in errors_of(answer)
    assert stored_counts(platform) == empty


def test_an_unknown_museum_is_404(client, platform, admin_token, empty):
    answer = put(client, admin_token, museum="atlantis")
    assert answer.status_code == 404
    assert "atlantis" in answer.get_json()["detail"]
    assert stored_counts(platform) == empty


def test_no_token_is_401(client, platform, empty):
    answer = put(client, {})
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer"
    assert "token" in answer.get_json()["detail"]
    assert stored_counts(platform) == empty


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer "])
def test_an_unknown_or_malformed_token_is_401(client, platform, empty, header):
    answer = put(client, {"Authorization": header})
    assert answer.status_code == 401
    assert stored_counts(platform) == empty


def test_a_token_of_another_museum_is_403(client, platform, rundale_token, empty):
    answer = put(client, rundale_token)
    assert answer.status_code == 403
    assert "nmc" in answer.get_json()["detail"]
    assert stored_counts(platform) == empty


@pytest.fixture
def with_object(client, platform, nmc_token, museums):
    put(client, nmc_token)
    return stored_counts(platform)


def test_a_file_that_is_not_an_image_is_422(client, platform, nmc_token, with_object):
    answer = upload(client, nmc_token, b"%PDF-1.4 not an image at all", name="report.pdf")
    assert answer.status_code == 422
    assert "image" in answer.get_json()["detail"].lower()
    assert stored_counts(platform) == with_object


def test_a_truncated_image_is_422(client, platform, nmc_token, with_object):
    data = image_bytes(400, 300)
    answer = upload(client, nmc_token, data[: len(data) // 2])
    assert answer.status_code == 422
    assert "truncated" in answer.get_json()["detail"].lower() or "damaged" in answer.get_json()["detail"].lower()
    assert stored_counts(platform) == with_object


def test_a_zero_byte_upload_is_422(client, platform, nmc_token, with_object):
    answer = upload(client, nmc_token, b"")
    assert answer.status_code == 422
    assert "empty" in answer.get_json()["detail"].lower()
    assert stored_counts(platform) == with_object


def test_an_image_over_the_pixel_limit_is_413_before_decoding(client, platform, nmc_token, with_object):
    # 2500 x 2000 = 5 megapixels against the test limit of 4: a PNG of one colour is tiny on
    # the wire, which is exactly what a decompression bomb looks like.
    answer = upload(client, nmc_token, image_bytes(2500, 2000, format="PNG"), name="bomb.png")
    assert answer.status_code == 413
    assert "pixel" in answer.get_json()["detail"].lower()
    assert stored_counts(platform) == with_object


def test_an_upload_over_the_byte_limit_is_413(client, platform, nmc_token, with_object):
    answer = upload(client, nmc_token, b"\xff" * 2_100_000, name="huge.jpg")
    assert answer.status_code == 413
    assert "limit" in answer.get_json()["detail"]
    assert stored_counts(platform) == with_object


def test_an_upload_without_the_file_field_is_422(client, platform, nmc_token, with_object):
    answer = client.post("/api/v1/museums/nmc/objects/A-1/images", headers=nmc_token, data={},
                         content_type="multipart/form-data")
    assert answer.status_code == 422
    assert "file" in errors_of(answer)
    assert stored_counts(platform) == with_object


def test_an_image_for_an_unknown_object_is_404(client, platform, nmc_token, with_object):
    answer = upload(client, nmc_token, image_bytes(), accession="NOPE")
    assert answer.status_code == 404
    assert "NOPE" in answer.get_json()["detail"]
    assert stored_counts(platform) == with_object


def test_an_image_upload_from_another_museum_is_403(client, platform, rundale_token, with_object):
    answer = upload(client, rundale_token, image_bytes())
    assert answer.status_code == 403
    assert stored_counts(platform) == with_object


@pytest.mark.parametrize("name", ["../escape.jpg", "/etc/passwd.jpg", "a/../../b.jpg", "dir\\..\\x.jpg"])
def test_a_zip_with_paths_out_of_it_is_refused_whole(client, platform, nmc_token, empty, name):
    rows = b"accession,title,rights,images\nZ-1,Jar,http://creativecommons.org/licenses/by/4.0/,ok.jpg\n"
    archive = zip_bytes({"ok.jpg": image_bytes(), name: image_bytes(10, 10)})
    answer = client.post("/api/v1/museums/nmc/imports", headers=nmc_token, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(rows), "rows.csv"), "images": (io.BytesIO(archive), "images.zip")})
    assert answer.status_code == 422
    assert "unsafe path" in answer.get_json()["detail"]
    assert stored_counts(platform) == empty


HUGE = "9" * 20  # more than a database integer holds


def test_numbers_too_large_for_the_database_are_refused_or_name_nothing(client, nmc_token, curator, admin_token):
    record = put(client, nmc_token).get_json()
    client.put("/api/v1/exhibitions/silk", json={"title": {"en": ["Silk"]}}, headers=curator)
    refused = {  # a parameter out of range: 400 naming it
        f"/api/v1/search?date_from=-{HUGE}": "date_from", f"/api/v1/search?date_to={HUGE}": "date_to",
        f"/api/v1/search/export?date_from=-{HUGE}": "date_from", f"/api/v1/search?page={HUGE}": "page",
        f"/api/v1/museums/nmc/objects?page={HUGE}": "page", f"/api/v1/exhibitions?page={HUGE}": "page",
        f"/api/v1/objects/{record['id']}/versions?page={HUGE}": "page",
        f"/api/v1/trash/objects?page={HUGE}": "page", f"/api/v1/trash/exhibitions?page={HUGE}": "page",
        f"/museums/nmc?page={HUGE}": None, f"/exhibitions?page={HUGE}": None, f"/search?date_to={HUGE}": None,
    }
    for path, field in refused.items():
        answer = client.get(path, headers=admin_token if "trash/objects" in path else
                            curator if "exhibitions" in path else nmc_token)
        assert answer.status_code == 400, path
        if field:
            assert errors_of(answer) == {field: errors_of(answer)[field]}, path
    for path in (f"/api/v1/exhibitions/silk/versions/{HUGE}", f"/api/v1/objects/{record['id']}/versions/{HUGE}",
                 f"/iiif/discovery/page/{HUGE}", f"/iiif/3/museums/nmc/collection/{HUGE}"):
        assert client.get(path, headers=curator if "exhibitions" in path else nmc_token).status_code == 404, path
    restore = client.post(f"/api/v1/exhibitions/silk/versions/{HUGE}/restore", headers=curator)
    assert restore.status_code == 404
    assert "from -10000 to 3000" in client.get("/api/v1/search?date_from=-20000").get_json()["detail"]


def test_coordinates_that_are_not_finite_numbers_are_named_so(client, nmc_token, empty):
    body = '{"title": "Jar", "rights": "http://creativecommons.org/licenses/by/4.0/", "place": {"lat": NaN}}'
    answer = client.put("/api/v1/museums/nmc/objects/A-1", data=body, content_type="application/json",
                        headers=nmc_token)
    assert answer.status_code == 422 and errors_of(answer) == {"place.lat": "Input should be a finite number"}


@pytest.mark.parametrize("mark", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_marks_that_turn_text_around_are_refused_in_accessions_and_slugs(client, platform, nmc_token, curator, empty,
                                                                         mark):
    """"A-12" with U+202E before "12" shows as "A-21": a number that reads as another."""
    answer = put(client, nmc_token, accession=f"A-{mark}12")
    assert answer.status_code == 422
    assert "accession" in errors_of(answer) and "direction" in answer.get_json()["detail"]
    rows = f"accession,title,rights\nA-{mark}12,Jar,{VALID_OBJECT['rights']}\n".encode()
    report = client.post("/api/v1/museums/nmc/imports", headers=nmc_token, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(rows), "rows.csv")}).get_json()
    assert report["rows"][0]["errors"][0]["field"] == "accession"
    assert client.put(f"/api/v1/exhibitions/silk{mark}", json={"title": "Silk"}, headers=curator).status_code == 422
    assert stored_counts(platform) == empty


def test_a_nul_anywhere_in_a_json_body_is_named_before_the_database_sees_it(client, platform, curator, admin_token,
                                                                            empty):
    exhibition = client.put("/api/v1/exhibitions/silk", json={"title": {"en": ["Silk\x00"]}}, headers=curator)
    assert exhibition.status_code == 422 and list(errors_of(exhibition)) == ["title.en.0"]
    museum = client.post("/api/v1/museums", json={"slug": "nul", "name": "N\x00", "country": "CN"}, headers=admin_token)
    assert museum.status_code == 422 and "NUL" in errors_of(museum)["name"]
    assert client.get("/api/v1/exhibitions/silk", headers=curator).status_code == 404
    assert stored_counts(platform) == empty


def test_a_nul_in_an_imported_cell_fails_its_row(client, platform, nmc_token, empty):
    rows = f"accession,title,rights\nN-1,Ja\x00r,{VALID_OBJECT['rights']}\n".encode()
    report = client.post("/api/v1/museums/nmc/imports", headers=nmc_token, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(rows), "rows.csv")}).get_json()
    assert report["failed"] == 1 and "NUL" in report["rows"][0]["errors"][0]["message"]
    assert stored_counts(platform) == empty


def test_half_a_surrogate_pair_in_a_key_is_named_printably(client, platform, nmc_token, empty):
    body = '{"title": {"\\udc00": ["x"]}, "rights": "http://creativecommons.org/licenses/by/4.0/"}'
    answer = client.put("/api/v1/museums/nmc/objects/J4", data=body, content_type="application/json",
                        headers=nmc_token)
    assert answer.status_code == 422
    assert "surrogate" in errors_of(answer)["title.\\udc00"]
    assert stored_counts(platform) == empty


def test_a_nul_character_in_a_path_is_a_404_before_any_query(client):
    for path in ("/iiif/3/exhibitions/%00/manifest", "/api/v1/objects/a%00b", "/api/v1/museums/n%00c"):
        answer = client.get(path)
        assert answer.status_code == 404, path
