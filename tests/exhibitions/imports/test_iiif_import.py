"""A museum that runs IIIF contributes an object by giving its manifest's URL: the metadata is taken
over, the images stay on the museum's image server, re-importing updates the same object, and every
bad manifest or server is a clear problem that leaves nothing behind."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from exhibitions import create_app
from exhibitions.imports import harvesting
from exhibitions.imports.harvesting import remote_image_id
from exhibitions.models import Museum
from iiif.rights import normalize_rights
from tests.conftest import unused_port
from tests.exhibitions.conftest import bearer, stored_counts
from tests.iiif.iiif_records import assert_valid
from tests.museum_site import MuseumHandler, running

FIXTURES = Path(__file__).resolve().parents[2] / "iiif" / "fixtures"
MANIFEST_3 = json.loads((FIXTURES / "manifest-3.0.json").read_text())
MANIFEST_2 = json.loads((FIXTURES / "manifest-2.1.json").read_text())
LIMIT = 64 * 1024
MANIFEST_3_RIGHTS = "http://rightsstatements.org/vocab/NoC-NC/1.0/"
IN_COPYRIGHT = "http://rightsstatements.org/vocab/InC/1.0/"


class MuseumServer(MuseumHandler):
    """`server.documents` maps a path to (status, body bytes, content type)."""

    def do_GET(self):
        if self.path == "/slow":  # an answer held until the test is over
            self.server.released.wait(60)
        self.send(*self.server.documents.get(self.path, (404, b"not here", "text/plain")))


@pytest.fixture(scope="module")
def server():
    with running(MuseumServer) as server:
        server.documents = {}
        server.released = threading.Event()
        yield server


@pytest.fixture
def museum_site(server):
    """Serve documents on loopback: museum_site.serve(path, document) and its URL at museum_site.url(path)."""

    class Site:
        def serve(self, path, document, status=200, kind="application/ld+json"):
            body = document if isinstance(document, bytes) else json.dumps(document).encode()
            server.documents[path] = (status, body, kind)
            return self.url(path)

        def url(self, path):
            return f"http://127.0.0.1:{server.server_address[1]}{path}"

    server.documents.clear()
    server.released.clear()
    site = Site()
    site.serve("/manifest-3.0.json", MANIFEST_3)
    site.serve("/manifest-2.1.json", MANIFEST_2)
    site.serve("/slow", MANIFEST_3)
    yield site
    server.released.set()


@pytest.fixture
def settings(settings, request):
    # Documents get ten seconds, far beyond a loopback answer on a busy machine; only the case
    # that times out, against a server that holds its answer, gets a short limit.
    callspec = getattr(request.node, "callspec", None)
    timing_out = callspec is not None and callspec.params.get("case") == "timeout"
    return replace(settings, allow_private_fetch=True, fetch_timeout=0.5 if timing_out else 10.0,
                   fetch_max_bytes=LIMIT)


def iiif_import(client, token, body, museum="nmc"):
    return client.post(f"/api/v1/museums/{museum}/iiif-imports", json=body, headers=token)


def manifest_of(client, record):
    manifest = client.get(record["manifest"].removeprefix("http://museum.test")).get_json()
    assert_valid(manifest)
    return manifest


def services(manifest):
    """Each canvas's image service as (id, type, profile), a Choice's first option's; an Image API 2
    service keeps its @id and @type, and the id as the manifest wrote it."""
    found = []
    for canvas in manifest["items"]:
        body = canvas["items"][0]["items"][0]["body"]
        body = body["items"][0] if body["type"] == "Choice" else body
        if "service" not in body:
            continue
        service = body["service"][0]
        found.append((service.get("id") or service["@id"], service.get("type") or service["@type"],
                      service["profile"]))
    return found


# --- Good manifests -----------------------------------------------------------------------------


def test_a_presentation_3_manifest_becomes_an_object_whose_images_stay_on_the_museums_server(
        client, platform, nmc_token, museum_site):
    url = museum_site.url("/manifest-3.0.json")
    answer = iiif_import(client, nmc_token, {"manifest": url})

    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["outcome"] == "created" and body["warnings"] == []
    assert body["source"] == {"manifest": MANIFEST_3["id"], "version": "3.0", "url": url}
    record = body["object"]
    assert answer.headers["Location"] == f"http://museum.test/api/v1/objects/{record['id']}"
    assert record["accession"] == "M-4"  # the manifest's own object number
    assert record["title"] == {"en": ["Bronze mirror with grapes"], "zh": ["海兽葡萄镜"]}
    assert record["creator"] == {"none": ["Workshop of Yangzhou"]}
    assert record["materials"] == ["bronze"] and record["keywords"] == ["grapes", "lions"]
    assert record["rights"] == "http://rightsstatements.org/vocab/NoC-NC/1.0/"
    assert record["homepage"] == "https://oasis.example/objects/M-4"
    face, back = "https://images.oasis.example/iiif/3/mirror-4-face", "https://images.oasis.example/iiif/2/mirror-4-back"
    assert [(image["id"], image["width"], image["height"], image["info"]) for image in record["images"]] == [
        (remote_image_id(face), 5000, 5000, f"{face}/info.json"),
        (remote_image_id(back), 2400, 2400, f"{back}/info.json")]
    assert all(re.fullmatch("[0-9a-f]{64}", image["id"]) for image in record["images"])
    assert stored_counts(platform)["files"] == 0  # nothing was copied

    manifest = manifest_of(client, record)
    assert services(manifest) == [(face, "ImageService3", "level2"),
                                  (back, "ImageService2", "http://iiif.io/api/image/2/level2.json")]
    assert manifest["thumbnail"][0]["id"].startswith(f"{face}/full/")
    assert manifest["provider"][0]["id"] == "http://museum.test/museums/nmc"


def test_a_presentation_2_manifest_is_read_with_its_image_2_services(client, nmc_token, museum_site):
    answer = iiif_import(client, nmc_token, {"manifest": museum_site.url("/manifest-2.1.json")})

    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    record = body["object"]
    assert body["source"]["version"] == "2.1"
    assert record["accession"] == "EW-17"
    assert record["title"] == {"en": ["Ewer with a phoenix head"], "ru": ["Кувшин с головой феникса"]}
    assert record["rights"] == "http://creativecommons.org/licenses/by-nc/4.0/"
    assert record["credit_line"] == {"none": ["Museum of the Example Oasis"]}
    assert [(image["width"], image["height"]) for image in record["images"]] == [(3000, 4000), (3000, 4100)]
    # The plain photograph's server is not there: it stays a reference, and the answer says why.
    [warning] = body["warnings"]
    assert warning.startswith("the image of canvas 3, https://museum.example/photos/box.jpg, was not copied: ")

    manifest = manifest_of(client, record)
    # Each remote service keeps the compliance level its manifest stated.
    level1, level2 = "http://iiif.io/api/image/2/level1.json", "http://iiif.io/api/image/2/level2.json"
    assert services(manifest) == [("https://images.museum.example/iiif/2/ewer-17-front", "ImageService2", level1),
                                  ("https://images.museum.example/iiif/2/ewer-17-back/info.json", "ImageService2",
                                   level2)]
    assert manifest["items"][0]["items"][0]["items"][0]["body"]["id"].endswith("/full/full/0/default.jpg")
    # The plain photograph stays on its canvas, referenced where the museum serves it.
    box = manifest["items"][2]
    assert box["id"] == f"{record['manifest'].removesuffix('/manifest')}/canvas/3"
    assert box["items"][0]["items"][0]["body"] == {"id": "https://museum.example/photos/box.jpg", "type": "Image"}
    assert box["items"][0]["items"][0]["target"] == box["id"]


def test_a_presentation_2_book_keeps_where_it_opens_how_it_reads_its_logo_and_its_annotation_lists(
        client, nmc_token, museum_site):
    source = json.loads((FIXTURES / "manifest-2.1-book.json").read_text())
    answer = iiif_import(client, nmc_token, {"manifest": museum_site.serve("/divan-9.json", source)})

    assert answer.status_code == 201, answer.get_json()
    manifest = manifest_of(client, answer.get_json()["object"])
    first, second = (canvas["id"] for canvas in manifest["items"])
    # The sequence's startCanvas, viewingDirection and viewingHint become the manifest's own.
    assert manifest["start"] == {"id": second, "type": "Canvas"}
    assert manifest["viewingDirection"] == "right-to-left"
    assert manifest["behavior"] == ["paged"]
    # The logo rides on a provider named by the attribution, after the museum we know.
    logos = [agent["logo"] for agent in manifest["provider"] if "logo" in agent and agent["label"] ==
             {"none": ["Library of the Example Oasis"]}]
    assert logos == [[{"id": "https://library.example/logo.png", "type": "Image", "format": "image/png"}]]
    # The transcription list stays on its canvas, by reference, as a 3.0 annotation page.
    assert "annotations" not in manifest["items"][0]
    assert manifest["items"][1]["annotations"] == [
        {"id": "https://library.example/iiif/2/divan-9/list/f2r-transcription", "type": "AnnotationPage"}]
    assert manifest["partOf"][-1]["id"] == "https://library.example/iiif/2/manuscripts"
    assert first.endswith("/canvas/1")


def test_a_presentation_3_canvas_keeps_annotation_pages_given_by_reference(client, nmc_token, museum_site):
    source = json.loads((FIXTURES / "cookbook" / "static-image.json").read_text())
    page = {"id": "https://museum.example/iiif/annotations/commentary-1", "type": "AnnotationPage"}
    source["items"][0]["annotations"] = [page]

    answer = iiif_import(client, nmc_token, {"manifest": museum_site.serve("/referenced-page.json", source)})

    assert answer.status_code == 201, answer.get_json()
    assert manifest_of(client, answer.get_json()["object"])["items"][0]["annotations"] == [page]


def test_re_importing_the_same_manifest_changes_nothing(client, platform, nmc_token, museum_site):
    url = museum_site.url("/manifest-3.0.json")
    first = iiif_import(client, nmc_token, {"manifest": url}).get_json()
    counts = stored_counts(platform)

    again = iiif_import(client, nmc_token, {"manifest": url})

    assert again.status_code == 200
    assert again.get_json()["outcome"] == "unchanged"
    assert again.get_json()["object"]["id"] == first["object"]["id"]
    assert stored_counts(platform) == counts


def test_re_importing_a_changed_manifest_updates_the_object_and_replaces_its_remote_images(
        client, platform, nmc_token, museum_site):
    url = museum_site.url("/manifest-3.0.json")
    first = iiif_import(client, nmc_token, {"manifest": url}).get_json()["object"]
    counts = stored_counts(platform)
    changed = copy.deepcopy(MANIFEST_3)
    changed["items"] = changed["items"][1:]  # the museum took the face photograph down
    museum_site.serve("/manifest-3.0.json", changed)

    answer = iiif_import(client, nmc_token, {"manifest": url})

    assert answer.status_code == 200 and answer.get_json()["outcome"] == "replaced"
    record = answer.get_json()["object"]
    assert record["id"] == first["id"]
    assert [image["id"] for image in record["images"]] == [first["images"][1]["id"]]
    after = stored_counts(platform)
    assert after["objects"] == counts["objects"] and after["images"] == counts["images"] - 1
    assert after["activities"] == counts["activities"] + 1  # an Update for harvesters

    changed["label"] = {"en": ["Mirror with lions and grapes"]}
    museum_site.serve("/manifest-3.0.json", changed)
    renamed = iiif_import(client, nmc_token, {"manifest": url}).get_json()["object"]
    assert renamed["title"] == {"en": ["Mirror with lions and grapes"]}
    assert manifest_of(client, renamed)["label"] == {"en": ["Mirror with lions and grapes"]}


def test_without_an_accession_number_the_manifests_url_names_the_object_stably(client, platform, nmc_token,
                                                                             museum_site):
    anonymous = copy.deepcopy(MANIFEST_3)
    anonymous["metadata"] = []
    url = museum_site.serve("/anonymous", anonymous)

    first = iiif_import(client, nmc_token, {"manifest": url}).get_json()["object"]
    again = iiif_import(client, nmc_token, {"manifest": url})

    assert first["accession"].startswith("iiif-")
    assert again.status_code == 200 and again.get_json()["object"]["id"] == first["id"]
    assert stored_counts(platform)["objects"] == 1


def test_the_contributor_may_name_the_accession_and_give_the_rights_the_manifest_lacks(client, nmc_token,
                                                                                    museum_site):
    unlicensed = copy.deepcopy(MANIFEST_2)
    del unlicensed["license"]
    url = museum_site.serve("/unlicensed", unlicensed)

    answer = iiif_import(client, nmc_token, {"manifest": url, "accession": "GB 2024.7",
                                             "rights": "https://creativecommons.org/licenses/by/4.0/"})

    assert answer.status_code == 201, answer.get_json()
    record = answer.get_json()["object"]
    assert record["accession"] == "GB 2024.7"
    assert record["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert not any("rights" in warning for warning in answer.get_json()["warnings"])


def test_an_imported_object_can_be_shown_in_an_exhibition_with_a_region_of_a_remote_image(
        client, platform, nmc_token, museum_site):
    record = iiif_import(client, nmc_token, {"manifest": museum_site.url("/manifest-3.0.json")}).get_json()["object"]
    curator = bearer(platform, "curator")
    exhibition = {"title": {"en": ["Mirrors"]}, "sections": [{"title": {"en": ["Bronze"]}, "items": [
        {"object": record["id"], "image": record["images"][1]["id"], "region": "100,100,800,600",
         "caption": {"en": ["The lion"]}}]}]}
    assert client.put("/api/v1/exhibitions/mirrors", json=exhibition, headers=curator).status_code == 201
    client.post("/api/v1/exhibitions/mirrors/publish", headers=curator)

    manifest = client.get("/iiif/3/exhibitions/mirrors/manifest").get_json()

    assert_valid(manifest)
    [canvas] = manifest["items"]
    assert services(manifest)[0][0] == "https://images.oasis.example/iiif/2/mirror-4-back"
    assert canvas["annotations"][0]["items"][0]["target"].endswith("#xywh=100,100,800,600")
    assert canvas["rights"] == "http://rightsstatements.org/vocab/NoC-NC/1.0/"


def test_an_exhibition_item_whose_remote_image_the_museum_took_down_is_left_out(client, platform, nmc_token,
                                                                                museum_site):
    url = museum_site.url("/manifest-3.0.json")
    record = iiif_import(client, nmc_token, {"manifest": url}).get_json()["object"]
    curator = bearer(platform, "curator")
    exhibition = {"title": {"en": ["Mirrors"]}, "sections": [{"title": {"en": ["Bronze"]}, "items": [
        {"object": record["id"], "image": record["images"][0]["id"], "caption": {"en": ["The face"]}},
        {"object": record["id"], "image": record["images"][1]["id"], "caption": {"en": ["The back"]}}]}]}
    assert client.put("/api/v1/exhibitions/mirrors", json=exhibition, headers=curator).status_code == 201
    client.post("/api/v1/exhibitions/mirrors/publish", headers=curator)
    changed = copy.deepcopy(MANIFEST_3)
    changed["items"] = changed["items"][1:]
    museum_site.serve("/manifest-3.0.json", changed)
    iiif_import(client, nmc_token, {"manifest": url})

    answer = client.get("/iiif/3/exhibitions/mirrors/manifest")

    assert answer.status_code == 200
    assert_valid(answer.get_json())
    assert [canvas["label"] for canvas in answer.get_json()["items"]] == [record["title"]]
    assert services(answer.get_json())[0][0] == "https://images.oasis.example/iiif/2/mirror-4-back"


# --- Bad manifests and servers ------------------------------------------------------------------


def unlabelled():
    document = copy.deepcopy(MANIFEST_3)
    del document["label"]
    return document


BAD = {
    "ftp": (lambda site: "ftp://museum.example/manifest.json", 422, "only http and https"),
    "file": (lambda site: "file:///etc/passwd", 422, "only http and https"),
    "no host": (lambda site: "http://", 422, "has no host"),
    "unreachable": (lambda site: f"http://127.0.0.1:{unused_port()}/manifest.json", 502, "could not be reached"),
    "missing": (lambda site: site.url("/nothing-here"), 502, "answered 404"),
    "server error": (lambda site: site.serve("/broken", b"oops", 500, "text/plain"), 502, "answered 500"),
    "timeout": (lambda site: site.url("/slow"), 504, "did not answer within"),
    "huge": (lambda site: site.serve("/huge", b'{"label": "' + b"x" * (2 * LIMIT) + b'"}'), 413, str(LIMIT)),
    "not json": (lambda site: site.serve("/page.html", b"<html></html>", kind="text/html"), 422, "is not JSON"),
    "collection": (lambda site: site.serve("/collection", (FIXTURES / "collection-3.0.json").read_bytes()),
                   422, "is a Collection, not a IIIF manifest"),
    "no label": (lambda site: site.serve("/unlabelled", unlabelled()), 422, "has no label"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_manifest_or_server_is_a_problem_that_leaves_nothing_behind(client, platform, nmc_token,
                                                                           museum_site, case):
    make_url, status, words = BAD[case]
    before = stored_counts(platform)

    answer = iiif_import(client, nmc_token, {"manifest": make_url(museum_site)})

    assert answer.status_code == status, answer.get_json()
    assert answer.mimetype == "application/problem+json"
    problem = answer.get_json()
    assert words in problem["detail"]
    assert problem["errors"][0]["field"] == "manifest"
    assert stored_counts(platform) == before


def test_a_manifest_without_rights_is_kept_with_its_rights_honestly_not_stated(client, nmc_token, museum_site):
    unlicensed = copy.deepcopy(MANIFEST_3)
    del unlicensed["rights"]

    answer = iiif_import(client, nmc_token, {"manifest": museum_site.serve("/unlicensed", unlicensed)})

    assert answer.status_code == 201, answer.get_json()
    assert any("rights shown as not stated" in warning for warning in answer.get_json()["warnings"])
    record = answer.get_json()["object"]
    assert record["rights"] is None
    assert client.get(f"/api/v1/objects/{record['id']}").get_json()["rights"] is None
    assert "rights" not in manifest_of(client, record)
    page = client.get(f"/objects/{record['id']}").get_data(as_text=True)
    assert "Rights not stated by the museum" in page
    assert 'rel="license"' not in page


def test_a_contributors_own_put_still_has_to_state_rights(client, nmc_token, museum_site):
    unlicensed = copy.deepcopy(MANIFEST_3)
    del unlicensed["rights"]
    url = museum_site.serve("/unlicensed", unlicensed)
    record = iiif_import(client, nmc_token, {"manifest": url}).get_json()["object"]

    answer = client.put(f"/api/v1/museums/nmc/objects/{record['accession']}", json={"title": record["title"]},
                        headers=nmc_token)

    assert answer.status_code == 422
    assert "rights" in {error["field"] for error in answer.get_json()["errors"]}


def test_a_manifest_without_rights_takes_the_imports_default_rights_then_the_museums(client, platform, nmc_token,
                                                                                    museum_site):
    unlicensed = copy.deepcopy(MANIFEST_3)
    del unlicensed["rights"]
    url = museum_site.serve("/unlicensed", unlicensed)
    with platform.db.transaction() as session:
        session.scalar(select(Museum).where(Museum.slug == "nmc")).default_rights = IN_COPYRIGHT

    by_museum = iiif_import(client, nmc_token, {"manifest": url})
    by_import = iiif_import(client, nmc_token, {
        "manifest": url, "default_rights": "https://creativecommons.org/publicdomain/zero/1.0/deed.de"})

    assert by_museum.status_code == 201 and by_museum.get_json()["object"]["rights"] == IN_COPYRIGHT
    assert by_import.status_code == 200
    assert by_import.get_json()["object"]["rights"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert not any("rights" in warning for warning in by_import.get_json()["warnings"])


def test_a_manifests_own_rights_win_over_the_default_rights(client, nmc_token, museum_site):
    url = museum_site.url("/manifest-3.0.json")

    answer = iiif_import(client, nmc_token, {"manifest": url, "default_rights": IN_COPYRIGHT})

    assert answer.get_json()["object"]["rights"] == MANIFEST_3_RIGHTS


def test_a_licence_written_as_its_deed_in_a_language_is_recognised(client, nmc_token, museum_site):
    deed = copy.deepcopy(MANIFEST_3)
    deed["rights"] = "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.de"

    answer = iiif_import(client, nmc_token, {"manifest": museum_site.serve("/deed", deed)})

    assert answer.status_code == 201
    assert answer.get_json()["object"]["rights"] == "http://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert manifest_of(client, answer.get_json()["object"])["rights"] == "http://creativecommons.org/licenses/by-nc-sa/4.0/"


@pytest.mark.parametrize("field", ["rights", "default_rights"])
def test_rights_given_with_the_import_must_be_a_licence_uri(client, platform, nmc_token, museum_site, field):
    before = stored_counts(platform)

    answer = iiif_import(client, nmc_token, {"manifest": museum_site.url("/manifest-3.0.json"), field: "all mine"})

    assert answer.status_code == 422
    assert [error["field"] for error in answer.get_json()["errors"]] == [field]
    assert stored_counts(platform) == before


def test_loopback_and_private_addresses_are_refused_unless_the_setting_allows_them(app, settings, platform,
                                                                                  museums, museum_site):
    strict = create_app(replace(settings, allow_private_fetch=False))
    token = bearer(strict.extensions["caravanserai"], "admin")
    before = stored_counts(platform)
    try:
        for host in ("127.0.0.1", "10.0.0.1", "169.254.169.254"):
            url = museum_site.url("/manifest-3.0.json").replace("127.0.0.1", host)
            with strict.test_client() as client:
                answer = client.post("/api/v1/museums/nmc/iiif-imports", json={"manifest": url}, headers=token)
            assert answer.status_code == 422, (host, answer.get_json())
            assert "address" in answer.get_json()["detail"]
    finally:
        strict.extensions["caravanserai"].db.engine.dispose()
    assert stored_counts(platform) == before


# --- Who may import, and what the request must say ----------------------------------------------


def test_only_the_museums_contributor_imports(client, nmc_token, rundale_token, platform, museum_site):
    url = museum_site.url("/manifest-3.0.json")
    assert iiif_import(client, {}, {"manifest": url}).status_code == 401
    assert iiif_import(client, rundale_token, {"manifest": url}).status_code == 403
    assert iiif_import(client, bearer(platform, "curator"), {"manifest": url}).status_code == 403
    assert iiif_import(client, nmc_token, {"manifest": url}, museum="nowhere").status_code == 404
    assert stored_counts(platform)["objects"] == 0


@pytest.mark.parametrize("body, field", [
    ({}, "manifest"),
    ({"manifest": ""}, "manifest"),
    ({"manifest": 7}, "manifest"),
    ({"manifest": "https://museum.example/m.json", "accession": 12}, "accession"),
    ({"manifest": "https://museum.example/m.json", "images": []}, "images"),
    ([], "body"),
])
def test_a_bad_request_is_422_naming_the_field(client, nmc_token, body, field):
    answer = iiif_import(client, nmc_token, body)
    assert answer.status_code == 422
    assert field in {error["field"] for error in answer.get_json()["errors"]}


def test_the_body_must_be_json(client, nmc_token):
    answer = client.post("/api/v1/museums/nmc/iiif-imports", data="manifest=x", headers=nmc_token,
                         content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 415


# --- Every pattern of the IIIF Cookbook's image recipes -----------------------------------------

COOKBOOK = sorted((FIXTURES / "cookbook").glob("*.json"))
# How our manifest gives back each property a museum's manifest may have.
AS_WRITTEN = ("summary", "requiredStatement", "navDate", "navPlace", "behavior", "viewingDirection", "structures",
              "start", "thumbnail", "rendering", "annotations")
JOINED = ("homepage", "seeAlso", "provider", "partOf")


def with_our_canvas_ids(value, canvas_ids):
    text = json.dumps(value, ensure_ascii=False)
    for theirs, ours in canvas_ids.items():
        text = text.replace(f'"{theirs}"', f'"{ours}"').replace(f'"{theirs}#', f'"{ours}#')
    return json.loads(text)


@pytest.mark.parametrize("path", COOKBOOK, ids=[path.stem for path in COOKBOOK])
def test_a_cookbook_pattern_comes_back_in_our_manifest_property_by_property(client, nmc_token, museum_site, path):
    source = json.loads(path.read_text())

    answer = iiif_import(client, nmc_token, {"manifest": museum_site.serve(f"/cookbook/{path.name}", source)})

    assert answer.status_code == 201, answer.get_json()
    ours = manifest_of(client, answer.get_json()["object"])
    assert len(ours["items"]) == len(source["items"])
    canvas_ids = {theirs["id"]: mine["id"] for theirs, mine in zip(source["items"], ours["items"], strict=True)}
    assert all(mine.startswith(ours["id"].removesuffix("/manifest")) for mine in canvas_ids.values())
    for theirs, mine in zip(source["items"], ours["items"], strict=True):
        assert mine == with_our_canvas_ids(theirs, canvas_ids)
    for name, value in source.items():
        if name in ("@context", "id", "type", "items"):
            continue
        if name == "label":
            assert ours["label"] == value
        elif name == "rights":
            assert ours["rights"] == normalize_rights(value)
        elif name == "metadata":
            assert ours["metadata"][:len(value)] == value
        elif name in AS_WRITTEN:
            assert ours[name] == with_our_canvas_ids(value, canvas_ids), name
        elif name in JOINED:
            assert all(item in ours[name] for item in value), name
        else:
            pytest.fail(f"the source's {name} is not given back")


def cookbook_import(client, token, museum_site, name):
    source = json.loads((FIXTURES / "cookbook" / f"{name}.json").read_text())
    answer = iiif_import(client, token, {"manifest": museum_site.serve(f"/cookbook/{name}.json", source)})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_canvas_painted_with_several_images_stays_one_canvas_and_lists_each_image(client, nmc_token, museum_site):
    record = cookbook_import(client, nmc_token, museum_site, "composition")["object"]

    assert [(image["width"], image["height"], image["service_type"]) for image in record["images"]] == [
        (6000, 4000, "ImageService3"), (1500, 1800, "ImageService1")]
    # Image API 1.1 names the image's own colours "native".
    assert record["images"][1]["thumbnail"].endswith("/0/native.jpg")
    assert len(manifest_of(client, record)["items"]) == 1


def test_each_option_of_a_choice_is_one_of_the_objects_images(client, nmc_token, museum_site):
    record = cookbook_import(client, nmc_token, museum_site, "choice")["object"]

    assert [image["service_type"] for image in record["images"]] == ["ImageService3", "ImageService2"]


def png_of(width, height, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height), "white" if mode == "1" else (40, 110, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def static_image_manifest(museum_site, image_url, width=120, height=180):
    """The Cookbook's simple image pattern: a canvas painted with an image file, no service."""
    source = json.loads((FIXTURES / "cookbook" / "static-image.json").read_text())
    canvas = source["items"][0]
    canvas["width"], canvas["height"] = width, height
    canvas["items"][0]["items"][0]["body"].update(id=image_url, width=width, height=height)
    return museum_site.serve("/static-image.json", source)


