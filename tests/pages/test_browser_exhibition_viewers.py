"""An exhibition's IIIF manifest opens in the two viewers museums run on their own sites, Mirador
and the Universal Viewer: each shows the exhibition's title, lists every canvas, and draws the first
canvas from our Image API's tiles. The viewers are served from our own files by a site on another
origin (as a museum's would be), so the manifest and the tiles cross origins as they do in use, and
any request that would leave this machine is refused and counted: the viewers must work offline."""

from __future__ import annotations

import posixpath
import re
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from tests.museum_site import MuseumHandler, running
from tests.pages.conftest import DEMO_EXHIBITION, REPO, screenshot

pytestmark = pytest.mark.browser

# Mirador is one of the pages' own vendored files. The Universal Viewer is used by no page of ours
# and its build is 25 MB (its config, locales and themes are fetched from beside UV.js), so it stays
# in node_modules (a devDependency that scripts/assets.sh installs) and is served by this test alone.
VIEWERS = {
    "mirador": REPO / "exhibitions" / "static" / "vendor" / "mirador",
    "uv": REPO / "node_modules" / "universalviewer" / "dist",
}
# The two pages that open a manifest given in their query, one in each viewer.
VIEWER_PAGES = Path(__file__).parent / "viewers"


class ViewerSite(MuseumHandler, SimpleHTTPRequestHandler):
    """A museum's site holding the viewers' files under /mirador/ and /uv/, and the two pages."""

    def translate_path(self, path: str) -> str:
        head, *rest = posixpath.normpath(unquote(urlsplit(path).path)).strip("/").split("/")
        if head in VIEWERS:
            return str(VIEWERS[head].joinpath(*rest))
        return str(VIEWER_PAGES.joinpath(head, *rest))


@pytest.fixture(scope="module")
def viewer_site():
    for name, folder in VIEWERS.items():
        if not folder.is_dir():
            pytest.fail(f"the {name} viewer files are missing: run scripts/assets.sh")
    with running(ViewerSite) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def exhibition(page, live_site):
    """The demo exhibition's manifest URL and document, as the server gives them."""
    url = f"{live_site}/iiif/3/exhibitions/{DEMO_EXHIBITION}/manifest"
    return url, page.request.get(url).json()


@pytest.fixture
def offline(page):
    """Refuses every request to a host other than this machine; gives the list of URLs refused."""
    refused: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return refused


def first_tile_of(document) -> re.Pattern:
    """A tile of the first canvas's image from its Image API service (not its info.json)."""
    body = document["items"][0]["items"][0]["items"][0]["body"]
    service = body["service"][0]["id"]
    return re.compile(re.escape(service) + r"/(?!info\.json)")


def open_in(page, viewer_site, viewer: str, manifest: str, document) -> None:
    """Opens the manifest in the viewer's page at 1440 px and waits for the first canvas's tiles."""
    tile = first_tile_of(document)
    page.set_viewport_size({"width": 1440, "height": 900})
    with page.expect_response(lambda response: tile.search(response.url) and response.status == 200,
                              timeout=30_000):
        page.goto(f"{viewer_site}/{viewer}.html?manifest={quote(manifest, safe='')}")


def failed_requests(page) -> list[str]:
    """The URLs the page asked for and was refused (4xx, 5xx), as they come."""
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    return failed


def english(label: dict) -> str:
    return label["en"][0]


def test_the_exhibition_opens_in_mirador(page, viewer_site, exhibition, offline):
    failed = failed_requests(page)
    url, document = exhibition
    open_in(page, viewer_site, "mirador", url, document)
    expect(page.locator(".mirador-window-top-bar h2, .mirador-window-top-bar [role=heading]").first
           ).to_have_text(english(document["label"]))
    # The table of contents lists the sections (the manifest's ranges), the item list every canvas.
    index = page.locator(".mirador-companion-window-left")
    expect(index.get_by_role("treeitem")).to_have_text([english(r["label"]) for r in document["structures"]])
    index.get_by_role("tab", name="Item list").click()
    expect(index.get_by_role("menuitem")).to_have_text([english(c["label"]) for c in document["items"]])
    expect(page.locator(".mirador-canvas-count")).to_contain_text(f"1 of {len(document['items'])}")
    page.mouse.move(800, 450)  # off the tab, whose tooltip would cover the list in the screenshot
    screenshot(page, "viewer-mirador-exhibition")
    assert failed == []
    # Mirador 4.0.0 logs React 19's notice that element.ref is deprecated as a console error on
    # every start; a reader suffers only from errors that stop the viewer's scripts.
    assert [m for m in page.problems.messages if m.startswith("page error")] == []
    assert offline == []


def test_the_exhibition_opens_in_the_universal_viewer(page, viewer_site, exhibition, offline):
    failed = failed_requests(page)
    url, document = exhibition
    open_in(page, viewer_site, "uv", url, document)
    expect(page.locator("#uv .centerPanel h1.title")).to_have_text(english(document["label"]))
    expect(page.locator("#uv .thumb")).to_have_count(len(document["items"]))
    expect(page.locator("#uv .thumb .label")).to_have_text([english(c["label"]) for c in document["items"]])
    screenshot(page, "viewer-uv-exhibition")
    # UV hands OpenSeadragon its buttons' images as data: URIs but no prefixUrl, so OpenSeadragon
    # asks the page's host for /images/data:... once per button: a harmless 404 of UV's own.
    assert [url for url in failed if "/images/data:image/" not in url] == []
    # The console's only errors are those 404s.
    assert [m for m in page.problems.messages if "Failed to load resource" not in m] == []
    assert offline == []
