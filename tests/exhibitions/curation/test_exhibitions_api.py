"""Curators write exhibitions as whole documents; the public sees only published ones."""

from __future__ import annotations

import pytest

from tests.exhibitions.conftest import exhibition_document, stored_counts


def test_a_curator_creates_reads_replaces_and_deletes(client, curator, objects):
    created = client.put("/api/v1/exhibitions/blue-and-white", json=exhibition_document(objects), headers=curator)
    assert created.status_code == 201
    body = created.get_json()
    assert body["status"] == "draft" and body["manifest"] is None
    assert body["sections"][0]["items"][0]["region"] == "10,20,200,100"
    assert body["sections"][0]["text"] == {"en": ["<p>Cobalt came from <em>Iran</em>.</p>"]}

    replaced = client.put("/api/v1/exhibitions/blue-and-white", json=exhibition_document(objects, sections=[]),
                          headers=curator)
    assert replaced.status_code == 200 and replaced.get_json()["sections"] == []
    assert client.delete("/api/v1/exhibitions/blue-and-white", headers=curator).status_code == 204
    assert client.get("/api/v1/exhibitions/blue-and-white", headers=curator).status_code == 404


def test_post_creates_once(client, curator, objects):
    body = exhibition_document(objects, slug="silk")
    assert client.post("/api/v1/exhibitions", json=body, headers=curator).status_code == 201
    assert client.post("/api/v1/exhibitions", json=body, headers=curator).status_code == 409


def test_drafts_are_for_curators_and_publishing_shows_them(client, curator, objects):
    client.put("/api/v1/exhibitions/blue-and-white", json=exhibition_document(objects), headers=curator)
    assert client.get("/api/v1/exhibitions/blue-and-white").status_code == 404
    assert client.get("/api/v1/exhibitions").get_json()["total"] == 0
    assert client.get("/api/v1/exhibitions", headers=curator).get_json()["total"] == 1

    published = client.post("/api/v1/exhibitions/blue-and-white/publish", headers=curator).get_json()
    assert published["status"] == "published"
    assert published["manifest"] == "http://museum.test/iiif/3/exhibitions/blue-and-white/manifest"
    assert client.get("/api/v1/exhibitions/blue-and-white").status_code == 200
    assert [e["slug"] for e in client.get("/api/v1/exhibitions").get_json()["items"]] == ["blue-and-white"]

    client.post("/api/v1/exhibitions/blue-and-white/unpublish", headers=curator)
    assert client.get("/api/v1/exhibitions/blue-and-white").status_code == 404


def test_only_curators_write(client, platform, nmc_token, objects):
    assert client.put("/api/v1/exhibitions/x", json=exhibition_document(objects)).status_code == 401
    assert client.put("/api/v1/exhibitions/x", json=exhibition_document(objects), headers=nmc_token).status_code == 403
    assert client.post("/api/v1/exhibitions/x/publish", headers=nmc_token).status_code == 403


def test_script_in_curator_text_is_removed_before_it_is_stored(client, curator, objects):
    body = exhibition_document(objects, title={"en": ["<script>alert(1)</script>Silk"]})
    body["sections"][0]["items"][0]["caption"] = {"en": ['<img src=x onerror="alert(1)">Look <b>here</b>']}
    stored = client.put("/api/v1/exhibitions/xss", json=body, headers=curator).get_json()
    assert stored["title"] == {"en": ["Silk"]}
    assert stored["sections"][0]["items"][0]["caption"] == {"en": ["Look <b>here</b>"]}


@pytest.mark.parametrize("change, field, words", [
    (lambda b: b["sections"][0]["items"][0].update(object="nmc-nothing"), "sections.0.items.0.object", "no object"),
    (lambda b: b["sections"][0]["items"][0].update(image="0" * 64), "sections.0.items.0.image", "not an image"),
    (lambda b: b["sections"][0]["items"][0].update(region="10,10,0,5"), "sections.0.items.0.region", "no area"),
    (lambda b: b["sections"][0]["items"][0].update(region="400,200,20,20"), "sections.0.items.0.region", "outside"),
    (lambda b: b["sections"][0]["items"][0].update(region="1,2,3"), "sections.0.items.0.region", "pattern"),
    (lambda b: b["sections"][0]["items"][0].update(region="\u0661\u0660,10,20,20"), "sections.0.items.0.region",
     "pattern"),  # Arabic-Indic digits: the region's grammar is ASCII
    (lambda b: b.pop("title"), "title", "required"),
    (lambda b: b.update(slug="another"), "slug", "must be"),
])
def test_a_bad_exhibition_is_422_naming_the_field_and_not_stored(client, platform, curator, objects,
                                                                   change, field, words):
    body = exhibition_document(objects)
    change(body)
    answer = client.put("/api/v1/exhibitions/bad", json=body, headers=curator)
    assert answer.status_code == 422
    errors = {e["field"]: e["message"] for e in answer.get_json()["errors"]}
    assert words in errors[field]
    assert client.get("/api/v1/exhibitions/bad", headers=curator).status_code == 404


def test_every_error_of_an_exhibition_comes_in_one_answer(client, curator, objects):
    body = exhibition_document(objects)
    body["sections"][0]["items"].append({"object": "nmc-nothing", "region": "1,2,3"})
    body["sections"][1].pop("title")
    answer = client.put("/api/v1/exhibitions/bad", json=body, headers=curator)
    assert answer.status_code == 422
    assert {e["field"] for e in answer.get_json()["errors"]} == {
        "sections.0.items.1.region", "sections.0.items.1.object", "sections.1.title"}


@pytest.mark.parametrize("slug", ["TRASH", "Has_Under", "a.b", "шелк", "trash", "-edge"])
def test_a_new_exhibition_gets_a_valid_slug_whichever_way_it_is_created(client, curator, objects, slug):
    for answer in (client.put(f"/api/v1/exhibitions/{slug}", json=exhibition_document(objects), headers=curator),
                   client.post("/api/v1/exhibitions", json=exhibition_document(objects, slug=slug), headers=curator)):
        assert answer.status_code == 422, slug
        assert answer.get_json()["errors"][0]["field"] == "slug"
    assert client.get("/api/v1/exhibitions", headers=curator).get_json()["total"] == 0


def test_publishing_and_changes_are_logged_for_harvesters(client, platform, curator, objects):
    before = stored_counts(platform)["activities"]
    client.put("/api/v1/exhibitions/blue-and-white", json=exhibition_document(objects), headers=curator)
    assert stored_counts(platform)["activities"] == before  # a draft is nobody's business yet
    client.post("/api/v1/exhibitions/blue-and-white/publish", headers=curator)
    client.put("/api/v1/exhibitions/blue-and-white", json=exhibition_document(objects, sections=[]), headers=curator)
    client.post("/api/v1/exhibitions/blue-and-white/unpublish", headers=curator)
    assert stored_counts(platform)["activities"] == before + 3


def test_plain_titles_keep_their_ampersands(client, curator, objects):
    body = exhibition_document(objects, title={"en": ["Ewers & jars <i>x</i>"]})
    stored = client.put("/api/v1/exhibitions/ewers", json=body, headers=curator).get_json()
    assert stored["title"] == {"en": ["Ewers & jars x"]}
