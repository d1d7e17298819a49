"""A museum registers its own IIIF collection once; the platform harvests it as a job (nested and
paged collections followed, loops ended), asks again only for what changed, reports each manifest,
and moves to the trash the objects of manifests the source no longer lists."""

from __future__ import annotations

import copy
import hashlib
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from exhibitions import create_app
from tests.exhibitions.conftest import bearer, stored_counts
from tests.museum_site import MuseumHandler, running

FIXTURES = Path(__file__).resolve().parents[2] / "iiif" / "fixtures"
MANIFEST = json.loads((FIXTURES / "manifest-3.0.json").read_text())


class MuseumServer(MuseumHandler):
    """Serves `server.documents` (path -> JSON, or bytes: a PNG image) with an ETag, answering 304
    to a request that names it; counts the full answers per path in `server.sent`."""

    def do_GET(self):
        document = self.server.documents.get(self.path)
        if document is None:
            self.send(404, b"not here", "text/plain")
            return
        if isinstance(document, bytes):
            self.send(200, document, "image/png")
            return
        body = json.dumps(document).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send(304, b"", headers=[("ETag", etag)])
            return
        self.server.sent[self.path] = self.server.sent.get(self.path, 0) + 1
        self.send(200, body, headers=[("ETag", etag)])


@pytest.fixture(scope="module")
def server():
    with running(MuseumServer) as server:
        yield server


@pytest.fixture
def site(server):
    server.documents, server.sent = {}, {}
    return server


def url(server, path):
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def manifest(server, name, title):
    document = copy.deepcopy(MANIFEST)
    document["id"] = url(server, f"/manifests/{name}")
    document["label"] = {"en": [title]}
    document["metadata"] = [pair for pair in document["metadata"]
                            if pair["label"] != {"en": ["Object number"]}]
    server.documents[f"/manifests/{name}"] = document
    return {"id": document["id"], "type": "Manifest", "label": document["label"]}


@pytest.fixture
def collections(site):
    """A 3.0 collection listing a manifest and a nested 2.1 collection that is paged (two pages),
    the second page pointing back at the top collection (a loop)."""
    top = url(site, "/collection")
    first, second = manifest(site, "bowl", "Bowl"), manifest(site, "jar", "Jar")
    third = manifest(site, "ewer", "Ewer")
    site.documents["/collection"] = {
        "@context": "http://iiif.io/api/presentation/3/context.json", "id": top, "type": "Collection",
        "label": {"en": ["Our objects"]},
        "items": [first, {"id": url(site, "/ceramics"), "type": "Collection", "label": {"en": ["Ceramics"]}}]}
    site.documents["/ceramics"] = {"@context": "http://iiif.io/api/presentation/2/context.json",
                                   "@id": url(site, "/ceramics"), "@type": "sc:Collection", "label": "Ceramics",
                                   "total": 3, "first": url(site, "/ceramics?page=1")}
    site.documents["/ceramics?page=1"] = {
        "@id": url(site, "/ceramics?page=1"), "@type": "sc:Collection", "label": "Ceramics, page 1",
        "manifests": [{"@id": second["id"], "@type": "sc:Manifest", "label": "Jar"}],
        "next": url(site, "/ceramics?page=2")}
    site.documents["/ceramics?page=2"] = {
        "@id": url(site, "/ceramics?page=2"), "@type": "sc:Collection", "label": "Ceramics, page 2",
        "manifests": [{"@id": third["id"], "@type": "sc:Manifest", "label": "Ewer"},
                      {"@id": first["id"], "@type": "sc:Manifest", "label": "Bowl, listed twice"}],
        "collections": [{"@id": top, "@type": "sc:Collection", "label": "Back to the top"}]}
    return top


@pytest.fixture
def settings(settings):
    return replace(settings, allow_private_fetch=True, fetch_timeout=10.0)  # far beyond a loopback answer


