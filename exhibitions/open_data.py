"""Bulk open data: dated snapshots of every public object (`flask --app wsgi dump`), served under /data/.

A snapshot is a folder `dumps/YYYY-MM-DD/` of the storage (storage/: `DATA_DIR/dumps/` by
default, or a bucket that every web server reads) holding each set of objects as gzipped JSON
Lines (the API's shape) and CSV (the export's columns, search.export.CSV_COLUMNS): "open" for the
objects whose rights let anyone reuse them (iiif.rights.open_for_reuse), "metadata-only" for the
rest; with SHA256SUMS (the `sha256sum -c` format) and a README of the fields and licences. It is
written in a local scratch folder, then stored with its snapshot.json last (locally one rename):
a reader never sees half a snapshot. Records are read a batch at a time and written as they come
(bounded memory).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from zlib import adler32

from flask import Blueprint, abort, render_template, send_from_directory

from exhibitions.pages.public import rights_label
from exhibitions.stored_files import send_stored
from exhibitions.web import current_platform
from iiif import urls
from iiif.rights import open_for_reuse
from search.export import CSV_COLUMNS, Addresses, csv_row, csv_writer, jsonl_lines
from storage import Storage

SETS = ("open", "metadata-only")
KINDS = ("jsonl", "csv")
SUMS = "SHA256SUMS"
README = "README.md"
MARKER = "snapshot.json"  # written last: a snapshot without it is not finished
DUMPS = "dumps"  # where the snapshots are in the storage (DATA_DIR/dumps by default)
MAX_AGE = 86400
_SNAPSHOT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

open_data = Blueprint("open_data", __name__)


def file_name(kind_set: str, kind: str) -> str:
    return f"caravanserai-{kind_set}.{kind}.gz"


def _readme(day: date, counts: dict[str, int]) -> str:
    columns = ", ".join(f"`{column}`" for column in CSV_COLUMNS)
    return f"""# Caravanserai open data, {day.isoformat()}

Every public object of the alliance's museums on that day, in two sets:

- **open** ({counts['open']} objects): records whose rights let anyone reuse them without asking:
  CC0, the Public Domain Mark, No Copyright - United States, CC BY and CC BY-SA (any version).
  Credit the museum as each record's `credit_line` and `rights` ask.
- **metadata-only** ({counts['metadata-only']} objects): every other rights statement (In Copyright,
  Copyright Not Evaluated, No Copyright with restrictions, the NC and ND licences). The records
  are here for research and discovery; reuse of the objects and their images follows each
  record's `rights`, which you must check.

Each set comes as gzipped JSON Lines (one object per line, the shape of `GET /api/v1/objects/{{id}}`:
language maps whole, absolute URLs) and gzipped CSV with these columns: {columns}.
Text columns are in English where the object has it (else in the language beside them, `*_lang`);
terms are joined with "; ", image addresses (Image API bases) with a space; years are integers,
negative for BCE.

