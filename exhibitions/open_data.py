"""Bulk open data: dated snapshots of every public object (`flask --app wsgi dump`), served under /data/.

A snapshot is a folder `DATA_DIR/dumps/YYYY-MM-DD/` holding each set of objects as gzipped JSON
Lines (the API's shape) and CSV (the export's columns, search.export.CSV_COLUMNS): "open" for the
objects whose rights let anyone reuse them (iiif.rights.open_for_reuse), "metadata-only" for the
rest; with SHA256SUMS (the `sha256sum -c` format) and a README of the fields and licences. It is
written into a hidden folder beside the others, then renamed into place: a reader never sees half
a snapshot. Records are read a batch at a time and written as they come (bounded memory).
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

from flask import Blueprint, abort, render_template, send_from_directory

from exhibitions.pages.public import rights_label
from exhibitions.web import current_platform
from iiif import urls
from iiif.rights import open_for_reuse
from search.export import CSV_COLUMNS, Addresses, csv_row, csv_writer, jsonl_lines

SETS = ("open", "metadata-only")
KINDS = ("jsonl", "csv")
SUMS = "SHA256SUMS"
README = "README.md"
_SNAPSHOT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

open_data = Blueprint("open_data", __name__)


def dumps_dir(data_dir: Path) -> Path:
    return data_dir / "dumps"


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


def write_snapshot(records: Iterable[dict], root: Path, day: date, addresses: Addresses,
                   progress: Callable[[int], None] = lambda done: None) -> Path:
    """Write the snapshot of `day` under root (replacing one of the same day) and return its folder."""
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{day.isoformat()}-", dir=root))
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
        (work / "snapshot.json").write_text(json.dumps({"date": day.isoformat(), "objects": counts}), encoding="utf-8")
        work.chmod(0o755)
        final = root / day.isoformat()
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=".old-", dir=root))
            final.rename(old / "snapshot")
            work.rename(final)
            shutil.rmtree(old)
        else:
            work.rename(final)
        return final
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def snapshots(root: Path) -> list[dict]:
    """The snapshots under root, newest first: date, object counts, files with sizes and sums."""
    found = []
    for folder in sorted((p for p in root.glob("*") if p.is_dir() and _SNAPSHOT.fullmatch(p.name)), reverse=True):
        try:
            about = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
            sums = dict(reversed(line.split("  ", 1)) for line in (folder / SUMS).read_text().splitlines())
        except (OSError, ValueError):
            continue  # not a finished snapshot
        files = [{"name": name, "url": f"/data/{folder.name}/{name}", "bytes": (folder / name).stat().st_size,
                  "sha256": sums.get(name)} for name in [*sorted(sums), SUMS]]
        found.append({"date": folder.name, "objects": about["objects"], "files": files})
    return found


def snapshot_addresses(public_url: str) -> Addresses:
    """Addresses for records read from the database: absolute under PUBLIC_URL (site-relative
    without one, as the index keeps them)."""
    base = public_url.rstrip("/")
    return Addresses(url=lambda path: f"{base}{path}" if path.startswith("/") else path,
                     page=partial(urls.object_page, base), rights_label=rights_label)


def _root() -> Path:
    return dumps_dir(current_platform().settings.data_dir)


@open_data.get("/data/")
def index():
    return render_template("open_data.html", snapshots=snapshots(_root()))


@open_data.get("/data/snapshots.json")
def snapshots_json():
    return {"snapshots": snapshots(_root())}


@open_data.get("/data/<snapshot>/<name>")
def snapshot_file(snapshot: str, name: str):
    if not _SNAPSHOT.fullmatch(snapshot):
        abort(404)
    # send_from_directory refuses names that leave the folder (404).
    return send_from_directory(_root() / snapshot, name, as_attachment=name != README, max_age=86400)
