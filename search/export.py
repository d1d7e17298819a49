"""Serialising an exported result set as CSV or JSON Lines, a line at a time, and gathering the
lines into pieces to be streamed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from .text import pick_language

CSV_COLUMNS = (
    "id", "accession", "title", "museum", "museum_name", "country", "object_type", "materials",
    "date", "date_start", "date_end", "place", "manifest", "thumbnail",
)


# A spreadsheet opening the CSV runs a cell that begins with one of these as a formula
# (OWASP's "CSV injection"): such text gets a leading apostrophe, which shows it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _absolute(url: Callable[[str], str] | None, path: str | None) -> str | None:
    return url(path) if (url and path) else path


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


def jsonl_lines(rows: Iterable[dict], url: Callable[[str], str] | None = None) -> Iterator[str]:
    """One JSON object per line; url makes the site-relative manifest and thumbnail absolute."""
    for row in rows:
        row = {
            **row,
            "manifest": _absolute(url, row.get("manifest")),
            "thumbnail": _absolute(url, row.get("thumbnail")),
        }
        yield json.dumps(row, ensure_ascii=False) + "\n"


def csv_lines(rows: Iterable[dict], url: Callable[[str], str] | None = None, language: str = "en") -> Iterator[str]:
    """A header line, then one line per row; several materials are joined with "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_text_cell(value) if isinstance(value, str) else value for value in values])
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    for row in rows:
        date = row.get("date") or {}
        museum = row.get("museum") or {}
        yield line(
            [
                row["id"],
                row.get("accession") or "",
                pick_language(row.get("title"), language),
                museum.get("slug") or "",
                pick_language(museum.get("name"), language),
                row.get("country") or "",
                row.get("object_type") or "",
                "; ".join(row.get("materials") or []),
                date.get("display") or "",
                "" if date.get("start") is None else date["start"],
                "" if date.get("end") is None else date["end"],
                (row.get("place") or {}).get("name") or "",
                _absolute(url, row.get("manifest")) or "",
                _absolute(url, row.get("thumbnail")) or "",
            ]
        )