def test_a_static_image_is_copied_so_that_our_image_api_serves_it(client, platform, nmc_token, museum_site):
    tile = png_of(120, 180)
    url = static_image_manifest(museum_site, museum_site.serve("/photos/crane-tile.png", tile, kind="image/png"))

    answer = iiif_import(client, nmc_token, {"manifest": url})

    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["warnings"] == [harvesting.NO_RIGHTS_WARNING]
    [image] = body["object"]["images"]
    assert (image["id"], image["width"], image["height"]) == (hashlib.sha256(tile).hexdigest(), 120, 180)
    assert image["info"] == f"http://museum.test/iiif/3/{image['id']}/info.json"
    assert client.get(f"/iiif/3/{image['id']}/info.json").get_json()["width"] == 120
    # Our manifest paints our copy, with our image service, on the museum's one canvas.
    manifest = manifest_of(client, body["object"])
    assert len(manifest["items"]) == 1
    painted = manifest["items"][0]["items"][0]["items"][0]["body"]
    assert painted["id"] == f"http://museum.test/iiif/3/{image['id']}/full/max/0/default.jpg"
    assert painted["service"][0]["id"] == f"http://museum.test/iiif/3/{image['id']}"
    counts = stored_counts(platform)

    again = iiif_import(client, nmc_token, {"manifest": url})
    assert again.get_json()["outcome"] == "unchanged" and stored_counts(platform) == counts


