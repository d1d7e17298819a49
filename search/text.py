"""Text handling shared by every backend: accent folding, tokens, CJK runs and grams, highlights.

The search servers we target have no accent-folding or CJK analysis of their own (see
DESIGN.md), so the application folds text itself, the same way for documents and for queries.
Folding works character by character and keeps, for every folded character, the position of
the original character it came from: a backend highlights the folded text, and the marks are
carried back onto the original text that readers see.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

# How text is folded and cut into words. Each index records the format it was built with; one
# built another way finds some words no more, and says so (needs_reindex) until rebuilt.
# 2: Indic vowel signs and kana voicing kept, ß/æ/ı and the like folded, Persian and Arabic
# letters unified.
TEXT_FORMAT = 2

# Lucene's English stop words; the Elasticsearch mapping names the same list, and the
# embedded backend drops these words from queries, so both backends treat them alike.
STOP_WORDS = (
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
    "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "to", "was", "will", "with",
)
_STOP = frozenset(STOP_WORDS)

# Scripts written without spaces between words: Han ideographs (with extensions and
# compatibility forms), Hiragana and Katakana. Each character is a token on its own, and
# neighbouring pairs (bigrams) carry the word-level meaning.
_CJK_RANGES = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # Han extension A
    (0x4E00, 0x9FFF),  # Han unified ideographs
    (0xF900, 0xFAFF),  # Han compatibility ideographs
    (0x20000, 0x3134F),  # Han extensions B to G
)
_CJK_CLASS = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _CJK_RANGES)
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")

# The combining marks folding drops: accents of the Latin, Greek and Cyrillic scripts, and the
# vowel points of Arabic, Persian and Hebrew (so "آ" and "ا", "کاسهٔ" and "کاسه" match). Marks
# that make up letters elsewhere stay: Indic vowel signs, the kana voicing marks.
_DROPPED_MARKS = (
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
    (0x0591, 0x05C7),  # Hebrew points and cantillation
    (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED),  # Arabic harakat, hamza and madda above
)
# Letters that no decomposition reduces, folded as search engines' ASCII and Persian folding
# do; "ß" and "ss", "ı" and "i", the Persian and the Arabic kaf and yeh then match.
_SPECIAL_FOLDS = str.maketrans({
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i", "ħ": "h",
    "\u06a9": "\u0643", "\u06cc": "\u064a", "\u0649": "\u064a",
})

# Every ASCII whitespace character becomes one plain space (as _fold_char does for the rest).
_ASCII_SPACES = {ord(c): " " for c in map(chr, range(128)) if c.isspace() and c != " "}

HIGHLIGHT_OPEN = "\ue000"  # private-use characters: they never occur in folded text
HIGHLIGHT_CLOSE = "\ue001"


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _dropped(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _DROPPED_MARKS) and unicodedata.combining(char) > 0


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    if char.isspace():
        return " "  # one space per whitespace character keeps offsets and line structure apart
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not _dropped(c))
    # Recompose what remains (Hangul syllables decompose into jamo; kana keep their voicing).
    return unicodedata.normalize("NFC", kept).lower().translate(_SPECIAL_FOLDS)


@lru_cache(maxsize=65536)
def _fold_char_spaced(char: str) -> str:
    """_fold_char, a CJK character set apart by spaces instead: cached, as the index folds every
    character of every non-ASCII text (the vocabularies' labels in a dozen scripts among them)."""
    return f" {char} " if is_cjk(char) else _fold_char(char)


def fold_with_offsets(text: str, space_cjk: bool = False) -> tuple[str, Sequence[int]]:
    """Fold accents and case; return the folded text and, per folded character, its source index.

    With space_cjk, each CJK character is set apart by spaces, so that a tokenizer that keeps
    a run of ideographs as one word sees one token per character instead.
    """
    if text.isascii():
        # The common case, without a per-character walk: ASCII folds to itself, one to one.
        return _fold_ascii(text), range(len(text))
    if space_cjk:
        parts = list(map(_fold_char_spaced, text))
    else:
        parts = list(map(_fold_char, text))
    folded = "".join(parts)
    if len(folded) == len(text) and "" not in parts:
        # Every character folded to exactly one (ā to a, as most do): offsets stay as they were.
        return folded, range(len(text))
    return folded, [index for index, part in enumerate(parts) for _ in part]


def fold_spaced(text: str) -> str:
    """fold_with_offsets(text, space_cjk=True)'s folded text alone, as the embedded index stores
    it. Text that is not ASCII is cached whole: the vocabularies' labels, in a dozen scripts,
    come back on object after object."""
    if text.isascii():
        return text.translate(_ASCII_SPACES).lower()
    return _fold_spaced_other(text)


@lru_cache(maxsize=16384)
def _fold_spaced_other(text: str) -> str:
    return "".join(map(_fold_char_spaced, text))


def fold(text: str) -> str:
    """Accent- and case-folded text: NFKD, combining marks dropped, lower case."""
    if text.isascii():
        return _fold_ascii(text)
    return "".join(map(_fold_char, text))


def _fold_ascii(text: str) -> str:
    """fold of ASCII text. Every whitespace character but the space is unprintable: printable
    text, nearly all of it, is only lowered (translating costs more than all the rest)."""
    lowered = text.lower()
    return lowered if lowered.isprintable() else lowered.translate(_ASCII_SPACES)


def accession_key(accession: str) -> str:
    """An accession number as `accession:` compares it: whole, case and accents folded, spaces
    squeezed."""
    return " ".join(fold(accession).split())


def _token_char(char: str) -> bool:
    """Letters, digits, private use and marks: what the embedded index's tokenizer keeps
    together (its categories 'L* N* Co M*'), as Elasticsearch's standard tokenizer does."""
    category = unicodedata.category(char)
    return category[0] in "LNM" or category == "Co"


def tokens(text: str, drop_stop_words: bool = True) -> list[str]:
    """The query's terms as the backends index them: folded words, one CJK character each."""
    found: list[str] = []
    word: list[str] = []
    for char in fold(text) + " ":
        if is_cjk(char) or not _token_char(char):
            if word:
                found.append("".join(word))
                word = []
            if is_cjk(char):
                found.append(char)
        else:
            word.append(char)
    if drop_stop_words:
        found = [t for t in found if t not in _STOP]
    return found


def cjk_runs(text: str) -> list[str]:
    """The runs of CJK characters in a text, in order (none in ASCII text, told without the
    pattern: a document asks this of some 45 texts, its terms' labels among them)."""
    return [] if text.isascii() else _CJK_RUN.findall(text)


def cjk_grams(runs: Iterable[str]) -> list[str]:
    """Unigrams and bigrams of CJK runs: "青花瓷" gives 青, 青花, 花, 花瓷, 瓷."""
    grams: list[str] = []
    for run in runs:
        for i, char in enumerate(run):
            grams.append(char)
            if i + 1 < len(run):
                grams.append(run[i : i + 2])
    return grams


def pick_language(language_map: Mapping[str, Sequence[str]] | None, language: str | None = None) -> str:
    """One display string from an IIIF language map: the asked language, then en, none, any."""
    return pick_language_with(language_map, language)[0]


def pick_language_with(language_map: Mapping[str, Sequence[str]] | None,
                       language: str | None = None) -> tuple[str, str]:
    """pick_language and the language the string is in ("" when the map has none)."""
    if not language_map:
        return "", ""
    for key in (language, "en", "none"):
        if key and language_map.get(key):
            return language_map[key][0], key
    for key, values in language_map.items():
        if values:
            return values[0], key
    return "", ""


@lru_cache(maxsize=4096)
def pick_language_of_json(language_map: str, language: str | None = None) -> str:
    """pick_language for a language map kept as JSON text, as both backends keep museum names;
    cached, because every search page labels each museum of its facet."""
    return pick_language(json.loads(language_map), language)


def all_values(language_map: Mapping[str, Sequence[str]] | None) -> list[str]:
    """Every string of a language map, every language, in order, without repeats."""
    seen: dict[str, None] = {}
    for values in (language_map or {}).values():
        for value in values:
            if value and value not in seen:
                seen[value] = None
    return list(seen)


def marked_spans(
    marked: str, open_mark: str = HIGHLIGHT_OPEN, close_mark: str = HIGHLIGHT_CLOSE
) -> tuple[str, list[tuple[int, int]]]:
    """Split a backend's highlighted text into the plain text and the marked (start, end) spans."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    cursor = 0
    while True:
        start = marked.find(open_mark, cursor)
        if start == -1:
            plain.append(marked[cursor:].replace(close_mark, ""))
            break
        before = marked[cursor:start].replace(close_mark, "")
        plain.append(before)
        position += len(before)
        end = marked.find(close_mark, start + len(open_mark))
        if end == -1:
            end = len(marked)
        word = marked[start + len(open_mark) : end].replace(open_mark, "")
        plain.append(word)
        if word:
            spans.append((position, position + len(word)))
        position += len(word)
        cursor = end + len(close_mark)
    return "".join(plain), spans


def map_spans(spans: Iterable[tuple[int, int]], origin: Sequence[int]) -> list[tuple[int, int]]:
    """Carry spans over folded text back onto the original text, merging touching ones."""
    mapped: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if start >= len(origin) or end <= start:
            continue
        span = (origin[start], origin[min(end, len(origin)) - 1] + 1)
        if mapped and span[0] <= mapped[-1][1]:
            mapped[-1] = (mapped[-1][0], max(mapped[-1][1], span[1]))
        else:
            mapped.append(span)
    return mapped


def _with_their_marks(original: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans reaching over the marks that follow them in the original (the hamza of "کاسهٔ",
    which folding dropped), so that no letter is cut from its mark."""
    widened = []
    for start, end in spans:
        while end < len(original) and unicodedata.category(original[end]).startswith("M"):
            end += 1
        widened.append((start, end))
    return widened


# What html.escape replaces.
_ESCAPED = re.compile("[&<>\"']")


def snippet(original: str, spans: Sequence[tuple[int, int]], width: int = 160) -> str:
    """HTML: the original text around its first highlighted span, escaped, hits in <em>."""
    if not spans:
        return ""
    begin, end = 0, len(original)
    if len(original) > width:
        centre = spans[0][0]
        begin = max(0, centre - width // 3)
        end = min(len(original), begin + width)
        # Start and end on word boundaries when there is one near.
        space = original.rfind(" ", 0, begin + 1)
        if begin and space != -1 and begin - space < 20:
            begin = space + 1
        space = original.find(" ", end)
        if end < len(original) and space != -1 and space - end < 20:
            end = space
    # Most texts hold nothing to escape: they are then cut as they are.
    escape = html.escape if _ESCAPED.search(original) else str
    parts = ["…" if begin else ""]
    cursor = begin
    for start, stop in spans:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        parts.append(escape(original[cursor:start]))
        parts.append("<em>" + escape(original[start:stop]) + "</em>")
        cursor = stop
    parts.append(escape(original[cursor:end]))
    parts.append("…" if end < len(original) else "")
    return "".join(parts)


def highlight_from_marked(
    marked_folded: str, originals: Sequence[str], space_cjk: bool = False, width: int = 160
) -> str:
    """Map a backend's highlight of one folded value back to whichever original it folds from."""
    plain, spans = marked_spans(marked_folded)
    if not spans:
        return ""
    for original in originals:
        if original.isascii():
            # Folded one to one (fold_with_offsets), and no mark follows a letter: the spans stay.
            if len(original) == len(plain) and _fold_ascii(original) == plain:
                return snippet(original, map_spans(spans, range(len(original))), width)
            continue
        folded, origin = fold_with_offsets(original, space_cjk=space_cjk)
        if folded == plain:
            return snippet(original, _with_their_marks(original, map_spans(spans, origin)), width)
    return ""
