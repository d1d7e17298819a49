"""Exploring in space and time through the API: the box filter on every search route, map
clusters, time buckets, and the 400 answers naming a bad bbox, zoom or interval."""

from __future__ import annotations

import pytest

from tests.exhibitions.conftest import VALID_OBJECT, put

SAMARKAND = {**VALID_OBJECT, "title": {"en": ["Samarkand bowl"]}, "date": {"display": "3rd century BCE",
             "start": -250, "end": -150}, "place": {"name": "Samarkand", "lat": 39.65, "lon": 66.96}}


@pytest.fixture
def placed(client, nmc_token):
    put(client, nmc_token, accession="JAR")  # Jingdezhen, 1330-1350
    put(client, nmc_token, accession="BOWL", body=SAMARKAND)
    put(client, nmc_token, accession="NOWHERE", body={**VALID_OBJECT, "place": None, "date": None})


def test_the_box_narrows_the_search_and_its_export(client, placed):
    found = client.get("/api/v1/search?bbox=60,30,80,45").get_json()
    assert [item["title"]["en"][0] for item in found["items"]] == ["Samarkand bowl"]
    exported = client.get("/api/v1/search/export?format=jsonl&bbox=110,20,120,30").get_data(as_text=True)
    assert len(exported.strip().splitlines()) == 1 and "Jingdezhen" in exported


def test_the_map_answers_clusters_and_few_objects_with_absolute_thumbnails(client, placed):
    answer = client.get("/api/v1/map?zoom=3").get_json()
    assert set(answer) == {"total", "clusters", "objects"}
    assert answer["total"] == 2 == sum(cluster["count"] for cluster in answer["clusters"])
    assert all(set(cluster) == {"lat", "lon", "count", "bbox"} for cluster in answer["clusters"])
    bowl = next(o for o in answer["objects"] if o["title"]["en"] == ["Samarkand bowl"])
    assert set(bowl) == {"id", "title", "thumbnail", "lat", "lon", "museum"}
    assert (bowl["lat"], bowl["lon"], bowl["museum"]["slug"]) == (39.65, 66.96, "nmc")
    narrowed = client.get("/api/v1/map?zoom=5&bbox=60,30,80,45&q=bowl").get_json()
    assert narrowed["total"] == 1 and [c["count"] for c in narrowed["clusters"]] == [1]


def test_the_timeline_counts_bce_and_ce_centuries(client, placed):
    answer = client.get("/api/v1/timeline?interval=millennium").get_json()
    assert answer == {"interval": "millennium", "total": 2, "buckets": [
        {"start": -1000, "end": -1, "count": 1}, {"start": 1, "end": 1000, "count": 0},
        {"start": 1001, "end": 2000, "count": 1}]}
    centuries = client.get("/api/v1/timeline?interval=century&date_to=0").get_json()
    assert centuries["buckets"] == [{"start": -300, "end": -201, "count": 1}, {"start": -200, "end": -101, "count": 1},
                                    {"start": -100, "end": -1, "count": 0}]


@pytest.mark.parametrize("path, parameter", [
    *((f"/api/v1/{route}?bbox={bbox}", "bbox") for route in ("search", "map", "timeline", "search/export")
      for bbox in ("10,20,30", "10,20,30,40,50", "a,b,c,d", "nan,0,10,10", "0,0,inf,10", "1e1,0,10,10",
                   "\u0661,0,10,10", "0,0,\uff11\uff10,10", "-181,0,10,10", "0,0,180.5,10", "0,-91,10,10",
                   "0,0,10,90.01", "0,20,10,10", "%2B1,0,10,10")),
    ("/api/v1/map?zoom=21", "zoom"), ("/api/v1/map?zoom=-1", "zoom"), ("/api/v1/map?zoom=\u0663", "zoom"),
    ("/api/v1/map?zoom=2.5", "zoom"),
    ("/api/v1/timeline?interval=week", "interval"),
    ("/api/v1/timeline?interval=year", "date_from"),
    ("/api/v1/timeline?interval=year&date_from=0", "date_to"),
    ("/api/v1/timeline?interval=year&date_from=-1000&date_to=1001", "date_to"),
])
def test_a_bad_box_zoom_or_interval_is_a_400_naming_it(client, museums, path, parameter):
    answer = client.get(path)
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["errors"][0]["field"] == parameter


def test_yearly_buckets_over_two_thousand_years_are_allowed(client, placed):
    answer = client.get("/api/v1/timeline?interval=year&date_from=-1000&date_to=1000")
    assert answer.status_code == 200 and len(answer.get_json()["buckets"]) == 2000  # no year 0