def test_a_copied_image_the_museum_replaced_is_replaced_and_its_files_settled(client, platform, nmc_token,
                                                                              museum_site):
    url = static_image_manifest(museum_site, museum_site.serve("/photos/tile.png", png_of(120, 180), kind="image/png"))
    first = iiif_import(client, nmc_token, {"manifest": url}).get_json()["object"]
    files = stored_counts(platform)["files"]
    static_image_manifest(museum_site, museum_site.serve("/photos/tile-2.png", png_of(120, 181), kind="image/png"),
                          height=181)

    answer = iiif_import(client, nmc_token, {"manifest": url}).get_json()

    assert answer["outcome"] == "replaced"
    assert [image["height"] for image in answer["object"]["images"]] == [181]
    # The first copy's files went with its row: nothing else shows it.
    assert stored_counts(platform)["files"] == files
    assert client.get(f"/iiif/3/{first['images'][0]['id']}/info.json").status_code == 404


REFUSED_IMAGES = {
    # A few kilobytes that decode to 9 million pixels, over the limit of 4 million of these tests.
    "bomb": (lambda: (png_of(3000, 3000, mode="1"), "image/png"), "the image has 3000x3000 = 9000000 pixels"),
    "not an image": (lambda: (b"<html><body>Photograph coming soon</body></html>", "text/html"), "not an image"),
    "too large": (lambda: (b"\x89PNG" + b"\0" * 2_100_000, "image/png"),
                  "2100004 bytes, more than the limit of 2000000"),
}


