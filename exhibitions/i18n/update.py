"""Bring every catalog up to the English words, or check that none lacks a message.

    python -m exhibitions.i18n.update            # `make translations`
    python -m exhibitions.i18n.update --check    # `make translations-check`: what each language lacks
    python -m exhibitions.i18n.update --add kk   # a catalog for a new language

The English of exhibitions/words*.py is the template: each key a message whose context is the
key and whose id is the English text. Updating keeps every translation whose English is
unchanged, marks fuzzy (shown in English until a translator confirms it) one whose English
changed, adds the new keys untranslated and drops the keys English no longer has.
"""

from __future__ import annotations

import argparse
import string
import sys
from datetime import UTC, datetime

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from exhibitions import i18n, words

# A fixed date in every header, so that running the update twice changes nothing.
EPOCH = datetime(2026, 12, 6, tzinfo=UTC)
HEADER = """\
Caravanserai's interface in {name} ({language}).
Translated by the platform's developers, machine-assisted: native speakers should review these
translations (edit the msgstr lines in Poedit, Weblate or any text editor; the README's section
"Translating" says how, and `make translations-check` what is still missing).
The msgctxt of each message is its key in exhibitions/words*.py; keep every {{placeholder}}."""
# Centuries are numbered each language's own way; the code offers all three forms.
CENTURY_VALUES = frozenset({"n", "ordinal", "roman"})
SOURCES = {"studio.": "exhibitions/words_studio.py", "admin.": "exhibitions/words_admin.py",
           "reset.": "exhibitions/words_admin.py", "nav.admin": "exhibitions/words_admin.py"}


def template() -> Catalog:
    """Every English message to translate, in the order of the words files."""
    catalog = Catalog(project="Caravanserai", creation_date=EPOCH, fuzzy=False)
    for key, message in words.ENGLISH.items():
        if key in words.SAME_IN_EVERY_LANGUAGE:
            continue
        source = next((path for prefix, path in SOURCES.items() if key.startswith(prefix)), "exhibitions/words.py")
        text = (message.one, message.other) if isinstance(message, i18n.Plural) else message
        catalog.add(text, context=key, locations=[(source, None)])
    return catalog


def read(language: str) -> Catalog:
    path = i18n.catalog_path(language)
    if not path.is_file():
        return Catalog(locale=language, project="Caravanserai", creation_date=EPOCH, revision_date=EPOCH, fuzzy=False)
    with path.open("rb") as po:
        return read_po(po, locale=language)


def update(language: str) -> None:
    catalog = read(language)
    catalog.update(template(), update_creation_date=False)
    catalog.header_comment = "\n".join(f"# {line}".rstrip() for line in HEADER.format(
        name=i18n.locale("en").languages.get(language, language), language=language).splitlines())
    catalog.revision_date = EPOCH
    catalog.fuzzy = False
    path = i18n.catalog_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, ignore_obsolete=True, width=100, include_lineno=False)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def problems(language: str) -> list[str]:
    """What the language's catalog lacks: untranslated or fuzzy messages, and translations
    whose placeholders are not English's."""
    catalog = read(language)
    found = []
    for key, english in words.ENGLISH.items():
        if key in words.SAME_IN_EVERY_LANGUAGE:
            continue
        message = catalog.get((english.one, english.other) if isinstance(english, i18n.Plural) else english, key)
        if message is None:
            found.append(f"{language}: {key}: not in the catalog (run make translations)")
            continue
        forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(forms):
            found.append(f"{language}: {key}: {'fuzzy: English changed' if message.fuzzy else 'not translated'}")
            continue
        wanted = placeholders(english.other if isinstance(english, i18n.Plural) else english)
        used = [placeholders(form) for form in forms]
        if key.startswith("century"):
            right = all(names and names <= CENTURY_VALUES for names in used)
        elif isinstance(english, i18n.Plural):
            # A form for one alone may leave the count out ("one object"); none may add a name.
            right = all(names <= wanted for names in used) and set().union(*used) == wanted
        else:
            right = used[0] == wanted
        if not right:
            found.append(f"{language}: {key}: placeholders {sorted(set().union(*used))}, English has {sorted(wanted)}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list what each catalog lacks; fail if anything")
    parser.add_argument("--add", metavar="LANGUAGE", help="start a catalog for a new language")
    arguments = parser.parse_args(argv)
    translated = [language for language in i18n.languages() if language != i18n.SOURCE_LANGUAGE]
    if arguments.check:
        found = [problem for language in translated for problem in problems(language)]
        print("\n".join(found) or f"Every catalog has every message ({', '.join(translated)}).")
        return 1 if found else 0
    for language in translated + ([arguments.add] if arguments.add else []):
        update(language)
    print(f"Updated {len(translated) + bool(arguments.add)} catalogs from {len(words.ENGLISH)} English messages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
