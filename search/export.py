"""Serialising an exported result set as CSV or JSON Lines, a line at a time, and gathering the
lines into pieces to be streamed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from .documents import shown_terms
from .text import pick_language, pick_language_with

# One column per public field of an object; the text columns in the asked language, each with
# the language it is in beside it (another when the object has none in the asked one).
CSV_COLUMNS = (
    "id", "accession", "title", "title_lang", "description", "description_lang", "creator", "creator_lang",
    "culture", "culture_lang", "object_type", "materials", "techniques", "keywords",
    "date", "date_start", "date_end", "place", "lat", "lon", "dimensions",
    "rights", "rights_label", "credit_line", "credit_line_lang",
    "museum", "museum_name", "country", "homepage", "page", "manifest", "thumbnail", "images",
)
TEXT_COLUMNS = ("title", "description", "creator", "culture", "credit_line")
# Terms (materials, techniques, keywords) are joined with this; URLs, which hold no spaces, with one.
TERMS_SEPARATOR = "; "
URLS_SEPARATOR = " "
# The keys of a record (at any depth) whose site-relative values an export makes absolute.
URL_KEYS = frozenset({"manifest", "thumbnail", "info", "service", "url", "record", "logo"})


@dataclass(frozen=True)
class Addresses:
    """What an export needs from the site: absolute URLs for the index's site-relative ones, an
    object's page, and a reader's name for a rights URI."""

    url: Callable[[str], str | None] = staticmethod(lambda path: path)
    page: Callable[[str], str] = staticmethod(lambda object_id: "")
    rights_label: Callable[[str], str] = staticmethod(lambda uri: uri)

    def absolute(self, path: str | None) -> str | None:
        return self.url(path) if path else path


# A spreadsheet opening the CSV runs a cell that begins with one of these as a formula
# (OWASP's "CSV injection"): such text gets a leading apostrophe, which shows it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def absolute_record(value: Any, addresses: Addresses, key: str | None = None) -> Any:
    """A record (or any part of it) with the site-relative URLs under URL_KEYS made absolute."""
    # Only containers and values under URL_KEYS are visited: a call for every leaf of every row
    # (each word of each language map) was most of an export's time.
    if isinstance(value, dict):
        return {k: absolute_record(v, addresses, k) if k in URL_KEYS or isinstance(v, (dict, list)) else v
                for k, v in value.items()}
    if isinstance(value, list):
        if key in URL_KEYS:
            return [absolute_record(v, addresses, key) for v in value]
        return [absolute_record(v, addresses) if isinstance(v, (dict, list)) else v for v in value]
    if key in URL_KEYS and isinstance(value, str):
        return addresses.absolute(value)
    return value


# About what a socket buffer takes at once: large enough that a piece of an export costs one write
# of the server rather than one per row, small enough that the first rows leave at once.
PIECE_SIZE = 64 * 1024


def in_pieces(lines: Iterable[str], size: int = PIECE_SIZE) -> Iterator[str]:
    """Lines joined into pieces of at least `size` characters (the last may be shorter)."""
    piece: list[str] = []
    length = 0
    for line in lines:
        piece.append(line)
        length += len(line)
        if length >= size:
            yield "".join(piece)
            piece, length = [], 0
    if piece:
        yield "".join(piece)


def jsonl_lines(rows: Iterable[dict], addresses: Addresses = Addresses()) -> Iterator[str]:
    """One object per line in the API's own shape (language maps whole, URLs absolute), with
    the country and the thumbnail the search gives and the object's page beside it."""
    for row in rows:
        row = absolute_record(row, addresses)
        row["page"] = addresses.page(row["id"])
        yield orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE).decode()


def _number(value: Any) -> Any:
    return "" if value is None else value


def csv_row(row: dict, addresses: Addresses = Addresses(), language: str = "en") -> list:
    """The CSV_COLUMNS of one exported row (see jsonl_lines), texts in the language asked."""
    date = row.get("date") or {}
    museum = row.get("museum") or {}
    place = row.get("place") or {}
    texts = {}
    for name in TEXT_COLUMNS:
        texts[name], texts[f"{name}_lang"] = pick_language_with(row.get(name), language)
    images = [addresses.absolute(image.get("service")) or "" for image in row.get("images") or []]
    values = {
        **texts,
        "id": row["id"],
        "accession": row.get("accession") or "",
        # Vocabulary terms in the language asked, like the texts (search.documents.shown_terms).
        "object_type": TERMS_SEPARATOR.join(shown_terms(row, "object_type", language)),
        "materials": TERMS_SEPARATOR.join(shown_terms(row, "materials", language)),
        "techniques": TERMS_SEPARATOR.join(shown_terms(row, "techniques", language)),
        "keywords": TERMS_SEPARATOR.join(row.get("keywords") or []),
        # A date's and a place's words in the language asked too, from their labels when there are.
        "date": pick_language(date.get("label"), language) or date.get("display") or "",
        "date_start": _number(date.get("start")),
        "date_end": _number(date.get("end")),
        "place": pick_language(place.get("label"), language) or place.get("name") or "",
        "lat": _number(place.get("lat")),
        "lon": _number(place.get("lon")),
        "dimensions": row.get("dimensions") or "",
        "rights": row.get("rights") or "",
        "rights_label": addresses.rights_label(row["rights"]) if row.get("rights") else "",
        "museum": museum.get("slug") or "",
        "museum_name": pick_language(museum.get("name"), language),
        "country": row.get("country") or museum.get("country") or "",
        "homepage": row.get("homepage") or "",
        "page": addresses.page(row["id"]),
        "manifest": addresses.absolute(row.get("manifest")) or "",
        "thumbnail": addresses.absolute(row.get("thumbnail")) or "",
        "images": URLS_SEPARATOR.join(images),
    }
    return [values[column] for column in CSV_COLUMNS]


def csv_writer() -> Callable[[Iterable], str]:
    """A function writing one CSV line of values; text that a spreadsheet would run as a formula
    is written so that it shows as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: Iterable) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_text_cell(value) if isinstance(value, str) else value for value in values])
        return buffer.getvalue()

    return line


def csv_lines(rows: Iterable[dict], addresses: Addresses = Addresses(), language: str = "en") -> Iterator[str]:
    """A header line, then one line per row (csv_row)."""
    line = csv_writer()
    yield line(CSV_COLUMNS)
    for row in rows:
        yield line(csv_row(row, addresses, language))
