"""The curator's exhibition form as plain data: read the posted fields into an exhibition
document, and apply the form's actions (add, move, remove) to it. Pure functions: the editor
re-renders whatever was typed, valid or not, so nothing a curator wrote is lost.

The form lists a section's blocks as its entries (`items`, in order): an object (no `type`, as
in v1: object, image, region, caption, layout), a text, a quote, or any other block, which the
form keeps whole as JSON without editing it (galleries, compares, media, maps and timelines are
the studio's), so that a round trip through the form drops no block.

Field names: `languages`; `title.<lang>`, `summary.<lang>`; `sections.<i>.title.<lang>`,
`sections.<i>.text.<lang>`; `sections.<i>.items.<j>.type` (absent: an object),
`sections.<i>.items.<j>.object|image|region|layout`, `sections.<i>.items.<j>.caption.<lang>`,
`sections.<i>.items.<j>.text.<lang>`, `sections.<i>.items.<j>.quote.<lang>|attribution.<lang>`,
`sections.<i>.items.<j>.block` (the JSON of a block the form does not edit).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from typing import Any

from exhibitions.curation.blocks import object_block, section_blocks
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
        for item in section.get("items") or section_blocks(section):
            for name in ("caption", "text", "quote", "attribution", "transcript"):
                collect(item.get(name))
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
            section["items"].append(_entry(form, f"{prefix}.items.{i}", languages))
        sections.append(section)
    document["sections"] = sections
    return document


def _entry(form: Mapping[str, str], prefix: str, languages: list[str]) -> dict[str, Any]:
    """One entry of a section: an object, a text, a quote, or a block kept as it came."""
    kind = (form.get(f"{prefix}.type") or "object").strip()
    if kind in ("text", "quote"):
        entry: dict[str, Any] = {"type": kind}
        for name in ("text",) if kind == "text" else ("quote", "attribution"):
            texts = _language_map(form, f"{prefix}.{name}", languages)
            if texts or name != "attribution":
                entry[name] = texts
        return entry
    if kind != "object":
        try:
            kept = json.loads(form.get(f"{prefix}.block") or "{}")
        except ValueError:
            kept = {}
        return {**(kept if isinstance(kept, dict) else {}), "type": kind}
    item: dict[str, Any] = {"object": (form.get(f"{prefix}.object") or "").strip()}
    for name in ("image", "region", "layout"):
        value = (form.get(f"{prefix}.{name}") or "").strip().replace(" ", "")
        if value:
            item[name] = value
    caption = _language_map(form, f"{prefix}.caption", languages)
    if caption:
        item["caption"] = caption
    return item


def form_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """A stored (or answered) document as the form holds it: each section's blocks as entries,
    object blocks without their type."""
    sections = []
    for section in document.get("sections") or []:
        entries = [{key: value for key, value in block.items() if key != "type"} if block.get("type") == "object"
                   else block for block in section_blocks(section)]
        sections.append({**{key: value for key, value in section.items() if key not in ("blocks", "items")},
                         "items": entries})
    return {**document, "sections": sections}


def payload_of(document: Mapping[str, Any]) -> dict[str, Any]:
    """The form's document as the API takes it: each section's entries as blocks."""
    sections = [{**{key: value for key, value in section.items() if key != "items"},
                 "blocks": [object_block(entry) if "type" not in entry else entry
                            for entry in section.get("items") or []]}
                for section in document.get("sections") or []]
    return {**document, "sections": sections}


def form_errors_of(errors: list[dict[str, str]]) -> list[dict[str, str]]:
    """The API's errors named by the form's fields: a section's blocks are the form's entries."""
    return [{**error, "field": re.sub(r"^(sections\.[0-9]+)\.blocks\.", r"\1.items.", error["field"])}
            for error in errors]


def _swap(items: list, index: int, offset: int) -> None:
    other = index + offset
    if 0 <= index < len(items) and 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]


def apply_action(document: Mapping[str, Any], action: str, add_to: int = 0) -> dict[str, Any]:
    """The document after one editing action of the form; unknown actions change nothing.

    add-section · add-text:S · add-quote:S · remove-section:S · section-up:S · section-down:S · item-up:S:I ·
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
    elif name in ("add-text", "add-quote") and len(numbers) == 1 and 0 <= numbers[0] < len(sections):
        kind = name.removeprefix("add-")
        sections[numbers[0]].setdefault("items", []).append({"type": kind, kind: {}})
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
