"""The IIIF Presentation routes: every manifest and collection the platform serves validates against the
official schema, carries CORS, an ETag and the IIIF media type, and unknown or unpublished ones are 404."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exhibitions.models import Museum
from iiif import collection as collections
from iiif import discovery
from tests.conftest import image_bytes
from tests.exhibitions.conftest import VALID_OBJECT, bearer, put, upload
from tests.iiif.iiif_records import assert_valid

BASE = "http://museum.test"
PRESENTATION = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
CC_BY = "http://creativecommons.org/licenses/by/4.0/"
IN_COPYRIGHT = "http://rightsstatements.org/vocab/InC/1.0/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"

MULTILINGUAL = {
    **VALID_OBJECT,
    "title": {"en": ["Jar with dragon"], "zh": ["龙纹罐"], "fr": ["Jarre au dragon"]},
    "description": {"en": ["A glazed jar."], "zh": ["釉陶罐。"]},
    "culture": {"en": ["Yuan"], "zh": ["元"]},
    "credit_line": {"en": ["Gift of the Li family, 1985"]},
    "homepage": "https://nmc.example/collection/A-1",
}


def add_museum(platform, slug, country, name, **extra):
    with platform.db.transaction() as session:
        session.add(Museum(slug=slug, country=country, name=name, **extra))


@pytest.fixture
def museums(platform):
    """Three member museums, two of them with homepages and logos, names in several languages."""
    add_museum(platform, "nmc", "CN", {"en": ["National Museum of China"], "zh": ["中国国家博物馆"]},
               homepage="https://nmc.example/", logo="https://nmc.example/logo.png")
    add_museum(platform, "rundale", "LV", {"en": ["Rundāle Palace Museum"], "lv": ["Rundāles pils muzejs"]},
               homepage="https://rundale.example/")
    add_museum(platform, "samarkand", "UZ", {"uz": ["Samarqand davlat muzeyi"]})


@pytest.fixture
def samarkand_token(platform, museums):
    return bearer(platform, "contributor", "samarkand")


@pytest.fixture
def curator(platform, museums):
    return bearer(platform, "curator")


def get_iiif(client, path, **headers):
    answer = client.get(path, headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.headers["Content-Type"] == PRESENTATION
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    return answer


def document(client, path):
    body = get_iiif(client, path).get_json()
    assert_valid(body)
    return body


def new_object(client, token, accession, museum="nmc", body=VALID_OBJECT, images=1):
    """An object with `images` real images; its id and its images' ids in order."""
    object_id = put(client, token, accession, body, museum).get_json()["id"]
    image_ids = [upload(client, token, image_bytes(400 + 10 * n, 300, color=(n * 40, 90, 200)),
                        accession, museum).get_json()["id"] for n in range(images)]
    return object_id, image_ids


# --- Object manifests ---------------------------------------------------------------------------


def test_an_object_with_one_image_has_one_canvas_painted_by_our_image_service(client, nmc_token):
    object_id, [image_id] = new_object(client, nmc_token, "A-1")

    manifest = document(client, f"/iiif/3/objects/{object_id}/manifest")

    assert manifest["id"] == f"{BASE}/iiif/3/objects/{object_id}/manifest"
    [canvas] = manifest["items"]
    assert (canvas["width"], canvas["height"]) == (400, 300)
    body = canvas["items"][0]["items"][0]["body"]
    assert body["service"] == [{"id": f"{BASE}/iiif/3/{image_id}", "type": "ImageService3", "profile": "level2"}]
    assert manifest["rights"] == CC_BY
    assert manifest["provider"][0]["homepage"][0]["id"] == "https://nmc.example/"
    assert manifest["partOf"][0]["id"] == f"{BASE}/iiif/3/museums/nmc/collection"


def test_an_object_with_many_images_and_languages_keeps_their_order_and_every_language(client, nmc_token):
    object_id, image_ids = new_object(client, nmc_token, "A-2", body=MULTILINGUAL, images=3)

    manifest = document(client, f"/iiif/3/objects/{object_id}/manifest")

    assert manifest["label"] == MULTILINGUAL["title"]
    assert manifest["summary"] == MULTILINGUAL["description"]
    assert manifest["requiredStatement"]["value"] == {"en": ["Gift of the Li family, 1985"]}
    assert manifest["homepage"][0]["id"] == MULTILINGUAL["homepage"]
    services = [canvas["items"][0]["items"][0]["body"]["service"][0]["id"] for canvas in manifest["items"]]
    assert services == [f"{BASE}/iiif/3/{image_id}" for image_id in image_ids]
    culture = next(entry for entry in manifest["metadata"] if entry["label"] == {"en": ["Culture"]})
    assert culture["value"] == {"en": ["Yuan"], "zh": ["元"]}


