"""A reader takes a result set into Mirador: the search page's and the compare page's "Open these
results in a IIIF viewer" open /search/viewer on the IIIF Collection of those objects, whose first
object is shown with the others listed beside it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pages.test_browser_public import AXE, first_object_id

pytestmark = pytest.mark.browser


def collection_labels(page, collection: str) -> list[str]:
    """The English labels of the collection's manifests, as the server gives them."""
    document = page.request.get(collection).json()
    return [item["label"]["en"][0] for item in document["items"]]


def listed_in_viewer(page):
    """The manifests Mirador lists in the window's collection panel."""
    return page.locator(".mirador-companion-window-right [role=menuitem]")


def window_title(page):
    return page.locator(".mirador-window-top-bar h2, .mirador-window-top-bar [role=heading]").first


def test_a_searchs_hits_open_in_mirador_with_the_first_shown_and_all_listed(page):
    page.goto("/search?q=bronze")
    page.get_by_role("link", name="Open these results in a IIIF viewer").click()
    page.wait_for_url("**/search/viewer?*q=bronze*")
    labels = collection_labels(page, page.locator("#mirador").get_attribute("data-collection"))
    assert len(labels) >= 2
    expect(listed_in_viewer(page)).to_have_text(labels, timeout=20_000)
    expect(window_title(page)).to_have_text(labels[0])
    page.wait_for_selector(".mirador-window .openseadragon-canvas")
    # Another hit opens in the same window.
    listed_in_viewer(page).nth(1).click()
    expect(window_title(page)).to_have_text(labels[1])
    assert [m for m in page.problems.messages if "Content Security Policy" in m or "page error" in m] == []
    page.add_script_tag(url=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_the_compared_objects_open_in_mirador_the_same_way(page):
    ids = first_object_id(page, "nmc")[:1] + first_object_id(page, "rundale")[:1]
    page.goto(f"/compare?objects={','.join(ids)}")
    page.get_by_role("link", name="Open these results in a IIIF viewer").click()
    page.wait_for_url("**/search/viewer?id=*")
    labels = collection_labels(page, page.locator("#mirador").get_attribute("data-collection"))
    assert len(labels) == 2
    expect(listed_in_viewer(page)).to_have_text(labels, timeout=20_000)
    expect(window_title(page)).to_have_text(labels[0])
