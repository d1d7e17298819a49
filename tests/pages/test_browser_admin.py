"""An admin at work in a real browser: adds a museum with its profile (a description in two
languages and a picture), an account whose one-time link then sets its password so that its
owner logs in, and a token that works until it is revoked; axe finds nothing serious on any
admin page, at a desktop's width and a phone's."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import image_bytes
from tests.pages.conftest import ADMIN, PASSWORD, browser_login, screenshot
from tests.pages.test_browser_work import serious_violations

pytestmark = pytest.mark.browser


def test_an_admin_adds_a_museum_with_its_profile(page, live_site):
    browser_login(page, ADMIN)
    expect(page).to_have_url(re.compile(r"/admin$"))  # an admin lands in their own work area
    page.locator(".admin-nav").get_by_role("link", name="Museums").click()
    page.get_by_role("link", name="New museum").click()
    page.fill("#f-slug", "merv")
    page.fill("#f-name-0-text", "Merv Museum")
    page.fill("#f-country", "TM")
    page.fill("#f-city", "Mary")
    page.fill("#f-lat", "37.5958")
    page.fill("#f-lon", "61.8331")
    page.select_option("#f-default_rights", label="CC BY-SA 4.0")
    page.fill("#f-description-0-text", "The museum of the oasis city of Merv.")
    expect(page.locator("#f-description-2-lang")).to_have_value("ru")
    page.fill("#f-description-2-text", "Музей оазиса Мерв.")
    page.set_input_files("#f-file", files=[{"name": "merv.jpg", "mimeType": "image/jpeg",
                                            "buffer": image_bytes(640, 400)}])
    page.get_by_role("button", name="Add the museum").click()
    page.wait_for_url("**/admin/museums/merv")
    expect(page.locator(".notice[role=status]")).to_contain_text("merv")
    expect(page.locator(".profile-preview")).to_be_visible()
    expect(page.get_by_label("Description (ru)")).to_have_value("Музей оазиса Мерв.")

    # A mistake comes back with a summary that leads to the field.
    page.fill("#f-lat", "north")
    page.get_by_role("button", name="Save the museum").click()
    expect(page.locator("#form-errors")).to_be_focused()
    page.locator("#form-errors a[href='#f-lat']").click()
    expect(page.locator("#f-lat")).to_be_focused()
    page.problems.messages.remove("console error: Failed to load resource: the server responded with a status of "
                                  "422 (UNPROCESSABLE ENTITY)")  # the refusal asked for

    museum = requests.get(f"{live_site}/api/v1/museums/merv", timeout=10).json()
    assert museum["description"] == {"en": ["The museum of the oasis city of Merv."], "ru": ["Музей оазиса Мерв."]}
    assert museum["profile_image"]["width"] == 640 and museum["location"] == {"lat": 37.5958, "lon": 61.8331}
    assert museum["default_rights"] == "http://creativecommons.org/licenses/by-sa/4.0/"
    page.goto("/museums/merv?lang=ru")
    expect(page.get_by_text("Музей оазиса Мерв.")).to_be_visible()
    assert page.problems.messages == []


def test_an_account_sets_its_password_through_its_link_and_logs_in(page, open_page):
    browser_login(page, ADMIN)
    page.goto("/admin/accounts")
    page.fill("#f-email", "new.curator@alliance.example")
    page.select_option("#f-role", "curator")
    page.get_by_role("button", name="Create the account").click()
    link = page.locator("#reset-link")
    expect(link).to_be_focused()  # the secret shown once has the focus, ready to copy
    expect(link).to_have_value(re.compile(r"/reset/[A-Za-z0-9_-]{20,}$"))
    page.get_by_role("button", name="Copy").click()
    expect(page.locator(".copied")).to_have_text("Copied.")
    assert serious_violations(page) == []
    screenshot(page, "admin-account-link")
    url = link.input_value()

    owner = open_page(height=720)
    owner.goto(url)
    assert serious_violations(owner) == []
    owner.fill("#f-password", "short")
    owner.fill("#f-repeated", "short")
    owner.get_by_role("button", name="Set the password").click()
    expect(owner.locator("#form-errors")).to_contain_text("at least 10 characters")
    owner.fill("#f-password", PASSWORD)
    owner.fill("#f-repeated", PASSWORD)
    owner.get_by_role("button", name="Set the password").click()
    owner.wait_for_url("**/login")
    expect(owner.locator(".notice[role=status]")).to_contain_text("Your password is set")
    browser_login(owner, "new.curator@alliance.example")
    expect(owner).to_have_url(re.compile(r"/curate$"))
    owner.goto(url)
    expect(owner.locator("h1")).to_contain_text("Gone")  # used once already: 410


def test_a_token_works_until_the_admin_revokes_it(page, live_site):
    browser_login(page, ADMIN)
    page.goto("/admin/tokens")
    page.fill("#f-name", "catalogue sync")
    page.select_option("#f-role", "contributor")
    page.select_option("#f-museum", "nmc")
    page.get_by_role("button", name="Create the token").click()
    token = page.locator("#new-token").input_value()
    headers = {"Authorization": f"Bearer {token}"}
    assert requests.get(f"{live_site}/api/v1/trash/objects", headers=headers, timeout=10).status_code == 200

    page.goto("/admin/tokens")
    row = page.locator("tr", has_text="catalogue sync")
    expect(row).not_to_contain_text("never")  # its last use is listed
    assert token not in page.content()  # shown once
    row.get_by_role("link", name=re.compile("Revoke")).click()
    expect(page.locator("h1")).to_contain_text("catalogue sync")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.locator(".notice[role=status]")).to_contain_text("revoked")
    expect(page.locator("tr", has_text="catalogue sync")).to_have_count(0)
    assert requests.get(f"{live_site}/api/v1/trash/objects", headers=headers, timeout=10).status_code == 401


@pytest.mark.parametrize("width", [1440, 390])
def test_axe_finds_no_serious_violation_on_the_admin_pages(open_page, width):
    page = open_page(width)
    browser_login(page, ADMIN)
    for path in ("/admin", "/admin/museums", "/admin/museums/new", "/admin/museums/nmc", "/admin/accounts",
                 "/admin/accounts/1", "/admin/tokens"):
        page.goto(path)
        assert serious_violations(page) == [], path
        # Nothing is wider than the screen: a phone scrolls only down.
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path
        screenshot(page, f"admin{path.removeprefix('/admin').replace('/', '-')}-{width}", full_page=True)
    page.goto("/admin/museums/new")
    page.get_by_role("button", name="Add the museum").click()  # nothing filled in: every error listed
    expect(page.locator("#form-errors")).to_be_focused()
    assert serious_violations(page) == [], "the museum form with its errors"
    screenshot(page, f"admin-museums-new-errors-{width}", full_page=True)
