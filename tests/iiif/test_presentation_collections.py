"""Collections: the alliance's top collection, a museum's collection (nested pages when large), exhibitions."""

import pytest
from iiif_records import BASE, HERMITAGE, NMC, SAMARKAND, assert_valid, bare_record, image, record

from iiif.collection import (
    exhibitions_collection,
    museum_collection,
    museum_collection_page,
    page_count,
    top_collection,
)


def summaries(count, start=0):
    """What the route reads for a page: id, title and the first image of each object."""
    return [
        {"id": f"nmc-{n:012d}", "title": {"en": [f"Object {n}"]}, "images": [image(str(n))] if n % 2 == 0 else []}
        for n in range(start, start + count)
    ]


def test_a_small_museum_lists_its_objects_manifests_directly():
    objects = [record("nmc-a00000000001", images=2), bare_record("nmc-a00000000002", museum=NMC, images=0)]
    collection = museum_collection(NMC, 2, BASE, objects)

    assert_valid(collection)
    assert collection["id"] == f"{BASE}/iiif/3/museums/nmc/collection"
    assert collection["label"] == NMC["name"]
    assert collection["provider"][0]["label"] == NMC["name"]
    assert collection["partOf"] == [{"id": f"{BASE}/iiif/3/collection", "type": "Collection"}]
    first, second = collection["items"]
    assert first["id"] == f"{BASE}/iiif/3/objects/nmc-a00000000001/manifest"
    assert first["type"] == "Manifest"
    assert first["label"] == objects[0]["title"]
    assert first["thumbnail"][0]["service"][0]["id"] == f"{BASE}/iiif/3/{objects[0]['images'][0]['id']}"
    assert "thumbnail" not in second


def test_an_empty_museum_has_a_valid_empty_collection():
    collection = museum_collection(SAMARKAND, 0, BASE)

    assert_valid(collection)
    assert collection["items"] == []


def test_a_large_museum_lists_pages_of_a_thousand_objects_not_its_objects():
    collection = museum_collection(NMC, 100_000, BASE, objects=summaries(5))

    assert_valid(collection)
    assert len(collection["items"]) == 100
    assert {item["type"] for item in collection["items"]} == {"Collection"}
    assert collection["items"][0]["id"] == f"{BASE}/iiif/3/museums/nmc/collection/1"
    assert collection["items"][-1]["id"] == f"{BASE}/iiif/3/museums/nmc/collection/100"
    assert collection["items"][-1]["label"]["en"] == ["National Museum of China 99001-100000 / 100000"]


def test_a_page_holds_its_objects_and_belongs_to_the_museum_collection():
    page = museum_collection_page(NMC, 3, 2_500, summaries(500, start=2000), BASE)

    assert_valid(page)
    assert page["id"] == f"{BASE}/iiif/3/museums/nmc/collection/3"
    assert page["label"]["zh"] == ["中国国家博物馆 2001-2500 / 2500"]
    assert page["partOf"][0]["id"] == f"{BASE}/iiif/3/museums/nmc/collection"
    assert len(page["items"]) == 500
    assert page["items"][0]["id"] == f"{BASE}/iiif/3/objects/nmc-000000002000/manifest"


@pytest.mark.parametrize("page", [0, 4, -1])
def test_a_page_outside_the_museum_is_refused(page):
    with pytest.raises(ValueError, match=f"page {page} is outside 1..3"):
        museum_collection_page(NMC, page, 2_500, [], BASE)


@pytest.mark.parametrize("total, pages", [(0, 1), (1, 1), (1000, 1), (1001, 2), (100_000, 100)])
def test_page_count(total, pages):
    assert page_count(total) == pages


def test_the_page_size_is_a_parameter():
    collection = museum_collection(NMC, 30, BASE, page_size=10)

    assert [item["id"].rsplit("/", 1)[1] for item in collection["items"]] == ["1", "2", "3"]


def test_the_top_collection_lists_every_museum_and_the_exhibitions():
    collection = top_collection([NMC, HERMITAGE, SAMARKAND], BASE)

    assert_valid(collection)
    assert collection["id"] == f"{BASE}/iiif/3/collection"
    assert [item["id"] for item in collection["items"]] == [
        f"{BASE}/iiif/3/museums/nmc/collection",
        f"{BASE}/iiif/3/museums/hermitage/collection",
        f"{BASE}/iiif/3/museums/samarkand/collection",
        f"{BASE}/iiif/3/exhibitions/collection",
    ]
    assert collection["items"][1]["label"] == HERMITAGE["name"]


def test_the_exhibitions_collection_lists_published_exhibitions_as_manifests():
    exhibitions = [
        {"slug": "silk", "title": {"en": ["Threads of silk"], "zh": ["丝绸之路"]}},
        {"slug": "horses", "title": {"en": ["Heavenly horses"]}},
    ]
    collection = exhibitions_collection(exhibitions, BASE, thumbnails={"silk": image("silk")})

    assert_valid(collection)
    assert collection["id"] == f"{BASE}/iiif/3/exhibitions/collection"
    silk, horses = collection["items"]
    assert silk == {
        "id": f"{BASE}/iiif/3/exhibitions/silk/manifest",
        "type": "Manifest",
        "label": {"en": ["Threads of silk"], "zh": ["丝绸之路"]},
        "thumbnail": silk["thumbnail"],
    }
    assert silk["thumbnail"][0]["id"].startswith(f"{BASE}/iiif/3/{image('silk')['id']}/full/")
    assert "thumbnail" not in horses
