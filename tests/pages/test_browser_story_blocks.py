"""The demo exhibition's blocks in a real browser, wide and on a phone: each block type is shown,
nothing spills sideways, and axe finds no serious accessibility violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pages.conftest import DEMO_EXHIBITION, screenshot

pytestmark = pytest.mark.browser

BLOCKS = [".block-text", ".story-item.layout-left", ".story-item.layout-right", ".story-item.layout-full",
          ".block-gallery.style-strip", ".block-gallery.style-grid", ".block-compare", ".block-quote"]


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_the_story_shows_every_block_type_at_each_width(browser, live_site, width, height):
    context = browser.new_context(base_url=live_site, viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(f"/exhibitions/{DEMO_EXHIBITION}")
        for selector in BLOCKS:
            expect(page.locator(selector).first).to_be_attached()
        expect(page.locator(".block-compare a[href*='/compare?objects=']")).to_have_count(1)
        # Below the cover and the first sections: its lazy images load as it comes near.
        page.locator(".block-gallery").first.scroll_into_view_if_needed()
        expect(page.locator(".block-gallery img").first).to_have_js_property("complete", True)
        page.locator(".block-quote").scroll_into_view_if_needed()
        expect(page.locator(".block-quote")).to_be_in_viewport()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
        page.locator(".block-gallery").first.scroll_into_view_if_needed()
        screenshot(page, f"exhibition-{width}")
    finally:
        context.close()
