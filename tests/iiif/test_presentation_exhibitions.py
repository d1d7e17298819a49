"""An exhibition's manifest: canvases from several museums in the curator's order, a range per section,
captions on their regions, and each canvas with its own museum's rights, attribution and provider."""

import pytest
from iiif_records import BASE, HERMITAGE, NMC, SAMARKAND, assert_valid, bare_record, record

from iiif.manifests import ItemNotShown, exhibition_manifest, item_view, parse_region

JAR = record("nmc-jar000000001", museum=NMC, images=2)
HORSE = record(
    "hermitage-horse00001",
    museum=HERMITAGE,
    images=1,
    title={"en": ["Horse"], "ru": ["Конь"]},
    rights="http://rightsstatements.org/vocab/InC-EDU/1.0/",
    credit_line={"en": ["State Hermitage Museum, St Petersburg"]},
)
BOWL = bare_record("samarkand-bowl00001", museum=SAMARKAND, images=1)
RECORDS = {r["id"]: r for r in (JAR, HORSE, BOWL)}

EXHIBITION = {
    "slug": "threads-of-silk",
    "title": {"en": ["Threads of silk"], "zh": ["丝绸之路"]},
    "summary": {"en": ["Objects that travelled."]},
    "status": "published",
    "sections": [
        {
            "title": {"en": ["Departure"]},
            "text": {"en": ["From Chang'an westwards."]},
            "items": [
                {"object": JAR["id"], "image": JAR["images"][1]["id"], "region": "100,200,300,400",
                 "caption": {"en": ["The dragon's head"], "zh": ["龙头"]}},
                {"object": HORSE["id"], "caption": {"en": ["A horse from Ferghana"]}},
            ],
        },
        {
            "title": {"en": ["Arrival"]},
            "text": None,
            "items": [{"object": BOWL["id"], "region": "0,0,50,60", "caption": {"none": ["<p>Bowl</p>"]}}],
        },
    ],
}


@pytest.fixture(scope="module")
def manifest():
    return exhibition_manifest(EXHIBITION, RECORDS, BASE)


def test_the_exhibition_manifest_validates(manifest):
    assert_valid(manifest)
    assert manifest["id"] == f"{BASE}/iiif/3/exhibitions/threads-of-silk/manifest"
    assert manifest["label"] == EXHIBITION["title"]
    assert manifest["summary"] == EXHIBITION["summary"]
    assert manifest["homepage"][0]["id"] == f"{BASE}/exhibitions/threads-of-silk"


def test_canvases_follow_the_curators_order_with_the_chosen_image_or_the_first(manifest):
    painted = [canvas["items"][0]["items"][0]["body"]["service"][0]["id"] for canvas in manifest["items"]]
    assert painted == [
        f"{BASE}/iiif/3/{JAR['images'][1]['id']}",
        f"{BASE}/iiif/3/{HORSE['images'][0]['id']}",
        f"{BASE}/iiif/3/{BOWL['images'][0]['id']}",
    ]
    jar = manifest["items"][0]
    assert (jar["width"], jar["height"]) == (JAR["images"][1]["width"], JAR["images"][1]["height"])
    assert [canvas["label"] for canvas in manifest["items"]] == [JAR["title"], HORSE["title"], BOWL["title"]]


def test_each_section_is_a_range_of_its_canvases(manifest):
    canvases = [canvas["id"] for canvas in manifest["items"]]
    departure, arrival = manifest["structures"]
    assert departure["type"] == "Range"
    assert departure["label"] == {"en": ["Departure"]}
    assert departure["summary"] == {"en": ["From Chang'an westwards."]}
    assert [item["id"] for item in departure["items"]] == canvases[:2]
    assert arrival["label"] == {"en": ["Arrival"]}
    assert "summary" not in arrival
    assert [item["id"] for item in arrival["items"]] == canvases[2:]


def test_captions_are_commenting_annotations_on_their_region_in_every_language(manifest):
    jar, horse, bowl = manifest["items"]

    [page] = jar["annotations"]
    [caption] = page["items"]
    assert caption["motivation"] == "commenting"
    assert caption["target"] == f"{jar['id']}#xywh=100,200,300,400"
    assert caption["body"] == [
        {"type": "TextualBody", "value": "The dragon's head", "format": "text/plain", "language": "en"},
        {"type": "TextualBody", "value": "龙头", "format": "text/plain", "language": "zh"},
    ]
    # Without a region the caption is on the whole canvas.
    assert horse["annotations"][0]["items"][0]["target"] == horse["id"]
    # HTML text (starting and ending with a tag, as in IIIF values) keeps its format; "none" has no language.
    bowl_caption = bowl["annotations"][0]["items"][0]
    assert bowl_caption["target"] == f"{bowl['id']}#xywh=0,0,50,60"
    assert bowl_caption["body"] == [{"type": "TextualBody", "value": "<p>Bowl</p>", "format": "text/html"}]


