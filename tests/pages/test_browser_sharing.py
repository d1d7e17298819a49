"""A reader shares a detail and a museum embeds a viewer, in a real browser: the shared link
reopens the object on the region that was on screen, and the embed pages draw their images
inside an iframe of another site, with no serious accessibility problem."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from iiif import content_state, urls
from iiif.content_state import ContentState
from tests.pages.conftest import DEMO_EXHIBITION, screenshot
from tests.pages.test_browser_public import (
    AXE,
    first_object_id,
    the_keyboard_starts_the_viewer,
    the_viewer_opens_at_the_still_images_framing,
    viewer_ready,
)

pytestmark = pytest.mark.browser

# Where the viewer's screen lies in image pixels: [x, y, w, h].
SHOWN = """selector => { const v = document.querySelector(selector).osd, image = v.world.getItemAt(0);
    const r = image.viewportToImageRectangle(v.viewport.getBounds(true)); return [r.x, r.y, r.width, r.height]; }"""


def test_a_shared_detail_reopens_the_region_that_was_on_screen(page, open_page):
    object_id = first_object_id(page, "shaanxi")[0]
    page.goto(f"/objects/{object_id}")
    page.locator("#zoom").hover()  # the reader reaches for the viewer, which starts
    expect(page.locator("#zoom[data-shown]")).to_have_count(1)
    viewer_ready(page, "#zoom")
    # The reader zooms on a part of the image (as far as the viewer lets a reader zoom).
    page.evaluate("""() => { const v = document.getElementById('zoom').osd;
        const size = v.world.getItemAt(0).getContentSize();
        v.viewport.fitBoundsWithConstraints(v.world.getItemAt(0).imageToViewportRectangle(
            size.x * .3, size.y * .35, size.x * .45, size.y * .4), true); }""")
    before = page.evaluate(SHOWN, "#zoom")
    page.get_by_role("button", name="Share this detail").click()
    link = page.locator("#detail-link")
    expect(link).to_be_visible()
    expect(page.locator(".object-stage .share-status")).not_to_be_empty()
    address = link.input_value()
    assert "?iiif-content=" in address

    reader = open_page()
    reader.goto(address)
    # A shared detail starts the viewer by itself, on its region.
    expect(reader.locator("#zoom[data-shown]")).to_have_count(1)
    viewer_ready(reader, "#zoom")
    after = reader.evaluate(SHOWN, "#zoom")
    # The same region within a twentieth of its size.
    tolerance = before[2] / 20
    assert all(abs(a - b) <= tolerance for a, b in zip(after, before, strict=True)), (before, after)


class _OtherSite(BaseHTTPRequestHandler):
    """A museum's own page on another origin, with our embed in an iframe."""

    page = ""

    def do_GET(self):
        body = self.page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def museum_site():
    """Serves one page on another loopback port (another origin); yields a setter of its HTML."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OtherSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def serve(html: str) -> str:
        _OtherSite.page = html
        return f"http://127.0.0.1:{server.server_port}/"

    yield serve
    server.shutdown()


def test_an_object_embed_draws_its_image_inside_another_sites_iframe(page, live_site, museum_site):
    object_id = first_object_id(page, "shaanxi")[0]
    page.goto(museum_site(f'<!doctype html><title>A museum</title><h1>Our partner</h1>'
                          f'<iframe src="{live_site}/embed/objects/{object_id}" width="800" height="600" '
                          f'title="Object" loading="lazy"></iframe>'))
    frame = page.frame_locator("iframe")
    expect(frame.locator(".embed-title a")).to_be_visible()
    inner = next(f for f in page.frames if "/embed/objects/" in f.url)
    frame.locator("#embed-viewer").hover()  # the viewer starts when the reader reaches for it
    viewer_ready(inner, "#embed-viewer")
    assert page.problems.messages == []


def test_the_exhibition_embed_steps_through_its_objects_inside_another_sites_iframe(page, live_site, museum_site):
    page.goto(museum_site(f'<!doctype html><title>A museum</title>'
                          f'<iframe src="{live_site}/embed/exhibitions/{DEMO_EXHIBITION}" width="800" height="600" '
                          f'title="Exhibition"></iframe>'))
    inner = next(f for f in page.frames if "/embed/exhibitions/" in f.url)
    viewer_ready(inner, "#embed-viewer")
    inner.get_by_role("button", name="Next").click()
    expect(inner.locator(".embed-count")).to_contain_text("2 of")
    expect(inner.locator(".embed-step:not([hidden]) .embed-title")).to_be_visible()
    inner.wait_for_function("() => document.getElementById('embed-viewer').dataset.step === '2'")
    viewer_ready(inner, "#embed-viewer")
    assert page.problems.messages == []


@pytest.mark.parametrize("which", ["object", "exhibition"])
def test_axe_finds_no_serious_problem_on_the_embed_pages(page, which):
    path = (f"/embed/objects/{first_object_id(page, 'shaanxi')[0]}" if which == "object"
            else f"/embed/exhibitions/{DEMO_EXHIBITION}")
    page.goto(path)
    page.locator("#embed-viewer").hover()  # the object's viewer starts when reached for
    viewer_ready(page, "#embed-viewer")
    page.add_script_tag(url=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


VIEWER_STARTED = "() => Boolean(window.OpenSeadragon || document.getElementById('embed-viewer').osd)"


def still_first(page) -> None:
    """The embed has loaded on its still image alone: sized for the frame, no viewer script."""
    still = page.locator("#embed-viewer img.zoom-still")
    expect(still).to_have_attribute("fetchpriority", "high")
    assert re.search(r"/\d+,/0/default\.jpg \d+w", still.get_attribute("srcset"))
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelector('#embed-viewer img.zoom-still').complete")
    assert not page.evaluate(VIEWER_STARTED)
    assert page.locator("script[src*='openseadragon']").count() == 0


def test_an_object_embed_shows_its_still_image_first_and_a_key_starts_the_viewer(page):
    page.goto(f"/embed/objects/{first_object_id(page, 'shaanxi')[0]}")
    still_first(page)
    the_keyboard_starts_the_viewer(page, "#embed-viewer")
    assert page.problems.messages == []


@pytest.mark.parametrize("width", [1440, 390])
def test_a_click_starts_the_embeds_viewer_at_the_still_images_framing(open_page, width):
    phone = width < 600
    page = open_page(width, 844 if phone else 900, is_mobile=phone, has_touch=phone)
    page.goto(f"/embed/objects/{first_object_id(page, 'shaanxi')[0]}")
    still_first(page)
    screenshot(page, f"embed-still-{width}")
    start = page.locator("#embed-viewer").tap if phone else page.locator("#embed-viewer img.zoom-still").click
    the_viewer_opens_at_the_still_images_framing(page, "#embed-viewer", start)
    screenshot(page, f"embed-zoom-{width}")


def region_on_screen(page, region) -> None:
    """The region is on screen, whole, and fills the frame's width or height."""
    shown = page.evaluate(SHOWN, "#embed-viewer")
    x, y, w, h = region
    assert shown[0] <= x + 1 and shown[1] <= y + 1, (region, shown)
    assert shown[0] + shown[2] >= x + w - 1 and shown[1] + shown[3] >= y + h - 1, (region, shown)
    assert min(shown[2] / w, shown[3] / h) < 1.05, (region, shown)


