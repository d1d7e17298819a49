"""A text's language for its reader: the asked language, a regional variant to its language and
back, the accepted ones, then English, then a text in no language, then any; a text shown in
another language than the reader's says so."""

from __future__ import annotations

import pytest
from flask import Flask

from exhibitions.language import choose, pick

TITLE = {"en": ["Silk fragment"], "zh": ["对鸟纹锦残片"], "ru": ["Фрагмент шёлка"]}


@pytest.mark.parametrize(("available", "asked", "accepted", "chosen"), [
    (["en", "zh", "ru"], "ru", ["zh"], "ru"),            # asked first
    (["en", "zh", "ru"], "zh-Hant", [], "zh"),           # a regional variant finds its language
    (["en", "zh-Hant", "ru"], "zh", [], "zh-Hant"),      # and a language its regional variant
    (["en", "zh-Hans", "zh-Hant"], "zh-Hant", [], "zh-Hant"),  # the exact variant before another
    (["en", "zh", "ru"], None, ["zh-CN", "ru"], "zh"),   # the accepted ones in their order
    (["en", "zh", "ru"], "fr", ["kk", "ru"], "ru"),      # an untranslated asked language: the next accepted
    (["lv", "en", "ru"], "fr", [], "en"),                # then English
    (["lv", "none"], "fr", [], "none"),                  # then a text in no language
    (["lv", "hu"], "fr", ["de"], "lv"),                  # then any
    ([], "fr", [], None),
])
def test_the_fallback_chain(available, asked, accepted, chosen):
    assert choose(available, asked, accepted) == chosen


def picked(address: str, language_map, accept: str | None = None):
    headers = {"Accept-Language": accept} if accept else {}
    with Flask(__name__).test_request_context(address, headers=headers):
        return pick(language_map)


def test_a_text_in_the_readers_language_is_no_fallback():
    shown = picked("/?lang=zh-Hant", TITLE)
    assert (shown.text, shown.lang, shown.fallback) == ("对鸟纹锦残片", "zh", False)
    assert not picked("/", TITLE, accept="ru-RU,ru;q=0.9").fallback
    assert not picked("/", TITLE).fallback                       # no wish: English is the reader's


def test_a_text_in_another_language_is_a_fallback():
    shown = picked("/?lang=fa", TITLE)
    assert (shown.text, shown.lang, shown.fallback) == ("Silk fragment", "en", True)
    shown = picked("/", {"lv": ["Zīda sienas pārklājs"]}, accept="zh-CN")
    assert (shown.lang, shown.fallback) == ("lv", True)


def test_a_text_in_no_language_is_no_fallback():
    shown = picked("/?lang=ru", {"none": ["NMC-2021-004"]})
    assert (shown.text, shown.lang, shown.fallback) == ("NMC-2021-004", "", False)
    assert picked("/?lang=ru", {}).text == ""
