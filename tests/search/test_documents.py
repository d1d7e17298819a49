"""The one document builder: what an object record becomes in every search index."""

from __future__ import annotations

import pytest

from search.documents import build_document

from .records import record


@pytest.fixture
def jar():
    return record(
        "nmc-jar", {"zh": ["青花瓷罐"], "en": ["Blue-and-white jar"]}, "nmc", object_type="vessel",
        materials=["porcelain", "cobalt", "porcelain"], date=(-210, -190), images=2,
        culture={"en": ["Yuan dynasty"]}, description={"en": ["Cobalt blue, Jingdézhen"]},
        place={"name": "Jingdezhen", "lat": 29.3, "lon": 117.2}, keywords=["export ware"],
    )


def test_exact_fields_for_filters_and_facets(jar):
    document = build_document(jar)
    assert document["id"] == "nmc-jar"
    assert (document["museum"], document["country"], document["object_type"]) == ("nmc", "CN", "vessel")
    assert document["materials"] == ["porcelain", "cobalt"]
    assert (document["date_start"], document["date_end"], document["centuries"]) == (-210, -190, ["-3", "-2"])
    assert document["has_image"] is True
    assert document["version"] == 1_795_554_000_000_000  # 2026-11-24T21:00:00Z in microseconds
    assert document["location"] == {"lat": 29.3, "lon": 117.2}


def test_folded_text_of_every_language_beside_the_original(jar):
    document = build_document(jar)
    assert document["title_folded"] == ["青花瓷罐", "blue-and-white jar"]
    assert document["display"]["texts"]["title"] == ["青花瓷罐", "Blue-and-white jar"]
    assert document["description_folded"] == ["cobalt blue, jingdezhen"]
    assert document["culture_folded"] == ["yuan dynasty"]
    assert document["keywords_folded"] == ["export ware"]
    assert "acc-nmc-jar" in document["other_folded"]
    assert "中国国家博物馆" in document["other_folded"]
    assert document["cjk_title"] == ["青花瓷罐"]
    assert "中国国家博物馆" in document["cjk_body"]
    assert document["sort_title"] == "blue-and-white jar"  # the English title when there is one


def test_display_paths_are_site_relative(jar):
    display = build_document(jar)["display"]
    assert display["manifest"] == "/iiif/3/objects/nmc-jar/manifest"
    assert display["thumbnail"] == f"/iiif/3/{1:064x}/full/400,/0/default.jpg"
    assert display["museum"] == {"slug": "nmc", "name": jar["museum"]["name"], "country": "CN"}
    assert display["date"] == jar["date"]


def test_suggest_inputs_complete_from_each_word(jar):
    document = build_document(jar)
    labels = {entry["label"]: entry["inputs"] for entry in document["suggest_labels"]}
    assert labels["Blue-and-white jar"] == ["blue-and-white jar", "jar"]
    assert labels["青花瓷罐"][:2] == ["青花瓷罐", "花瓷罐"]
    assert "yuan dynasty" in document["suggest_inputs"]


def test_a_minimal_record():
    minimal = record("x-1", {"none": ["Untitled"]}, "bm")
    document = build_document(minimal)
    assert (document["date_start"], document["centuries"], document["has_image"]) == (None, [], False)
    assert document["display"]["thumbnail"] is None
    assert document["location"] is None
    assert document["description_folded"] == []


def test_a_hit_shows_the_thumbnail_the_record_gives_for_its_first_image():
    imported = record("fm-imported", {"en": ["Tanoa"]}, images=2)
    imported["images"][0]["thumbnail"] = "https://images.fijimuseum.example/iiif/2/tanoa/full/400,/0/default.jpg"
    thumbnail = build_document(imported)["display"]["thumbnail"]
    assert thumbnail == "https://images.fijimuseum.example/iiif/2/tanoa/full/400,/0/default.jpg"
