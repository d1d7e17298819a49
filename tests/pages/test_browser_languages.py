"""Each of the twelve interface languages in a real browser on a 390 px phone: home, search, an
object and an exhibition with no text running off the screen, the right lang and dir (Persian and
Arabic mirrored), and axe finding nothing serious or critical; the viewer's controls work right to
left. Screenshots of every page, and of some languages at 1440 px, are kept to look at."""

from __future__ import annotations

import pytest

from exhibitions import words
from exhibitions.language import direction
from tests.pages.conftest import DEMO_EXHIBITION, fresh_page, screenshot
from tests.pages.test_browser_public import AXE, first_object_id, viewer_ready

pytestmark = pytest.mark.browser

PHONE, WIDE = (390, 844), (1440, 900)
# Right to left, CJK, Cyrillic with long words, and Hungarian's long compounds: also wide.
LOOKED_AT_WIDE = ("fa", "ar", "zh", "kk", "hu")

# Elements with text of their own whose box runs past either edge of the screen, outside the
# containers that scroll sideways on purpose (a gallery) and the words kept for screen readers.
TEXT_OFF_SCREEN = """() => {
    const width = document.documentElement.clientWidth, off = [];
    for (const element of document.body.querySelectorAll('*')) {
        const own = [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim());
        if (!own || element.closest('.visually-hidden, .skip-link, [hidden], details:not([open]) > ul')) continue;
        let scroller = false;
        for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (/(auto|scroll)/.test(style.overflowX)) { scroller = true; break; }
        }
        if (scroller) continue;
        for (const box of element.getClientRects()) {
            if (box.width && (box.left < -1 || box.right > width + 1)) {
                off.push((element.className || element.tagName) + ': ' + element.textContent.trim().slice(0, 40));
                break;
            }
        }
    }
    return off;
}"""


@pytest.fixture(scope="module")
def object_path(browser, live_site):
    with fresh_page(browser, live_site) as page:
        return f"/objects/{first_object_id(page, 'shaanxi')[0]}"


def pages(object_path: str) -> dict[str, str]:
    return {"home": "/", "search": "/search?q=bronze", "object": object_path,
            "exhibition": f"/exhibitions/{DEMO_EXHIBITION}"}


def serious_violations(page) -> list:
    page.add_script_tag(url=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("language", words.languages())
def test_every_language_fits_a_phone_with_its_direction_and_no_serious_violation(browser, live_site, object_path,
                                                                                 language):
    sizes = [PHONE, WIDE] if language in LOOKED_AT_WIDE else [PHONE]
    for width, height in sizes:
        with fresh_page(browser, live_site, width, height, timeout=20_000) as page:
            for name, path in pages(object_path).items():
                page.goto(path + ("&" if "?" in path else "?") + f"lang={language}")
                page.wait_for_load_state("load")
                root = page.locator("html")
                assert (root.get_attribute("lang"), root.get_attribute("dir")) == (language, direction(language))
                assert page.evaluate(TEXT_OFF_SCREEN) == [], (language, name, width)
                assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (language, name)
                screenshot(page, f"language-{language}-{name}-{width}")
                if width == PHONE[0]:
                    assert serious_violations(page) == [], (language, name)


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_right_to_left_pages_mirror_and_their_viewer_still_zooms(open_page, object_path, language):
    page = open_page(*PHONE, timeout=20_000)
    page.goto(f"{object_path}?lang={language}")
    # Mirrored: the site's name at the right edge, the language switch at the left.
    brand, switch = page.locator(".brand").bounding_box(), page.locator(".site-languages summary").bounding_box()
    assert brand["x"] + brand["width"] > PHONE[0] - 40 and switch["x"] < PHONE[0] / 2
    page.locator("#zoom").scroll_into_view_if_needed()
    page.locator("#zoom").hover()  # the viewer's script loads once the reader reaches it
    viewer_ready(page, "#zoom")
    start = page.evaluate("() => document.querySelector('#zoom').osd.viewport.getZoom(true)")
    page.locator(f"#zoom [title='{words.word('viewer.zoom_in', language)}']").click()
    page.wait_for_function("start => document.querySelector('#zoom').osd.viewport.getZoom(true) > start * 1.2",
                           arg=start)
    screenshot(page, f"language-{language}-object-zoomed-390")
    page.locator(".site-languages summary").click()
    assert page.locator(".site-languages li").count() == len(words.languages())
    assert page.evaluate(TEXT_OFF_SCREEN) == []
    screenshot(page, f"language-{language}-switch-open-390")
