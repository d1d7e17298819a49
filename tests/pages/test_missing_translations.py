"""Curators and contributors see which languages a title, a summary or a description lacks:
among English, Chinese, Russian and the languages the record's other texts are in."""

from __future__ import annotations

import re

from exhibitions.language import missing_translations
from tests.pages.conftest import CURATOR, DEMO_EXHIBITION, RUNDALE_CONTRIBUTOR, log_in
from tests.pages.test_studio_session import studio_token


def test_the_missing_languages_are_the_expected_ones_and_those_the_record_uses():
    assert missing_translations({"title": {"en": ["Kava bowl"], "zh": ["卡瓦碗"], "ru": ["Чаша"]},
                                 "description": {"en": ["A bowl."]}}) == {"description": ["ru", "zh"]}
    # A regional variant counts for its language; a language the record uses is wanted everywhere.
    assert missing_translations({"title": {"en": ["Tea bowl"], "zh-Hant": ["茶碗"], "ru": ["Чашка"],
                                           "lv": ["Tējas bļodiņa"]},
                                 "description": {"none": ["RPM-P-212"], "en": ["Porcelain."]}}) == {
        "description": ["lv", "ru", "zh"]}
    assert missing_translations({"title": {"en": ["x"], "zh": ["x"], "ru": ["x"]}, "summary": None}) == {
        "summary": ["en", "ru", "zh"]}
    # A language without an interface catalog is not asked for (no reader picks it).
    assert missing_translations({"title": {"en": ["x"], "zh": ["x"], "ru": ["x"], "fj": ["x"]}}) == {}


def missing_list(page: str) -> list[str]:
    found = re.search(r'<section class="notice missing-translations".*?</section>', page, re.S)
    if not found:
        return []
    return [" ".join(re.findall(r'data-language="([\w-]+)"', item))
            for item in re.findall(r"<li>(.*?)</li>", found.group(0), re.S)]


def test_the_studio_and_the_form_list_an_exhibitions_missing_translations(demo_app):
    client = demo_app.test_client()
    log_in(client, CURATOR)
    token = studio_token(client.get("/curate/new").get_data(as_text=True))
    created = client.post("/api/v1/exhibitions", headers={"X-CSRFToken": token}, json={
        "slug": "half-translated", "title": {"en": ["Half translated"], "fr": ["À moitié traduite"]},
        "summary": {"en": ["Only in English."]}})
    assert created.status_code == 201, created.get_json()
    for path in ("/curate/half-translated", "/curate/half-translated/edit"):
        page = client.get(path).get_data(as_text=True)
        assert missing_list(page) == ["ru zh", "fr ru zh"], path
        assert "Missing translations" in page and "Title: " in page and "Summary: " in page
    chinese = client.get("/curate/half-translated?lang=zh").get_data(as_text=True)
    listed = re.sub(r"</?(span|code)[^>]*>", "", chinese)
    assert "缺少的译文" in chinese and "简介： 法语 fr、俄语 ru、中文 zh" in listed
    # The demo's exhibitions are complete in its three languages.
    assert missing_list(client.get(f"/curate/{DEMO_EXHIBITION}").get_data(as_text=True)) == []


def test_the_object_form_lists_an_objects_missing_translations(demo_app):
    client = demo_app.test_client()
    log_in(client, RUNDALE_CONTRIBUTOR)
    page = client.get("/contribute/rundale/objects/RPM-P-211").get_data(as_text=True)
    # Its title is in Latvian as well as the demo's three languages; its description is not.
    assert missing_list(page) == ["lv"] and "Description: " in page
    assert missing_list(client.get("/contribute/rundale/objects/new").get_data(as_text=True)) == []
