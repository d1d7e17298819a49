"""The exhibition page as a reader meets it, wide and on a phone: the cover with the title over its
image in the first screen and legible, the section bar that follows the reader, the map block
drawn at its container's size and never under the viewer, the timeline's labels apart, the region
outlined in the viewer, and axe finding no serious violation on the three demo exhibitions."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.pages.conftest import screenshot

pytestmark = pytest.mark.browser
# A map's first draw waits for MapLibre and the base map: on a busy machine, seconds.
TIMEOUT = 20_000
expect.set_options(timeout=TIMEOUT)

SIZES = [(1440, 900), (390, 844)]
STORIES = ["threads-of-the-silk-road", "music-on-the-road", "from-changan-to-constantinople"]


def luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour."""
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def serious_violations(page) -> list:
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("slug", STORIES)
@pytest.mark.parametrize("width, height", SIZES)
def test_the_cover_shows_the_title_over_the_image_in_the_first_screen(open_page, slug, width, height):
    page = open_page(width, height, timeout=TIMEOUT)
    page.goto(f"/exhibitions/{slug}")
    cover = page.locator(".story-cover")
    image = cover.locator("img.cover-image")
    expect(image).to_be_visible()
    expect(image).to_have_attribute("fetchpriority", "high")
    # Widths from our Image API for the browser to choose from (as many as the image has).
    assert re.fullmatch(r"\S+/default\.jpg \d+w(, \S+/default\.jpg \d+w)*", image.get_attribute("srcset"))
    assert int(image.get_attribute("width")) > 0 and int(image.get_attribute("height")) > 0
    expect(image).to_have_js_property("complete", True)
    # Edge to edge, and the title over the image, whole within the first screen.
    box, title, shown = cover.bounding_box(), page.locator("#story-title").bounding_box(), image.bounding_box()
    page_width = page.evaluate("() => document.documentElement.clientWidth")
    assert box["x"] == 0 and box["width"] == page_width and shown["width"] == page_width
    assert box["y"] <= title["y"] and title["y"] + title["height"] <= box["y"] + box["height"] <= height
    # Not a wall of image on a phone: the cover leaves room for the story below it.
    assert width > 600 or box["height"] <= height * 0.75
    # Legible whatever the image: the lightest pixel behind each line of words, with the words
    # taken away, still contrasts 4.5:1 or more with their colour.
    for words in cover.locator(".eyebrow, h1, .cover-summary").all():
        ink = [int(part) for part in re.findall(r"\d+", words.evaluate("node => getComputedStyle(node).color"))[:3]]
        words.evaluate("""node => [node, ...node.querySelectorAll('*')]
                            .forEach(each => each.style.setProperty('color', 'transparent', 'important'))""")
        behind = Image.open(io.BytesIO(page.screenshot(clip=words.bounding_box()))).convert("RGB")
        lightest = max(behind.get_flattened_data(), key=luminance)
        assert contrast(ink, lightest) >= 4.5, (words.evaluate("node => node.className || node.tagName"), ink, lightest)
    assert serious_violations(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width, height", SIZES)
def test_the_section_bar_follows_the_reader(open_page, width, height):
    page = open_page(width, height, timeout=TIMEOUT)
    page.goto("/exhibitions/threads-of-the-silk-road")
    bar = page.locator("nav.story-nav")
    links = bar.locator("a")
    expect(links).to_have_count(3)
    assert [link.get_attribute("href") for link in links.all()] == ["#section-1", "#section-2", "#section-3"]
    expect(bar.locator("[aria-current]")).to_have_count(0)
    for number in (2, 3, 1):
        page.evaluate("n => document.getElementById('section-' + n).scrollIntoView({block: 'start'})", number)
        expect(links.nth(number - 1)).to_have_attribute("aria-current", "location")
        expect(bar.locator("[aria-current]")).to_have_count(1)
        # The bar stays at the top of the screen, compact on a phone.
        placed = bar.bounding_box()
        assert placed["y"] == 0 and placed["height"] <= 56, placed
    # A link of the bar brings its section into view, and marks it.
    links.nth(2).click()
    expect(links.nth(2)).to_have_attribute("aria-current", "location")
    expect(page.locator("#section-3-title")).to_be_in_viewport()
    if width == 390:
        expect(links.nth(2)).to_be_in_viewport()
    screenshot(page, f"story-nav-{width}")


def test_the_viewer_fits_the_screen_and_outlines_the_region(open_page):
    page = open_page(1440, 900, timeout=TIMEOUT)
    page.goto("/exhibitions/threads-of-the-silk-road")
    item = page.locator(".story-item[data-region]").nth(1)
    number = item.get_attribute("data-number")
    page.evaluate("n => document.getElementById('item-' + n).scrollIntoView({block: 'center'})", number)
    page.wait_for_function("n => document.querySelector('#story-viewer').dataset.settled === n", arg=number)
    viewer = page.locator("#story-viewer").bounding_box()
    assert viewer["y"] >= page.locator("nav.story-nav").bounding_box()["height"]
    assert viewer["y"] + viewer["height"] <= 900
    outline = page.locator("#story-viewer .region-outline")
    expect(outline).to_be_visible()
    drawn = outline.bounding_box()
    assert viewer["x"] <= drawn["x"] and drawn["x"] + drawn["width"] <= viewer["x"] + viewer["width"] + 1
    screenshot(page, "story-region-outline")


# The story's viewer (its OpenSeadragon as .osd, js/viewers.js) and its zoom on screen now.
STAGE = "document.querySelector('#story-viewer')"
ZOOM = f"() => {STAGE}.osd.viewport.getZoom(true)"


def settle_on_a_region(page) -> str:
    """Brings the second item with a region to the middle of the screen; its number once the
    viewer has flown to it."""
    number = page.locator(".story-item[data-region]").nth(1).get_attribute("data-number")
    page.evaluate("n => document.getElementById('item-' + n).scrollIntoView({block: 'center'})", number)
    page.wait_for_function(f"n => {STAGE}.dataset.settled === n", arg=number)
    return number


def test_the_wheel_over_the_viewer_scrolls_the_story_and_ctrl_wheel_zooms(open_page):
    page = open_page(1440, 900, timeout=TIMEOUT)
    page.goto("/exhibitions/threads-of-the-silk-road")
    settle_on_a_region(page)
    viewer = page.locator("#story-viewer")
    box = viewer.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    # The reader scrolling the story with the pointer over the viewer reads on: the page scrolls,
    # and the viewer says once how to zoom with the wheel.
    top = page.evaluate("() => window.scrollY")
    page.mouse.wheel(0, 400)
    page.wait_for_function("top => window.scrollY > top", arg=top)
    expect(viewer.locator(".openseadragon-cooperative-overlay")).to_have_text("Use Ctrl + scroll to zoom the image")

    # Back on the item, Ctrl and the wheel zoom the viewer and leave the page where it is.
    number = settle_on_a_region(page)
    before, top = page.evaluate(ZOOM), page.evaluate("() => window.scrollY")
    page.keyboard.down("Control")
    for _ in range(3):
        page.mouse.wheel(0, -120)
    page.keyboard.up("Control")
    page.wait_for_function(f"least => ({ZOOM})() >= least", arg=before * 1.3)
    assert page.evaluate("() => window.scrollY") == top
    assert page.evaluate(f"() => {STAGE}.dataset.item") == number


def test_back_to_the_detail_returns_to_the_region_and_whole_image_shows_it_whole(open_page):
    page = open_page(1440, 900, timeout=TIMEOUT)
    page.goto("/exhibitions/threads-of-the-silk-road")
    settle_on_a_region(page)
    viewer = page.locator("#story-viewer")
    detail = page.evaluate(ZOOM)
    whole = page.evaluate(f"() => {STAGE}.osd.viewport.getHomeZoom()")
    assert detail > whole * 1.2

    viewer.get_by_role("button", name="Whole image").click()
    page.wait_for_function(f"whole => Math.abs(({ZOOM})() - whole) / whole < 0.02", arg=whole)
    viewer.get_by_role("button", name="Back to the detail").click()
    page.wait_for_function(f"detail => Math.abs(({ZOOM})() - detail) / detail < 0.02", arg=detail)
    expect(viewer.locator(".region-outline")).to_be_in_viewport()

    # An item that shows its whole image has no detail to go back to.
    page.locator(".story-item:not([data-region]) .show-detail").first.click()
    expect(viewer.get_by_role("button", name="Back to the detail")).to_be_hidden()
    expect(viewer.get_by_role("button", name="Whole image")).to_be_visible()
    screenshot(page, "story-viewer-buttons")


def test_the_flights_are_jumps_under_reduced_motion(open_page):
    page = open_page(1440, 900, timeout=TIMEOUT, reduced_motion="reduce")
    page.goto("/exhibitions/threads-of-the-silk-road")
    page.locator(".story-item[data-region] .show-detail").nth(1).click()
    page.wait_for_function("() => { const v = document.querySelector('#story-viewer').osd; "
                           "return v && v.world.getItemCount() > 0; }")
    assert page.evaluate("() => document.querySelector('#story-viewer').osd.animationTime") == 0


def test_on_a_phone_the_map_block_is_drawn_at_its_size_and_never_under_the_viewer(open_page):
    page = open_page(390, 844, timeout=TIMEOUT, is_mobile=True, has_touch=True)
    page.goto("/exhibitions/from-changan-to-constantinople")
    block = page.locator(".block-map")
    element = block.locator(".story-map")
    page.evaluate("() => document.querySelector('.block-map').scrollIntoView({block: 'center'})")
    expect(element).to_have_attribute("data-drawn", "true")
    same_size = """element => { const canvas = element.querySelector('canvas');
        return canvas && Math.abs(canvas.clientWidth - element.clientWidth) <= 1
          && Math.abs(canvas.clientHeight - element.clientHeight) <= 1
          && Math.abs(canvas.height - element.clientHeight * devicePixelRatio) <= 2; }"""
    page.wait_for_function(same_size, arg=element.element_handle())
    # The container changes size (a phone's toolbar, a turn of the screen): the canvas follows.
    element.evaluate("element => { element.style.height = '20rem'; }")
    page.wait_for_function(same_size, arg=element.element_handle())
    # In the upper part of the screen, the map is what the reader sees, not the viewer.
    page.evaluate("() => document.querySelector('.block-map').scrollIntoView({block: 'start'})")
    expect(page.locator(".story-stage")).not_to_be_visible()
    page.wait_for_function(
        """() => { const box = document.querySelector('.block-map .story-map').getBoundingClientRect();
             const hit = document.elementFromPoint(box.left + box.width / 2, Math.max(box.top, 60) + 20);
             return hit && hit.closest('.story-map') !== null; }""")
    screenshot(page, "story-map-phone")
    # Back at the start of the story, the viewer returns.
    page.evaluate("() => window.scrollTo(0, 0)")
    expect(page.locator(".story-stage")).to_be_visible()


@pytest.mark.parametrize("slug", ["music-on-the-road", "from-changan-to-constantinople"])
def test_the_timelines_labels_keep_apart_on_a_phone(open_page, slug):
    page = open_page(390, 844, timeout=TIMEOUT)
    page.goto(f"/exhibitions/{slug}")
    ticks = page.locator(".story-strip text.tick")
    expect(ticks.first).to_be_attached()
    boxes = [tick.bounding_box() for tick in ticks.all()]
    strip = page.locator(".story-strip").first.bounding_box()
    assert len(boxes) >= 2
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left["x"] + left["width"] + 4 <= right["x"], (left, right)
    assert strip["x"] <= boxes[0]["x"] and boxes[-1]["x"] + boxes[-1]["width"] <= strip["x"] + strip["width"]
