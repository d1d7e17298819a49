"""The interface in every member's language: gettext catalogs beside the English source.

English is written once, in exhibitions/words*.py (a key and its text). Every other language is a
catalog, `translations/<lang>/LC_MESSAGES/messages.po`, where each message's context (msgctxt)
is the key and its msgid the English text, so translators work in their usual tools (Poedit,
Weblate) and see what they translate. `python -m exhibitions.i18n.update` (`make translations`)
brings every catalog up to the English keys; its `--check` lists what each language lacks.

Catalogs are read at first use, straight from the .po files (nothing compiled is committed). A
message a catalog lacks, or marks fuzzy (its English changed since it was translated), shows in
English until a translator fills it. Counts choose among a language's plural forms by the
catalog's Plural-Forms rule (Babel's, from CLDR); numbers and dates are written with the
language's own digits and patterns (Babel, CLDR).
"""

from __future__ import annotations

import datetime
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

TRANSLATIONS = Path(__file__).with_name("translations")
SOURCE_LANGUAGE = "en"


class Plural(NamedTuple):
    """An English message that depends on a count: its singular, its plural, and the name of the
    placeholder holding the count. Other languages have as many forms as their grammar needs."""

    one: str
    other: str
    number: str = "count"


Message = str | Plural


def catalog_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


@cache
def languages() -> tuple[str, ...]:
    """English, then every language that has a catalog, in the order of their codes."""
    return (SOURCE_LANGUAGE, *sorted(path.name for path in TRANSLATIONS.iterdir() if catalog_path(path.name).is_file()))


@dataclass(frozen=True)
class Translations:
    """A language's translated messages by key (a plural one as its forms) and its plural rule,
    which gives the index of the form to use for a count."""

    messages: dict[str, str | tuple[str, ...]]
    plural: Callable[[int], int]


@cache
def translations(language: str) -> Translations:
    if language == SOURCE_LANGUAGE or language not in languages():
        return Translations({}, lambda n: int(n != 1))
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    messages: dict[str, str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or not message.context or message.fuzzy:
            continue
        if isinstance(message.string, tuple | list):
            if all(message.string):
                messages[message.context] = tuple(message.string)
        elif message.string:
            messages[message.context] = message.string
    return Translations(messages, gettext.c2py(catalog.plural_expr))


@cache
def locale(language: str) -> Locale:
    return Locale.parse(language, sep="-")


# The digits of the numbering systems CLDR makes the default of an interface language (Babel
# knows which system a locale uses, and its separators, but writes every number in latn digits).
DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


@cache
def _digits(language: str) -> dict[int, str]:
    digits = DIGITS.get(locale(language).default_numbering_system)
    return str.maketrans("0123456789", digits) if digits else {}


def number(value: int | float, language: str) -> str:
    """A number in the language's own digits and grouping: 12,345 · 12 345 · ۱۲٬۳۴۵."""
    written = format_decimal(value, locale=locale(language), numbering_system="default")
    return written.translate(_digits(language))


def year_number(value: int, language: str) -> str:
    """A year in the language's own digits, never grouped (1340, not 1,340)."""
    return str(value).translate(_digits(language))


def long_date(value: datetime.date, language: str) -> str:
    """A day as the language writes it in running text: "March 5, 2024", "2024年3月5日"."""
    return format_date(value, format="long", locale=locale(language))


def date_time(value: datetime.datetime, language: str) -> str:
    """A moment in UTC as the language writes a day and a time of day, for the staff's tables:
    "Mar 5, 2024, 2:03 PM", "2024年3月5日 14:03", "5 мар. 2024 г., 14:03"."""
    moment = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    day = format_date(moment.astimezone(datetime.UTC), format="medium", locale=locale(language))
    time = format_time(moment, format="short", tzinfo=datetime.UTC, locale=locale(language))
    # CLDR's pattern joining a day and a time ("{1}, {0}"; quotes mark its literal text).
    return locale(language).datetime_formats["medium"].replace("'", "").format(time, day)


def country_name(code: str | None, language: str) -> str:
    """A country's name in the language, from its ISO 3166 code (the code itself if unknown)."""
    if not code:
        return ""
    return locale(language).territories.get(code.upper(), code)


def language_name(language: str, in_language: str | None = None, *, in_sentence: bool = False) -> str:
    """A language named in another (in itself by default), capitalised as in a menu or, within
    a sentence, as CLDR writes it ("affiché en anglais"); an unknown tag is left as it is."""
    try:
        named = locale(language)
    except (ValueError, UnknownLocaleError):
        return language
    name = named.get_display_name(locale(in_language or language)) or language
    return name if in_sentence else name[:1].upper() + name[1:]


def plural_categories(language: str) -> dict[str, int]:
    """For the browser's Intl.PluralRules: each CLDR plural category of the language that a
    whole count reaches, with the index of the catalog's form used for it."""
    rule, choose = locale(language).plural_form, translations(language).plural
    categories: dict[str, int] = {}
    for count in range(0, 1000):
        categories.setdefault(rule(count), choose(count))
    # "other" is reached by fractions alone in some languages (Russian): the last form then.
    categories.setdefault("other", choose(1000 * 1000 + 5))
    return categories
