"""IIIF Content State API 1.0: a link's `iiif-content` value that names a region of a canvas of a
manifest ("open this object, zoomed here"). Encoding is the specification's: the JSON of an
Annotation with motivation `contentState`, as UTF-8, in base64url without padding. Decoding is
strict: anything but an annotation that targets one canvas (with an optional `xywh` region in
whole pixels) `partOf` one manifest raises ContentStateError (pure: no web framework)."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
# A content state names one canvas and a region: a few hundred characters. Far more is no link
# of ours (and is not worth decoding).
MAX_LENGTH = 4096
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
# Media Fragments' spatial dimension in pixels (`pixel:` is its default unit); percent is refused.
_XYWH = re.compile(r"xywh=(?:pixel:)?([0-9]+),([0-9]+),([0-9]+),([0-9]+)")

Region = tuple[int, int, int, int]


class ContentStateError(ValueError):
    """A content state that cannot be used, and why (in words a reader of the page can take)."""


class ForeignContentState(ContentStateError):
    """A well-formed content state that names another manifest or a canvas it does not have."""


@dataclass(frozen=True)
class ContentState:
    manifest: str
    canvas: str
    region: Region | None = None


def encode(state: ContentState) -> str:
    """The `iiif-content` value of a content state."""
    target: dict[str, Any] = {
        "id": state.canvas + (f"#xywh={','.join(map(str, state.region))}" if state.region else ""),
        "type": "Canvas",
        "partOf": [{"id": state.manifest, "type": "Manifest"}],
    }
    annotation = {"@context": CONTEXT, "type": "Annotation", "motivation": ["contentState"], "target": target}
    data = json.dumps(annotation, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def decode(value: str) -> ContentState:
    """The content state of an `iiif-content` value. Raises ContentStateError naming what is wrong."""
    if len(value) > MAX_LENGTH:
        raise ContentStateError(f"is longer than {MAX_LENGTH} characters")
    if not _BASE64URL.fullmatch(value):
        raise ContentStateError("is not base64url (letters, digits, '-' and '_')")
    try:
        data = base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
        annotation = json.loads(data.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ContentStateError("does not decode to JSON") from None
    if not isinstance(annotation, dict) or annotation.get("type") != "Annotation":
        raise ContentStateError("is not an Annotation")
    motivation = annotation.get("motivation")
    if motivation != "contentState" and motivation != ["contentState"]:
        raise ContentStateError("has no motivation 'contentState'")
    target = annotation.get("target")
    if isinstance(target, list):
        if len(target) != 1:
            raise ContentStateError("must target one canvas")
        target = target[0]
    if not isinstance(target, dict):
        raise ContentStateError("has no target")
    if target.get("type") == "SpecificResource":
        return _specific_resource(target)
    return _canvas(target, fragment=True)


def _specific_resource(target: Mapping[str, Any]) -> ContentState:
    """A SpecificResource: a canvas as its source, the region in a FragmentSelector."""
    source = target.get("source")
    if not isinstance(source, dict):
        raise ContentStateError("its SpecificResource has no source canvas")
    state = _canvas(source, fragment=False)
    selector = target.get("selector")
    if selector is None:
        return state
    if isinstance(selector, list) and len(selector) == 1:
        selector = selector[0]
    if not isinstance(selector, dict) or selector.get("type") != "FragmentSelector" \
            or not isinstance(selector.get("value"), str):
        raise ContentStateError("its selector is not one FragmentSelector")
    return ContentState(state.manifest, state.canvas, _region(selector["value"]))


def _canvas(resource: Mapping[str, Any], fragment: bool) -> ContentState:
    """A Canvas partOf one Manifest; its id may carry `#xywh=` when fragment is True."""
    canvas = resource.get("id")
    if resource.get("type") != "Canvas" or not isinstance(canvas, str) or not canvas:
        raise ContentStateError("its target is not a Canvas with an id")
    region = None
    if "#" in canvas:
        if not fragment:
            raise ContentStateError("its source canvas has a fragment")
        canvas, _, part = canvas.partition("#")
        region = _region(part)
    part_of = resource.get("partOf")
    if isinstance(part_of, dict):
        part_of = [part_of]
    if not isinstance(part_of, list) or len(part_of) != 1 or not isinstance(part_of[0], dict) \
            or part_of[0].get("type") != "Manifest" or not isinstance(part_of[0].get("id"), str):
        raise ContentStateError("its canvas is not partOf one Manifest")
    return ContentState(part_of[0]["id"], canvas, region)


def _region(fragment: str) -> Region:
    match = _XYWH.fullmatch(fragment)
    if not match:
        raise ContentStateError(f"its region {fragment[:40]!r} is not xywh=x,y,w,h in whole pixels")
    x, y, w, h = (int(number) for number in match.groups())
    if w == 0 or h == 0:
        raise ContentStateError("its region has no area")
    return x, y, w, h


def locate(state: ContentState, manifest: str, canvases: Sequence[tuple[str, int, int]]) -> tuple[int, Region | None]:
    """Where a content state points within one manifest: the index of its canvas among
    `canvases` ((id, width, height) in order) and its region, which must lie inside the canvas.

    Raises ForeignContentState when it names another manifest or a canvas not among them, and
    ContentStateError when the region reaches outside the canvas."""
    if state.manifest != manifest:
        raise ForeignContentState("names another object's manifest")
    for index, (canvas, width, height) in enumerate(canvases):
        if canvas == state.canvas:
            if state.region:
                x, y, w, h = state.region
                if x + w > width or y + h > height:
                    raise ContentStateError(f"its region reaches outside the image ({width}x{height})")
            return index, state.region
    raise ForeignContentState("names a canvas this object does not have")
