"""A reader in a real browser: the exhibition story with deep zoom, the object page, compare,
search with facets, and an accessibility check of the main pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.pages.conftest import DEMO_EXHIBITION, REPO, screenshot

pytestmark = pytest.mark.browser

TILE = re.compile(r"/iiif/3/[0-9a-f]{64}/(?!info\.json)")
AXE = "/static/vendor/axe-core/axe.min.js"


def viewer_ready(page, selector: str) -> None:
    """Wait until the OpenSeadragon viewer in selector has its image drawn in full (the page that
    holds it may still be on its way)."""
    page.wait_for_function(
        """selector => { const e = document.querySelector(selector), v = e && e.osd;
             return v && v.world.getItemCount() > 0 && v.world.getItemAt(0).getFullyLoaded(); }""",
        arg=selector)


def shown_image_rect(page) -> list[float]:
    """The part of the image the story viewer shows, in image pixels (x, y, w, h)."""
    return page.evaluate(
        """() => { const v = document.querySelector('#story-viewer').osd;
             const r = v.world.getItemAt(0).viewportToImageRectangle(v.viewport.getBounds(true));
             return [r.x, r.y, r.width, r.height]; }""")


def contains_centre(shown: list[float], region: list[int]) -> bool:
    cx, cy = region[0] + region[2] / 2, region[1] + region[3] / 2
    x, y, w, h = shown
    return x <= cx <= x + w and y <= cy <= y + h


def test_a_reader_follows_the_exhibition_and_the_viewer_flies_to_each_region(page):
    tiles = []
    page.on("response", lambda response: tiles.append((response.url, response.status))
            if TILE.search(response.url) else None)
    page.goto(f"/exhibitions/{DEMO_EXHIBITION}")
    viewer_ready(page, "#story-viewer")
    screenshot(page, "exhibition")
    assert tiles and all(status == 200 for _url, status in tiles), tiles

    before = len(tiles)
    start = page.evaluate("() => document.querySelector('#story-viewer').osd.viewport.getZoom(true)")
    page.locator("#story-viewer [title='Zoom in']").click()
    page.locator("#story-viewer [title='Zoom in']").click()
    # The zoom has arrived where it was going, well past where it began.
    page.wait_for_function(
        """start => { const viewport = document.querySelector('#story-viewer').osd.viewport;
             const now = viewport.getZoom(true);
             return now > start * 1.5 && Math.abs(now - viewport.getZoom(false)) < 1e-6 * now; }""",
        arg=start)
    viewer_ready(page, "#story-viewer")
    assert len(tiles) >= before and all(status == 200 for _url, status in tiles), tiles

    items = page.locator(".story-item[data-region]")
    target = items.nth(1)
    number = target.get_attribute("data-number")
    region = [int(n) for n in target.get_attribute("data-region").split(",")]
    target.scroll_into_view_if_needed()
    page.evaluate("n => document.getElementById('item-' + n).scrollIntoView({block: 'center'})", number)
    page.wait_for_function("n => document.querySelector('#story-viewer').dataset.settled === n", arg=number)
    viewer_ready(page, "#story-viewer")
    shown = shown_image_rect(page)
    assert contains_centre(shown, region), (shown, region)
    # Flying to a region means the region fills the view: the view is not much larger than it.
    assert shown[2] <= region[2] * 2.5 or shown[3] <= region[3] * 2.5, (shown, region)
    assert all(status == 200 for _url, status in tiles), tiles
    screenshot(page, "exhibition-second-item")
    assert page.problems.messages == []


def test_the_story_is_usable_with_the_keyboard(page):
    page.goto(f"/exhibitions/{DEMO_EXHIBITION}")
    viewer_ready(page, "#story-viewer")
    button = page.locator(".story-item[data-region] .show-detail").nth(2)
    number = page.locator(".story-item[data-region]").nth(2).get_attribute("data-number")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelector('#story-viewer').dataset.item === n", arg=number)
    assert page.evaluate("() => document.activeElement.classList.contains('show-detail')")


def test_the_story_works_at_phone_width(open_page):
    page = open_page(390, 844, is_mobile=True, has_touch=True)
    page.goto(f"/exhibitions/{DEMO_EXHIBITION}")
    box = page.locator("#story-viewer").bounding_box()
    assert box["width"] <= 390 and box["height"] > 150
    number = page.locator(".story-item[data-region]").nth(1).get_attribute("data-number")
    # On a phone the viewer starts once the reader comes near the story's items.
    page.evaluate("n => document.getElementById('item-' + n).scrollIntoView({block: 'center'})", number)
    page.wait_for_function("n => document.querySelector('#story-viewer').dataset.item === n", arg=number)
    viewer_ready(page, "#story-viewer")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(page, "exhibition-phone")


def first_object_id(page, museum: str) -> list[str]:
    page.goto(f"/museums/{museum}")
    hrefs = page.locator(".cards a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [href.rsplit("/", 1)[1] for href in hrefs]


def test_the_object_page_zooms_on_our_image_api_and_offers_the_manifest(page):
    object_id = first_object_id(page, "nmc")[0]
    tiles = []
    page.on("response", lambda response: tiles.append(response.status) if TILE.search(response.url) else None)
    page.goto(f"/objects/{object_id}")
    page.locator("#zoom").hover()  # the viewer starts when the reader reaches for it
    viewer_ready(page, "#zoom")
    assert tiles and set(tiles) == {200}
    link = page.locator("a.iiif-drag").get_attribute("href")
    assert link.endswith(f"?manifest=http%3A%2F%2F127.0.0.1%3A{page.url.split(':')[2].split('/')[0]}"
                         f"%2Fiiif%2F3%2Fobjects%2F{object_id}%2Fmanifest")
    screenshot(page, "object")
    page.goto(f"/objects/{object_id}?lang=zh")
    expect(page.locator("h1 [lang=zh]")).to_have_count(1)
    assert page.problems.messages == []


# Where the image lies in the viewer area of a selector, in CSS pixels from its top left corner
# [x, y, w, h]: the still image's picture (object-fit: contain), and the viewer's image.
STILL_FRAME = """selector => { const zoom = document.querySelector(selector), still = zoom.querySelector('.zoom-still');
    const width = zoom.clientWidth, height = zoom.clientHeight;
    const scale = Math.min(width / still.naturalWidth, height / still.naturalHeight);
    const w = still.naturalWidth * scale, h = still.naturalHeight * scale;
    return [(width - w) / 2, (height - h) / 2, w, h]; }"""
VIEWER_FRAME = """selector => { const v = document.querySelector(selector).osd;
    const r = v.viewport.viewportToViewerElementRectangle(v.world.getItemAt(0).getBounds(true));
    return [r.x, r.y, r.width, r.height]; }"""


def the_viewer_opens_at_the_still_images_framing(page, selector: str, start) -> None:
    """start() makes the viewer in selector take the still image's place: it draws the same
    picture where the still image was, within two pixels."""
    frame = page.evaluate(STILL_FRAME, selector)
    start()
    viewer_ready(page, selector)
    expect(page.locator(f"{selector} .zoom-still")).to_have_count(0)
    shown = page.evaluate(VIEWER_FRAME, selector)
    assert all(abs(a - b) <= 2 for a, b in zip(shown, frame, strict=True)), (frame, shown)


def viewer_started(page) -> bool:
    return page.evaluate("() => Boolean(window.OpenSeadragon || document.getElementById('zoom').osd)")


def the_keyboard_starts_the_viewer(page, selector: str):
    """A keyboard user tabs to the viewer's first button (a real button, named) and presses it:
    the viewer opens in place of the still image, and the press is not lost (it zooms in past the
    whole-image view). The button's locator."""
    zoom_in = page.get_by_role("button", name="Zoom in")
    for _ in range(60):
        if page.evaluate("s => document.activeElement?.matches(s + ' .viewer-zoomIn')", selector):
            break
        page.keyboard.press("Tab")
    expect(zoom_in).to_be_focused()
    page.keyboard.press("Enter")
    viewer_ready(page, selector)
    page.wait_for_function("""s => { const v = document.querySelector(s).osd.viewport;
        return v.getZoom(false) > v.getHomeZoom() * 1.2; }""", arg=selector)
    expect(page.locator(f"{selector} .zoom-still")).to_have_count(0)
    return zoom_in


