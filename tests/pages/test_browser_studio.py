"""The curators' studio in a real browser: an exhibition built from three museums with no page
load after the editor opens, autosave that outlives the tab, a warning before leaving unsaved
work, the choice two curators get when they save the same draft, blocks reordered with the
keyboard alone, and no serious accessibility fault at a desktop's or a phone's width."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from exhibitions.accounts import auth
from tests.pages.conftest import CURATOR, PASSWORD, browser_login, screenshot
from tests.pages.test_browser_public import viewer_ready
from tests.pages.test_browser_work import serious_violations

pytestmark = pytest.mark.browser

SECOND_CURATOR = "second.curator@alliance.example"
STUDIO_EDITOR = "studio.editor@alliance.example"
WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def second_curator(live_app):
    with live_app.extensions["caravanserai"].db.transaction() as session:
        auth.create_account(session, SECOND_CURATOR, PASSWORD, "curator")
    return SECOND_CURATOR


@pytest.fixture(scope="module")
def editor(live_app):
    with live_app.extensions["caravanserai"].db.transaction() as session:
        auth.create_account(session, STUDIO_EDITOR, PASSWORD, "editor")
    return STUDIO_EDITOR


def curator_page(open_page, email=CURATOR, width=1440, height=900):
    page = open_page(width, height)
    browser_login(page, email)
    return page


def create(page, slug: str, document: dict, team: tuple[str, ...] = ()) -> None:
    """An exhibition made through the JSON API with the page's login and its CSRF token (and
    curators invited to its team)."""
    page.goto("/curate/new")
    token = page.get_attribute("meta[name=csrf-token]", "content")
    answer = page.request.post("/api/v1/exhibitions", data={"slug": slug, **document},
                               headers={"X-CSRFToken": token})
    assert answer.status == 201, answer.text()
    if team:
        answer = page.request.put(f"/api/v1/exhibitions/{slug}/team", data={"members": list(team)},
                                  headers={"X-CSRFToken": token})
        assert answer.ok, answer.text()


def saved(page) -> None:
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved", timeout=10_000)


def draft(page, slug: str) -> dict:
    return page.request.get(f"/api/v1/exhibitions/{slug}/draft").json()


def add_found(page, words: str, museum: str) -> None:
    page.fill("#find-q", words)
    page.press("#find-q", "Enter")
    page.locator(".found-item", has_text=museum).first.get_by_role("button").click()


def test_the_reference_exhibition_is_built_and_published_without_a_page_load(page, live_site):
    """Two sections, four objects of three museums, one region drawn, captions in two languages,
    published: every step in the studio, and the page never loads again once it has opened."""
    browser_login(page, CURATOR)
    page.goto("/curate/new")
    loads, documents = [], []
    page.on("load", lambda _page: loads.append(page.url))
    page.on("request", lambda request: documents.append(request.url)
            if request.resource_type == "document" and request.frame == page.main_frame else None)
    started = time.monotonic()
    clicks = fields = 0

    page.fill("#new-title", "Treasures in dialogue")
    fields += 1
    expect(page.locator("#new-slug")).to_have_value("treasures-in-dialogue")  # proposed from the title
    page.click("#new-form button[type=submit]")
    clicks += 1
    page.wait_for_url("**/curate/treasures-in-dialogue")
    screenshot(page, "studio-started")

    page.click("#add-section")
    clicks += 1
    page.keyboard.type("Metal and silver")  # the new section's title has the focus
    fields += 1
    add_found(page, "bronze mirror", "National Museum of China")
    add_found(page, "gilded silver bowl", "Shaanxi History Museum")
    clicks, fields = clicks + 2, fields + 2
    page.click("#add-section")
    page.keyboard.type("Porcelain for Europe")
    add_found(page, "armorial", "Rundāle Palace Museum")
    add_found(page, "tea bowl saucer", "Rundāle Palace Museum")
    clicks, fields = clicks + 3, fields + 3
    expect(page.locator(".st-block-object")).to_have_count(4)

    # A second language: a column beside every text, its empty texts marked missing.
    page.fill("#new-language", "zh")
    page.click("#add-language")
    clicks, fields = clicks + 1, fields + 1
    expect(page.locator("#f-sections-0-title-zh")).to_be_visible()
    expect(page.locator("#f-sections-0-title-zh").locator("xpath=..")).to_have_class(re.compile("missing"))

    first = "sections-0-blocks-0"
    page.fill(f"#f-{first}-caption-en", "Lions and grapevines on a Tang mirror.")
    page.fill(f"#f-{first}-caption-zh", "唐代海兽葡萄纹铜镜。")
    fields += 2

    page.click("[data-path='sections.0.blocks.0'] .draw-region")
    clicks += 1
    viewer_ready(page, f"#f-{first}-viewer")
    box = page.locator(f"#f-{first}-viewer").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.45, steps=6)
    page.mouse.move(box["x"] + box["width"] * 0.65, box["y"] + box["height"] * 0.7, steps=6)
    page.mouse.up()
    clicks += 1  # the drag
    expect(page.locator(f"#f-{first}-region-w")).not_to_have_value("")
    saved(page)
    screenshot(page, "studio-built")

    page.click("#publish")
    clicks += 1
    expect(page.locator("#studio-status")).to_have_class(re.compile("status-published"))
    elapsed = time.monotonic() - started

    assert loads == [] and documents == [], (loads, documents)
    live = page.request.get("/api/v1/exhibitions/treasures-in-dialogue").json()
    assert live["status"] == "published"
    blocks = [block for section in live["sections"] for block in section["blocks"]]
    assert [section["title"] for section in live["sections"]] == [{"en": ["Metal and silver"]},
                                                                   {"en": ["Porcelain for Europe"]}]
    assert len({block["object"].split("-")[0] for block in blocks}) == 3  # three museums' accession prefixes
    assert re.fullmatch(r"\d+,\d+,\d+,\d+", blocks[0]["region"])
    assert blocks[0]["caption"] == {"en": ["Lions and grapevines on a Tang mirror."], "zh": ["唐代海兽葡萄纹铜镜。"]}
    print(f"\nreference task in the studio: {clicks} clicks, {fields} typed fields, 0 page loads, {elapsed:.1f} s")
    assert page.problems.messages == []


def test_autosave_outlives_the_tab_and_leaving_unsaved_work_warns(open_page):
    page = curator_page(open_page)
    create(page, "kept-drafts", {"title": {"en": ["Kept drafts"]}})
    page.goto("/curate/kept-drafts")
    page.fill("#f-title-en", "Kept through a closed tab")
    saved(page)
    page.close()

    again = page.context.new_page()
    again.goto("/curate/kept-drafts")
    expect(again.locator("#f-title-en")).to_have_value("Kept through a closed tab")
    assert draft(again, "kept-drafts")["exists"] is True

    # A change not yet saved: closing the tab asks first.
    dialogs = []
    again.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    again.click("#f-title-en")
    again.keyboard.type(" and more")
    again.close(run_before_unload=True)
    expect(again.locator("#save-state")).not_to_have_attribute("data-state", "saved")
    again.wait_for_event("dialog") if not dialogs else None
    assert dialogs == ["beforeunload"]


def test_two_curators_saving_one_draft_get_a_choice_not_an_error(open_page, second_curator):
    mine = curator_page(open_page)
    create(mine, "two-curators", {"title": {"en": ["Two curators"]}, "sections": [{"title": {"en": ["One"]}}]},
           team=(second_curator,))
    theirs = curator_page(open_page, second_curator)
    mine.goto("/curate/two-curators")
    theirs.goto("/curate/two-curators")

    theirs.fill("#f-sections-0-title-en", "Their section")
    saved(theirs)
    mine.fill("#f-sections-0-title-en", "My section")
    dialog = mine.locator("#conflict")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(second_curator)
    for name in ("Load their version", "Keep mine and overwrite", "Copy mine to clipboard"):
        expect(dialog.get_by_role("button", name=name)).to_be_visible()
    assert serious_violations(mine) == []
    for name, (width, height) in WIDTHS.items():
        mine.set_viewport_size({"width": width, "height": height})
        screenshot(mine, f"studio-conflict-{name}")

    dialog.get_by_role("button", name="Load their version").click()
    expect(dialog).to_be_hidden()
    expect(mine.locator("#f-sections-0-title-en")).to_have_value("Their section")
    mine.click("#undo")  # mine comes back, and is saved on top of theirs
    expect(mine.locator("#f-sections-0-title-en")).to_have_value("My section")
    saved(mine)
    assert draft(mine, "two-curators")["sections"][0]["title"] == {"en": ["My section"]}

    theirs.fill("#f-sections-0-title-en", "Their second word")
    expect(theirs.locator("#conflict")).to_be_visible()
    theirs.get_by_role("button", name="Keep mine and overwrite").click()
    saved(theirs)
    assert draft(theirs, "two-curators")["sections"][0]["title"] == {"en": ["Their second word"]}


def test_a_keyboard_user_reorders_blocks_without_a_mouse(open_page):
    page = curator_page(open_page)
    texts = [{"type": "text", "text": {"en": [f"<p>Paragraph {n}</p>"]}} for n in (1, 2, 3)]
    create(page, "by-keyboard", {"title": {"en": ["By keyboard"]},
                                 "sections": [{"title": {"en": ["First"]}, "blocks": texts},
                                              {"title": {"en": ["Second"]}, "blocks": []}]})
    page.goto("/curate/by-keyboard")
    handle = "[data-path='sections.0.blocks.0'] .handle"
    expect(page.locator(handle)).to_be_visible()
    for _ in range(200):  # Tab, and only Tab, to the first block's handle
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector(\"{handle}\")"):
            break
    else:
        pytest.fail("Tab never reached the first block's handle")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#announcer")).to_have_text("Text 1 moved: position 2 of 3.")
    moved = "[data-path='sections.0.blocks.1']"
    assert page.evaluate(f"document.querySelector(\"{moved}\").contains(document.activeElement)")
    expect(page.locator(f"{moved} .rich-text")).to_have_text("Paragraph 1")
    # On to its "Move down" button, and Enter: the block goes last, and the focus goes with it.
    while not page.evaluate("document.activeElement.dataset.move === 'down'"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    last = "[data-path='sections.0.blocks.2']"
    expect(page.locator(f"{last} .rich-text")).to_have_text("Paragraph 1")
    assert page.evaluate(f"document.querySelector(\"{last}\").contains(document.activeElement)")
    saved(page)
    order = [block["text"]["en"][0] for block in draft(page, "by-keyboard")["sections"][0]["blocks"]]
    assert order == ["<p>Paragraph 2</p>", "<p>Paragraph 3</p>", "<p>Paragraph 1</p>"]


def drag(page, grip: str, onto: str, below: bool) -> None:
    """Drag with the mouse, as a hand would: press on the grip, move until the browser's own drag
    has begun (the list sorter marks the dragged block once it takes part), move over the lower or
    upper part of the target, on and a little about, until the block stands right beside it, and
    release."""
    start, target = page.locator(grip).bounding_box(), page.locator(onto).bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + 8, steps=4)
    page.wait_for_selector(".drag-ghost")
    x = target["x"] + target["width"] / 2
    y = target["y"] + target["height"] * (0.8 if below else 0.2)
    page.mouse.move(x, y, steps=12)
    beside = ("document.querySelector(onto).nextElementSibling === document.querySelector('.drag-ghost')" if below
              else "document.querySelector('.drag-ghost').nextElementSibling === document.querySelector(onto)")
    for step in range(40):  # the sorter acts on the pointer's moves: move until it has
        if page.evaluate(f"(onto) => {beside}", onto):
            break
        page.mouse.move(x, y + (step % 3 - 1) * 4)
    else:
        pytest.fail(f"the dragged block never came {'below' if below else 'above'} {onto}")
    page.mouse.up()


def test_a_mouse_drags_a_block_down_and_into_another_section(open_page):
    # A window tall enough for the whole studio: both ends of each drag in sight, as a hand
    # scrolling along would have them.
    page = curator_page(open_page, height=3000)
    texts = [{"type": "text", "text": {"en": [f"<p>Paragraph {n}</p>"]}} for n in (1, 2, 3)]
    create(page, "by-mouse", {"title": {"en": ["By mouse"]},
                              "sections": [{"title": {"en": ["First"]}, "blocks": texts},
                                           {"title": {"en": ["Second"]}, "blocks": [
                                               {"type": "text", "text": {"en": ["<p>Paragraph 4</p>"]}}]}]})
    page.goto("/curate/by-mouse")
    expect(page.locator("[data-path='sections.1.blocks.0'] .handle")).to_be_visible()

    drag(page, "[data-path='sections.0.blocks.0'] .handle", "[data-path='sections.0.blocks.2']", below=True)
    expect(page.locator("[data-path='sections.0.blocks.2'] .rich-text")).to_have_text("Paragraph 1")
    saved(page)

    def order() -> list[list[str]]:
        sections = draft(page, "by-mouse")["sections"]
        return [[block["text"]["en"][0] for block in section["blocks"]] for section in sections]

    assert order() == [["<p>Paragraph 2</p>", "<p>Paragraph 3</p>", "<p>Paragraph 1</p>"], ["<p>Paragraph 4</p>"]]

    drag(page, "[data-path='sections.0.blocks.0'] .handle", "[data-path='sections.1.blocks.0']", below=False)
    expect(page.locator("[data-path='sections.1.blocks.0'] .rich-text")).to_have_text("Paragraph 2")
    saved(page)
    assert order() == [["<p>Paragraph 3</p>", "<p>Paragraph 1</p>"], ["<p>Paragraph 2</p>", "<p>Paragraph 4</p>"]]
    page.reload()  # what was saved is what the studio opens with
    expect(page.locator("[data-path='sections.1.blocks.0'] .rich-text")).to_have_text("Paragraph 2")


def post(page, path: str, body: dict | None = None) -> None:
    token = page.get_attribute("meta[name=csrf-token]", "content")
    answer = page.request.post(path, data=body or {}, headers={"X-CSRFToken": token})
    assert answer.ok, answer.text()


def test_a_slug_changes_in_the_studio_until_the_exhibition_is_first_published(open_page, live_site):
    page = curator_page(open_page)
    create(page, "first-draft-name", {"title": {"en": ["Renamed"]}})
    page.goto("/curate/first-draft-name")
    page.fill("#studio-slug", "threads-of-the-silk-road")
    page.get_by_role("button", name="Change address").click()
    expect(page.locator("#slug-error")).to_contain_text("already an exhibition")  # 409: taken
    page.fill("#studio-slug", "Not A Slug")
    page.get_by_role("button", name="Change address").click()
    expect(page.locator("#slug-error")).to_be_visible()  # 422: malformed
    expect(page.locator("#studio-slug")).to_have_attribute("aria-invalid", "true")

    page.fill("#studio-slug", "cobalt-roads")
    expect(page.locator("#slug-address")).to_have_text(f"{live_site}/exhibitions/cobalt-roads")
    page.get_by_role("button", name="Change address").click()
    page.wait_for_url("**/curate/cobalt-roads")
    expect(page.locator("#slug-error")).to_have_count(0)
    expect(page.locator("#form-link")).to_have_attribute("href", "/curate/cobalt-roads/edit")
    page.fill("#f-title-en", "Cobalt roads")
    saved(page)  # the studio saves under its new slug
    assert draft(page, "cobalt-roads")["title"] == {"en": ["Cobalt roads"]}

    post(page, "/api/v1/exhibitions/cobalt-roads/publish")
    page.reload()
    expect(page.locator("#studio-slug")).to_have_attribute("readonly", "")
    expect(page.locator("#studio-slug")).to_have_css("border-top-style", "dashed")  # not a box to type in
    expect(page.locator("#studio-slug")).to_have_accessible_description(re.compile("Published once"))
    expect(page.locator("#slug-fixed")).to_be_visible()
    screenshot(page, "studio-slug-fixed")
    expect(page.get_by_role("button", name="Change address")).to_have_count(0)


def test_an_editor_returns_a_submitted_draft_with_a_comment_the_curator_reads(open_page, editor):
    mine = curator_page(open_page)
    create(mine, "to-be-reviewed", {"title": {"en": ["To be reviewed"]}, "sections": [
        {"title": {"en": ["One"]}, "blocks": [{"type": "text", "text": {"en": ["<p>A bowl.</p>"]}}]}]})
    post(mine, "/api/v1/exhibitions/to-be-reviewed/submit")
    mine.goto("/curate/to-be-reviewed")
    expect(mine.locator("#studio-status")).to_contain_text("Waiting for review")
    expect(mine.locator("#return-review")).to_be_hidden()  # a curator does not review

    theirs = curator_page(open_page, editor)
    theirs.goto("/curate/to-be-reviewed")
    theirs.get_by_role("button", name="Return to curator").click()
    theirs.fill("#return-comment", "Date the bowl, please.")
    theirs.locator("#return-box").get_by_role("button", name="Return to curator").click()
    expect(theirs.locator("#announcer")).to_have_text("Returned to the curator.")
    expect(theirs.locator("#return-review")).to_be_hidden()

    mine.reload()
    expect(mine.locator("#studio-status")).to_contain_text("Returned: Date the bowl, please.")


@pytest.mark.parametrize("name", WIDTHS)
def test_the_studio_pages_have_no_serious_accessibility_fault(open_page, name):
    width, height = WIDTHS[name]
    page = curator_page(open_page, width=width, height=height)
    page.goto("/curate/new")
    expect(page.locator("#new-title")).to_be_visible()
    assert serious_violations(page) == [], "/curate/new"
    screenshot(page, f"studio-empty-{name}")

    page.goto("/curate/threads-of-the-silk-road")
    expect(page.locator(".st-section").first).to_be_visible()
    expect(page.locator(".st-item-title a").first).not_to_have_text(re.compile("^[A-Z]+-"))  # titles arrived
    assert serious_violations(page) == [], "the studio with content"
    screenshot(page, f"studio-content-{name}")

    page.click("#preview-toggle")
    frame = page.frame_locator(".preview-desktop iframe")
    expect(frame.locator("h1").first).to_be_visible()
    expect(page.frame_locator(".preview-phone iframe").locator("h1").first).to_be_visible()
    assert serious_violations(page) == [], "the studio's preview"
    page.locator("#preview").scroll_into_view_if_needed()
    screenshot(page, f"studio-preview-{name}")


@pytest.mark.parametrize("name", WIDTHS)
def test_the_work_area_form_history_and_trash_fit_and_have_no_serious_fault(open_page, name):
    width, height = WIDTHS[name]
    page = curator_page(open_page, width=width, height=height)
    create(page, f"to-the-trash-{name}", {"title": {"en": ["Gone for now"]}})
    token = page.get_attribute("meta[name=csrf-token]", "content")
    assert page.request.delete(f"/api/v1/exhibitions/to-the-trash-{name}", headers={"X-CSRFToken": token}).ok
    demo = "/curate/threads-of-the-silk-road"
    for path, shot in (("/curate", "curate-home"), (f"{demo}/edit", "curate-form"),
                       (f"{demo}/history", "curate-history"), ("/curate/trash", "curate-trash")):
        page.goto(path)
        assert serious_violations(page) == [], path
        # Nothing is wider than the screen: a phone scrolls only down.
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path
        screenshot(page, f"{shot}-{name}", full_page=True)
