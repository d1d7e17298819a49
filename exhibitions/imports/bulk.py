"""Bulk import of a museum's objects from CSV or JSON Lines, images by file name in a ZIP.

Each row is applied like a PUT (create or replace), so a row with an error is reported by
number and the others go on; re-running the same file creates no duplicates. Rows without
images are written a batch at a time, each checked before any is written.
"""

from __future__ import annotations

import csv
import io
import logging
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, BinaryIO

from exhibitions import json_input
from exhibitions.objects import contribution
from exhibitions.objects.image_places import mark_unsettled, settle
from exhibitions.problems import Problem

if TYPE_CHECKING:  # the platform builds the import worker, which runs imports
    from exhibitions.models import Museum
    from exhibitions.platform import Platform

log = logging.getLogger(__name__)

LANGUAGE_MAP_FIELDS = ("title", "description", "creator", "culture", "credit_line")
# Fields made of parts, each a column of its own in a CSV file.
PARTS = {"date": ("display", "start", "end"), "place": ("name", "lat", "lon")}
LIST_FIELDS = ("materials", "techniques", "keywords", "images")
LIST_SEPARATOR = "|"
MAX_ROWS = 100_000
# Rows without images are written BATCH_ROWS at a time, each batch in one transaction; their
# search documents go out at least every DELIVERY_ROWS rows (so after each batch) or
# DELIVERY_SECONDS while the import runs, so that one stopped part way (a killed command) leaves
# at most a batch undelivered.
BATCH_ROWS = 250
DELIVERY_ROWS = 100
DELIVERY_SECONDS = 5.0
# Every field the metadata has, in every language a language map may hold (7 x 50 + 16), fits
# with room to spare; a wider header is refused before it is read.
MAX_COLUMNS = 500

# Python's csv reader stops the whole file at a cell over 128 KiB. A cell is bounded by the file
# (itself bounded by the upload limit), and one too long for its field is that row's error,
# named with the field's own limit like any other text, so the reader takes a cell of any length.
csv.field_size_limit(2**31 - 1)