def test_the_object_page_shows_a_still_image_first_and_the_keyboard_starts_the_viewer(page):
    page.goto(f"/objects/{first_object_id(page, 'shaanxi')[0]}")
    still = page.locator("#zoom img.zoom-still")
    expect(still).to_have_attribute("fetchpriority", "high")
    # Sized by the Image API for the screen it is shown on (srcset and sizes).
    assert re.search(r"/\d+,/0/default\.jpg \d+w", still.get_attribute("srcset")) and still.get_attribute("sizes")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelector('#zoom img.zoom-still').complete")
    # Loaded, with nothing asked of it: the still image only, no viewer script.
    assert not viewer_started(page)
    assert page.locator("script[src*='openseadragon']").count() == 0

    zoom_in = the_keyboard_starts_the_viewer(page, "#zoom")
    expect(zoom_in).to_be_focused()
    assert page.problems.messages == []


@pytest.mark.parametrize("width", [1440, 390])
def test_the_viewer_takes_the_still_images_place_at_the_same_framing(open_page, width):
    phone = width < 600
    page = open_page(width, 844 if phone else 900, is_mobile=phone, has_touch=phone)
    page.goto(f"/objects/{first_object_id(page, 'shaanxi')[0]}")
    page.wait_for_function("() => document.querySelector('#zoom img.zoom-still').complete")
    assert not viewer_started(page)
    screenshot(page, f"object-still-{width}")
    zoom = page.locator("#zoom")
    the_viewer_opens_at_the_still_images_framing(page, "#zoom", zoom.tap if phone else zoom.hover)
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_function("""() => { const v = document.getElementById('zoom').osd.viewport;
        return v.getZoom(true) > v.getHomeZoom() * 1.4; }""")
    viewer_ready(page, "#zoom")
    screenshot(page, f"object-zoom-{width}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_compare_opens_two_objects_side_by_side_in_mirador(page):
    ids = first_object_id(page, "nmc")[:1] + first_object_id(page, "rundale")[:1]
    page.goto(f"/compare?objects={','.join(ids)}")
    page.wait_for_selector(".mirador-viewer", timeout=20_000)
    # Both windows have their deep-zoom canvas and every thumbnail has arrived.
    page.wait_for_function("""() => document.querySelectorAll('.mirador-window').length === 2
        && document.querySelectorAll('.mirador-window .openseadragon-canvas').length === 2
        && [...document.images].every(image => image.complete)""", timeout=20_000)
    screenshot(page, "compare")
    assert [m for m in page.problems.messages if "Content Security Policy" in m] == []
    page.add_script_tag(url=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert page.locator("main").count() == 1  # Mirador's own
    # Ours: one main, at the top level. (Mirador's two windows still share a toolbar label.)
    main_rules = ("landmark-main-is-top-level", "landmark-no-duplicate-main", "landmark-one-main")
    assert [v["id"] for v in results["violations"] if v["id"] in main_rules] == []


# Every window's deep-zoom canvas is on screen at a usable size and has an image drawn in it (many
# colours over most of it, where an empty viewer is transparent or one flat colour).
COMPARE_DRAWN = """() => {
    const canvases = [...document.querySelectorAll('.mirador-window .openseadragon-canvas canvas')];
    return canvases.length === 2 && canvases.every(canvas => {
        if (canvas.getBoundingClientRect().width <= 100 || canvas.height === 0) { return false; }
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = new Set(); let opaque = 0, samples = 0;
        for (let i = 0; i < pixels.length; i += 4 * 97, samples++) {
            if (pixels[i + 3]) { opaque++; colours.add(pixels[i] + ',' + pixels[i + 1] + ',' + pixels[i + 2]); }
        }
        return opaque > samples / 4 && colours.size > 20; }); }"""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1440, 900)], ids=["phone", "wide"])
