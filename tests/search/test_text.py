"""Accent folding, tokens, CJK grams and highlight mapping, shared by both backends."""

from __future__ import annotations

import pytest

from search.text import (
    HIGHLIGHT_CLOSE as C,
)
from search.text import (
    HIGHLIGHT_OPEN as O,
)
from search.text import (
    cjk_grams,
    cjk_runs,
    fold,
    fold_spaced,
    fold_with_offsets,
    highlight_from_marked,
    pick_language,
    snippet,
    tokens,
)


def test_fold_drops_accents_and_case_and_keeps_length():
    assert fold("Rundāle Ḫattuša Samarqand Çay İznik") == "rundale hattusa samarqand cay iznik"
    assert fold("한국") == "한국"  # Hangul syllables stay composed
    text = "Rundāle Pils"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(("written", "typed"), [
    ("Große Seidenstraße", "grosse seidenstrasse"), ("ılık Iğdır", "ilik igdir"), ("ÆRØ Œuvre", "aero oeuvre"),
    ("Æthelred", "aethelred"), ("Chu Đậu", "chu dau"), ("Łódź", "lodz"), ("Þingvellir", "thingvellir"),
    ("کاسهٔ نیشابور", "كاسه نيشابور"),  # Persian kaf, yeh and hamza above; Arabic letters typed
    ("آب", "اب"), ("שָׁלוֹם", "שלום"),  # Arabic madda, Hebrew points
])
def test_fold_makes_the_spellings_readers_type_meet(written, typed):
    assert fold(written) == fold(typed)


@pytest.mark.parametrize("word", ["पांडुलिपि", "संस्कृत", "がな", "ガナ"])
def test_fold_keeps_the_marks_that_make_up_letters(word):
    assert fold(word) == word  # Indic vowel signs and kana voicing are no accents
    assert fold(word) != fold("पीला")


def test_fold_with_offsets_sets_cjk_apart_and_remembers_origins():
    folded, origin = fold_with_offsets("É青花", space_cjk=True)
    assert folded == "e 青  花 "
    assert [origin[i] for i, c in enumerate(folded) if c.strip()] == [0, 1, 2]


@pytest.mark.parametrize("text", ["Plain\tASCII\nText", "É青花", "Straße", "Runda\u0304le", "Кувшин с птицами",
                                  "کاسهٔ", "한국 さくら", "", "青花瓷盘"])
def test_fold_spaced_is_the_folded_text_of_fold_with_offsets(text):
    assert fold_spaced(text) == fold_with_offsets(text, space_cjk=True)[0]
    assert fold_spaced(text) == fold_with_offsets(text, space_cjk=True)[0]  # again, from the cache


def test_fold_with_offsets_follows_letters_that_fold_to_two_or_to_none():
    folded, origin = fold_with_offsets("Straße")
    assert folded == "strasse"
    assert list(origin) == [0, 1, 2, 3, 4, 4, 5]
    # A combining mark of its own folds away: its letters keep their places.
    folded, origin = fold_with_offsets("Runda\u0304le")
    assert folded == "rundale"
    assert list(origin) == [0, 1, 2, 3, 4, 6, 7]
    # ß→ss next to a dropped mark keeps the length but not the places.
    folded, origin = fold_with_offsets("ße\u0301")
    assert (folded, list(origin)) == ("sse", [0, 0, 1])


def test_highlights_after_a_letter_that_folds_to_two_mark_the_right_word():
    assert highlight_from_marked(f"strasse {O}kabul{C}", ["Straße Kābul"]) == "Straße <em>Kābul</em>"


def test_tokens_split_cjk_and_drop_stop_words():
    assert tokens('The "Rundāle" (palace) AND 青花 of x*') == ["rundale", "palace", "青", "花", "x"]


def test_cjk_runs_and_grams():
    assert cjk_runs("Jar 青花瓷 from 景德镇") == ["青花瓷", "景德镇"]
    assert cjk_grams(["青花瓷"]) == ["青", "青花", "花", "花瓷", "瓷"]


def test_pick_language_falls_back_to_english_then_any():
    names = {"zh": ["中国国家博物馆"], "en": ["National Museum of China"]}
    assert pick_language(names, "zh") == "中国国家博物馆"
    assert pick_language(names, "fr") == "National Museum of China"
    assert pick_language({"lv": ["Pils"]}, "fr") == "Pils"
    assert pick_language(None) == ""


def test_highlights_map_back_onto_the_original_text():
    assert highlight_from_marked(f"{O}rundale{C} palace", ["Rundāle Palace"]) == "<em>Rundāle</em> Palace"
    marked = f" {O}青{C}  {O}花{C}  瓷 "
    assert highlight_from_marked(marked, ["青花瓷"], space_cjk=True) == "<em>青花</em>瓷"
    assert highlight_from_marked("no marks", ["no marks"]) == ""


def test_long_texts_are_cut_around_the_first_hit():
    text = "word " * 100 + "Samarkand" + " word" * 100
    start = text.index("Samarkand")
    cut = snippet(text, [(start, start + 9)], width=80)
    assert "<em>Samarkand</em>" in cut
    assert cut.startswith("…") and cut.endswith("…")
    assert len(cut) < 120
