"""Citations of objects in the formats reference managers import: CSL-JSON, BibTeX and RIS.

Pure functions of object records (the API's shape, absolute URLs). Each citation carries the
title, the creator when known, the museum as publisher and archive, the date (BCE years
negative in CSL's date-parts, written "500 BCE" in BibTeX and RIS), the accession number as call
number and archive location, the object page's address and the day it was accessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from iiif import urls
from search.text import pick_language

SITE_NAME = "Caravanserai"


@dataclass(frozen=True)
class CitationFormat:
    name: str
    media_type: str
    extension: str


FORMATS = {
    "csl-json": CitationFormat("csl-json", "application/vnd.citationstyles.csl+json", "json"),
    "bibtex": CitationFormat("bibtex", "application/x-bibtex", "bib"),
    "ris": CitationFormat("ris", "application/x-research-info-systems", "ris"),
}
DEFAULT_FORMAT = "csl-json"


@dataclass(frozen=True)
class Cited:
    """What every format writes of one object, read once from its record."""

    id: str
    title: str
    creator: str
    museum: str
    accession: str
    start: int | None
    end: int | None
    date_text: str
    object_type: str
    medium: str
    page: str
    rights: str


def _year(year: int) -> str:
    return f"{-year} BCE" if year < 0 else str(year)


def year_text(start: int | None, end: int | None, display: str = "") -> str:
    """A span of years as text: "1350--1368", "500 BCE--400 BCE", "618"; else the display date."""
    if start is None:
        return display
    if end is None or end == start:
        return _year(start)
    return f"{_year(start)}--{_year(end)}"


def cited(record: Mapping[str, Any], base_url: str, language: str = "en") -> Cited:
    dates = record.get("date") or {}
    start, end = dates.get("start"), dates.get("end")
    return Cited(
        id=record["id"],
        title=pick_language(record.get("title"), language) or record["id"],
        creator=pick_language(record.get("creator"), language),
        museum=pick_language((record.get("museum") or {}).get("name"), language),
        accession=record.get("accession") or "",
        start=start, end=end, date_text=pick_language(dates.get("label"), language) or dates.get("display") or "",
        object_type=record.get("object_type") or "",
        medium=", ".join(record.get("materials") or []),
        page=urls.object_page(base_url, record["id"]),
        rights=record.get("rights") or "",
    )


def csl_item(item: Cited, accessed: date) -> dict[str, Any]:
    """One CSL-JSON item (CSL 1.0.2 "graphic", what reference managers call an artwork)."""
    entry: dict[str, Any] = {
        "id": item.id,
        "type": "graphic",
        "title": item.title,
        "publisher": item.museum,
        "archive": item.museum,
        "archive_location": item.accession,
        "call-number": item.accession,
        "URL": item.page,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "source": SITE_NAME,
    }
    if item.creator:
        entry["author"] = [{"literal": item.creator}]
    if item.start is not None:
        parts = [[item.start]] if item.end in (None, item.start) else [[item.start], [item.end]]
        entry["issued"] = {"date-parts": parts}
    elif item.date_text:
        entry["issued"] = {"literal": item.date_text}
    if item.object_type:
        entry["genre"] = item.object_type
    if item.medium:
        entry["medium"] = item.medium
    return entry


_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bibtex_text(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in " ".join(text.split()))


def bibtex_entry(item: Cited, accessed: date) -> str:
    """One @misc entry; the creator and the museum in double braces, so that BibTeX styles keep
    them whole instead of reading a first and a last name."""
    fields = [
        ("title", _bibtex_text(item.title)),
        ("author", "{" + _bibtex_text(item.creator) + "}" if item.creator else ""),
        ("year", _bibtex_text(year_text(item.start, item.end, item.date_text))),
        ("publisher", "{" + _bibtex_text(item.museum) + "}"),
        ("howpublished", _bibtex_text(SITE_NAME)),
        ("number", _bibtex_text(item.accession)),
        ("note", _bibtex_text(f"{item.museum}, accession number {item.accession}")),
        ("type", _bibtex_text(item.object_type)),
        ("url", item.page),
        ("urldate", accessed.isoformat()),
    ]
    key = re.sub(r"[^A-Za-z0-9_:-]", "-", f"caravanserai-{item.id}")
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}\n"


def ris_record(item: Cited, accessed: date) -> str:
    """One RIS record (type ART, artwork); lines end with CR LF as the format asks."""
    lines = [
        ("TY", "ART"),
        ("TI", item.title),
        ("AU", item.creator),
        ("PY", year_text(item.start, item.end, item.date_text)),
        ("PB", item.museum),
        ("AV", item.museum),
        ("AN", item.accession),
        ("CN", item.accession),
        ("M3", item.object_type),
        ("DB", SITE_NAME),
        ("UR", item.page),
        ("Y2", accessed.strftime("%Y/%m/%d")),
    ]
    text = "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines if value)
    return text + "ER  - \r\n"


def citations(records: Iterable[Mapping[str, Any]], kind: str, base_url: str, accessed: date,
              language: str = "en") -> str:
    """The records' citations in one document of the format named by kind (a key of FORMATS)."""
    items = [cited(record, base_url, language) for record in records]
    if kind == "csl-json":
        return json.dumps([csl_item(item, accessed) for item in items], ensure_ascii=False, indent=2)
    if kind == "bibtex":
        return "\n".join(bibtex_entry(item, accessed) for item in items)
    if kind == "ris":
        return "\r\n".join(ris_record(item, accessed) for item in items)
    raise ValueError(f"unknown citation format {kind!r}")
