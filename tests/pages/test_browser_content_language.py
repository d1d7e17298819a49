"""The content's language in a real browser at 1440 and 390 px: the Chinese demo exhibition and
an object in Chinese and Russian with no text in another language, the mark on texts a French
reader gets in English, and the object form listing the translations an object lacks; no text
off the screen and axe finding nothing serious. Screenshots are kept to look at."""

from __future__ import annotations

import pytest

from exhibitions.curation import documents
from tests.pages.conftest import CURATOR, DEMO_EXHIBITION, RUNDALE_CONTRIBUTOR, browser_login, fresh_page, screenshot
from tests.pages.test_browser_languages import PHONE, TEXT_OFF_SCREEN, WIDE, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def plate_path(browser, live_site):
    with fresh_page(browser, live_site) as page:
        page.goto("/search?q=RPM-P-211")
        return page.locator("a[href^='/objects/']").first.get_attribute("href")


def looked_at(browser, live_site, path: str, name: str, login: str | None = None) -> dict[int, object]:
    """The page at both widths, checked and photographed; what each width's page showed."""
    shown = {}
    for width, height in (WIDE, PHONE):
        with fresh_page(browser, live_site, width, height, timeout=20_000) as page:
            if login:
                browser_login(page, login)
            page.goto(path)
            page.wait_for_load_state("load")
            assert page.evaluate(TEXT_OFF_SCREEN) == [], (name, width)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (name, width)
            screenshot(page, f"content-{name}-{width}", full_page=True)
            assert serious_violations(page) == [], (name, width)
            shown[width] = {"marks": page.locator(".language-mark").count(),
                            "missing": page.locator("#missing-translations li").all_inner_texts()}
    return shown


def test_the_chinese_demo_exhibition_is_chinese_throughout(browser, live_site):
    shown = looked_at(browser, live_site, f"/exhibitions/{DEMO_EXHIBITION}?lang=zh", "exhibition-zh")
    assert shown[1440]["marks"] == shown[390]["marks"] == 0


@pytest.mark.parametrize("language", ["zh", "ru"])
def test_an_object_in_chinese_and_russian(browser, live_site, plate_path, language):
    shown = looked_at(browser, live_site, f"{plate_path}?lang={language}", f"object-{language}")
    assert shown[390]["marks"] == 0


def test_a_french_reader_sees_which_texts_are_in_english(browser, live_site, plate_path):
    assert looked_at(browser, live_site, f"/exhibitions/{DEMO_EXHIBITION}?lang=fr", "exhibition-fr-fallback")[390][
        "marks"] > 20
    assert looked_at(browser, live_site, f"{plate_path}?lang=fr", "object-fr-fallback")[390]["marks"] == 2


def test_the_object_form_lists_the_missing_translations(browser, live_site):
    shown = looked_at(browser, live_site, "/contribute/rundale/objects/RPM-P-211", "object-form-missing",
                      login=RUNDALE_CONTRIBUTOR)
    assert shown[390]["missing"] == ["Description: Latvian lv"]


def test_the_studio_lists_the_missing_translations(browser, live_site, live_app):
    with live_app.extensions["caravanserai"].db.transaction() as session:
        documents.put_exhibition(session, "half-translated", {
            "title": {"en": ["Half translated"], "zh": ["半译之展"]}, "summary": {"en": ["Only in English."]}})
    shown = looked_at(browser, live_site, "/curate/half-translated", "studio-missing", login=CURATOR)
    assert shown[390]["missing"] == ["Title: Russian ru", "Summary: Russian ru, Chinese zh"]