def test_compare_draws_both_objects_on_a_phone_and_a_wide_screen(page, width, height):
    ids = first_object_id(page, "nmc")[:1] + first_object_id(page, "rundale")[:1]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/compare?objects={','.join(ids)}")
    page.wait_for_function(COMPARE_DRAWN, timeout=20_000)
    windows = page.locator(".mirador-window").evaluate_all(
        "windows => windows.map(w => { const r = w.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })")
    if width < 640:
        # One above the other, each the width of the viewer, rather than two slivers side by side.
        (x1, y1, w1, h1), (x2, y2, w2, h2) = windows
        assert abs(x1 - x2) < 1 and y2 >= y1 + h1 - 1 and w1 > width * 0.8 and h1 > 250
    screenshot(page, f"compare-{'phone' if width < 640 else 'wide'}")
    # (Mirador itself logs a React deprecation as an error: only refusals are ours to answer for.)
    assert [m for m in page.problems.messages if "Content Security Policy" in m] == []


def result_total(page) -> int:
    return int(re.search(r"\d+", page.locator("#results-heading").inner_text()).group())


def test_search_facets_narrow_the_results(page):
    page.goto("/search")
    everything = result_total(page)
    assert everything >= 40
    museum = page.locator("[data-facet=museum] li").first
    expected = int(re.search(r"\((\d+)\)", museum.inner_text()).group(1))
    museum.locator("input").check()
    page.click(".facets button[type=submit]")
    page.wait_for_url(re.compile(r"[?&]museum="))
    assert result_total(page) == expected < everything
    material = page.locator("[data-facet=material] li").first
    narrower = int(re.search(r"\((\d+)\)", material.inner_text()).group(1))
    material.locator("input").check()
    page.click(".facets button[type=submit]")
    page.wait_for_url(re.compile(r"[?&]material="))
    assert result_total(page) == narrower <= expected
    screenshot(page, "search-facets")

    page.goto("/search")
    page.locator("#q").press_sequentially("bro", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#suggestions option').length > 0")
    assert any(value.lower().startswith("bro") for value in
               page.locator("#suggestions option").evaluate_all("options => options.map(o => o.value)"))

    page.goto("/search?q=bronze")
    assert result_total(page) > 0
    assert page.locator(".highlight em").count() > 0
    screenshot(page, "search")
    csv = page.request.get(page.locator(".downloads a").first.get_attribute("href"))
    assert csv.status == 200 and csv.text().splitlines()[0].startswith("id,")
    assert page.problems.messages == []


@pytest.mark.parametrize("path", ["/", "/exhibitions", f"/exhibitions/{DEMO_EXHIBITION}", "/museums", "/museums/nmc",
                                  "/search?q=bronze", "/login", "OBJECT"])
def test_axe_finds_no_serious_accessibility_violation(page, path):
    assert (REPO / "exhibitions" / "static" / "vendor" / "axe-core" / "axe.min.js").exists()
    if path == "OBJECT":
        path = f"/objects/{first_object_id(page, 'shaanxi')[0]}"
    page.goto(path)
    page.add_script_tag(url=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    name = {"/": "home", "/exhibitions": "exhibitions", "/museums": "museums", "/museums/nmc": "museum",
            "/login": "login"}.get(path)
    if name:
        screenshot(page, name)


@pytest.mark.parametrize(("locale", "name"), [("zh-CN", "search-zh"), ("ru-RU", "search-ru")])
def test_a_reader_whose_browser_speaks_chinese_or_russian_gets_the_pages_in_it(open_page, locale, name):
    page = open_page(locale=locale)
    page.goto("/search?q=bronze")
    assert page.get_attribute("html", "lang") == locale.split("-")[0]
    assert page.locator("h1").inner_text() == {"zh-CN": "搜索", "ru-RU": "Поиск"}[locale]
    page.add_script_tag(url=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")] == []
    screenshot(page, name)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1440, 900)], ids=["phone", "wide"])
def test_a_chinese_reader_finds_the_bronzes_by_their_chinese_name_and_reads_terms_in_chinese(page, width, height):
    size = "phone" if width < 640 else "wide"
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/search?material=bronze")
    bronzes = result_total(page)
    page.goto("/search?q=青铜&lang=zh")
    assert result_total(page) >= bronzes >= 3
    bronze = page.locator("[data-facet=material] li", has=page.locator("input[value=bronze]"))
    expect(bronze).to_contain_text(f"青铜 ({bronzes})")
    expect(page.locator("[data-facet=object_type]")).to_contain_text("器皿")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.locator("[data-facet=material]").scroll_into_view_if_needed()
    screenshot(page, f"search-terms-zh-{size}")

    page.goto(page.locator(".results a[href*='/objects/']").first.get_attribute("href") + "?lang=zh")
    details = page.locator(".object-details dl")
    expect(details).to_contain_text("青铜")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    details.scroll_into_view_if_needed()
    screenshot(page, f"object-terms-zh-{size}")
    assert page.problems.messages == []
