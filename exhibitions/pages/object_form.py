"""The contributor's object form as plain data: posted fields to the API's metadata payload
(validation stays with exhibitions.objects.contribution, the same as the API), and stored metadata
back to form values for editing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from exhibitions.schemas import with_labels

LANGUAGE_MAP_FIELDS = ("title", "description", "creator", "culture", "credit_line")
# The words of a date and of a place, by language like a title (their plain strings follow).
PART_LABELS = ("date.label", "place.label")
LIST_FIELDS = ("materials", "techniques", "keywords")
TEXT_FIELDS = ("object_type", "dimensions", "rights", "homepage")
INTEGER = re.compile(r"^-?[0-9]{1,6}$")  # ASCII: \d takes every script's digits
NUMBER = re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]+)?$")
EXTRA_ROWS = 1


def _rows(form: Mapping[str, str], name: str) -> list[tuple[str, str]]:
    rows, n = [], 0
    while f"{name}-{n}-lang" in form or f"{name}-{n}-text" in form:
        rows.append(((form.get(f"{name}-{n}-lang") or "").strip(), (form.get(f"{name}-{n}-text") or "").strip()))
        n += 1
    return rows


def _number(raw: str, pattern: re.Pattern, kind) -> Any:
    # A value that is not a number goes to validation as it is, so the error names its field.
    return kind(raw) if pattern.match(raw) else raw


def _language_map(form: Mapping[str, str], name: str) -> dict[str, list[str]]:
    language_map: dict[str, list[str]] = {}
    for language, text in _rows(form, name):
        if text:
            language_map.setdefault(language or "none", []).append(text)
    return language_map


def payload_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The metadata payload of the API from the form's fields; empty fields are left out."""
    payload: dict[str, Any] = {}
    for name in LANGUAGE_MAP_FIELDS:
        language_map = _language_map(form, name)
        if language_map:
            payload[name] = language_map
    for name in LIST_FIELDS:
        values = [part.strip() for part in (form.get(name) or "").split(",") if part.strip()]
        if values:
            payload[name] = values
    for name in TEXT_FIELDS:
        value = (form.get(name) or "").strip()
        if value:
            payload[name] = value
    date = {key: (form.get(f"date.{key}") or "").strip() for key in ("display", "start", "end")}
    date_label = _language_map(form, "date.label")
    if any(date.values()) or date_label:
        payload["date"] = {"display": date["display"] or None, "label": date_label or None,
                           "start": _number(date["start"], INTEGER, int) if date["start"] else None,
                           "end": _number(date["end"], INTEGER, int) if date["end"] else None}
        payload["date"] = {key: value for key, value in payload["date"].items() if value is not None}
    place = {key: (form.get(f"place.{key}") or "").strip() for key in ("name", "lat", "lon")}
    place_label = _language_map(form, "place.label")
    if any(place.values()) or place_label:
        payload["place"] = {key: (_number(value, NUMBER, float) if key != "name" else value)
                            for key, value in place.items() if value}
        if place_label:
            payload["place"]["label"] = place_label
    return payload


def form_from_metadata(fields: Mapping[str, Any]) -> dict[str, str]:
    """Form values (field name -> text) showing stored metadata: a date's and a place's words as
    their label's rows (a plain string is a row of no language)."""
    values: dict[str, str] = {}
    fields = with_labels(dict(fields))
    for name in LANGUAGE_MAP_FIELDS + PART_LABELS:
        part, _, key = name.partition(".")
        n = 0
        language_map = (fields.get(part) or {}).get(key) if key else fields.get(name)
        for language, texts in (language_map or {}).items():
            for text in texts:
                values[f"{name}-{n}-lang"] = "" if language == "none" else language
                values[f"{name}-{n}-text"] = text
                n += 1
    for name in LIST_FIELDS:
        values[name] = ", ".join(fields.get(name) or [])
    for name in TEXT_FIELDS:
        values[name] = fields.get(name) or ""
    for part, keys in (("date", ("start", "end")), ("place", ("lat", "lon"))):
        for key in keys:
            value = (fields.get(part) or {}).get(key)
            values[f"{part}.{key}"] = "" if value is None else str(value)
    return values


def language_rows(values: Mapping[str, str], name: str, default_language: str = "en") -> list[tuple[str, str]]:
    """The (language, text) rows to show for a language-map field: the filled ones and one empty."""
    rows = [(language, text) for language, text in _rows(values, name) if language or text]
    if not rows:
        return [(default_language, "")]
    return rows + [("", "")] * EXTRA_ROWS
