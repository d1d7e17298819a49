"""Exhibitions as stories: sections of typed blocks (v2), v1's items still read and answered,
and every bad block named by its path in one 422 with nothing stored."""

from __future__ import annotations

import pytest

from tests.exhibitions.conftest import bearer, exhibition_document

MANIFEST = "https://av.example.org/iiif/story/manifest"


def every_block(objects) -> dict:
    (first, image), (second, _) = objects
    return {"title": {"en": ["Every block"]}, "cover": {"object": second},
            "sections": [{"title": {"en": ["All"]}, "blocks": [
                {"type": "text", "text": {"en": ["<p>The road <em>begins</em>.</p>"]}},
                {"type": "object", "object": first, "image": image, "region": "10,20,200,100",
                 "caption": {"en": ["A detail"]}, "layout": "full"},
                {"type": "object", "object": second, "layout": "left"},
                {"type": "gallery", "style": "strip", "items": [{"object": first, "region": "0,0,400,300"},
                                                                {"object": second}], "caption": {"en": ["Both"]}},
                {"type": "compare", "items": [{"object": first}, {"object": second, "caption": {"en": ["B"]}}]},
                {"type": "media", "manifest": MANIFEST, "transcript": {"en": ["Hoofbeats."]}},
                {"type": "quote", "quote": {"en": ["Silk is money."]}, "attribution": {"en": ["A merchant"]}},
                {"type": "map", "objects": [first], "journey": True, "caption": {"en": ["Where"]}},
                {"type": "timeline"},
            ]}]}


def test_a_v1_document_with_items_reads_back_unchanged_and_as_object_blocks(client, curator, objects):
    sent = exhibition_document(objects)
    stored = client.put("/api/v1/exhibitions/v1", json=sent, headers=curator).get_json()
    for sent_section, section in zip(sent["sections"], stored["sections"], strict=True):
        assert section["items"] == sent_section["items"]
        assert section["blocks"] == [{"type": "object", **item, "layout": "right"} for item in sent_section["items"]]
    again = client.get("/api/v1/exhibitions/v1", headers=curator).get_json()
    assert again["sections"] == stored["sections"] and again["cover"] is None
    # An answer sent back whole (blocks and the items that agree with them) is accepted as it is.
    assert client.put("/api/v1/exhibitions/v1", json={k: again[k] for k in ("title", "summary", "sections")},
                      headers=curator).get_json()["version"] == 1


def test_every_block_type_round_trips_through_the_api(client, curator, objects):
    sent = every_block(objects)
    stored = client.put("/api/v1/exhibitions/story", json=sent, headers=curator).get_json()
    [section] = stored["sections"]
    assert stored["cover"] == sent["cover"]
    assert section["blocks"][0] == sent["sections"][0]["blocks"][0]
    assert section["blocks"][2] == {**sent["sections"][0]["blocks"][2]}
    assert section["blocks"][3:] == [*sent["sections"][0]["blocks"][3:8], {"type": "timeline"}]
    assert [item["object"] for item in section["items"]] == [objects[0][0], objects[1][0]]
    read = client.get("/api/v1/exhibitions/story", headers=curator).get_json()
    assert read["sections"] == stored["sections"]


def test_bad_blocks_are_named_by_their_path_all_at_once_and_nothing_is_stored(client, platform, curator, objects):
    (first, _), (second, _) = objects
    client.delete(f"/api/v1/objects/{second}", headers=bearer(platform, "admin"))
    body = {"title": {"en": ["Bad"]}, "cover": {"object": first, "region": "0,0,401,10"}, "sections": [
        {"title": {"en": ["A"]}, "blocks": [
            {"type": "text", "text": {"en": ["fine"]}},
            {"type": "object", "object": first, "region": "300,200,101,50"},
            {"type": "poem", "text": "?"},
            {"type": "object", "object": "nmc-nothing"},
            {"type": "object", "object": second},
            {"type": "compare", "items": [{"object": first}, {"object": first}, {"object": first}]},
            {"type": "gallery", "items": [{"object": first}]},
            {"type": "quote", "quote": {"en": ["x"]}, "colour": "red"},
            {"type": "gallery", "items": [{"object": first}, {"object": first, "region": "0,0,0,10"}]},
            {"type": "map", "objects": [first, "nmc-nothing"]},
        ]},
    ]}
    answer = client.put("/api/v1/exhibitions/bad", json=body, headers=curator)
    assert answer.status_code == 422
    errors = {error["field"]: error["message"] for error in answer.get_json()["errors"]}
    assert set(errors) == {
        "cover.region", "sections.0.blocks.1.region", "sections.0.blocks.2.type", "sections.0.blocks.3.object",
        "sections.0.blocks.4.object", "sections.0.blocks.5.items", "sections.0.blocks.6.items",
        "sections.0.blocks.7.colour", "sections.0.blocks.8.items.1.region", "sections.0.blocks.9.objects.1"}
    assert "text, object, gallery, compare, media, quote, map, timeline" in errors["sections.0.blocks.2.type"]
    assert "reaches past the image (400x300)" in errors["sections.0.blocks.1.region"]
    assert "trash" in errors["sections.0.blocks.4.object"]
    assert "no area" in errors["sections.0.blocks.8.items.1.region"]
    assert client.get("/api/v1/exhibitions/bad", headers=curator).status_code == 404


@pytest.mark.parametrize("block, field", [
    ({"type": "media"}, "sections.0.blocks.0"),
    ({"type": "media", "manifest": "http://av.example.org/m"}, "sections.0.blocks.0.manifest"),
    ({"type": "media", "media": "not-a-hash"}, "sections.0.blocks.0.media"),
])
def test_a_media_block_names_one_uploaded_file_or_one_https_manifest(client, curator, objects, block, field):
    body = {"title": {"en": ["Media"]}, "sections": [{"title": {"en": ["A"]}, "blocks": [block]}]}
    answer = client.put("/api/v1/exhibitions/media", json=body, headers=curator)
    assert answer.status_code == 422 and field in {e["field"] for e in answer.get_json()["errors"]}


def test_a_section_with_items_and_blocks_that_disagree_is_refused(client, curator, objects):
    (first, _), _ = objects
    body = {"title": {"en": ["Both"]}, "sections": [
        {"title": {"en": ["B"]}, "items": [{"object": first, "caption": {"en": ["one"]}}],
         "blocks": [{"type": "object", "object": first, "caption": {"en": ["other"]}}]}]}
    answer = client.put("/api/v1/exhibitions/both", json=body, headers=curator)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.get_json()["errors"]] == ["sections.0.items"]
    assert client.get("/api/v1/exhibitions/both", headers=curator).status_code == 404
