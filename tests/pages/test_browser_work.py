"""Curators and contributors at work in a real browser: a curator builds an exhibition from two
museums, draws a region and publishes it; a contributor adds an object with an image and
finds it by search, brings a deleted one back from the trash and reads its history."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import select, update

from exhibitions.models import ImportJob, Museum, utcnow
from tests.pages.conftest import CURATOR, DEMO_EXHIBITION, NMC_CONTRIBUTOR, browser_login, screenshot
from tests.pages.test_browser_public import TILE, viewer_ready

pytestmark = pytest.mark.browser

SLUG = "mirrors-and-armorials"


def test_a_curator_builds_publishes_and_the_public_sees_it(page, open_page):
    browser_login(page, CURATOR)
    page.goto("/curate")
    screenshot(page, "curate")
    page.fill("#new-slug", SLUG)
    page.fill("#new-title", "Mirrors and armorials")
    page.click("form[action='/curate'] button[type=submit]")
    page.wait_for_url(f"**/curate/{SLUG}")  # the studio; this test works in its form without JavaScript
    page.click("#form-link")
    page.wait_for_url(f"**/curate/{SLUG}/edit")
    expect(page.locator("#publish-at")).to_be_visible()  # a draft's editor can schedule its opening
    assert serious_violations(page) == []

    # Objects from two museums, found with the same search as the public's: words alone, then
    # words within one museum (Enter in any of the finder's fields searches).
    page.fill("#find_q", "bronze mirror")
    page.press("#find_q", "Enter")
    page.locator(".found li", has_text="National Museum of China").first.locator("button").click()
    expect(page.locator(".item-editor")).to_have_count(1)
    page.fill("#find_q", "armorial")
    page.select_option("#find_museum", "rundale")
    page.press("#find_type", "Enter")
    # Each answer replaces the page: wait for the one whose hits are all Rundāle's.
    found = page.locator(".found li")
    expect(found.first).to_contain_text("Rundāle Palace Museum")
    expect(found.filter(has_not_text="Rundāle Palace Museum")).to_have_count(0)
    page.locator(".finder").scroll_into_view_if_needed()
    screenshot(page, "curate-finder")
    found.first.locator("button").click()
    expect(page.locator(".item-editor")).to_have_count(2)

    page.fill("#sections-0-title-en", "Across the continent")
    page.fill("#sections-0-text-en", "A mirror cast in Chang'an and a plate painted for a Baltic family.")
    page.fill("#sections-0-items-0-caption-en", "Lions among the vines. <script>window.injected = 1</script>")
    page.fill("#sections-0-items-1-caption-en", "A coat of arms <em>made to order</em> in Jingdezhen.")

    # Draw the region on the first item's image.
    page.click(".draw-region[data-item='sections-0-items-0']")
    viewer_ready(page, "#sections-0-items-0-viewer")
    box = page.locator("#sections-0-items-0-viewer").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.35)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.5, steps=8)
    page.mouse.move(box["x"] + box["width"] * 0.65, box["y"] + box["height"] * 0.6, steps=8)
    page.mouse.up()
    expect(page.locator("#sections-0-items-0-region")).to_have_value(re.compile(r"^\d+,\d+,\d+,\d+$"))
    region = page.input_value("#sections-0-items-0-region")
    screenshot(page, "curate-editor")

    # Saving and publishing answer at the address the editor already has: wait for what each says.
    page.click("button[value=save]")
    expect(page.locator(".notice[role=status]")).to_have_text("Saved.")
    expect(page.locator("#sections-0-items-0-region")).to_have_value(region)
    page.click("button[value=publish]")
    expect(page.locator(".notice[role=status]")).to_have_text("Published: the public sees it now.")
    expect(page.locator(".status-published")).to_have_count(1)

    reader = open_page(height=720)
    tiles = []
    reader.on("response", lambda response: tiles.append(response.status) if TILE.search(response.url) else None)
    reader.goto(f"/exhibitions/{SLUG}")
    viewer_ready(reader, "#story-viewer")
    expect(reader.locator(".story-item")).to_have_count(2)
    expect(reader.locator("#item-1")).to_have_attribute("data-region", region)
    expect(reader.locator("#item-2 .caption em")).to_have_text("made to order")
    assert reader.evaluate("() => window.injected") is None
    assert set(tiles) == {200}
    screenshot(reader, "exhibition-built-by-curator")

    manifest = reader.request.get(f"/iiif/3/exhibitions/{SLUG}/manifest").json()
    assert len(manifest["items"]) == 2
    targets = [annotation["target"] for canvas in manifest["items"]
               for page_ in canvas.get("annotations", []) for annotation in page_["items"]]
    assert any(target.endswith(f"#xywh={region}") for target in targets), targets
    providers = {canvas["provider"][0]["id"] for canvas in manifest["items"]}
    assert len(providers) == 2

    page.click("a[href$='/history']")
    page.wait_for_url(f"**/curate/{SLUG}/history")
    versions = page.locator("#versions tbody tr")
    expect(versions.nth(1)).to_be_visible()  # as created, as saved, and perhaps more
    versions.last.locator("button").click()
    page.wait_for_url(f"**/curate/{SLUG}")
    expect(page.locator(".notice[role=status]")).to_contain_text("is the current one again")
    page.goto(f"/curate/{SLUG}/history")
    screenshot(page, "curate-history")
    assert page.problems.messages == []


def jpeg(width=900, height=700) -> bytes:
    image = Image.new("RGB", (width, height), (200, 180, 140))
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 100, 750, 600), fill=(40, 70, 120), outline=(250, 220, 90), width=12)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def test_a_contributor_adds_an_object_with_an_image_and_finds_it_by_search(page):
    browser_login(page, NMC_CONTRIBUTOR)
    page.goto("/contribute")
    page.wait_for_url("**/contribute/nmc")
    screenshot(page, "contribute")
    page.click("text=New object")
    page.wait_for_url("**/contribute/nmc/objects/new")
    page.fill("#f-accession", "NMC-2026-777")
    page.fill("#f-title-0-text", "Lacquered saddle with phoenix inlay")
    page.fill("#f-object_type", "saddle")
    page.fill("#f-materials", "lacquer, wood")
    page.fill("#f-date-label-0-text", "Liao dynasty, 10th century")
    page.fill("#f-date-start", "907")
    page.fill("#f-date-end", "1000")
    page.set_input_files("#f-images", files=[{"name": "saddle.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    # The rights are required: the page says so and keeps everything typed, except the file.
    refused = "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    with page.expect_console_message(lambda message: message.text == refused):
        page.click("form.object-form button[type=submit]")
    expect(page.locator(".errors")).to_be_visible()
    expect(page.locator("#f-title-0-text")).to_have_value("Lacquered saddle with phoenix inlay")
    page.problems.messages.remove(f"console error: {refused}")
    page.fill("#f-rights", "http://creativecommons.org/licenses/by/4.0/")
    page.set_input_files("#f-images", files=[{"name": "saddle.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    page.click("form.object-form button[type=submit]")
    page.wait_for_url("**/contribute/nmc/objects/NMC-2026-777")
    expect(page.locator(".object-form .thumbs img")).to_have_count(1)
    screenshot(page, "contribute-object")

    page.goto("/search?q=phoenix+saddle")
    hit = page.locator(".hit h3 a", has_text="Lacquered saddle with phoenix inlay")
    expect(hit).to_have_count(1)
    hit.click()
    page.wait_for_url("**/objects/*")
    page.locator("#zoom").hover()  # the viewer starts when the reader reaches for it
    viewer_ready(page, "#zoom")
    assert page.problems.messages == []


def test_a_contributor_imports_rows_and_sees_the_report(page, tmp_path):
    browser_login(page, NMC_CONTRIBUTOR)
    page.goto("/contribute/nmc/import")
    cc0 = "http://creativecommons.org/publicdomain/zero/1.0/"
    rows = ("accession,title.en,rights,object_type\n"
            + "".join(f"NMC-IMP-{n},Imported ink stone {n},{cc0},stationery\n" for n in range(1, 30))
            + f"NMC-IMP-BAD,,{cc0},stationery\n")
    page.set_input_files("#import-file", files=[{"name": "rows.csv", "mimeType": "text/csv",
                                                 "buffer": rows.encode()}])
    page.click("#import-form button[type=submit]")
    page.wait_for_url("**/contribute/nmc/imports/*")
    expect(page.locator("h1")).to_have_text("Import of rows.csv")
    expect(page.locator("#import-result .row-created")).to_have_count(29)
    expect(page.locator("#import-result .row-failed")).to_have_count(1)
    expect(page.locator("#import-result .row-failed")).to_contain_text("title")
    expect(page.locator("#import-result .summary")).to_have_text(re.compile(r"^30 rows: 29 created"))
    expect(page.locator("#import-job")).to_be_hidden()
    screenshot(page, "contribute-import")
    assert serious_violations(page) == []
    page.goto("/contribute/nmc")
    expect(page.locator("#recent-imports a", has_text="rows.csv")).to_have_count(1)
    assert serious_violations(page) == []
    assert page.problems.messages == []


def test_a_running_imports_page_follows_its_progress_and_shows_the_report_in_place(page, live_app):
    platform = live_app.extensions["caravanserai"]
    job_id = "b" * 32
    with platform.db.transaction() as session:
        museum = session.scalar(select(Museum).where(Museum.slug == "nmc"))
        # Running in a live process elsewhere (its heartbeat is fresh), so this one leaves it be.
        session.add(ImportJob(id=job_id, museum_id=museum.id, filename="slow.csv", status="running", done=40,
                              total=120, started=utcnow(), heartbeat=utcnow()))
    browser_login(page, NMC_CONTRIBUTOR)
    page.goto(f"/contribute/nmc/imports/{job_id}")
    expect(page.locator("#import-status")).to_have_text("40 of 120 rows imported.")

    def record(**values):
        with platform.db.transaction() as session:
            session.execute(update(ImportJob).where(ImportJob.id == job_id).values(heartbeat=utcnow(), **values))

    record(done=90)
    expect(page.locator("#import-status")).to_have_text("90 of 120 rows imported.")
    expect(page.locator("#import-progress")).to_have_attribute("value", "75")
    rows = [{"row": n, "line": n + 1, "accession": f"SLOW-{n}", "status": "failed",
             "errors": [{"field": "title", "message": "is required"}]} for n in range(1, 121)]
    record(status="finished", done=120, report={"total": 120, "created": 0, "replaced": 0, "unchanged": 0,
                                                "failed": 120, "rows": rows}, finished=utcnow())
    expect(page.locator("#import-result .row-failed")).to_have_count(120)
    expect(page.locator("#import-job")).to_be_hidden()
    expect(page.locator("#report-heading")).to_be_focused()
    assert page.problems.messages == []


def test_a_contributor_deletes_an_object_brings_it_back_from_the_trash_and_sees_its_history(page):
    browser_login(page, NMC_CONTRIBUTOR)
    page.goto("/contribute/nmc/objects/new")
    page.fill("#f-accession", "NMC-2026-TRASH")
    page.fill("#f-title-0-text", "Bronze bell, deleted by mistake")
    page.fill("#f-rights", "http://creativecommons.org/licenses/by/4.0/")
    page.click("form.object-form button[type=submit]")
    page.wait_for_url("**/contribute/nmc/objects/NMC-2026-TRASH")

    page.check(".danger-zone input[name=confirm]")
    page.click(".danger-zone button[type=submit]")
    page.wait_for_url("**/contribute/nmc/trash")
    row = page.locator("#trash tbody tr", has_text="NMC-2026-TRASH")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Bronze bell")
    assert serious_violations(page) == []
    screenshot(page, "contribute-trash")

    row.locator("button", has_text="Restore").click()
    page.wait_for_url("**/contribute/nmc/objects/NMC-2026-TRASH")
    expect(page.locator("#f-title-0-text")).to_have_value("Bronze bell, deleted by mistake")

    page.fill("#f-title-0-text", "Bronze bell")
    page.click("form.object-form button[type=submit]")
    # Saved at the address the form already has: wait for the page that says so.
    expect(page.locator(".notice[role=status]")).to_have_text("Saved: replaced.")
    page.click("text=History")
    page.wait_for_url("**/contribute/nmc/objects/NMC-2026-TRASH/history")
    expect(page.locator("#version-1")).to_contain_text("Bronze bell, deleted by mistake")
    assert serious_violations(page) == []
    screenshot(page, "contribute-history")
    assert page.problems.messages == []


def serious_violations(page) -> list:
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_violation_on_the_working_pages(page):
    browser_login(page, CURATOR)
    for path in ("/curate", "/curate/trash", f"/curate/{DEMO_EXHIBITION}/history", f"/curate/{DEMO_EXHIBITION}"):
        page.goto(path)
        assert serious_violations(page) == [], path
    screenshot(page, "curate-demo-exhibition")
    browser_login(page, NMC_CONTRIBUTOR)
    for path in ("/contribute/nmc", "/contribute/nmc/objects/new", "/contribute/nmc/objects/NMC-2021-001",
                 "/contribute/nmc/import"):
        page.goto(path)
        assert serious_violations(page) == [], path