`{SUMS}` holds the SHA-256 sum of each file: `sha256sum -c {SUMS}` checks them.
"""


class _SumWriter:
    """A gzip file whose compressed bytes are hashed as they are written."""

    def __init__(self, path: Path):
        self.path = path
        self.digest = hashlib.sha256()
        self._raw = path.open("wb")
        # mtime 0: the same records make the same bytes.
        self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self, mtime=0)

    def write(self, data: bytes) -> int:  # what GzipFile writes to
        self.digest.update(data)
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()

    def text(self, line: str) -> None:
        self._gzip.write(line.encode())

    def close(self) -> str:
        self._gzip.close()
        self._raw.close()
        return self.digest.hexdigest()


def write_snapshot(records: Iterable[dict], storage: Storage, day: date, addresses: Addresses,
                   progress: Callable[[int], None] = lambda done: None) -> str:
    """Write the snapshot of `day` under the storage's dumps/ (replacing one of the same day) and
    return its key. It is written in the storage's local scratch folder, then stored whole: one
    rename in a local directory; in a bucket file by file, snapshot.json (what lists it) last."""
    work = Path(tempfile.mkdtemp(prefix=f".{day.isoformat()}-", dir=storage.scratch()))
    try:
        writers = {(kind_set, kind): _SumWriter(work / file_name(kind_set, kind))
                   for kind_set in SETS for kind in KINDS}
        line = csv_writer()
        for kind_set in SETS:
            writers[kind_set, "csv"].text(line(CSV_COLUMNS))
        counts = dict.fromkeys(SETS, 0)
        for done, record in enumerate(records, 1):
            kind_set = "open" if open_for_reuse(record.get("rights")) else "metadata-only"
            counts[kind_set] += 1
            writers[kind_set, "jsonl"].text(next(jsonl_lines([record], addresses)))
            writers[kind_set, "csv"].text(line(csv_row(record, addresses)))
            progress(done)
        sums = {writer.path.name: writer.close() for writer in writers.values()}
        (work / README).write_text(_readme(day, counts), encoding="utf-8")
        sums[README] = hashlib.sha256((work / README).read_bytes()).hexdigest()
        (work / SUMS).write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items())),
                                 encoding="utf-8")
        (work / MARKER).write_text(json.dumps({"date": day.isoformat(), "objects": counts}), encoding="utf-8")
        work.chmod(0o755)
        final = f"{DUMPS}/{day.isoformat()}"
        if storage.names(final):  # a snapshot of the day already: the new one replaces it whole
            staged = f"{DUMPS}/{day.isoformat()}.new"
            storage.delete_folder(staged)
            storage.put_folder(staged, work, last=MARKER)
            storage.move_folder(staged, final)
        else:
            storage.put_folder(final, work, last=MARKER)
        return final
    finally:
        shutil.rmtree(work, ignore_errors=True)


def snapshots(storage: Storage) -> list[dict]:
    """The snapshots in the storage, newest first: date, object counts, files with sizes and sums."""
    found = []
    for day in sorted((name for name in storage.names(DUMPS) if _SNAPSHOT.fullmatch(name)), reverse=True):
        folder = f"{DUMPS}/{day}"
        try:
            about = json.loads(storage.get(f"{folder}/{MARKER}").decode("utf-8"))
            sums = dict(reversed(line.split("  ", 1)) for line in storage.get(f"{folder}/{SUMS}").decode().splitlines())
        except (OSError, ValueError):
            continue  # not a finished snapshot
        sizes = {key.rpartition("/")[2]: status.size for key, status in storage.list(folder)}
        files = [{"name": name, "url": f"/data/{day}/{name}", "bytes": sizes.get(name, 0),
                  "sha256": sums.get(name)} for name in [*sorted(sums), SUMS]]
        found.append({"date": day, "objects": about["objects"], "files": files})
    return found


def snapshot_addresses(public_url: str) -> Addresses:
    """Addresses for records read from the database: absolute under PUBLIC_URL (site-relative
    without one, as the index keeps them)."""
    base = public_url.rstrip("/")
    return Addresses(url=lambda path: f"{base}{path}" if path.startswith("/") else path,
                     page=partial(urls.object_page, base), rights_label=rights_label)


def _storage() -> Storage:
    return current_platform().storage


@open_data.get("/data/")
def index():
    return render_template("open_data.html", snapshots=snapshots(_storage()))


@open_data.get("/data/snapshots.json")
def snapshots_json():
    return {"snapshots": snapshots(_storage())}


@open_data.get("/data/<snapshot>/<name>")
def snapshot_file(snapshot: str, name: str):
    if not _SNAPSHOT.fullmatch(snapshot):
        abort(404)
    storage = _storage()
    folder = storage.local_path(f"{DUMPS}/{snapshot}")
    if folder is not None:
        # send_from_directory refuses names that leave the folder (404).
        return send_from_directory(folder, name, as_attachment=name != README, max_age=MAX_AGE)
    if not storage.exists(f"{DUMPS}/{snapshot}/{MARKER}"):  # none, or not finished
        abort(404)
    key = f"{DUMPS}/{snapshot}/{name}"
    try:
        status = storage.stat(key)
        return send_stored(storage, key, etag=f"{status.modified}-{status.size}-{adler32(key.encode())}",
                           max_age=MAX_AGE, as_attachment=name != README)
    except (FileNotFoundError, ValueError):  # not there, or a name that is no key
        abort(404)
