"""The interface's catalogs: every language has every message with English's placeholders, counts
take each language's plural forms, numbers its digits, and a language nobody offers falls back."""

from __future__ import annotations

import datetime

import pytest

from exhibitions import i18n, words
from exhibitions.i18n import update
from tests.exhibitions.conftest import VALID_OBJECT, put

TRANSLATED = [language for language in words.languages() if language != "en"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_has_every_message_with_the_same_placeholders(language):
    assert update.problems(language) == []


def test_the_catalogs_are_up_to_date_with_the_english_words(tmp_path, monkeypatch):
    """`make translations` on the committed catalogs changes nothing."""
    for language in TRANSLATED:
        copy = tmp_path / language / "LC_MESSAGES" / "messages.po"
        copy.parent.mkdir(parents=True)
        copy.write_bytes(i18n.catalog_path(language).read_bytes())
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    assert update.main([]) == 0
    for language in TRANSLATED:
        changed = (tmp_path / language / "LC_MESSAGES" / "messages.po").read_bytes()
        assert changed == i18n.catalog_path(language).read_bytes(), f"{language}: run make translations"


def test_the_check_lists_what_a_catalog_lacks(tmp_path, monkeypatch):
    catalog = tmp_path / "ru" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    text = i18n.catalog_path("ru").read_text(encoding="utf-8")
    text = text.replace('msgstr "Поиск по всем коллекциям"', 'msgstr ""')
    text = text.replace("msgstr[0] \"{count} предмет\"", "msgstr[0] \"{total} предмет\"", 1)
    catalog.write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    found = update.problems("ru")
    assert "ru: home.search_label: not translated" in found
    assert "ru: museums.objects: placeholders ['count', 'total'], English has ['count']" in found


@pytest.mark.parametrize(("language", "counts"), [
    ("en", {1: "1 object", 2: "2 objects", 21: "21 objects", 1000: "1,000 objects"}),
    ("ru", {1: "1 предмет", 2: "2 предмета", 5: "5 предметов", 21: "21 предмет", 112: "112 предметов"}),
])
def test_counts_take_the_languages_plural_forms(language, counts):
    for count, text in counts.items():
        assert words.word("museums.objects", language, count=count) == text


def test_one_search_result_is_a_result():
    assert words.word("search.results", "en", total=1) == "1 result"
    assert words.word("search.results", "en", total=0) == "0 results"


def test_numbers_and_dates_are_written_the_languages_way():
    assert i18n.number(12345, "fa") == "۱۲٬۳۴۵"
    assert i18n.number(12345, "ru") == "12\xa0345"
    assert i18n.year_number(1340, "fa") == "۱۳۴۰"
    assert words.century("12", "fa") == "قرن ۱۲"
    assert i18n.long_date(datetime.date(2024, 3, 5), "zh") == "2024年3月5日"
    assert i18n.country_name("CN", "fa") == "چین"
    assert i18n.country_name("uz", "ru") == "Узбекистан"


def test_scripts_get_plural_forms_by_cldr_category():
    forms = words.script_words({"count": "timeline.count"}, "ru")["count"]
    assert forms["one"] == "{count} предмет" and forms["few"] == "{count} предмета"
    assert forms["many"] == "{count} предметов" and forms["other"]
    assert words.script_words({"count": "timeline.count"}, "en")["count"] == {"one": "{count} object",
                                                                             "other": "{count} objects"}


@pytest.mark.parametrize("asked", ["xx", "zz-Latn", "../../etc", "fa" * 40, "", "none", "en-"])
def test_an_unknown_language_falls_back_and_never_fails(client, asked):
    answer = client.get("/", query_string={"lang": asked})
    assert answer.status_code == 200
    assert '<html lang="en" dir="ltr">' in answer.get_data(as_text=True)


def test_a_persian_page_is_persian_right_to_left_with_persian_digits(client, nmc_token):
    put(client, nmc_token, body=VALID_OBJECT)
    page = client.get("/museums?lang=fa").get_data(as_text=True)
    assert '<html lang="fa" dir="rtl">' in page
    assert "۱ اثر" in page
