"""The demo exhibition's blocks in a real browser, wide and on a phone: each block type is shown,
nothing spills sideways, and axe finds no serious accessibility violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pages.conftest import CURATOR, DEMO_EXHIBITION, browser_login, screenshot
from tests.pages.test_browser_story_page import serious_violations
from tests.pages.test_browser_studio import create, post

pytestmark = pytest.mark.browser

BLOCKS = [".block-text", ".story-item.layout-left", ".story-item.layout-right", ".story-item.layout-full",
          ".block-gallery.style-strip", ".block-gallery.style-grid", ".block-compare", ".block-quote"]


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_the_story_shows_every_block_type_at_each_width(open_page, width, height):
    page = open_page(width, height)
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
    assert serious_violations(page) == []
    page.locator(".block-gallery").first.scroll_into_view_if_needed()
    screenshot(page, f"exhibition-{width}")


# The first compare block's two viewers (each with its OpenSeadragon as .osd, js/viewers.js).
VIEWERS = "Array.from(document.querySelector('.block-compare').querySelectorAll('.compare-viewer'))"
# Their views relative to their own regions (js/viewers.js relativeView), on screen now.
VIEWS = f"() => {VIEWERS}.map(e => e.relativeView(true))"
# Both at rest: where they were moving to.
SETTLED = f"() => {VIEWERS}.every(e => e.osd && e.osd.viewport.getZoom(true) === e.osd.viewport.getZoom(false))"
# Both at rest, the first zoomed at least so far, both showing the same part of their regions.
IN_STEP = f"""(least) => {{
  const [left, right] = ({VIEWS})();
  return ({SETTLED})() && left && right && left.zoom >= least && Math.abs(left.zoom - right.zoom) / left.zoom < 0.02
    && Math.abs(left.x - right.x) < 0.02 && Math.abs(left.y - right.y) < 0.02;
}}"""


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_the_compare_block_keeps_its_two_viewers_in_step(open_page, width, height):
    page = open_page(width, height)
    page.goto(f"/exhibitions/{DEMO_EXHIBITION}")
    block = page.locator(".block-compare").first
    block.scroll_into_view_if_needed()
    expect(block).to_have_attribute("data-ready", "true")
    viewers = block.locator(".compare-viewer")
    expect(viewers).to_have_count(2)
    expect(viewers.locator(".openseadragon-canvas")).to_have_count(2)
    toggle = block.locator(".keep-in-step")
    expect(toggle).to_have_attribute("aria-pressed", "true")

    # At rest, the block's top just under the section bar: both objects whole on the screen.
    block.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 56)")
    for viewer in (viewers.first, viewers.nth(1)):
        expect(viewer).to_be_in_viewport(ratio=1)
    screenshot(page, f"exhibition-compare-{width}")

    # The reader zooms into the left object with Ctrl and the wheel (the wheel alone scrolls
    # the story, js/viewers.js); the right one follows.
    viewers.first.scroll_into_view_if_needed()
    viewers.first.hover()
    page.keyboard.down("Control")
    for _ in range(3):
        page.mouse.wheel(0, -120)
    page.keyboard.up("Control")
    page.wait_for_function(IN_STEP, arg=1.4)
    left, right = page.evaluate(VIEWS)

    # Out of step (with the keyboard): zooming the left leaves the right where it was.
    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    page.evaluate("() => document.querySelector('.block-compare .compare-viewer').osd.viewport.zoomBy(1.5)")
    page.wait_for_function(f"(least) => ({SETTLED})() && ({VIEWS})()[0].zoom >= least", arg=left["zoom"] * 1.45)
    still = page.evaluate(VIEWS)[1]
    assert abs(still["zoom"] - right["zoom"]) / right["zoom"] < 0.02
    # Back in step: the right catches up with the left.
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(IN_STEP, arg=left["zoom"] * 1.45)

    # Both on the screen's width; side by side when wide, one above the other on a phone.
    first, second = viewers.first.bounding_box(), viewers.nth(1).bounding_box()
    for box in (first, second):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    if width < 600:
        assert second["y"] >= first["y"] + first["height"]
    else:
        assert second["x"] >= first["x"] + first["width"] and abs(second["y"] - first["y"]) < 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width

    assert serious_violations(page) == []
    assert page.problems.messages == []  # nothing refused by the Content-Security-Policy, no script error
    screenshot(page, f"exhibition-compare-in-step-{width}")


def test_without_scripts_the_compare_block_shows_its_two_still_images(open_page):
    page = open_page(390, 844, java_script_enabled=False)
    page.goto(f"/exhibitions/{DEMO_EXHIBITION}")
    block = page.locator(".block-compare").first
    block.scroll_into_view_if_needed()
    stills = block.locator(".compare-viewer img.zoom-still")
    expect(stills).to_have_count(2)
    for index in range(2):
        expect(stills.nth(index)).to_have_js_property("complete", True)
        assert stills.nth(index).evaluate("img => img.naturalWidth") > 0
    # A toggle that could do nothing stays out of the way.
    expect(block.locator(".keep-in-step")).to_be_hidden()
    expect(block.locator(".compare-pair .caption")).to_have_count(2)


def test_two_regions_of_different_sizes_stay_aligned(open_page):
    """A wide region of one object beside a smaller square one of another: each opens fitted to
    its region, and zoomed in step both show the same part of their regions."""
    page = open_page(1440)
    browser_login(page, CURATOR)
    # The demo's gui and zun, whose images on the test site are a tenth of the demo's size:
    # 240 × 200 and 200 × 260 pixels.
    story = page.request.get("/api/v1/exhibitions/music-on-the-road").json()
    gui, zun = next(block for section in story["sections"] for block in section["blocks"]
                    if block["type"] == "compare")["items"]
    create(page, "rims-compared", {
        "title": {"en": ["Rims compared"]},
        "sections": [{"title": {"en": ["Rims"]}, "blocks": [
            {"type": "compare", "caption": {"en": ["Two rims."]},
             "items": [{"object": gui["object"], "region": "0,0,240,150"},
                       {"object": zun["object"], "region": "20,40,160,160"}]}]}]})
    post(page, "/api/v1/exhibitions/rims-compared/publish")
    page.goto("/exhibitions/rims-compared")
    block = page.locator(".block-compare")
    block.scroll_into_view_if_needed()
    expect(block).to_have_attribute("data-ready", "true")
    page.wait_for_function(SETTLED)
    for view in page.evaluate(VIEWS):
        assert view["x"] == pytest.approx(0.5, abs=0.01) and view["y"] == pytest.approx(0.5, abs=0.01)
        assert view["zoom"] == pytest.approx(1, abs=0.01)
    page.evaluate(f"() => {VIEWERS}[1].osd.viewport.zoomBy(1.4, {VIEWERS}[1].osd.viewport.getCenter().plus"
                  "(new OpenSeadragon.Point(0.02, 0)))")
    page.wait_for_function(IN_STEP.replace("left.zoom >= least", "right.zoom >= least"), arg=1.35)
    # Gone again, so that the site's other pages keep the demo's exhibitions only.
    page.goto("/curate/new")  # a page that gives the curator's CSRF token
    token = page.get_attribute("meta[name=csrf-token]", "content")
    assert page.request.delete("/api/v1/exhibitions/rims-compared", headers={"X-CSRFToken": token}).ok
