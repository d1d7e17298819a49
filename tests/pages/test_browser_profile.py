"""A museum's contributor changes its own museum's profile in a real browser: from the dashboard
to the form, a mistake that the summary leads back to, then saved and seen on the museum's public
page; axe finds nothing serious on the form, blank or with its errors, at a desktop's width and
a phone's."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.pages.conftest import RUNDALE_CONTRIBUTOR, browser_login, screenshot
from tests.pages.test_browser_work import serious_violations

pytestmark = pytest.mark.browser
REFUSED = "console error: Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"


@pytest.mark.parametrize("width", [1440, 390])
def test_a_contributor_changes_its_museums_profile(open_page, live_site, width):
    page = open_page(width)
    browser_login(page, RUNDALE_CONTRIBUTOR)
    expect(page).to_have_url(re.compile(r"/contribute/rundale$"))
    page.get_by_role("link", name="Museum profile").click()
    expect(page).to_have_url(re.compile(r"/contribute/rundale/profile$"))
    expect(page.locator("#f-slug")).to_have_count(0)  # the museum's address is the admins' to change
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")  # a phone scrolls only down
    screenshot(page, f"contribute-profile-{width}", full_page=True)

    city = page.input_value("#f-city")
    page.fill("#f-city", "Rundāle")
    latitude = page.input_value("#f-lat")
    page.fill("#f-lat", "north")
    page.get_by_role("button", name="Save the museum").click()
    expect(page.locator("#form-errors")).to_be_focused()
    expect(page.locator("#f-city")).to_have_value("Rundāle")  # nothing typed is lost
    assert serious_violations(page) == []
    screenshot(page, f"contribute-profile-errors-{width}", full_page=True)
    assert requests.get(f"{live_site}/api/v1/museums/rundale", timeout=10).json()["city"] == city

    page.locator("#form-errors a[href='#f-lat']").click()
    expect(page.locator("#f-lat")).to_be_focused()
    page.fill("#f-lat", latitude)
    page.get_by_role("button", name="Save the museum").click()
    expect(page.locator(".notice[role=status]")).to_contain_text("rundale")
    assert requests.get(f"{live_site}/api/v1/museums/rundale", timeout=10).json()["city"] == "Rundāle"
    page.get_by_role("link", name="Public page").click()
    expect(page.locator("main")).to_contain_text("Rundāle")

    page.goto("/contribute/rundale/profile")  # put back as the demo has it, for the other tests
    page.fill("#f-city", city)
    page.get_by_role("button", name="Save the museum").click()
    expect(page.locator(".notice[role=status]")).to_contain_text("rundale")
    assert page.problems.messages == [REFUSED]  # the refusal asked for, and nothing else