def harvested(client, platform, token, answer, museum="nmc"):
    """The job of a 202 answer, once its worker is done."""
    assert answer.status_code == 202, answer.get_json()
    assert platform.tasks.wait_idle(timeout=60)
    job = client.get(answer.headers["Location"].removeprefix("http://museum.test"), headers=token).get_json()
    assert job["status"] == "finished", job
    return job


def outcomes(job):
    return sorted((row["manifest"].rsplit("/", 1)[1], row["outcome"]) for row in job["report"]["manifests"])


def test_a_source_is_harvested_whole_nested_and_paged_collections_followed_loops_ended(
        client, platform, nmc_token, collections):
    answer = client.post("/api/v1/museums/nmc/iiif-sources", json={"url": collections}, headers=nmc_token)

    job = harvested(client, platform, nmc_token, answer)
    assert outcomes(job) == [("bowl", "created"), ("ewer", "created"), ("jar", "created")]
    assert job["report"]["counts"] == {"created": 3}
    titles = {item["title"]["en"][0] for item in client.get("/api/v1/museums/nmc/objects").get_json()["items"]}
    assert titles == {"Bowl", "Jar", "Ewer"}
    sources = client.get("/api/v1/museums/nmc/iiif-sources", headers=nmc_token).get_json()["items"]
    assert [(source["url"], source["manifests"], source["last_harvest"]["status"]) for source in sources] == [
        (collections, 3, "finished")]


def test_harvesting_again_asks_only_for_what_changed_and_withdraws_what_is_gone(
        client, platform, nmc_token, collections, site):
    first = harvested(client, platform, nmc_token, client.post(
        "/api/v1/museums/nmc/iiif-sources", json={"url": collections}, headers=nmc_token))
    jar = next(row["object"] for row in first["report"]["manifests"] if row["manifest"].endswith("/jar"))
    site.documents["/manifests/bowl"]["label"] = {"en": ["Bowl with fish"]}
    site.documents["/ceramics?page=1"]["manifests"] = []
    sent_before = dict(site.sent)

    source = client.get("/api/v1/museums/nmc/iiif-sources", headers=nmc_token).get_json()["items"][0]
    again = harvested(client, platform, nmc_token, client.post(
        source["harvest"].removeprefix("http://museum.test"), headers=nmc_token))

    assert outcomes(again) == [("bowl", "updated"), ("ewer", "unchanged"), ("jar", "withdrawn")]
    # The unchanged manifest was answered 304: no body sent again.
    assert site.sent["/manifests/ewer"] == sent_before["/manifests/ewer"]
    assert client.get(f"/api/v1/objects/{jar}").status_code in (404, 410)
    trash = client.get("/api/v1/trash/objects", headers=nmc_token).get_json()
    assert jar in {item["id"] for item in trash["items"]}


def test_one_bad_manifest_fails_alone_with_its_reason(client, platform, nmc_token, collections, site):
    site.documents["/manifests/jar"] = {"type": "Manifest", "id": url(site, "/manifests/jar"), "items": []}

    job = harvested(client, platform, nmc_token, client.post(
        "/api/v1/museums/nmc/iiif-sources", json={"url": collections}, headers=nmc_token))

    assert outcomes(job) == [("bowl", "created"), ("ewer", "created"), ("jar", "failed")]
    failed = next(row for row in job["report"]["manifests"] if row["outcome"] == "failed")
    assert "no label" in failed["reason"]