def test_an_object_without_images_still_opens_in_a_viewer(client, nmc_token):
    object_id, _ = new_object(client, nmc_token, "A-3", images=0)

    manifest = document(client, f"/iiif/3/objects/{object_id}/manifest")

    assert len(manifest["items"]) == 1 and manifest["items"][0]["items"] == []


def test_a_manifest_is_revalidated_with_its_etag_until_the_object_changes(client, nmc_token):
    object_id, _ = new_object(client, nmc_token, "A-1")
    path = f"/iiif/3/objects/{object_id}/manifest"
    first = get_iiif(client, path)
    etag = first.headers["ETag"]
    assert etag and "max-age" in first.headers["Cache-Control"]

    unchanged = client.get(path, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert unchanged.headers["ETag"] == etag
    assert unchanged.headers["Access-Control-Allow-Origin"] == "*"

    put(client, nmc_token, "A-1", {**VALID_OBJECT, "title": {"en": ["Renamed jar"]}})
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["label"] == {"en": ["Renamed jar"]}


@pytest.mark.parametrize("path", [
    "/iiif/3/objects/nmc-nothing/manifest",
    "/iiif/3/museums/nowhere/collection",
    "/iiif/3/museums/nowhere/collection/1",
    "/iiif/3/museums/nmc/collection/2",
    "/iiif/3/museums/nmc/collection/0",
    "/iiif/3/exhibitions/nowhere/manifest",
    "/iiif/discovery/page/2",
    "/iiif/discovery/page/0",
])
def test_unknown_documents_are_404_problems_that_viewers_may_read(client, museums, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["status"] == 404
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", [
    "/iiif/3/objects/nmc-A-1/manifest",
    "/iiif/3/museums/nmc/collection",
    "/iiif/3/collection",
    "/iiif/3/exhibitions/collection",
    "/iiif/discovery/collection",
    "/iiif/discovery/page/1",
    "/iiif/3/" + "a" * 64 + "/info.json",
    "/iiif/3/" + "a" * 64 + "/full/max/0/default.jpg",
    "/iiif/3/nowhere/manifest",
])
def test_a_cors_preflight_on_any_iiif_path_lets_any_site_ask(client, museums, path):
    answer = client.options(path, headers={
        "Origin": "https://viewer.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match, range"})
    assert answer.status_code == 204
    assert answer.get_data() == b""
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert answer.headers["Access-Control-Allow-Headers"] == "if-none-match, range"
    assert int(answer.headers["Access-Control-Max-Age"]) > 0


def test_a_preflight_that_names_no_headers_is_allowed_the_ones_viewers_send(client, museums):
    answer = client.options("/iiif/3/collection", headers={"Origin": "https://viewer.example"})
    assert answer.status_code == 204
    allowed = {name.strip().lower() for name in answer.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"accept", "if-none-match", "range"} <= allowed


# --- Collections --------------------------------------------------------------------------------


def test_a_small_museum_collection_lists_its_manifests_in_accession_order(client, nmc_token):
    ids = {accession: new_object(client, nmc_token, accession, images=n % 2)[0]
           for n, accession in enumerate(["B-2", "A-1", "C-3"])}

    collection = document(client, "/iiif/3/museums/nmc/collection")

    assert [item["id"] for item in collection["items"]] == [
        f"{BASE}/iiif/3/objects/{ids[accession]}/manifest" for accession in ("A-1", "B-2", "C-3")]
    assert [item["type"] for item in collection["items"]] == ["Manifest"] * 3
    assert "thumbnail" in collection["items"][0] and "thumbnail" not in collection["items"][1]
    assert collection["label"] == {"en": ["National Museum of China"], "zh": ["中国国家博物馆"]}


