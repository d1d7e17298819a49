"""The curator's exhibition form as plain data: read the posted fields into an exhibition
document, and apply the form's actions (add, move, remove) to it. Pure functions: the editor
re-renders whatever was typed, valid or not, so nothing a curator wrote is lost.

Field names: `languages`; `title.<lang>`, `summary.<lang>`; `sections.<i>.title.<lang>`,
`sections.<i>.text.<lang>`; `sections.<i>.items.<j>.object|image|region`,
`sections.<i>.items.<j>.caption.<lang>`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from exhibitions.schemas import LANGUAGE

SECTION_FIELD = re.compile(r"^sections\.([0-9]{1,3})\.")
ITEM_FIELD = re.compile(r"^sections\.([0-9]{1,3})\.items\.([0-9]{1,3})\.")
MAX_LANGUAGES = 12


def parse_languages(raw: str) -> list[str]:
    """The languages the curator writes in, well-formed tags only, in order, without repeats."""
    languages = []
    for part in re.split(r"[\s,;]+", raw or ""):
        part = part.strip()
        if part and LANGUAGE.match(part) and part not in languages:
            languages.append(part)
    return languages[:MAX_LANGUAGES] or ["en"]


def rejected_languages(raw: str) -> list[str]:
    """What the curator typed in the languages field that is not a language tag."""
    return [part for part in re.split(r"[\s,;]+", raw or "") if part and not LANGUAGE.match(part)]


def document_languages(document: Mapping[str, Any]) -> list[str]:
    """Every language the document's texts are in, English first when present."""
    found: list[str] = []

    def collect(language_map):
        for language in (language_map or {}):
            if language not in found:
                found.append(language)

    collect(document.get("title"))
    collect(document.get("summary"))
    for section in document.get("sections") or []:
        collect(section.get("title"))
        collect(section.get("text"))
        for item in section.get("items") or []:
            collect(item.get("caption"))
    return sorted(found, key=lambda language: (language != "en", found.index(language))) or ["en"]


def _language_map(form: Mapping[str, str], prefix: str, languages: list[str]) -> dict[str, list[str]]:
    result = {}
    for language in languages:
        value = (form.get(f"{prefix}.{language}") or "").strip()
        if value:
            result[language] = [value]
    return result


def _count(form: Mapping[str, str], pattern: re.Pattern, **fixed) -> int:
    highest = -1
    for key in form.keys():
        match = pattern.match(key)
        if match:
            groups = [int(g) for g in match.groups()]
            if pattern is ITEM_FIELD and groups[0] != fixed.get("section"):
                continue
            highest = max(highest, groups[-1])
    return highest + 1


def document_from_form(form: Mapping[str, str], languages: list[str]) -> dict[str, Any]:
    """The exhibition document the form holds (empty texts left out, as the API expects)."""
    document: dict[str, Any] = {"title": _language_map(form, "title", languages)}
    summary = _language_map(form, "summary", languages)
    if summary:
        document["summary"] = summary
    sections = []
    for s in range(_count(form, SECTION_FIELD)):
        prefix = f"sections.{s}"
        section: dict[str, Any] = {"title": _language_map(form, f"{prefix}.title", languages), "items": []}
        text = _language_map(form, f"{prefix}.text", languages)
        if text:
            section["text"] = text
        for i in range(_count(form, ITEM_FIELD, section=s)):
            item_prefix = f"{prefix}.items.{i}"
            item: dict[str, Any] = {"object": (form.get(f"{item_prefix}.object") or "").strip()}
            for name in ("image", "region"):
                value = (form.get(f"{item_prefix}.{name}") or "").strip().replace(" ", "")
                if value:
                    item[name] = value
            caption = _language_map(form, f"{item_prefix}.caption", languages)
            if caption:
                item["caption"] = caption
            section["items"].append(item)
        sections.append(section)
    document["sections"] = sections
    return document


def _swap(items: list, index: int, offset: int) -> None:
    other = index + offset
    if 0 <= index < len(items) and 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]


def apply_action(document: Mapping[str, Any], action: str, add_to: int = 0) -> dict[str, Any]:
    """The document after one editing action of the form; unknown actions change nothing.

    add-section · remove-section:S · section-up:S · section-down:S · item-up:S:I ·
    item-down:S:I · remove-item:S:I · add-object:ID (to section add_to, a new one if none).
    An item moved up from the top of its section goes to the end of the section before; one
    moved down from the bottom, to the start of the section after, caption and region with it.
    """
    document = copy.deepcopy(dict(document))
    sections = document.setdefault("sections", [])
    name, _, argument = action.partition(":")
    numbers = [int(n) for n in argument.split(":") if n.isascii() and n.isdigit()] if name != "add-object" else []
    if name == "add-section":
        sections.append({"title": {}, "items": []})
    elif name == "add-object" and argument:
        if not sections:
            sections.append({"title": {}, "items": []})
        target = sections[add_to] if 0 <= add_to < len(sections) else sections[-1]
        target.setdefault("items", []).append({"object": argument})
    elif name in ("remove-section", "section-up", "section-down") and len(numbers) == 1:
        (s,) = numbers
        if name == "remove-section" and 0 <= s < len(sections):
            del sections[s]
        else:
            _swap(sections, s, -1 if name == "section-up" else 1)
    elif name in ("remove-item", "item-up", "item-down") and len(numbers) == 2:
        s, i = numbers
        if 0 <= s < len(sections):
            items = sections[s].setdefault("items", [])
            offset = -1 if name == "item-up" else 1
            if name == "remove-item":
                if 0 <= i < len(items):
                    del items[i]
            elif 0 <= i + offset < len(items):
                _swap(items, i, offset)
            elif 0 <= i < len(items) and 0 <= s + offset < len(sections):
                neighbour = sections[s + offset].setdefault("items", [])
                neighbour.insert(len(neighbour) if offset < 0 else 0, items.pop(i))
    return document
