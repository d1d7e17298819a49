"""The pure parts of the pages: the curator's form and its actions, the contributor's form,
the choice of language, regions and image sizes."""

from __future__ import annotations

import json

from exhibitions.language import choose
from exhibitions.pages import iiif_size
from exhibitions.pages.exhibition_form import (
    apply_action,
    document_from_form,
    document_languages,
    form_document,
    parse_languages,
    payload_of,
)
from exhibitions.pages.object_form import form_from_metadata, payload_from_form
from exhibitions.pages.public import century_span, rights_label
from exhibitions.pages.story import shown, story_sections
from exhibitions.schemas import Place, dump

FORM = {
    "title.en": "Silk", "title.zh": "丝绸", "summary.en": "",
    "sections.0.title.en": "Room A", "sections.0.text.en": "Text A",
    "sections.0.items.0.object": "nmc-1", "sections.0.items.0.region": " 1, 2,3,4 ",
    "sections.0.items.0.caption.zh": "说明",
    "sections.0.items.1.object": "nmc-2",
    "sections.1.title.en": "Room B",
}


def test_the_form_reads_into_the_exhibition_document():
    document = document_from_form(FORM, ["en", "zh"])
    assert document == {
        "title": {"en": ["Silk"], "zh": ["丝绸"]},
        "sections": [
            {"title": {"en": ["Room A"]}, "text": {"en": ["Text A"]}, "items": [
                {"object": "nmc-1", "region": "1,2,3,4", "caption": {"zh": ["说明"]}},
                {"object": "nmc-2"}]},
            {"title": {"en": ["Room B"]}, "items": []},
        ],
    }
    assert document_languages(document) == ["en", "zh"]


def test_languages_are_well_formed_tags_without_repeats():
    assert parse_languages("en, zh-Hant ; en <b> fa") == ["en", "zh-Hant", "fa"]
    assert parse_languages("") == ["en"]


def test_actions_move_add_and_remove_sections_and_items():
    document = document_from_form(FORM, ["en", "zh"])
    moved = apply_action(document, "section-down:0")
    assert [s["title"]["en"][0] for s in moved["sections"]] == ["Room B", "Room A"]
    assert [i["object"] for i in apply_action(document, "item-up:0:1")["sections"][0]["items"]] == ["nmc-2", "nmc-1"]
    assert apply_action(document, "item-up:0:0") == document
    assert len(apply_action(document, "remove-section:1")["sections"]) == 1
    assert len(apply_action(document, "remove-item:0:0")["sections"][0]["items"]) == 1
    added = apply_action(document, "add-object:shaanxi-9", add_to=1)
    assert added["sections"][1]["items"] == [{"object": "shaanxi-9"}]
    assert apply_action({"title": {}}, "add-object:x")["sections"] == [{"title": {}, "items": [{"object": "x"}]}]
    assert apply_action(document, "section-down:9") == document
    assert document["sections"][0]["items"][0]["object"] == "nmc-1"  # the input is left alone


def test_an_item_moved_past_its_sections_edge_goes_to_the_next_section_with_its_caption():
    document = {"sections": [
        {"title": {"en": ["Room A"]}, "items": [{"object": "a-1", "caption": {"en": ["First"]}, "region": "1,2,3,4"},
                                                {"object": "a-2"}]},
        {"title": {"en": ["Room B"]}, "items": [{"object": "b-1"}]},
    ]}
    down = apply_action(document, "item-down:0:1")["sections"]
    assert [[i["object"] for i in section["items"]] for section in down] == [["a-1"], ["a-2", "b-1"]]
    up = apply_action(document, "item-up:1:0")["sections"]
    assert [[i["object"] for i in section["items"]] for section in up] == [["a-1", "a-2", "b-1"], []]
    first_down = apply_action(apply_action(document, "item-down:0:0"), "item-down:0:1")["sections"]
    assert first_down[1]["items"][0] == {"object": "a-1", "caption": {"en": ["First"]}, "region": "1,2,3,4"}
    assert apply_action(document, "item-up:0:0") == document  # nowhere before the first section
    assert apply_action(document, "item-down:1:0") == document  # nor after the last
    assert apply_action(document, "item-down:0:7") == document


def test_the_object_form_becomes_the_api_payload_and_back():
    form = {"title-0-lang": "en", "title-0-text": "Jar", "title-1-lang": "", "title-1-text": "罐",
            "materials": "porcelain, cobalt ,", "date.display": "c. 1340", "date.start": "1330", "date.end": "-x",
            "place.name": "Jingdezhen", "place.lat": "29.27", "rights": "http://creativecommons.org/licenses/by/4.0/"}
    payload = payload_from_form(form)
    assert payload == {"title": {"en": ["Jar"], "none": ["罐"]}, "materials": ["porcelain", "cobalt"],
                       "rights": "http://creativecommons.org/licenses/by/4.0/",
                       "date": {"display": "c. 1340", "start": 1330, "end": "-x"},
                       "place": {"name": "Jingdezhen", "lat": 29.27}}
    back = form_from_metadata({**payload, "date": {"display": "c. 1340", "start": 1330, "end": 1350}})
    assert back["title-0-text"] == "Jar" and back["title-1-lang"] == "" and back["date.end"] == "1350"
    assert back["materials"] == "porcelain, cobalt"


