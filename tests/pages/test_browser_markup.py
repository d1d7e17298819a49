"""Contributors' text reaches Mirador as text: titles and metadata holding `<` and `&` are shown
literally on the compare page and never become elements. (The object page's viewer,
OpenSeadragon, shows no text of the manifest; the page itself escapes what it shows.)"""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from exhibitions.accounts import auth
from exhibitions.models import Museum
from tests.conftest import image_bytes

pytestmark = pytest.mark.browser

TRAP = '<img src=x onerror="window.__pwned=1">'
BOLD = "<b>bold</b> & co"
# Elements a contributor's text must never become, and the flag its handler would raise.
INJECTED = """root => ({
    handlers: [...root.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length,
    traps: root.querySelectorAll('img[src="x"], b').length,
    pwned: window.__pwned === 1 })"""


@pytest.fixture(scope="module")
def marked_up_objects(live_app) -> list[str]:
    """Two objects of a museum of their own whose title and metadata hold markup as plain text."""
    platform = live_app.extensions["caravanserai"]
    with platform.db.transaction() as session:
        session.add(Museum(slug="markup-house", name={"en": ["Markup <House> & Co"]}, country="FR"))
    with platform.db.transaction() as session:
        token = {"Authorization": f"Bearer {auth.create_token(session, 'contributor', 'markup-house')}"}
    client = live_app.test_client()
    ids = []
    for accession, title in (("M-1", TRAP), ("M-2", BOLD)):
        body = {"title": {"en": [title]}, "rights": "https://creativecommons.org/licenses/by/4.0/",
                "description": {"en": [f"About {title}"]}, "creator": {"en": [title]},
                "materials": [TRAP], "credit_line": {"en": [BOLD]}}
        answer = client.put(f"/api/v1/museums/markup-house/objects/{accession}", json=body, headers=token)
        assert answer.status_code == 201, answer.get_json()
        image = client.post(f"/api/v1/museums/markup-house/objects/{accession}/images", headers=token,
                            data={"file": (io.BytesIO(image_bytes(300, 200)), "plain.jpg")},
                            content_type="multipart/form-data")
        assert image.status_code == 201, image.get_json()
        ids.append(answer.get_json()["id"])
    return ids


def test_compare_shows_contributors_markup_as_text_in_mirador(page, marked_up_objects):
    page.goto(f"/compare?objects={','.join(marked_up_objects)}")
    page.wait_for_function("() => document.querySelectorAll('.mirador-window .openseadragon-canvas').length === 2",
                           timeout=20_000)
    mirador = page.locator("#mirador")
    # The windows' titles, then everything the information panel shows of each manifest.
    expect(mirador.get_by_text(TRAP, exact=True).first).to_be_visible()
    expect(mirador.get_by_text(BOLD, exact=True).first).to_be_visible()
    for button in page.locator(".mirador-window [aria-label='Toggle sidebar']").all():
        button.click()
    expect(page.locator(".mirador-window aside")).to_have_count(2)
    expect(mirador.get_by_text(f"About {TRAP}", exact=True)).to_be_visible()
    expect(mirador.get_by_text("Markup <House> & Co", exact=True).first).to_be_visible()
    assert page.locator("#mirador").evaluate(INJECTED) == {"handlers": 0, "traps": 0, "pwned": False}
    assert [m for m in page.problems.messages if "Content Security Policy" in m] == []