def test_a_harvest_copies_static_images_and_reports_a_bomb_without_storing_it(client, platform, nmc_token, site):
    static = json.loads((FIXTURES / "cookbook" / "static-image.json").read_text())
    listed = []
    for name, image in (("tile", Image.new("RGB", (90, 60), (200, 80, 40))), ("bomb", Image.new("1", (3000, 3000)))):
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        site.documents[f"/photos/{name}.png"] = buffer.getvalue()
        document = copy.deepcopy(static)
        document["id"], document["label"] = url(site, f"/manifests/{name}"), {"en": [name]}
        document["items"][0]["items"][0]["items"][0]["body"]["id"] = url(site, f"/photos/{name}.png")
        site.documents[f"/manifests/{name}"] = document
        listed.append({"id": document["id"], "type": "Manifest", "label": document["label"]})
    site.documents["/tiles"] = {"@context": "http://iiif.io/api/presentation/3/context.json",
                                "id": url(site, "/tiles"), "type": "Collection", "label": {"en": ["Tiles"]},
                                "items": listed}

    job = harvested(client, platform, nmc_token, client.post(
        "/api/v1/museums/nmc/iiif-sources", json={"url": url(site, "/tiles")}, headers=nmc_token))

    rows = {row["manifest"].rsplit("/", 1)[1]: row for row in job["report"]["manifests"]}
    assert {name: row["outcome"] for name, row in rows.items()} == {"tile": "created", "bomb": "created"}
    tile = client.get(f"/api/v1/objects/{rows['tile']['object']}").get_json()
    assert [(image["width"], image["height"]) for image in tile["images"]] == [(90, 60)]
    assert client.get(f"/iiif/3/{tile['images'][0]['id']}/info.json").status_code == 200
    assert client.get(f"/api/v1/objects/{rows['bomb']['object']}").get_json()["images"] == []
    assert any("3000x3000 = 9000000 pixels" in warning for warning in rows["bomb"]["warnings"])
    # Only the tile's files were stored.
    assert stored_counts(platform)["images"] == 1


def test_a_source_that_cannot_be_read_fails_the_job_and_changes_nothing(client, platform, nmc_token, site):
    before = stored_counts(platform)
    answer = client.post("/api/v1/museums/nmc/iiif-sources", json={"url": url(site, "/nowhere")}, headers=nmc_token)

    assert answer.status_code == 202
    assert platform.tasks.wait_idle(timeout=60)
    job = client.get(answer.headers["Location"].removeprefix("http://museum.test"), headers=nmc_token).get_json()
    assert job["status"] == "failed"
    assert "404" in job["error"]
    assert stored_counts(platform) == before


def test_private_addresses_stay_refused_for_every_url_a_harvest_follows(app, settings, museums, collections):
    strict = create_app(replace(settings, allow_private_fetch=False))
    platform = strict.extensions["caravanserai"]
    token = bearer(platform, "contributor", "nmc")
    client = strict.test_client()

    answer = client.post("/api/v1/museums/nmc/iiif-sources", json={"url": collections}, headers=token)

    assert platform.tasks.wait_idle(timeout=60)
    job = client.get(answer.headers["Location"].removeprefix("http://museum.test"), headers=token).get_json()
    assert job["status"] == "failed" and "loopback" in job["error"]


@pytest.mark.parametrize("body, field", [
    ({}, "url"),
    ({"url": "ftp://museum.example/collection"}, "url"),
    ({"url": "https://museum.example/collection", "default_rights": "mine"}, "default_rights"),
    ({"url": "https://museum.example/collection", "colour": "blue"}, "colour"),
])
def test_a_bad_source_is_refused_with_the_field_at_fault(client, platform, nmc_token, body, field):
    before = stored_counts(platform)

    answer = client.post("/api/v1/museums/nmc/iiif-sources", json=body, headers=nmc_token)

    assert answer.status_code == 422
    assert field in {error["field"] for error in answer.get_json()["errors"]}
    assert stored_counts(platform) == before


def test_sources_are_their_museums_own(client, platform, nmc_token, rundale_token, collections):
    assert client.post("/api/v1/museums/nmc/iiif-sources", json={"url": collections},
                       headers=rundale_token).status_code == 403
    assert client.get("/api/v1/museums/nmc/iiif-sources").status_code == 401
    harvested(client, platform, nmc_token, client.post(
        "/api/v1/museums/nmc/iiif-sources", json={"url": collections}, headers=nmc_token))
    again = client.post("/api/v1/museums/nmc/iiif-sources", json={"url": collections}, headers=nmc_token)
    assert again.status_code == 409
    assert client.post("/api/v1/museums/nmc/iiif-sources/999/harvest", headers=nmc_token).status_code == 404
    assert client.post("/api/v1/museums/rundale/iiif-sources/1/harvest", headers=rundale_token).status_code == 404