def test_a_large_museum_collection_is_paged_and_each_page_lists_its_share(client, nmc_token, monkeypatch):
    monkeypatch.setattr(collections, "PAGE_SIZE", 2)
    accessions = [f"A-{n}" for n in range(1, 6)]
    ids = [new_object(client, nmc_token, accession, images=0)[0] for accession in accessions]

    collection = document(client, "/iiif/3/museums/nmc/collection")

    pages = [item["id"] for item in collection["items"]]
    assert pages == [f"{BASE}/iiif/3/museums/nmc/collection/{n}" for n in (1, 2, 3)]
    assert collection["summary"] == {"en": ["5 objects"]}
    listed = []
    for n, page_id in enumerate(pages, start=1):
        page = document(client, f"/iiif/3/museums/nmc/collection/{n}")
        assert page["id"] == page_id
        assert page["partOf"][0]["id"] == f"{BASE}/iiif/3/museums/nmc/collection"
        listed += [item["id"] for item in page["items"]]
    assert listed == [f"{BASE}/iiif/3/objects/{object_id}/manifest" for object_id in ids]
    assert client.get("/iiif/3/museums/nmc/collection/4").status_code == 404


def test_the_top_collection_lists_every_museum_and_the_exhibitions(client, museums):
    collection = document(client, "/iiif/3/collection")

    assert [item["id"] for item in collection["items"]] == [
        f"{BASE}/iiif/3/museums/{slug}/collection" for slug in ("nmc", "rundale", "samarkand")
    ] + [f"{BASE}/iiif/3/exhibitions/collection"]
    for slug in ("nmc", "rundale", "samarkand"):
        document(client, f"/iiif/3/museums/{slug}/collection")


# --- Exhibitions --------------------------------------------------------------------------------


@pytest.fixture
def loans(client, nmc_token, rundale_token, samarkand_token):
    """One object from each of three museums, each with its own rights: museum -> (object id, image ids)."""
    return {
        "nmc": new_object(client, nmc_token, "N-1", "nmc", MULTILINGUAL, images=2),
        "rundale": new_object(client, rundale_token, "R-1", "rundale", {**VALID_OBJECT, "rights": IN_COPYRIGHT}),
        "samarkand": new_object(client, samarkand_token, "S-1", "samarkand", {**VALID_OBJECT, "rights": CC0}),
    }


def silk_road(loans):
    (nmc, nmc_images), (rundale, _), (samarkand, _) = loans["nmc"], loans["rundale"], loans["samarkand"]
    return {
        "title": {"en": ["Across the Silk Road"], "zh": ["丝绸之路"]},
        "summary": {"en": ["Three museums, one route."]},
        "sections": [
            {"title": {"en": ["East"]}, "text": {"en": ["Where the route begins."]},
             "items": [{"object": nmc, "image": nmc_images[1], "region": "10,20,200,100",
                        "caption": {"en": ["The dragon's head"], "zh": ["龙头"]}},
                       {"object": samarkand, "caption": {"en": ["A whole bowl"]}}]},
            {"title": {"en": ["West"]},
             "items": [{"object": rundale, "region": "0,0,50,50"}]},
        ],
    }


def publish(client, curator, slug, body):
    assert client.put(f"/api/v1/exhibitions/{slug}", json=body, headers=curator).status_code == 201
    assert client.post(f"/api/v1/exhibitions/{slug}/publish", headers=curator).status_code == 200