def test_the_object_form_gives_a_date_and_a_place_by_language_like_a_title():
    form = {"date.label-0-lang": "en", "date.label-0-text": "Tang dynasty", "date.label-1-lang": "zh",
            "date.label-1-text": "唐代", "date.label-2-lang": "", "date.label-2-text": "", "date.start": "618",
            "date.end": "907", "place.label-0-lang": "ru", "place.label-0-text": "Чанъань", "place.lat": "34.26"}
    assert payload_from_form(form)["date"] == {"label": {"en": ["Tang dynasty"], "zh": ["唐代"]},
                                               "start": 618, "end": 907}
    assert payload_from_form(form)["place"] == {"label": {"ru": ["Чанъань"]}, "lat": 34.26}
    # A v1 record's strings show as a row of no language, and are saved back as the same string.
    back = form_from_metadata({"date": {"display": "c. 1340", "start": 1330, "end": 1350},
                               "place": {"name": "Jingdezhen"}})
    assert (back["date.label-0-lang"], back["date.label-0-text"], back["date.start"]) == ("", "c. 1340", "1330")
    assert (back["place.label-0-lang"], back["place.label-0-text"]) == ("", "Jingdezhen")
    assert payload_from_form(back)["place"] == {"label": {"none": ["Jingdezhen"]}}
    assert dump(Place.model_validate(payload_from_form(back)["place"])) == {"name": "Jingdezhen"}


def test_the_language_is_the_asked_one_then_the_accepted_ones_then_english():
    assert choose(["en", "zh"], "zh", []) == "zh"
    assert choose(["en", "zh"], None, ["zh-CN", "en"]) == "zh"
    assert choose(["en", "zh-Hant"], None, ["zh"]) == "zh-Hant"
    assert choose(["lv", "en"], None, ["fr"]) == "en"
    assert choose(["lv"], "fr", ["de"]) == "lv"
    assert choose([], None, []) is None


def test_an_item_shows_its_region_clipped_to_the_image_and_nothing_when_it_cannot_be_shown():
    record = {"id": "o1", "images": [{"id": "a" * 64, "width": 100, "height": 100}]}
    assert shown({"object": "o1", "region": "90,90,30,40"}, record)[1] == (90, 90, 10, 10)
    assert shown({"object": "o1", "region": "a,b,c,d"}, record) == (None, None)
    assert shown({"object": "o1", "image": "b" * 64}, record) == (None, None)
    assert shown({"object": "gone"}, None) == (None, None)


def test_the_story_numbers_items_and_picks_each_items_image():
    images = [{"id": "a" * 64, "width": 100, "height": 80}, {"id": "b" * 64, "width": 50, "height": 50}]
    document = {"sections": [{"title": {"en": ["A"]}, "items": [
        {"object": "o1", "image": "b" * 64, "region": "0,0,10,10"}, {"object": "gone"}]},
        {"title": {"en": ["B"]}, "items": [{"object": "o1"}]}]}
    sections = story_sections(document, {"o1": {"id": "o1", "images": images}})
    first, missing = sections[0]["items"]
    assert first["image"]["id"] == "b" * 64 and first["region"] == (0, 0, 10, 10) and first["number"] == 1
    assert missing["record"] is None and missing["image"] is None
    assert sections[1]["items"][0]["image"]["id"] == "a" * 64 and sections[1]["items"][0]["number"] == 3


def test_image_sizes_never_ask_for_upscaling():
    assert iiif_size(300, 200, 800) == "300,"
    assert iiif_size(3000, 200, 800) == "800,"
    assert iiif_size(200, 3000, 800) == "53,"


def test_reader_names_for_rights_and_century_spans():
    assert rights_label("http://creativecommons.org/licenses/by-sa/4.0/") == "CC BY-SA 4.0"
    assert rights_label("http://creativecommons.org/publicdomain/zero/1.0/").startswith("CC0")
    assert century_span(2) == (101, 200)
    assert century_span(-3) == (-300, -201)


def test_a_round_trip_through_the_form_keeps_every_block_it_does_not_edit():
    blocks = [{"type": "text", "text": {"en": ["Intro"]}},
              {"type": "object", "object": "a-1", "region": "1,2,3,4", "layout": "full"},
              {"type": "gallery", "style": "strip", "items": [{"object": "a-1"}, {"object": "b-1"}]},
              {"type": "quote", "quote": {"en": ["Said"]}, "attribution": {"en": ["Someone"]}},
              {"type": "map", "journey": True}]
    shown = form_document({"title": {"en": ["X"]}, "sections": [{"title": {"en": ["A"]}, "blocks": blocks}]})
    form = {"title.en": "X", "sections.0.title.en": "A"}
    for i, entry in enumerate(shown["sections"][0]["items"]):
        prefix = f"sections.0.items.{i}"
        if entry.get("type") in ("gallery", "map"):
            form |= {f"{prefix}.type": entry["type"], f"{prefix}.block": json.dumps(entry)}
        elif entry.get("type") == "text":
            form |= {f"{prefix}.type": "text", f"{prefix}.text.en": "Intro"}
        elif entry.get("type") == "quote":
            form |= {f"{prefix}.type": "quote", f"{prefix}.quote.en": "Said", f"{prefix}.attribution.en": "Someone"}
        else:
            form |= {f"{prefix}.object": "a-1", f"{prefix}.region": "1,2,3,4", f"{prefix}.layout": "full"}
    assert payload_of(document_from_form(form, ["en"]))["sections"][0]["blocks"] == blocks
    added = apply_action(shown, "add-quote:0")["sections"][0]["items"][-1]
    assert added == {"type": "quote", "quote": {}}