def test_an_object_embed_given_a_shared_detail_starts_its_viewer_at_once_on_it(page, live_site):
    object_id = first_object_id(page, "shaanxi")[0]
    page.goto(f"/embed/objects/{object_id}")
    info = page.locator(".embed-step").first.get_attribute("data-info")
    size = page.evaluate("async info => { const i = await (await fetch(info)).json(); "
                         "return [i.width, i.height]; }", info)
    region = (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2)
    state = content_state.encode(ContentState(urls.object_manifest(live_site, object_id),
                                              urls.object_canvas(live_site, object_id, 1), region))
    page.goto(f"/embed/objects/{object_id}?{urlencode({'iiif-content': state})}")
    # Nobody touches it: the viewer starts by itself once the page has loaded, on the detail.
    expect(page.locator("#embed-viewer[data-shown='1']")).to_have_count(1)
    viewer_ready(page, "#embed-viewer")
    region_on_screen(page, region)
    assert page.problems.messages == []


def test_an_exhibition_embed_whose_cover_is_a_region_starts_its_viewer_at_once_on_it(page):
    page.goto(f"/embed/exhibitions/{DEMO_EXHIBITION}")
    first = page.locator(".embed-step").first
    region = tuple(int(n) for n in first.get_attribute("data-region").split(","))
    # The demo's cover is a part of its image: nobody touches the frame, the viewer shows it.
    expect(page.locator("#embed-viewer[data-shown='1']")).to_have_count(1)
    viewer_ready(page, "#embed-viewer")
    region_on_screen(page, region)
    assert page.problems.messages == []