def test_an_exhibition_from_three_museums_keeps_each_loans_rights_provider_and_caption_region(
        client, curator, loans):
    publish(client, curator, "silk-road", silk_road(loans))

    manifest = document(client, "/iiif/3/exhibitions/silk-road/manifest")

    canvases = manifest["items"]
    canvas_ids = [f"{BASE}/iiif/3/exhibitions/silk-road/canvas/{n}" for n in (1, 2, 3)]
    assert [canvas["id"] for canvas in canvases] == canvas_ids
    painted = [canvas["items"][0]["items"][0]["body"]["service"][0]["id"] for canvas in canvases]
    assert painted == [f"{BASE}/iiif/3/{loans['nmc'][1][1]}", f"{BASE}/iiif/3/{loans['samarkand'][1][0]}",
                       f"{BASE}/iiif/3/{loans['rundale'][1][0]}"]
    assert [canvas["rights"] for canvas in canvases] == [CC_BY, CC0, IN_COPYRIGHT]
    assert [canvas["provider"][0]["id"] for canvas in canvases] == [
        f"{BASE}/museums/{slug}" for slug in ("nmc", "samarkand", "rundale")]
    assert canvases[0]["requiredStatement"]["value"] == {"en": ["Gift of the Li family, 1985"]}
    assert canvases[1]["provider"][0]["label"] == {"uz": ["Samarqand davlat muzeyi"]}

    [dragon] = canvases[0]["annotations"][0]["items"]
    assert dragon["motivation"] == "commenting"
    assert dragon["target"] == f"{canvas_ids[0]}#xywh=10,20,200,100"
    assert {(body["language"], body["value"]) for body in dragon["body"]} == {("en", "The dragon's head"),
                                                                             ("zh", "龙头")}
    [bowl] = canvases[1]["annotations"][0]["items"]
    assert bowl["target"] == canvas_ids[1]
    assert "annotations" not in canvases[2]  # a region without a caption has nothing to say

    east, west = manifest["structures"]
    assert east["type"] == west["type"] == "Range"
    assert [ref["id"] for ref in east["items"]] == canvas_ids[:2]
    assert [ref["id"] for ref in west["items"]] == canvas_ids[2:]
    assert east["label"] == {"en": ["East"]} and east["summary"] == {"en": ["Where the route begins."]}
    assert {provider["id"] for provider in manifest["provider"]} == {
        f"{BASE}/museums/{slug}" for slug in ("nmc", "rundale", "samarkand")}


def test_drafts_and_withdrawn_exhibitions_are_404(client, curator, loans):
    client.put("/api/v1/exhibitions/draft", json=silk_road(loans), headers=curator)
    assert client.get("/iiif/3/exhibitions/draft/manifest").status_code == 404
    assert client.get("/iiif/3/exhibitions/draft/manifest", headers=curator).status_code == 404

    publish(client, curator, "shown", silk_road(loans))
    client.post("/api/v1/exhibitions/shown/unpublish", headers=curator)
    answer = client.get("/iiif/3/exhibitions/shown/manifest")
    assert answer.status_code == 404 and answer.mimetype == "application/problem+json"


def test_an_item_whose_image_its_museum_removed_is_left_out_not_an_error(client, curator, loans, nmc_token):
    publish(client, curator, "silk-road", silk_road(loans))
    nmc, _ = loans["nmc"]
    client.delete(f"/api/v1/objects/{nmc}", headers=nmc_token)

    manifest = document(client, "/iiif/3/exhibitions/silk-road/manifest")

    assert len(manifest["items"]) == 2


def test_an_exhibition_manifest_follows_every_change_of_what_it_shows(
        client, platform, curator, loans, nmc_token, samarkand_token):
    """Exhibition manifests are kept built between requests too; none outlives a change."""
    publish(client, curator, "silk-road", silk_road(loans))
    path = "/iiif/3/exhibitions/silk-road/manifest"
    first = get_iiif(client, path)
    assert get_iiif(client, path).get_data() == first.get_data()

    changed = silk_road(loans)
    changed["sections"][1]["title"] = {"en": ["Far West"]}
    assert client.put("/api/v1/exhibitions/silk-road", json=changed, headers=curator).status_code == 200
    assert document(client, path)["structures"][1]["label"] == {"en": ["Far West"]}

    put(client, samarkand_token, "S-1", {**VALID_OBJECT, "rights": CC0, "title": {"en": ["A glazed bowl"]}},
        "samarkand")
    assert document(client, path)["items"][1]["label"] == {"en": ["A glazed bowl"]}

    with platform.db.transaction() as session:
        session.scalar(select(Museum).where(Museum.slug == "samarkand")).name = {"en": ["Samarkand State Museum"]}
    assert document(client, path)["items"][1]["provider"][0]["label"] == {"en": ["Samarkand State Museum"]}

    client.delete(f"/api/v1/objects/{loans['nmc'][0]}", headers=nmc_token)
    assert len(document(client, path)["items"]) == 2

    client.post("/api/v1/exhibitions/silk-road/unpublish", headers=curator)
    assert client.get(path).status_code == 404


