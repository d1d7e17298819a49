"""The demo stories' media blocks play in a real browser, wide and on a phone: the film of the
caravan and the sound of the music exhibition, each in its player with captions, inside the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pages.conftest import screenshot

pytestmark = pytest.mark.browser

STORIES = [("from-changan-to-constantinople", "video"), ("music-on-the-road", "audio")]


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
@pytest.mark.parametrize("slug, tag", STORIES)
def test_a_demo_storys_media_block_plays_at_each_width(open_page, slug, tag, width, height):
    page = open_page(width, height)
    page.goto(f"/exhibitions/{slug}")
    player = page.locator(f".block-media .media-player {tag}")
    expect(player).to_have_count(1)
    expect(page.locator(f".block-media {tag} track[kind=captions]")).to_have_count(3)
    player.scroll_into_view_if_needed()
    expect(player).to_be_in_viewport()
    box = player.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width

    selector = f".block-media .media-player {tag}"
    page.evaluate(f"() => {{ const m = document.querySelector('{selector}'); m.muted = true; m.play(); }}")
    page.wait_for_function(f"() => document.querySelector('{selector}').currentTime > 0.5")

    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    screenshot(page, f"exhibition-{slug}-media-{width}")
