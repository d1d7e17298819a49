"""Change Discovery 1.0: the ordered collection of activities and its pages, in the specification's shapes."""

from datetime import UTC, datetime, timedelta

import pytest
from iiif_records import BASE

from iiif.discovery import DISCOVERY_CONTEXT, discovery_collection, discovery_page

START = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


def rows(count, start=0):
    kinds = [("Create", "object", "nmc-a"), ("Update", "object", "nmc-a"), ("Create", "exhibition", "silk"),
             ("Delete", "object", "nmc-b")]
    return [
        {"number": n + 1, "type": kinds[n % 4][0], "kind": kinds[n % 4][1], "id": kinds[n % 4][2],
         "time": START + timedelta(minutes=n)}
        for n in range(start, start + count)
    ]


def assert_page_ref(ref, page):
    assert ref == {"id": f"{BASE}/iiif/discovery/page/{page}", "type": "OrderedCollectionPage"}


def test_the_collection_gives_the_total_and_its_first_and_last_pages():
    collection = discovery_collection(2_500, BASE)

    assert collection["@context"] == DISCOVERY_CONTEXT
    assert collection["id"] == f"{BASE}/iiif/discovery/collection"
    assert collection["type"] == "OrderedCollection"
    assert collection["totalItems"] == 2_500
    assert_page_ref(collection["first"], 1)
    assert_page_ref(collection["last"], 3)


def test_an_empty_stream_still_has_a_first_page_that_is_also_the_last():
    collection = discovery_collection(0, BASE)
    page = discovery_page(1, [], 0, BASE)

    assert_page_ref(collection["first"], 1)
    assert_page_ref(collection["last"], 1)
    assert page["orderedItems"] == []
    assert "next" not in page and "prev" not in page


def test_a_middle_page_links_both_ways_and_belongs_to_the_collection():
    page = discovery_page(2, rows(1000, start=1000), 2_500, BASE)

    assert page["@context"] == DISCOVERY_CONTEXT
    assert page["type"] == "OrderedCollectionPage"
    assert page["id"] == f"{BASE}/iiif/discovery/page/2"
    assert page["partOf"] == {"id": f"{BASE}/iiif/discovery/collection", "type": "OrderedCollection"}
    assert page["startIndex"] == 1000
    assert_page_ref(page["prev"], 1)
    assert_page_ref(page["next"], 3)
    assert len(page["orderedItems"]) == 1000


def test_activities_name_the_manifest_and_end_time_newest_last():
    page = discovery_page(3, rows(4), 2_004, BASE)

    assert "next" not in page
    assert page["orderedItems"] == [
        {"id": f"{BASE}/iiif/discovery/activity/1", "type": "Create",
         "object": {"id": f"{BASE}/iiif/3/objects/nmc-a/manifest", "type": "Manifest"},
         "endTime": "2026-11-24T21:00:00Z"},
        {"id": f"{BASE}/iiif/discovery/activity/2", "type": "Update",
         "object": {"id": f"{BASE}/iiif/3/objects/nmc-a/manifest", "type": "Manifest"},
         "endTime": "2026-11-24T21:01:00Z"},
        {"id": f"{BASE}/iiif/discovery/activity/3", "type": "Create",
         "object": {"id": f"{BASE}/iiif/3/exhibitions/silk/manifest", "type": "Manifest"},
         "endTime": "2026-11-24T21:02:00Z"},
        {"id": f"{BASE}/iiif/discovery/activity/4", "type": "Delete",
         "object": {"id": f"{BASE}/iiif/3/objects/nmc-b/manifest", "type": "Manifest"},
         "endTime": "2026-11-24T21:03:00Z"},
    ]
    times = [activity["endTime"] for activity in page["orderedItems"]]
    assert times == sorted(times)


@pytest.mark.parametrize("time", ["2026-11-24T22:00:00+01:00", "2026-11-24T21:00:00Z", datetime(2026, 11, 24, 21, 0)])
def test_end_times_are_utc_with_a_z(time):
    page = discovery_page(1, [{"number": 1, "type": "Update", "kind": "object", "id": "x", "time": time}], 1, BASE)

    assert page["orderedItems"][0]["endTime"] == "2026-11-24T21:00:00Z"


def test_a_page_outside_the_stream_is_refused():
    with pytest.raises(ValueError, match="page 4 is outside 1..3"):
        discovery_page(4, [], 2_500, BASE)


@pytest.mark.parametrize("row, message", [
    ({"number": 1, "type": "Move", "kind": "object", "id": "x", "time": START}, "unknown activity type 'Move'"),
    ({"number": 1, "type": "Create", "kind": "museum", "id": "x", "time": START},
     "unknown kind of resource 'museum'"),
])
def test_unknown_activities_are_refused(row, message):
    with pytest.raises(ValueError, match=message):
        discovery_page(1, [row], 1, BASE)
