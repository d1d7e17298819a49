"""The interface's own words as each language writes them: centuries, years, text directions
(the catalogs themselves: test_i18n.py)."""

from __future__ import annotations

import pytest

from exhibitions import words
from exhibitions.language import direction
from tests.exhibitions.conftest import VALID_OBJECT, put


@pytest.mark.parametrize(("value", "language", "name"), [
    ("12", "en", "12th century"), ("-3", "en", "3rd century BCE"), ("-40", "en", "40th century BCE or earlier"),
    ("12", "zh", "12世纪"), ("-3", "zh", "公元前3世纪"),
    ("12", "ru", "XII век"), ("-3", "ru", "III век до н. э."), ("-40", "ru", "XL век до н. э. и ранее"),
    ("19", "ru", "XIX век"), ("14", "ru", "XIV век"), ("1", "en", "1st century"), ("21", "ru", "XXI век"),
    # French writes the first of a series "Ier", every other "IIe", "XXIe".
    ("1", "fr", "Ier siècle"), ("2", "fr", "IIe siècle"), ("21", "fr", "XXIe siècle"),
    ("-1", "fr", "Ier siècle av. J.-C."),
    ("1", "lv", "1. gadsimts"), ("21", "lv", "21. gadsimts"),
])
def test_centuries_are_named_each_languages_way(value, language, name):
    assert words.century(value, language) == name


@pytest.mark.parametrize(("start", "end", "language", "text"), [
    (-300, -200, "en", "300 BCE – 200 BCE"), (1340, 1340, "en", "1340"), (-50, 30, "en", "50 BCE – 30"),
    (-300, -200, "zh", "公元前300年 – 公元前200年"), (1340, 1340, "zh", "公元1340年"),
    (-300, 1340, "ru", "300 г. до н. э. – 1340 г."),
])
def test_years_without_a_date_to_show_are_written_each_languages_way(start, end, language, text):
    assert words.year_span(start, end, language) == text


def test_an_object_whose_museum_gave_only_years_shows_them(client, nmc_token):
    body = {**VALID_OBJECT, "date": {"start": -300, "end": -200}}
    object_id = put(client, nmc_token, body=body).get_json()["id"]
    page = client.get(f"/objects/{object_id}", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "<dd>公元前300年 – 公元前200年</dd>" in page and "· </p>" not in page
    found = client.get("/search?q=jar").get_data(as_text=True)
    assert "300 BCE – 200 BCE" in found


@pytest.mark.parametrize(("tag", "way"), [
    ("fa", "rtl"), ("ar-EG", "rtl"), ("ug", "rtl"), ("az-Arab", "rtl"), ("ug-Latn", "ltr"), ("ur", "rtl"),
    ("en", "ltr"), ("zh-Hant", "ltr"), ("sr-Cyrl", "ltr"), ("none", "auto"), ("", "auto"),
])
def test_each_text_knows_the_direction_its_language_is_written_in(tag, way):
    assert direction(tag) == way


def test_persian_and_uyghur_texts_run_right_to_left_on_the_page(client, nmc_token):
    body = {**VALID_OBJECT, "title": {"fa": ["کاسهٔ لاجوردی"]}, "description": {"none": ["ئۇيغۇر"]}}
    object_id = put(client, nmc_token, body=body).get_json()["id"]
    page = client.get(f"/objects/{object_id}").get_data(as_text=True)
    assert '<span lang="fa" dir="rtl">کاسهٔ لاجوردی</span>' in page
    assert 'dir="auto" class="description"' in page  # a text of unknown language: the browser reads it
