"""A detail of an object as a link (IIIF Content State: the object page opened on a region of one
of its images) and what the object page makes of such a link (pure: takes the object's record)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from iiif import content_state, urls
from iiif.content_state import ContentState, ContentStateError, ForeignContentState

PARAMETER = "iiif-content"


@dataclass(frozen=True)
class Detail:
    """What an object page shows first: one of its images (by position from 0), maybe a region."""

    position: int
    image: Mapping[str, Any]
    region: tuple[int, int, int, int] | None
    state: str  # the iiif-content value that named it


def canvas_ids(record: Mapping[str, Any], base_url: str) -> list[str]:
    """The canvas of each of the object's images in its manifest, in order."""
    return [urls.object_canvas(base_url, record["id"], position)
            for position in range(1, len(record.get("images") or []) + 1)]


def _canvases(record: Mapping[str, Any], base_url: str) -> list[tuple[str, int, int]]:
    return [(canvas, image["width"], image["height"])
            for canvas, image in zip(canvas_ids(record, base_url), record.get("images") or [], strict=True)]


def detail(record: Mapping[str, Any], image: Mapping[str, Any], region, base_url: str) -> dict[str, str]:
    """A region (None: the whole image) of one of the object's images, as a page shares it: the
    object's `page`, `manifest` and the image's `canvas` (what a viewer's script needs to name
    the region on screen instead) and the `link` that opens the object page on the region."""
    position = next(at for at, candidate in enumerate(record["images"], start=1) if candidate["id"] == image["id"])
    canvas = urls.object_canvas(base_url, record["id"], position)
    page = urls.object_page(base_url, record["id"])
    state = content_state.encode(ContentState(record["manifest"], canvas, tuple(region) if region else None))
    return {"page": page, "manifest": record["manifest"], "canvas": canvas,
            "link": f"{page}?{urlencode({PARAMETER: state})}"}


def read_detail(record: Mapping[str, Any], value: str | None, base_url: str) -> tuple[Detail | None, str | None]:
    """The detail an object page was given, else (None, the interface word of a note for the
    reader) when the value is not one: a shared link that was cut or garbled, or that names another object, still opens
    the object (a reader who follows a link deserves the page), with a quiet word why."""
    if value is None:
        return None, None
    try:
        state = content_state.decode(value)
        position, region = content_state.locate(state, record["manifest"], _canvases(record, base_url))
    except ForeignContentState:
        return None, "share.elsewhere"
    except ContentStateError:
        return None, "share.unreadable"
    return Detail(position, record["images"][position], region, value), None
