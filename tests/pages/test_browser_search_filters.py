"""The search's filters on a phone: a "Filters" disclosure above the results, closed until asked
for, with the number of filters in force on it; on a desktop open beside the results. Both with
and without scripts; axe finds nothing serious either way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.pages.conftest import screenshot
from tests.pages.test_browser_public import result_total
from tests.pages.test_browser_work import serious_violations

pytestmark = pytest.mark.browser


def test_on_a_phone_the_filters_wait_behind_a_toggle_above_the_results(open_page):
    page = open_page(390)
    page.goto("/search?q=bronze")
    everything = result_total(page)
    toggle = page.locator(".filters-panel > summary")
    material = page.locator("[data-facet=material] li").first
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Filters")  # nothing in force yet
    expect(material).to_be_hidden()
    assert toggle.bounding_box()["y"] < page.locator("#results-heading").bounding_box()["y"]
    assert serious_violations(page) == []

    toggle.click()
    expect(material).to_be_visible()
    narrower = int(re.search(r"\((\d+)\)", material.inner_text()).group(1))
    material.locator("input").check()
    page.locator(".facets button[type=submit]").click()
    page.wait_for_url(re.compile(r"[?&]material="))
    assert result_total(page) == narrower < everything
    expect(material).to_be_hidden()  # the results come first again
    expect(page.locator(".filter-count")).to_have_text("1")
    expect(toggle).to_contain_text("active filters: 1")  # for a screen reader
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert serious_violations(page) == []
    screenshot(page, "search-filters-390")
    toggle.click()
    expect(page.locator("[data-facet=material] input:checked")).to_have_count(1)
    assert serious_violations(page) == []
    screenshot(page, "search-filters-open-390", full_page=True)
    assert page.problems.messages == []


def test_without_scripts_the_toggle_still_opens_and_applies(open_page):
    page = open_page(390, java_script_enabled=False)
    page.goto("/search?q=bronze&date_from=-500")
    expect(page.locator(".filter-count")).to_have_text("1")  # a date span is one filter
    page.locator(".filters-panel > summary").click()
    page.fill("#date_to", "1000")
    page.locator(".facets button[type=submit]").click()
    page.wait_for_url(re.compile(r"date_to=1000"))
    expect(page.locator(".filter-count")).to_have_text("1")


def test_on_a_desktop_the_filters_are_open_beside_the_results(open_page):
    page = open_page(1440)
    page.goto("/search?q=bronze")
    expect(page.locator(".filters-panel > summary")).to_be_hidden()
    material = page.locator("[data-facet=material] li").first
    expect(material).to_be_visible()
    material.locator("input").check()
    page.locator(".facets button[type=submit]").click()
    page.wait_for_url(re.compile(r"[?&]material="))
    expect(page.locator("[data-facet=material] input:checked")).to_be_visible()
    assert page.locator(".facets").bounding_box()["x"] < page.locator("#results-heading").bounding_box()["x"]
    assert serious_violations(page) == []
    screenshot(page, "search-filters-1440", full_page=True)
    assert page.problems.messages == []