def test_each_canvas_keeps_its_own_museums_rights_attribution_and_provider(manifest):
    jar, horse, bowl = manifest["items"]

    assert jar["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert horse["rights"] == "http://rightsstatements.org/vocab/InC-EDU/1.0/"
    assert bowl["rights"] == "http://rightsstatements.org/vocab/InC/1.0/"
    assert jar["requiredStatement"]["value"] == {"en": ["Gift of the Li family, 1985"]}
    assert horse["requiredStatement"]["value"] == {"en": ["State Hermitage Museum, St Petersburg"]}
    assert bowl["requiredStatement"]["value"] == SAMARKAND["name"]
    assert [canvas["provider"][0]["label"] for canvas in (jar, horse, bowl)] == [
        NMC["name"], HERMITAGE["name"], SAMARKAND["name"]]
    assert jar["seeAlso"][1]["id"] == f"{BASE}/iiif/3/objects/{JAR['id']}/manifest"


def test_the_manifest_credits_every_lending_museum_and_asserts_no_rights_of_its_own(manifest):
    lenders = [provider["label"] for provider in manifest["provider"]]
    assert lenders == [NMC["name"], HERMITAGE["name"], SAMARKAND["name"]]
    assert "rights" not in manifest
    assert "State Hermitage Museum" in manifest["requiredStatement"]["value"]["en"][0]


def test_an_item_whose_object_is_gone_or_has_no_image_is_left_out():
    exhibition = {**EXHIBITION, "sections": [{"title": {"en": ["Only"]}, "items": [
        {"object": "deleted-object"}, {"object": "bare"}, {"object": HORSE["id"]}]}]}
    manifest = exhibition_manifest(exhibition, {"bare": bare_record("bare", images=0), HORSE["id"]: HORSE}, BASE)

    assert_valid(manifest)
    assert len(manifest["items"]) == 1
    assert manifest["structures"][0]["items"] == [{"id": manifest["items"][0]["id"], "type": "Canvas"}]


def test_an_exhibition_without_items_is_still_a_valid_manifest():
    manifest = exhibition_manifest({"slug": "empty", "title": "Soon", "sections": []}, {}, BASE)

    assert_valid(manifest)
    assert manifest["label"] == {"none": ["Soon"]}
    assert len(manifest["items"]) == 1


def test_an_item_that_cannot_be_shown_is_left_out_of_the_manifest():
    missing_image = {"object": HORSE["id"], "image": "f" * 64}
    off_the_image = {"object": HORSE["id"], "region": "100000,0,10,10"}
    shown = {"object": HORSE["id"], "region": "0,0,10,10"}
    exhibition = {"slug": "x", "title": "X",
                  "sections": [{"title": "S", "items": [missing_image, off_the_image, shown]}]}
    manifest = exhibition_manifest(exhibition, RECORDS, BASE)
    assert_valid(manifest)
    assert len(manifest["items"]) == 1


@pytest.mark.parametrize("item, field, message", [
    ({"image": "f" * 64}, "image", "is not an image of object hermitage-horse00001"),
    ({"region": "100000,0,10,10"}, "region", "outside the image"),
    ({"region": "1,2"}, "region", "must be x,y,w,h"),
])
def test_why_an_item_cannot_be_shown_names_the_field(item, field, message):
    with pytest.raises(ItemNotShown, match=message) as refused:
        item_view({"object": HORSE["id"], **item}, HORSE)
    assert refused.value.field == field


def test_an_item_shows_its_objects_first_image_by_default():
    image, region = item_view({"object": HORSE["id"]}, HORSE)
    assert image == HORSE["images"][0] and region is None


@pytest.mark.parametrize("region, expected", [
    ("0,0,10,10", (0, 0, 10, 10)),
    ("90,80,50,50", (90, 80, 10, 20)),  # cut to the image
])
def test_regions_are_whole_pixels_inside_the_image(region, expected):
    assert parse_region(region, 100, 100) == expected


@pytest.mark.parametrize("region, message", [
    ("1,2,3", "must be x,y,w,h"),
    ("a,b,c,d", "must be x,y,w,h"),
    ("-1,0,5,5", "must be x,y,w,h"),
    ("pct:1,1,1,1", "must be x,y,w,h"),
    ("0,0,0,5", "has no area"),
    ("100,0,5,5", "outside the image"),
])
def test_bad_regions_are_refused_with_the_reason(region, message):
    with pytest.raises(ValueError, match=message):
        parse_region(region, 100, 100)


def test_sanitized_curator_text_becomes_plain_labels_and_html_values_and_captions():
    # What the API stores after sanitizing: titles with & escaped, rich text with a few tags.
    exhibition = {
        "slug": "ewers", "title": {"en": ["Ewers &amp; jars"]}, "summary": {"en": ["Pots <b>and</b> jars"]},
        "sections": [{
            "title": {"en": ["Tang &amp; Song"]},
            "text": {"en": ["<p>Already a paragraph</p>"], "fr": ["Simple texte"]},
            "items": [{"object": HORSE["id"], "caption": {"en": ["The <i>mane</i> &amp; tail", "Second line"]}}],
        }],
    }
    manifest = exhibition_manifest(exhibition, RECORDS, BASE)

    assert_valid(manifest)
    assert manifest["label"] == {"en": ["Ewers & jars"]}
    assert manifest["summary"] == {"en": ["<span>Pots <b>and</b> jars</span>"]}
    [section] = manifest["structures"]
    assert section["label"] == {"en": ["Tang & Song"]}
    assert section["summary"] == {"en": ["<p>Already a paragraph</p>"], "fr": ["Simple texte"]}
    [caption] = manifest["items"][0]["annotations"][0]["items"]
    assert caption["body"] == [{"type": "TextualBody", "format": "text/html", "language": "en",
                                "value": "<p>The <i>mane</i> &amp; tail</p><p>Second line</p>"}]


SONG = {"id": "b" * 64, "kind": "audio", "format": "audio/ogg", "duration": 3.25, "label": {"en": ["A lute"]},
        "url": f"{BASE}/media/{'b' * 64}.ogg", "poster": None,
        "captions": [{"language": "en", "url": f"{BASE}/media/{'b' * 64}/captions/en.vtt"}]}


STORY = {
    "slug": "story", "title": {"en": ["A story"]},
    "sections": [
        {"title": {"en": ["Every block"]}, "text": {"en": ["Introduction."]}, "blocks": [
            {"type": "text", "text": {"en": ["<p>The road begins.</p>"]}},
            {"type": "object", "object": JAR["id"], "region": "10,10,100,100", "layout": "full",
             "caption": {"en": ["A detail"]}},
            {"type": "gallery", "style": "strip", "caption": {"en": ["Three at once"]}, "items": [
                {"object": HORSE["id"], "caption": {"en": ["The horse"]}},
                {"object": BOWL["id"], "region": "0,0,50,60"}]},
            {"type": "compare", "items": [{"object": JAR["id"]}, {"object": HORSE["id"]}]},
            {"type": "quote", "quote": {"en": ["Silk is money."]}, "attribution": {"en": ["A merchant"]}},
            {"type": "media", "manifest": "https://av.example/manifest"},
            {"type": "media", "media": SONG["id"], "caption": {"en": ["The lute"]}},
            {"type": "map", "journey": True},
            {"type": "timeline", "objects": [JAR["id"]]},
        ]},
        {"title": {"en": ["Words only"]}, "blocks": [{"type": "quote", "quote": {"en": ["Alone."]}}]},
    ],
}


def test_the_thumbnail_is_the_covers_image_else_the_first_canvases():
    with_cover = exhibition_manifest(STORY, RECORDS, BASE, cover={"object": HORSE["id"], "region": "0,0,10,10"})
    assert with_cover["thumbnail"][0]["id"].startswith(f"{BASE}/iiif/3/{HORSE['images'][0]['id']}/")
    without = exhibition_manifest(STORY, RECORDS, BASE)
    assert without["thumbnail"] == without["items"][0]["thumbnail"]


def test_a_manifest_of_every_block_type_validates_with_galleries_and_compares_as_nested_ranges():
    manifest = exhibition_manifest(STORY, RECORDS, BASE, media={SONG["id"]: SONG})

    assert_valid(manifest)
    canvases = [canvas["id"] for canvas in manifest["items"]]
    # The object, two gallery items, two compared, the uploaded sound; another site's AV
    # manifest, the map and the timeline add none.
    assert len(canvases) == 6
    section, words = manifest["structures"]
    first, gallery, compare, song = section["items"]
    assert song == {"id": canvases[5], "type": "Canvas"}
    assert manifest["items"][5]["duration"] == SONG["duration"]
    assert manifest["items"][5]["items"][0]["items"][0]["body"]["type"] == "Sound"
    assert first == {"id": canvases[0], "type": "Canvas"}
    assert gallery["type"] == "Range" and gallery["label"] == {"en": ["Gallery"]}
    assert [item["id"] for item in gallery["items"]] == canvases[1:3]
    assert compare["label"] == {"en": ["Comparison"]}
    assert [item["id"] for item in compare["items"]] == canvases[3:5]
    # Item captions stay on their regions; text blocks, quotes and block captions comment the
    # section, on its first canvas, in block order.
    assert manifest["items"][1]["annotations"][0]["items"][0]["body"][0]["value"] == "The horse"
    [page] = section["annotations"]
    assert [annotation["body"][0]["value"] for annotation in page["items"]] == [
        "<p>The road begins.</p>", "Three at once", "Silk is money.\n\n— A merchant", "The lute"]
    assert {annotation["target"] for annotation in page["items"]} == {canvases[0]}
    assert words["items"] == [] and words["annotations"][0]["items"][0]["target"] == words["id"]
