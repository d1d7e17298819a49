"""IIIF Content State 1.0: what a shared link's `iiif-content` holds, and what a page refuses."""

import base64
import json

import pytest

from iiif.content_state import ContentState, ContentStateError, ForeignContentState, decode, encode, locate

MANIFEST = "https://caravanserai.example/iiif/3/objects/42/manifest"
CANVAS = "https://caravanserai.example/iiif/3/objects/42/canvas/1"
CANVASES = [(CANVAS, 4000, 3000), (CANVAS[:-1] + "2", 800, 600)]


def packed(document) -> str:
    """JSON as the specification encodes it: UTF-8, base64url, no padding."""
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")


def annotation(target, motivation=("contentState",)):
    return {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "https://example.org/state/1",
            "type": "Annotation", "motivation": list(motivation), "target": target}


def test_a_region_survives_the_round_trip():
    state = ContentState(MANIFEST, CANVAS, (1200, 800, 640, 480))
    value = encode(state)
    assert "=" not in value and "+" not in value and "/" not in value
    assert decode(value) == state


def test_the_encoding_is_the_specifications_annotation():
    document = json.loads(base64.urlsafe_b64decode(encode(ContentState(MANIFEST, CANVAS, (1, 2, 3, 4))) + "=="))
    assert document["type"] == "Annotation"
    assert document["motivation"] == ["contentState"]
    assert document["target"] == {"id": f"{CANVAS}#xywh=1,2,3,4", "type": "Canvas",
                                  "partOf": [{"id": MANIFEST, "type": "Manifest"}]}


def test_a_whole_canvas_has_no_region():
    assert decode(encode(ContentState(MANIFEST, CANVAS))) == ContentState(MANIFEST, CANVAS, None)


def test_a_specific_resource_with_a_fragment_selector_is_read():
    target = {"type": "SpecificResource",
              "source": {"id": CANVAS, "type": "Canvas", "partOf": [{"id": MANIFEST, "type": "Manifest"}]},
              "selector": {"type": "FragmentSelector", "value": "xywh=pixel:10,20,300,400"}}
    assert decode(packed(annotation(target))) == ContentState(MANIFEST, CANVAS, (10, 20, 300, 400))


def test_padding_is_accepted_when_a_client_leaves_it():
    value = encode(ContentState(MANIFEST, CANVAS, (0, 0, 5, 5)))
    assert decode(value + "=" * (-len(value) % 4)) == ContentState(MANIFEST, CANVAS, (0, 0, 5, 5))


@pytest.mark.parametrize(("value", "reason"), [
    ("not base64!", "base64url"),
    ("a+b/c", "base64url"),
    ("A", "JSON"),
    (packed("just a string")[:-3] + "%%%", "base64url"),
    (base64.urlsafe_b64encode(b"{not json").decode().rstrip("="), "JSON"),
    (base64.urlsafe_b64encode(b"\xff\xfe").decode().rstrip("="), "JSON"),
    (packed(["an", "array"]), "Annotation"),
    (packed({"type": "Manifest", "id": MANIFEST}), "Annotation"),
    ("x" * 5000, "longer"),
])
def test_malformed_values_are_refused(value, reason):
    with pytest.raises(ContentStateError, match=reason):
        decode(value)


def canvas_target(fragment="#xywh=1,2,3,4", part_of=None):
    return {"id": CANVAS + fragment, "type": "Canvas",
            "partOf": part_of if part_of is not None else [{"id": MANIFEST, "type": "Manifest"}]}


@pytest.mark.parametrize(("document", "reason"), [
    (annotation(canvas_target(), motivation=("painting",)), "motivation"),
    ({**annotation(canvas_target()), "motivation": None}, "motivation"),
    (annotation(None), "target"),
    (annotation([canvas_target(), canvas_target()]), "one canvas"),
    (annotation({"id": MANIFEST, "type": "Manifest"}), "Canvas"),
    (annotation(canvas_target(part_of=[])), "partOf"),
    (annotation(canvas_target(part_of=[{"id": MANIFEST, "type": "Collection"}])), "partOf"),
    (annotation(canvas_target("#xywh=percent:10,10,20,20")), "whole pixels"),
    (annotation(canvas_target("#xywh=1.5,2,3,4")), "whole pixels"),
    (annotation(canvas_target("#xywh=1,2,0,4")), "no area"),
    (annotation(canvas_target("#xywh=１,2,3,4")), "whole pixels"),
    (annotation({"type": "SpecificResource", "source": canvas_target(""),
                 "selector": {"type": "SvgSelector", "value": "<svg/>"}}), "FragmentSelector"),
])
def test_content_states_that_are_not_a_region_of_a_canvas_are_refused(document, reason):
    with pytest.raises(ContentStateError, match=reason):
        decode(packed(document))


def test_a_content_state_is_located_among_the_manifests_canvases():
    second = ContentState(MANIFEST, CANVASES[1][0], (100, 100, 700, 500))
    assert locate(second, MANIFEST, CANVASES) == (1, (100, 100, 700, 500))
    assert locate(ContentState(MANIFEST, CANVAS), MANIFEST, CANVASES) == (0, None)


def test_another_objects_manifest_is_foreign():
    other = ContentState("https://caravanserai.example/iiif/3/objects/7/manifest", CANVAS, (0, 0, 10, 10))
    with pytest.raises(ForeignContentState, match="another object"):
        locate(other, MANIFEST, CANVASES)


def test_a_canvas_the_manifest_lacks_is_foreign():
    with pytest.raises(ForeignContentState, match="canvas"):
        locate(ContentState(MANIFEST, CANVAS[:-1] + "9"), MANIFEST, CANVASES)


@pytest.mark.parametrize("region", [(3900, 0, 200, 100), (0, 2999, 10, 2), (4000, 3000, 1, 1)])
def test_a_region_outside_the_image_is_refused(region):
    with pytest.raises(ContentStateError, match="outside the image"):
        locate(ContentState(MANIFEST, CANVAS, region), MANIFEST, CANVASES)
