"""Images reach the platform through one door (iiif.image.decode.open_image), whichever way they
come: a real image of a format outside the allowlist is refused as such (422), one over the
pixel limit from its header (413), and nothing is stored either way. Rendering's refusals are
in tests/iiif/test_image_decode.py."""

from __future__ import annotations

import json

import pytest

from tests.conftest import image_bytes
from tests.exhibitions.conftest import put, stored_counts, upload
from tests.exhibitions.imports.test_imports import CC_BY, post_import, zip_bytes
from tests.exhibitions.museums.test_museum_profiles import put_profile_image
from tests.iiif.test_image_store import png_header_only

REFUSED = [
    pytest.param(image_bytes(64, 48, format="ICO"), 422, "not an image in an accepted format", id="ICO"),
    pytest.param(image_bytes(64, 48, format="PCX"), 422, "not an image in an accepted format", id="PCX"),
    # The tests' limit is 4,000,000 pixels; this PNG announces 4,002,000 and holds no pixel data.
    pytest.param(png_header_only(2001, 2000), 413, "over the limit of 4000000", id="over-the-limit"),
]


@pytest.mark.parametrize("data, status, words", REFUSED)
def test_an_upload_through_the_api(client, platform, nmc_token, museums, data, status, words):
    put(client, nmc_token)
    before = stored_counts(platform)
    answer = upload(client, nmc_token, data, name="jar.jpg")  # whatever its name claims
    assert answer.status_code == status
    assert answer.mimetype == "application/problem+json"
    assert words in answer.get_json()["detail"]
    assert answer.get_json()["errors"][0]["field"] == "file"
    assert stored_counts(platform) == before


@pytest.mark.parametrize("data, status, words", REFUSED)
def test_a_bulk_import_with_the_image_in_a_zip(client, platform, nmc_token, museums, data, status, words):
    before = stored_counts(platform)
    line = {"accession": "Z-1", "title": "Jar", "rights": CC_BY, "images": ["jar.jpg"]}
    answer = post_import(client, nmc_token, json.dumps(line).encode(), "rows.jsonl", zip_bytes({"jar.jpg": data}))
    report = answer.get_json()
    assert (report["created"], report["failed"]) == (0, 1)
    assert words in report["rows"][0]["errors"][0]["message"]
    assert stored_counts(platform) == before


@pytest.mark.parametrize("data, status, words", REFUSED)
def test_a_museums_profile_image(client, platform, nmc_token, museums, data, status, words):
    before = stored_counts(platform)
    answer = put_profile_image(client, nmc_token, data)
    assert answer.status_code == status
    assert words in answer.get_json()["detail"]
    assert stored_counts(platform) == before
    assert client.get("/api/v1/museums/nmc").get_json()["profile_image"] is None