@pytest.mark.parametrize("case", REFUSED_IMAGES)
def test_a_static_image_that_cannot_be_copied_stays_a_reference_said_so_and_nothing_is_stored(
        client, platform, nmc_token, museum_site, case):
    make, words = REFUSED_IMAGES[case]
    data, kind = make()
    image_url = museum_site.serve("/photos/odd", data, kind=kind)
    url = static_image_manifest(museum_site, image_url)

    answer = iiif_import(client, nmc_token, {"manifest": url})

    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["object"]["images"] == []
    [warning] = [warning for warning in body["warnings"] if image_url in warning]
    assert warning.startswith(f"the image of canvas 1, {image_url}, was not copied: ")
    assert words in warning and warning.endswith("it is kept as a reference to the museum's server")
    assert stored_counts(platform)["files"] == 0
    assert manifest_of(client, body["object"])["items"][0]["items"][0]["items"][0]["body"]["id"] == image_url


def test_a_static_image_is_fetched_under_the_same_address_rules_as_the_manifest():
    from iiif.harvest import HarvestError, fetch_image

    with pytest.raises(HarvestError, match="127.0.0.1, a loopback address") as refused:
        fetch_image(f"http://127.0.0.1:{unused_port()}/photo.png", io.BytesIO())
    assert refused.value.status == 422