class ImportError_(Exception):
    """The file as a whole cannot be imported (nothing of it was applied)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Row:
    number: int  # 1 for the first data row
    line: int  # the line of the file it starts on
    payload: dict[str, Any] | None
    error: str | None = None


@dataclass
class ImportReport:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row["status"] == status)

    @property
    def failed(self) -> int:
        return self.count("failed")

    def failed_rows(self) -> list[dict[str, Any]]:
        return [row for row in self.rows if row["status"] == "failed"]

    @property
    def warned(self) -> int:
        """Rows written with values kept as free text (each row's `warnings` names them)."""
        return sum(1 for row in self.rows if row.get("warnings"))

    def summary(self) -> str:
        warned = f" {self.warned} with values kept as free text (see their warnings)." if self.warned else ""
        return (f"{len(self.rows)} rows: {self.count('created')} created, {self.count('replaced')} replaced, "
                f"{self.count('unchanged')} unchanged, {self.failed} failed.{warned}")

    def as_json(self) -> dict[str, Any]:
        return {"total": len(self.rows), "created": self.count("created"), "replaced": self.count("replaced"),
                "unchanged": self.count("unchanged"), "failed": self.failed, "warned": self.warned,
                "rows": self.rows}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def csv_row_to_payload(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row (columns named as the API's fields; `title.zh` for one language of a language
    map, `date.start` for a part of an object, `date.label.zh` for one language of a part's
    language map; lists separated by '|') as an API payload."""
    payload: dict[str, Any] = {}
    for column, raw in row.items():
        if column is None or raw is None or not raw.strip():
            continue
        value = raw.strip()
        name, _, part = column.partition(".")
        if name in LIST_FIELDS:
            payload[name] = _split(value)
        elif part and name in LANGUAGE_MAP_FIELDS:
            payload.setdefault(name, {})[part] = [value]
        elif part.startswith("label.") and name in PARTS:
            label = payload.setdefault(name, {}).get("label")
            label = {"none": [label]} if isinstance(label, str) else label or {}
            label[part.removeprefix("label.")] = [value]
            payload[name]["label"] = label
        elif part:
            payload.setdefault(name, {})[part] = value
        else:
            payload[name] = value
    for name in ("date",):
        for key in ("start", "end"):
            value = payload.get(name, {}).get(key)
            digits = value.lstrip("-") if isinstance(value, str) else ""
            # Other numbers stay text, which validation names as not a year.
            if digits.isascii() and digits.isdigit() and len(digits) <= json_input.MAX_DIGITS:
                payload[name][key] = int(value)
    for key in ("lat", "lon"):
        value = payload.get("place", {}).get(key)
        if isinstance(value, str):
            try:
                payload["place"][key] = float(value)
            except ValueError:
                pass
    return payload


def check_csv_header(columns: list[str]) -> list[str]:
    """The header's column names, tidied (field names in lower case, spaces trimmed), or an
    ImportError_ that says what to change: before any row is read, so nothing is half-applied."""
    tidied = []
    for column in columns:
        name, dot, part = column.strip().partition(".")
        tidied.append(f"{name.lower()}{dot}{part}")
    if "accession" not in tidied:
        if len(tidied) == 1 and ";" in tidied[0]:
            raise ImportError_("The CSV file's columns must be separated by commas, not semicolons.")
        raise ImportError_("The CSV file needs a header row with an 'accession' column.")
    repeated = sorted(column for column, count in Counter(tidied).items() if count > 1)
    if repeated:
        raise ImportError_(f"The CSV file has the column {repeated[0]!r} more than once; keep one.")
    by_language = {column.partition(".")[0] for column in tidied if "." in column}
    for column in tidied:
        if column in PARTS:
            parts = ", ".join(f"{column}.{part}" for part in PARTS[column])
            raise ImportError_(f"The CSV column {column!r} is made of parts: use the columns {parts}.")
        if column in LANGUAGE_MAP_FIELDS and column in by_language:
            raise ImportError_(f"The CSV file gives {column!r} both as a plain column and by language "
                               f"({column}.en, ...); keep one way.")
    return tidied


def read_rows(filename: str, data: bytes) -> list[Row]:
    """The rows of a CSV (.csv) or JSON Lines (.jsonl, .ndjson) file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_("The file must be UTF-8 text.") from None
    suffix = PurePosixPath(filename.lower()).suffix
    rows: list[Row] = []
    if suffix in (".jsonl", ".ndjson", ".json"):
        # Lines end at "\n" (and "\r\n") only: U+2028 and the like may stand inside a JSON string.
        for line_number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                payload = json_input.parse(line)
                if not isinstance(payload, dict):
                    raise ValueError("the line is not a JSON object")
                rows.append(Row(len(rows) + 1, line_number, payload))
            except json_input.JsonRefused as refused:
                rows.append(Row(len(rows) + 1, line_number, None, str(refused)))
            except ValueError as error:
                rows.append(Row(len(rows) + 1, line_number, None, f"not valid JSON: {error}"))
    elif suffix == ".csv":
        # The header is the first line. Its commas are counted before it is read: the checks
        # that follow, and every row's record, grow with the number of columns.
        header, _, body = text.partition("\n")
        if header.count(",") >= MAX_COLUMNS:
            raise ImportError_(f"The CSV header has {header.count(',') + 1} columns; a file may have at most "
                               f"{MAX_COLUMNS}.")
        columns = check_csv_header(next(csv.reader([header])))
        reader = csv.DictReader(io.StringIO(body, newline=""), fieldnames=columns)
        line = 2
        for record in reader:
            if None in record:
                rows.append(Row(len(rows) + 1, line, None, "the row has more cells than the header"))
            else:
                rows.append(Row(len(rows) + 1, line, csv_row_to_payload(record)))
            line = reader.line_num + 2
    else:
        raise ImportError_(f"Import a .csv or .jsonl file, not '{filename}'.")
    if len(rows) > MAX_ROWS:
        raise ImportError_(f"The file has {len(rows)} rows; import at most {MAX_ROWS} at a time.")
    return rows


def open_images(stream: BinaryIO | None, max_bytes: int) -> zipfile.ZipFile | None:
    """The images ZIP, refused whole when a member name could point outside it."""
    if stream is None:
        return None
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise ImportError_("The images file is not a ZIP archive.") from None
    for member in archive.infolist():
        path = PurePosixPath(member.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in member.filename or member.filename.startswith("/"):
            raise ImportError_(f"The ZIP holds an unsafe path '{member.filename}'; nothing was imported.")
        if member.file_size > max_bytes:
            raise ImportError_(f"'{member.filename}' in the ZIP is larger than the limit of {max_bytes} bytes.")
    return archive


def _accession(payload: dict[str, Any]) -> str:
    """A row's accession number as text (taken out of its payload), or its Problem."""
    raw = payload.pop("accession", None)
    # A number is read as it is written; a list, an object or true is no accession number.
    if raw is not None and not (isinstance(raw, str) or type(raw) is int):
        raise Problem(422, "bad accession", errors=[{"field": "accession", "message": "must be text or a number"}])
    if raw is None or raw == "":
        raise Problem(422, "no accession", errors=[{"field": "accession", "message": "is required"}])
    return str(raw)


def _with_default_rights(payload: dict[str, Any], museum: Museum) -> dict[str, Any]:
    if payload.get("rights") in (None, "") and museum.default_rights:
        # A row that leaves rights out (or empty, as a CSV cell is) takes the museum's usual ones.
        payload["rights"] = museum.default_rights
    return payload


def _failed(row: Row, accession: Any, problem: Problem) -> dict[str, Any]:
    return {"row": row.number, "line": row.line, "accession": accession, "status": "failed",
            "errors": problem.errors or [{"field": "row", "message": problem.detail}]}


def _apply_row(platform: Platform, museum_slug: str, row: Row, archive: zipfile.ZipFile | None,
               source: str) -> dict[str, Any]:
    """A row with images, on its own: its images are stored one by one, and a row whose image
    is refused leaves nothing behind."""
    payload = dict(row.payload)
    image_names = payload.pop("images", []) or []
    accession = _accession(payload)
    result: dict[str, Any] = {"row": row.number, "line": row.line, "accession": accession}
    if not isinstance(image_names, list):
        raise Problem(422, "bad images", errors=[{"field": "images", "message": "must be a list of file names"}])
    stored_here: list[str] = []
    with platform.db.sessions() as session:
        try:
            museum = contribution.get_museum(session, museum_slug)
            obj, outcome = contribution.put_object(session, museum, accession, _with_default_rights(payload, museum),
                                                   saved_by=source)
            for name in image_names:
                if archive is None:
                    raise Problem(422, "no ZIP",
                                  errors=[{"field": "images", "message": f"'{name}' needs the images ZIP"}])
                try:
                    member = archive.open(str(name))
                except KeyError:
                    raise Problem(422, "missing", errors=[
                        {"field": "images", "message": f"'{name}' is not in the ZIP"}]) from None
                with member:
                    added = contribution.add_image(session, platform.images, obj, member, str(name))
                if added.created:
                    stored_here.append(added.image.image_id)
                    outcome = "replaced" if outcome == "unchanged" else outcome
            session.commit()
        except Exception:
            session.rollback()
            # The files this row wrote before it failed: kept only if another object shows them.
            mark_unsettled(session, stored_here)
            session.commit()
            settle(session, platform.images)
            raise
        result.update(id=obj.id, status=outcome, **_warned(obj.fields))
    return result


def _warned(fields: dict[str, Any]) -> dict[str, Any]:
    """A row report's `warnings`, when some of its values are kept as free text (`fields`: the
    row's metadata, which its validation has accepted)."""
    warnings = contribution.term_warnings(fields)
    return {"warnings": warnings} if warnings else {}


def _apply_one(platform: Platform, museum_slug: str, row: Row, archive: zipfile.ZipFile | None,
               source: str) -> dict[str, Any]:
    if row.payload is None:
        return _failed(row, None, Problem(422, row.error))
    try:
        return _apply_row(platform, museum_slug, row, archive, source)
    except Problem as problem:
        return _failed(row, row.payload.get("accession"), problem)


def _apply_batch(platform: Platform, museum_slug: str, rows: list[Row], source: str) -> list[dict[str, Any]]:
    """Rows without images, in one transaction: each is checked first, the valid ones are
    written together (contribution.put_objects), and each reports its own outcome or errors."""
    results: dict[int, dict[str, Any]] = {}
    accepted: list[tuple[Row, str, dict[str, Any]]] = []
    for row in rows:
        if row.payload is None:
            results[row.number] = _failed(row, None, Problem(422, row.error))
            continue
        payload = dict(row.payload)
        payload.pop("images", None)
        try:
            accepted.append((row, _accession(payload), payload))
        except Problem as problem:
            results[row.number] = _failed(row, row.payload.get("accession"), problem)
    with platform.db.sessions() as session:
        try:
            museum = contribution.get_museum(session, museum_slug)
            outcomes = contribution.put_objects(
                session, museum, [(accession, _with_default_rights(payload, museum))
                                  for _, accession, payload in accepted], saved_by=source)
            session.commit()
        except Problem as problem:  # the museum is gone
            outcomes = [problem] * len(accepted)
        except Exception:
            # Something no check foresaw (a write refused by the database): the rows go one at a
            # time instead, so that the row at fault fails alone.
            log.warning("an import batch could not be written whole; its rows are written one at a time",
                        exc_info=True)
            session.rollback()
            outcomes = None
    for position, (row, accession, payload) in enumerate(accepted):
        if outcomes is None:
            results[row.number] = _apply_one(platform, museum_slug, row, None, source)
        elif isinstance(outcomes[position], Problem):
            results[row.number] = _failed(row, row.payload.get("accession"), outcomes[position])
        else:
            object_id, status = outcomes[position]
            results[row.number] = {"row": row.number, "line": row.line, "accession": accession, "id": object_id,
                                   "status": status, **_warned(payload)}
    return [results[row.number] for row in rows]


def batches(rows: list[Row]) -> Iterator[list[Row]]:
    """The rows in the order of the file, as batches of at most BATCH_ROWS without images, and
    each row with images alone. A batch ends before an accession number it already holds, so
    that the later row of the two replaces the earlier."""
    batch: list[Row] = []
    accessions: set[str] = set()
    for row in rows:
        images = row.payload is not None and row.payload.get("images")
        accession = str(row.payload.get("accession")).strip() if row.payload is not None else None
        if batch and (images or len(batch) >= BATCH_ROWS or accession in accessions):
            yield batch
            batch, accessions = [], set()
        if images:
            yield [row]
            continue
        batch.append(row)
        accessions.add(accession)
    if batch:
        yield batch


def run_import(platform: Platform, museum_slug: str, filename: str, rows_stream: BinaryIO,
               images_stream: BinaryIO | None = None,
               progress: Callable[[int, int], None] | None = None,
               deliver: Callable[[], Any] | None = None) -> ImportReport:
    """Apply a file's rows, a batch at a time; progress(done, total) after each batch. Written rows
    go to search by deliver() (the platform's outbox delivery, in this thread, unless another is
    given: Platform.delivering_aside), and in this thread once all are written."""
    deliver = deliver or platform.deliver_outbox
    with platform.db.sessions() as session:
        contribution.get_museum(session, museum_slug)
    rows = read_rows(filename, rows_stream.read())
    archive = open_images(images_stream, platform.settings.max_upload_bytes)
    source = f"import of {filename}"[:320]
    report = ImportReport()
    delivered, undelivered = time.monotonic(), 0
    for batch in batches(rows):
        if batch[0].payload is not None and batch[0].payload.get("images"):
            report.rows.append(_apply_one(platform, museum_slug, batch[0], archive, source))
        else:
            report.rows.extend(_apply_batch(platform, museum_slug, batch, source))
        undelivered += len(batch)
        if undelivered >= DELIVERY_ROWS or time.monotonic() - delivered >= DELIVERY_SECONDS:
            deliver()
            delivered, undelivered = time.monotonic(), 0
        if progress:
            progress(len(report.rows), len(rows))
    platform.deliver_outbox()
    return report
