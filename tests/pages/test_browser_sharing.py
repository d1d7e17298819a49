"""A reader shares a detail and a museum embeds a viewer, in a real browser: the shared link
reopens the object on the region that was on screen, and the embed pages draw their images
inside an iframe of another site, with no serious accessibility problem."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.pages.conftest import DEMO_EXHIBITION
from tests.pages.test_browser_public import AXE, first_object_id

pytestmark = pytest.mark.browser

# Where the viewer's screen lies in image pixels: [x, y, w, h].
SHOWN = """selector => { const v = document.querySelector(selector).osd, image = v.world.getItemAt(0);
    const r = image.viewportToImageRectangle(v.viewport.getBounds(true)); return [r.x, r.y, r.width, r.height]; }"""


def opened(page, selector: str) -> None:
    """Wait until the viewer in selector has opened its image and drawn it in full."""
    page.wait_for_function(
        """selector => { const e = document.querySelector(selector), v = e && e.osd;
             return v && v.world.getItemCount() > 0 && v.world.getItemAt(0).getFullyLoaded(); }""", arg=selector)


def test_a_shared_detail_reopens_the_region_that_was_on_screen(page, browser, live_site):
    object_id = first_object_id(page, "shaanxi")[0]
    page.goto(f"/objects/{object_id}")
    page.locator("#zoom").hover()  # the reader reaches for the viewer, which starts
    expect(page.locator("#zoom[data-shown]")).to_have_count(1)
    opened(page, "#zoom")
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

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = context.new_page()
    reader.goto(address)
    # A shared detail starts the viewer by itself, on its region.
    expect(reader.locator("#zoom[data-shown]")).to_have_count(1)
    opened(reader, "#zoom")
    after = reader.evaluate(SHOWN, "#zoom")
    context.close()
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
    opened(inner, "#embed-viewer")
    assert page.problems.messages == []


def test_the_exhibition_embed_steps_through_its_objects_inside_another_sites_iframe(page, live_site, museum_site):
    page.goto(museum_site(f'<!doctype html><title>A museum</title>'
                          f'<iframe src="{live_site}/embed/exhibitions/{DEMO_EXHIBITION}" width="800" height="600" '
                          f'title="Exhibition"></iframe>'))
    inner = next(f for f in page.frames if "/embed/exhibitions/" in f.url)
    opened(inner, "#embed-viewer")
    inner.get_by_role("button", name="Next").click()
    expect(inner.locator(".embed-count")).to_contain_text("2 of")
    expect(inner.locator(".embed-step:not([hidden]) .embed-title")).to_be_visible()
    inner.wait_for_function("() => document.getElementById('embed-viewer').dataset.step === '2'")
    opened(inner, "#embed-viewer")
    assert page.problems.messages == []


@pytest.mark.parametrize("which", ["object", "exhibition"])
def test_axe_finds_no_serious_problem_on_the_embed_pages(page, which):
    path = (f"/embed/objects/{first_object_id(page, 'shaanxi')[0]}" if which == "object"
            else f"/embed/exhibitions/{DEMO_EXHIBITION}")
    page.goto(path)
    opened(page, "#embed-viewer")
    page.add_script_tag(url=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