def test_an_import_that_fails_after_copying_its_images_leaves_no_file(client, platform, nmc_token, museum_site):
    url = static_image_manifest(museum_site, museum_site.serve("/photos/tile.png", png_of(120, 180), kind="image/png"))
    before = stored_counts(platform)

    answer = iiif_import(client, nmc_token, {"manifest": url, "accession": "no/slashes"})

    assert answer.status_code == 422, answer.get_json()
    assert stored_counts(platform) == before


def test_navdate_and_navplace_give_the_object_its_date_and_place(client, nmc_token, museum_site):
    dated = cookbook_import(client, nmc_token, museum_site, "navdate")["object"]
    placed = cookbook_import(client, nmc_token, museum_site, "navplace")["object"]

    assert dated["date"] == {"display": "1873", "label": {"none": ["1873"]}, "start": 1873, "end": 1873}
    # The feature's label is kept as the place's label, in every language it has.
    assert placed["place"] == {"name": "Panjakent", "label": {"en": ["Panjakent"]}, "lat": 39.49, "lon": 67.6}


def test_a_region_of_an_image_as_the_body_lists_the_whole_image(client, nmc_token, museum_site):
    record = cookbook_import(client, nmc_token, museum_site, "specific-resource")["object"]

    assert [(image["width"], image["height"]) for image in record["images"]] == [(4000, 4000)]


