"""An exhibition's cover as an <img> takes it: its region of the chosen image, at a few widths,
never enlarged."""

from __future__ import annotations

from exhibitions.curation import blocks
from exhibitions.pages.covers import COVER_WIDTHS, cover_image

SERVICE = "https://example.org/iiif/3/abc"
RECORD = {"id": "nmc-1", "images": [{"id": "first", "service": SERVICE, "width": 3000, "height": 2000},
                                    {"id": "second", "service": SERVICE + "2", "width": 600, "height": 900}]}


def test_the_documents_cover_shows_its_region_of_its_image_at_each_width():
    document = {"cover": {"object": "nmc-1", "image": "first", "region": "100,200,1200,600"},
                "sections": [{"blocks": [{"type": "object", "object": "other"}]}]}
    cover = cover_image(blocks.first_object(document), RECORD, COVER_WIDTHS)
    assert cover == {
        "src": f"{SERVICE}/100,200,1200,600/1200,/0/default.jpg",
        "srcset": f"{SERVICE}/100,200,1200,600/800,/0/default.jpg 800w, "
                  f"{SERVICE}/100,200,1200,600/1200,/0/default.jpg 1200w",
        "webp": f"{SERVICE}/100,200,1200,600/800,/0/default.webp 800w, "
                f"{SERVICE}/100,200,1200,600/1200,/0/default.webp 1200w",
        "width": 1200, "height": 600}


def test_without_a_cover_the_first_objects_first_image_shows_whole():
    document = {"sections": [{"blocks": [{"type": "text", "text": {"en": ["x"]}},
                                         {"type": "object", "object": "nmc-1"}]}]}
    cover = cover_image(blocks.first_object(document), RECORD)
    assert cover["src"] == f"{SERVICE}/full/800,/0/default.jpg" and (cover["width"], cover["height"]) == (3000, 2000)


def test_nothing_to_show_is_no_cover():
    assert cover_image(None, RECORD) is None
    assert cover_image({"object": "nmc-1"}, {"id": "nmc-1", "images": []}) is None
    assert cover_image({"object": "nmc-1", "image": "elsewhere"}, RECORD) is None