def test_the_exhibitions_collection_lists_only_published_exhibitions_with_thumbnails(client, curator, loans):
    publish(client, curator, "silk-road", silk_road(loans))
    client.put("/api/v1/exhibitions/draft", json=silk_road(loans), headers=curator)
    empty = silk_road(loans) | {"sections": []}
    publish(client, curator, "empty", empty)

    collection = document(client, "/iiif/3/exhibitions/collection")

    items = {item["id"]: item for item in collection["items"]}
    assert set(items) == {f"{BASE}/iiif/3/exhibitions/{slug}/manifest" for slug in ("silk-road", "empty")}
    thumbnail = items[f"{BASE}/iiif/3/exhibitions/silk-road/manifest"]["thumbnail"][0]
    assert thumbnail["id"].startswith(f"{BASE}/iiif/3/{loans['nmc'][1][1]}/")
    assert "thumbnail" not in items[f"{BASE}/iiif/3/exhibitions/empty/manifest"]
    document(client, "/iiif/3/exhibitions/empty/manifest")


# --- Change Discovery ---------------------------------------------------------------------------


def test_change_discovery_pages_hold_every_change_oldest_first(client, curator, loans, nmc_token, monkeypatch):
    monkeypatch.setattr(discovery, "PAGE_SIZE", 2)
    publish(client, curator, "silk-road", silk_road(loans))
    nmc, _ = loans["nmc"]
    put(client, nmc_token, "N-1", {**MULTILINGUAL, "dimensions": "H. 30 cm"})

    answer = client.get("/iiif/discovery/collection")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == discovery.MEDIA_TYPE
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    stream = answer.get_json()
    total = stream["totalItems"]
    pages = -(-total // 2)
    assert stream["first"]["id"] == f"{BASE}/iiif/discovery/page/1"
    assert stream["last"]["id"] == f"{BASE}/iiif/discovery/page/{pages}"

    activities = []
    for n in range(1, pages + 1):
        page = client.get(f"/iiif/discovery/page/{n}").get_json()
        assert page["startIndex"] == (n - 1) * 2
        assert ("next" in page) == (n < pages) and ("prev" in page) == (n > 1)
        activities += page["orderedItems"]
    assert len(activities) == total
    times = [activity["endTime"] for activity in activities]
    assert times == sorted(times)
    last_three = [(activity["type"], activity["object"]["id"]) for activity in activities[-3:]]
    assert last_three == [("Create", f"{BASE}/iiif/3/exhibitions/silk-road/manifest"),
                          ("Update", f"{BASE}/iiif/3/objects/{nmc}/manifest"),
                          ("Update", f"{BASE}/iiif/3/exhibitions/silk-road/manifest")]
    # What an aggregator harvests from the stream is valid Presentation 3.0.
    for manifest in {activity["object"]["id"] for activity in activities}:
        document(client, manifest.removeprefix(BASE))


def stream_read_back_from_last(client):
    """What an aggregator reads: from the last page back to the first, each page newest first."""
    read = []
    page = client.get(client.get("/iiif/discovery/collection").get_json()["last"]["id"].removeprefix(BASE))
    while True:
        document = page.get_json()
        read += reversed(document["orderedItems"])
        if "prev" not in document:
            return read
        page = client.get(document["prev"]["id"].removeprefix(BASE))


def test_an_exhibition_manifest_gets_an_update_whenever_anything_it_shows_changes(
        client, platform, curator, loans, nmc_token, samarkand_token, monkeypatch):
    monkeypatch.setattr(discovery, "PAGE_SIZE", 3)
    publish(client, curator, "silk-road", silk_road(loans))
    exhibition = f"{BASE}/iiif/3/exhibitions/silk-road/manifest"
    samarkand, _ = loans["samarkand"]
    rundale, _ = loans["rundale"]
    before = len(stream_read_back_from_last(client))

    put(client, samarkand_token, "S-1", {**VALID_OBJECT, "rights": CC0, "title": {"en": ["A glazed bowl"]}},
        "samarkand")
    with platform.db.transaction() as session:
        session.scalar(select(Museum).where(Museum.slug == "rundale")).name = {"en": ["Rundāle Palace"]}
    client.delete(f"/api/v1/objects/{loans['nmc'][0]}", headers=nmc_token)
    with platform.db.transaction() as session:
        # A change that no manifest shows records nothing.
        session.scalar(select(Museum).where(Museum.slug == "rundale")).country = "LT"

    newest_first = stream_read_back_from_last(client)
    changes = [(activity["type"], activity["object"]["id"]) for activity in reversed(newest_first[:-before])]
    assert changes == [
        ("Update", f"{BASE}/iiif/3/objects/{samarkand}/manifest"), ("Update", exhibition),
        ("Update", f"{BASE}/iiif/3/objects/{rundale}/manifest"), ("Update", exhibition),
        ("Delete", f"{BASE}/iiif/3/objects/{loans['nmc'][0]}/manifest"), ("Update", exhibition),
    ]


def test_reading_back_from_last_sees_every_activity_once_in_order_each_with_its_own_id(
        client, curator, loans, nmc_token, monkeypatch):
    monkeypatch.setattr(discovery, "PAGE_SIZE", 2)
    publish(client, curator, "silk-road", silk_road(loans))
    for n in range(3):
        put(client, nmc_token, "N-1", {**MULTILINGUAL, "dimensions": f"H. {30 + n} cm"})

    newest_first = stream_read_back_from_last(client)

    assert len(newest_first) == client.get("/iiif/discovery/collection").get_json()["totalItems"]
    ids = [activity["id"] for activity in newest_first]
    assert len(set(ids)) == len(ids)
    numbers = [int(activity_id.rsplit("/", 1)[1]) for activity_id in ids]
    assert numbers == sorted(numbers, reverse=True)
    times = [activity["endTime"] for activity in newest_first]
    assert times == sorted(times, reverse=True)
    for activity in newest_first[:3]:
        alone = client.get(activity["id"].removeprefix(BASE))
        assert alone.status_code == 200 and alone.headers["Access-Control-Allow-Origin"] == "*"
        assert {key: alone.get_json()[key] for key in activity} == activity
    assert client.get("/iiif/discovery/activity/999999").status_code == 404


def test_a_discovery_page_follows_the_stream_as_it_grows(client, nmc_token, monkeypatch):
    """Pages are kept built between requests; none outlives a new activity."""
    monkeypatch.setattr(discovery, "PAGE_SIZE", 2)
    object_id, _ = new_object(client, nmc_token, "D-1", images=0)
    first = client.get("/iiif/discovery/page/1").get_json()
    assert [a["type"] for a in first["orderedItems"]] == ["Create"] and "next" not in first

    put(client, nmc_token, "D-1", {**VALID_OBJECT, "title": {"en": ["Renamed once"]}})
    put(client, nmc_token, "D-1", {**VALID_OBJECT, "title": {"en": ["Renamed twice"]}})
    first = client.get("/iiif/discovery/page/1").get_json()
    assert [a["type"] for a in first["orderedItems"]] == ["Create", "Update"]
    assert first["next"]["id"] == f"{BASE}/iiif/discovery/page/2"
    second = client.get("/iiif/discovery/page/2").get_json()
    assert [(a["type"], a["object"]["id"]) for a in second["orderedItems"]] == [
        ("Update", f"{BASE}/iiif/3/objects/{object_id}/manifest")]


def test_a_discovery_page_is_revalidated_with_its_etag(client, museums):
    first = client.get("/iiif/discovery/page/1")
    assert first.get_json()["orderedItems"] == []
    again = client.get("/iiif/discovery/page/1", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_museum_collection_follows_every_change_of_its_objects(client, nmc_token):
    """Documents are kept built between requests; none outlives a change of what it shows."""
    first_id, _ = new_object(client, nmc_token, "A-1", images=0)
    path = "/iiif/3/museums/nmc/collection"
    assert len(document(client, path)["items"]) == 1

    second_id, _ = new_object(client, nmc_token, "B-2", images=0)
    assert len(document(client, path)["items"]) == 2

    put(client, nmc_token, "B-2", {**VALID_OBJECT, "title": {"en": ["Renamed"]}})
    assert document(client, path)["items"][1]["label"] == {"en": ["Renamed"]}

    upload(client, nmc_token, image_bytes(64, 48), accession="A-1")
    assert "thumbnail" in document(client, path)["items"][0]
    assert "thumbnail" in document(client, f"/iiif/3/objects/{first_id}/manifest")

    client.delete(f"/api/v1/objects/{second_id}", headers=nmc_token)
    assert [item["id"] for item in document(client, path)["items"]] == [
        f"{BASE}/iiif/3/objects/{first_id}/manifest"]
