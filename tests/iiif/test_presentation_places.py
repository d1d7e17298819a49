"""Where and when in IIIF: navPlace (the navPlace extension) and navDate on object manifests,
exhibition canvases and the museums of the top collection, valid against the official schema."""

from datetime import datetime

import pytest
from iiif_records import BASE, HERMITAGE, NMC, SAMARKAND, assert_valid, bare_record, record

from iiif.collection import museum_collection, top_collection
from iiif.manifests import exhibition_manifest, object_manifest

CONTEXTS = ["http://iiif.io/api/extension/navplace/context.json", "http://iiif.io/api/presentation/3/context.json"]


def point(nav_place: dict) -> tuple[list[float], dict]:
    """The one Point of a navPlace and its Feature's properties."""
    assert nav_place["type"] == "FeatureCollection" and nav_place["id"].startswith(BASE)
    [feature] = nav_place["features"]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    return feature["geometry"]["coordinates"], feature.get("properties", {})


def test_an_object_manifest_says_where_it_was_made_with_the_navplace_context_first():
    manifest = object_manifest(record(place={"name": "Chang'an", "lat": 34.26, "lon": 108.94}), BASE)

    assert_valid(manifest)
    assert manifest["@context"] == CONTEXTS
    coordinates, properties = point(manifest["navPlace"])
    assert coordinates == [108.94, 34.26]  # GeoJSON: longitude first
    assert properties == {"label": {"none": ["Chang'an"]}}


def test_a_date_and_a_place_by_language_give_the_metadata_and_the_navplace_every_language():
    place = {"name": "Chang'an", "label": {"en": ["Chang'an"], "zh": ["长安"], "ru": ["Чанъань"]},
             "lat": 34.26, "lon": 108.94}
    date = {"display": "Tang dynasty", "label": {"en": ["Tang dynasty"], "zh": ["唐代"]}, "start": 618, "end": 907}
    manifest = object_manifest(record(place=place, date=date), BASE)

    assert_valid(manifest)
    assert point(manifest["navPlace"])[1] == {"label": place["label"]}
    metadata = {entry["label"]["en"][0]: entry["value"] for entry in manifest["metadata"]}
    assert metadata["Date"] == date["label"] and metadata["Place"] == place["label"]


@pytest.mark.parametrize(("date", "nav_date"), [
    ({"display": "c. 1340", "start": 1330, "end": 1350}, "1330-01-01T00:00:00Z"),
    ({"display": "1st century", "start": 1, "end": 100}, "0001-01-01T00:00:00Z"),
    ({"display": "c. 200 BCE", "start": -210, "end": -190}, None),  # RFC 3339 has no year before 1
    ({"display": "Han dynasty", "start": -206, "end": 220}, None),
    (None, None),
])
def test_navdate_is_the_first_moment_of_a_span_that_starts_in_our_era(date, nav_date):
    manifest = object_manifest(record(date=date), BASE)

    assert_valid(manifest)
    assert manifest.get("navDate") == nav_date
    if nav_date:
        assert datetime.fromisoformat(nav_date).year == date["start"]
    if date:  # the date is always in the metadata, BCE or not
        metadata = {entry["label"]["en"][0]: entry["value"] for entry in manifest["metadata"]}
        assert metadata["Date"] == {"none": [date["display"]]}


@pytest.mark.parametrize("place", [None, {"name": "Somewhere"}, {"name": "Half", "lat": 10.0, "lon": None}])
def test_an_object_without_coordinates_has_no_navplace_and_the_plain_context(place):
    manifest = object_manifest(record(place=place), BASE)

    assert_valid(manifest)
    assert "navPlace" not in manifest
    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"


def test_exhibition_canvases_carry_their_objects_place_and_date():
    jar = record("nmc-jar000000001", date={"display": "1340", "start": 1340, "end": 1340},
                 place={"name": "Jingdezhen", "lat": 29.27, "lon": 117.18})
    bowl = bare_record("samarkand-bowl00001", museum=SAMARKAND)
    exhibition = {"slug": "wares", "title": {"en": ["Wares"]}, "status": "published",
                  "sections": [{"title": {"en": ["All"]}, "items": [{"object": jar["id"]}, {"object": bowl["id"]}]}]}
    manifest = exhibition_manifest(exhibition, {r["id"]: r for r in (jar, bowl)}, BASE)

    assert_valid(manifest)
    assert manifest["@context"] == CONTEXTS
    first, second = manifest["items"]
    assert point(first["navPlace"])[0] == [117.18, 29.27] and first["navDate"] == "1340-01-01T00:00:00Z"
    assert "navPlace" not in second and "navDate" not in second


def test_the_top_collection_places_every_museum_that_gave_its_location():
    nmc = {**NMC, "location": {"lat": 39.9, "lon": 116.4}}
    hermitage = {**HERMITAGE, "location": {"lat": 59.94, "lon": 30.31}}
    collection = top_collection([nmc, hermitage, SAMARKAND], BASE)

    assert_valid(collection)
    assert collection["@context"] == CONTEXTS
    nmc_ref, hermitage_ref, samarkand_ref, exhibitions_ref = collection["items"]
    assert point(nmc_ref["navPlace"]) == ([116.4, 39.9], {"label": NMC["name"]})
    assert point(hermitage_ref["navPlace"])[0] == [30.31, 59.94]
    assert "navPlace" not in samarkand_ref and "navPlace" not in exhibitions_ref
    own = museum_collection(nmc, 0, BASE)
    assert_valid(own)
    assert own["@context"] == CONTEXTS and own["navPlace"] == nmc_ref["navPlace"]