def test_the_object_takes_what_its_fields_need_from_the_manifest(client, nmc_token, museum_site):
    record = cookbook_import(client, nmc_token, museum_site, "tagging")["object"]

    assert record["description"] == {"en": ["A gate of a caravanserai on the road to Samarkand."]}
    assert record["credit_line"] == {"en": ["Oasis Museum archive"]}
    assert record["rights"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert record["homepage"] == "https://oasis.example/objects/gate"


def test_a_video_manifest_is_kept_as_a_reference_to_the_museums_server_and_said_so(client, nmc_token, museum_site):
    video = {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "https://oasis.example/iiif/film",
             "type": "Manifest", "label": {"en": ["Restoring the ewer"]}, "items": [{
                 "id": "https://oasis.example/iiif/film/canvas", "type": "Canvas", "width": 640, "height": 360,
                 "duration": 42.5, "items": [{"id": "https://oasis.example/iiif/film/page", "type": "AnnotationPage",
                                              "items": [{"id": "https://oasis.example/iiif/film/painting",
                                                         "type": "Annotation", "motivation": "painting",
                                                         "target": "https://oasis.example/iiif/film/canvas",
                                                         "body": {"id": "https://oasis.example/film.mp4",
                                                                  "type": "Video", "format": "video/mp4",
                                                                  "width": 640, "height": 360,
                                                                  "duration": 42.5}}]}]}]}

    answer = iiif_import(client, nmc_token, {"manifest": museum_site.serve("/film", video)})

    assert answer.status_code == 201
    assert answer.get_json()["warnings"][0] == ("canvas 1 shows a Video, which objects here do not hold yet: it is "
                                                "kept as a reference to the museum's server, not copied")
    canvas = manifest_of(client, answer.get_json()["object"])["items"][0]
    assert canvas["duration"] == 42.5
    assert canvas["items"][0]["items"][0]["body"]["id"] == "https://oasis.example/film.mp4"


def test_an_imported_manifests_materials_become_terms_and_unknown_ones_are_reported(client, nmc_token,
                                                                                   museum_site):
    manifest = json.loads(json.dumps(MANIFEST_3))
    for entry in manifest["metadata"]:
        if entry["label"]["en"] == ["Materials"]:
            entry["value"] = {"en": ["Bronze", "verdigris"]}
    answer = iiif_import(client, nmc_token, {"manifest": museum_site.serve("/terms.json", manifest)})
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert [entry.get("id") for entry in body["object"]["terms"]["materials"]] == ["bronze", None]
    assert body["warnings"] == ["materials.1 'verdigris' is not a term of the materials vocabulary; kept as free text"]
