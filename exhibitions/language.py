"""The reader's language for content: ?lang= first, then Accept-Language, then English, then any.

Objects and exhibitions carry IIIF language maps; each text shown is picked from its map on
its own, and carries the language it is actually in (for the `lang` attribute) and the
direction it is written in (Persian, Arabic, Uyghur or Hebrew run right to left).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from flask import g, request

from exhibitions import i18n, words
from exhibitions.schemas import LANGUAGE

# Scripts written right to left (ISO 15924), and languages usually written in one of them.
RIGHT_TO_LEFT_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "mand", "samr", "rohg"})
RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar", "fa", "prs", "he", "ur", "ps", "ug", "sd", "ckb", "dv", "yi", "syr"})


def direction(language: str) -> str:
    """ "rtl" or "ltr" for a language tag, its script subtag first ("az-Arab" is rtl, "ug-Latn"
    is ltr); "auto" when the language is unknown, so that the browser reads the text itself."""
    if not language or language == "none":
        return "auto"
    parts = language.lower().split("-")
    script = next((part for part in parts[1:] if len(part) == 4 and part.isalpha()), None)
    if script:
        return "rtl" if script in RIGHT_TO_LEFT_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RIGHT_TO_LEFT_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Text:
    """One text of a language map and the language it is in ("" when unknown)."""

    text: str
    lang: str
    values: tuple[str, ...] = ()
    # Shown in another language than the reader's, for want of a translation: pages mark it.
    fallback: bool = False

    @property
    def dir(self) -> str:
        return direction(self.lang)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


# The reader's choice from the site's language switch, kept between visits.
LANGUAGE_COOKIE = "lang"


def asked_language() -> str | None:
    """The language the reader chose: ?lang= on this request, else the site's language switch
    (a cookie); only a well-formed tag counts."""
    asked = (request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE) or "").strip()
    return asked if LANGUAGE.match(asked) and asked != "none" else None


def choose(available: Iterable[str], asked: str | None, accepted: Sequence[str]) -> str | None:
    """The best of the available languages: the asked one, then the accepted ones in order
    (a base tag matching its regional forms both ways: zh-Hant finds zh, zh finds zh-CN), then
    en, then none (a text in no language), then the first there is."""
    available = [language for language in available]
    if not available:
        return None
    wanted = ([asked] if asked else []) + list(accepted) + ["en", "none"]
    for language in wanted:
        if language in available:
            return language
        base = language.split("-")[0].lower()
        for candidate in available:
            if candidate.split("-")[0].lower() == base:
                return candidate
    return available[0]


def accepted_languages() -> list[str]:
    return [value for value, _quality in request.accept_languages if value != "*"]


def pick(language_map: Mapping[str, Sequence[str]] | None) -> Text:
    """The text of a language map in the reader's language, with the language it is in."""
    if not language_map:
        return Text("", "")
    present = [language for language, values in language_map.items() if values]
    language = choose(present, asked_language(), accepted_languages())
    if language is None:
        return Text("", "")
    values = tuple(language_map[language])
    if language == "none":
        return Text(values[0], "", values)
    return Text(values[0], language, values, fallback=base_language(language) != base_language(reader_language()))


def base_language(language: str) -> str:
    """A tag's language without its script or region: zh-Hant is zh."""
    return language.split("-")[0].lower()


# The languages the alliance's texts are expected in at least (the demo's, and most readers'):
# a curator or contributor is told when a title or a summary lacks one of them.
EXPECTED_LANGUAGES = ("en", "zh", "ru")


def missing_translations(texts: Mapping[str, Mapping[str, Sequence[str]] | None]) -> dict[str, list[str]]:
    """For each named text of a record (its title, summary or description), the interface
    languages it is missing among the expected ones and those its other texts are written in;
    a text in no language ("none") counts for none. Texts missing nothing are left out."""
    present = {name: {base_language(language) for language, values in (language_map or {}).items()
                      if values and language != "none"} for name, language_map in texts.items()}
    used = set(EXPECTED_LANGUAGES).union(*present.values())
    wanted = [language for language in words.languages() if language in used]
    return {name: missing for name, languages in present.items()
            if (missing := [language for language in wanted if language not in languages])}


def reader_language() -> str:
    """The reader's one preferred language (for searches and exports): ?lang=, else the first
    accepted language, else English."""
    asked = asked_language()
    if asked:
        return asked
    accepted = accepted_languages()
    return base_language(accepted[0]) if accepted else "en"


def interface_language() -> str:
    """The language of the interface's own words: the reader's choice among those translated."""
    if "ui_language" not in g:
        g.ui_language = choose(words.languages(), asked_language(), accepted_languages()) or words.DEFAULT_LANGUAGE
    return g.ui_language


def word(key: str, **values) -> str:
    """An interface word in the reader's language (English where it is not translated yet)."""
    return words.word(key, interface_language(), **values)


def number(value: int | float) -> str:
    """A number in the interface language's digits: 1,234 · 1 234 · ۱٬۲۳۴."""
    return i18n.number(value, interface_language())


def long_date(value: datetime.date | str) -> str:
    """A day (or its ISO 8601 text, as records carry it) in the interface's language: "March 5,
    2024", "5 марта 2024 г."."""
    day = datetime.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return i18n.long_date(day, interface_language())


def date_time(value: datetime.datetime | str) -> str:
    """A moment (or its ISO 8601 text) in UTC, in the interface's language: "Mar 5, 2024, 2:03 PM"."""
    moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else value
    return i18n.date_time(moment, interface_language())


def country_name(code: str | None) -> str:
    """A member museum's country (an ISO code) named in the interface's language."""
    return i18n.country_name(code, interface_language())


def language_label(language: str, in_sentence: bool = False) -> str:
    """A content language named in the interface's language, for the mark on a text shown in
    another language than the reader's: "English", "英语" (within a sentence: "anglais")."""
    return i18n.language_name(language, interface_language(), in_sentence=in_sentence)


def interface_direction() -> str:
    """The direction the interface's language is written in, for <html dir>."""
    return direction(interface_language())


def century(value: str) -> str:
    """A century bucket of the search named in the interface's language."""
    return words.century(value, interface_language())
