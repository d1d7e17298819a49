"""A result set as IIIF: a search's hits, or the objects a reader compares, as a Collection of their
manifests that validates against the Presentation 3.0 schema and pages as museums' collections do."""

from __future__ import annotations

import pytest

from iiif import collection
from tests.conftest import image_bytes
from tests.exhibitions.conftest import VALID_OBJECT, put, upload
from tests.iiif.iiif_records import assert_valid


@pytest.fixture
def jars(client, nmc_token):
    """Three jars, the first with an image; their ids in accession order."""
    found = [put(client, nmc_token, accession=f"J-{n}", body=VALID_OBJECT).get_json()["id"] for n in range(3)]
    upload(client, nmc_token, image_bytes(400, 300), accession="J-0")
    return found


def test_a_search_is_a_collection_of_its_hits_manifests(client, jars):
    answer = client.get("/iiif/3/search/collection?q=jar&sort=title&page=2&size=1")
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    document = answer.get_json()
    assert_valid(document)
    assert document["id"] == "http://museum.test/iiif/3/search/collection?q=jar&sort=title"  # the API's paging aside
    assert [item["id"] for item in document["items"]] == [
        f"http://museum.test/iiif/3/objects/{object_id}/manifest" for object_id in sorted(jars)]
    assert all(item["type"] == "Manifest" for item in document["items"])
    with_image = next(item for item in document["items"] if jars[0] in item["id"])
    assert with_image["thumbnail"][0]["id"].startswith("http://museum.test/iiif/3/")
    assert client.get("/iiif/3/search/collection?q=nothing-like-it").get_json()["items"] == []


def test_a_large_result_set_lists_pages_of_manifests(client, jars, monkeypatch):
    monkeypatch.setattr(collection, "PAGE_SIZE", 2)
    document = client.get("/iiif/3/search/collection?q=jar").get_json()
    assert_valid(document)
    pages = [item["id"] for item in document["items"]]
    assert pages == [f"http://museum.test/iiif/3/search/collection/{n}?q=jar" for n in (1, 2)]
    listed = []
    for page in pages:
        part = client.get(page.removeprefix("http://museum.test")).get_json()
        assert_valid(part)
        assert part["partOf"][0]["id"] == document["id"]
        listed += [item["id"] for item in part["items"]]
    assert sorted(listed) == sorted(f"http://museum.test/iiif/3/objects/{i}/manifest" for i in jars)
    assert client.get("/iiif/3/search/collection/3?q=jar").status_code == 404


def test_compared_objects_are_a_collection_in_their_order(client, jars):
    document = client.get(f"/iiif/3/search/collection?id={jars[2]}&id={jars[0]}").get_json()
    assert_valid(document)
    assert [item["id"] for item in document["items"]] == [
        f"http://museum.test/iiif/3/objects/{jars[2]}/manifest", f"http://museum.test/iiif/3/objects/{jars[0]}/manifest"]
    assert client.get("/iiif/3/search/collection?id=nothing").status_code == 404


def test_bad_search_parameters_are_400(client, museums):
    answer = client.get("/iiif/3/search/collection?date_from=abc")
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == "date_from"
