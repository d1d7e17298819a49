"""Import and reindex benchmark: bulk import through `flask import`, then a full rebuild of the
Elasticsearch index from the database.

In a fresh data directory (SQLite, or DATABASE_URL when given) it measures:
  (a) bulk import, metadata only: FILES CSV files of ROWS rows each (20 x 5,000 by default,
      made here with a fixed seed), each imported by its own `flask --app wsgi import` command,
      in rows per second over the whole run (the commands' start-up included), and in rows per
      second of the commands' own CPU;
  (b) a second run of the same files, every row unchanged (re-running a file is safe);
  (c) a reindex of every imported object into Elasticsearch (`search reindex`'s own code: the
      objects read from the database, documents built, sent in bulk, alias swapped), in
      documents per second, with a search sent to the old index every 50 ms throughout: how
      many failed and the slowest.
The load average is printed with the figures: on a shared machine they move with it.

Elasticsearch is reached at ELASTICSEARCH_URL (default http://127.0.0.1:9200), under an index
name of its own (bench-import-objects), removed at the end.
With --data DIR the data directory is kept, and the files are imported into it only when it
has no database yet: a second run measures the reindex alone, on the same objects.
Run: .venv/bin/python -m benchmarks.imports [--files 20] [--rows 5000] [--data DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from elasticsearch import helpers

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.search import ADJECTIVES, CITIES, MATERIALS, TYPES  # noqa: E402
from exhibitions.indexing import all_records  # noqa: E402
from exhibitions.platform import Platform  # noqa: E402
from exhibitions.settings import Settings  # noqa: E402
from search.documents import build_document  # noqa: E402
from search.elastic import REBUILD_THREADS  # noqa: E402
from search.indexing import reindex  # noqa: E402

MUSEUM = "bench"
INDEX = "bench-import-objects"
COLUMNS = ["accession", "title.en", "title.zh", "description", "creator", "culture", "object_type", "date.display",
           "date.start", "date.end", "place.name", "place.lat", "place.lon", "materials", "keywords", "rights"]


def write_files(folder: Path, files: int, rows: int, seed: int = 5) -> list[Path]:
    """CSV files of synthetic objects, metadata only, every accession number distinct."""
    rng = random.Random(seed)
    paths = []
    for number in range(files):
        path = folder / f"objects-{number:02d}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            for row in range(rows):
                kind, city = rng.choice(TYPES), rng.choice(CITIES)
                start = rng.randint(-500, 1900)
                writer.writerow([
                    f"B.{number:02d}.{row:05d}", f"{rng.choice(ADJECTIVES)} {kind} from {city}", "青花瓷盘",
                    f"A {kind} {rng.choice(ADJECTIVES).lower()} with {rng.choice(MATERIALS)}, found near {city}.",
                    rng.choice(["unknown maker", "Workshop of Samarqand", "Jingdezhen kilns"]),
                    rng.choice(ADJECTIVES), kind, f"c. {start}", start, start + rng.randint(0, 80), city,
                    round(rng.uniform(20, 50), 4), round(rng.uniform(20, 120), 4),
                    "|".join(rng.sample(MATERIALS, 2)), "|".join(rng.sample(ADJECTIVES, 3)),
                    "http://creativecommons.org/publicdomain/zero/1.0/",
                ])
        paths.append(path)
    return paths


def flask(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def children_cpu() -> float:
    """Seconds of CPU (user and system) the commands run so far have spent, once each has ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def import_all(env: dict, paths: list[Path], rows: int) -> tuple[float, float]:
    """Rows per second of importing every file, one `flask import` command each, and rows per
    second of the commands' CPU (what a loaded machine leaves alone: the commands run one at a
    time, each with its delivery process beside it, whose CPU is counted with it)."""
    start, cpu = time.perf_counter(), children_cpu()
    for path in paths:
        flask(env, "import", MUSEUM, str(path))
    total = len(paths) * rows
    return total / (time.perf_counter() - start), total / (children_cpu() - cpu)


def measure_reindex(platform: Platform) -> dict:
    """A full rebuild from the database, with searches sent to the live index meanwhile."""
    backend = platform.search
    backend.drop_index()
    backend.create_index()
    stop = threading.Event()
    searches = {"sent": 0, "unanswered": 0, "slowest": 0.0}

    def search_meanwhile() -> None:
        while not stop.wait(0.05):
            began = time.perf_counter()
            try:
                backend.client.search(index=backend.alias, query={"match": {"title_folded": "bowl"}}, size=10)
            except Exception:  # noqa: BLE001 - counted: the figure is whether search kept answering
                searches["unanswered"] += 1
            searches["sent"] += 1
            searches["slowest"] = max(searches["slowest"], time.perf_counter() - began)

    searcher = threading.Thread(target=search_meanwhile, daemon=True)
    searcher.start()
    start = time.perf_counter()
    total, records = all_records(platform.db)
    report = reindex(records, total, backend)
    seconds = time.perf_counter() - start
    stop.set()
    searcher.join()
    indexed = backend.count()
    backend.drop_index()
    return {"rate": report.indexed / seconds, "seconds": seconds, "indexed": report.indexed, "count": indexed,
            "failed": report.failed, **searches}


def bulk_bodies(platform: Platform, index: str, chunk: int) -> list[bytes]:
    """Every object's document as a rebuild writes it into index, serialised: bulk request
    bodies of chunk documents each."""
    backend = platform.search
    serializer = backend.client.transport.serializers.get_serializer("application/json")
    _, records = all_records(platform.db)
    bodies, body = [], bytearray()
    documents = (build_document(record) for record in records)
    for number, action in enumerate(backend.index_actions(documents, [index], "external"), 1):
        head, source = helpers.expand_action(action)
        body += serializer.dumps(head) + b"\n" + serializer.dumps(source) + b"\n"
        if number % chunk == 0:
            bodies.append(bytes(body))
            body = bytearray()
    return bodies + ([bytes(body)] if body else [])


def measure_ceiling(platform: Platform, chunk: int = 1000) -> dict:
    """Elasticsearch's own pace: the documents serialised beforehand, sent REBUILD_THREADS bulk
    requests at once into an index made as a rebuild makes it, then refreshed; thrown away after."""
    backend = platform.search
    handle = backend.begin_rebuild()
    try:
        bodies = bulk_bodies(platform, handle, chunk)
        client = backend.client.options(request_timeout=120)
        start = time.perf_counter()
        with ThreadPoolExecutor(REBUILD_THREADS) as pool:
            errors = sum(answer["errors"] for answer in pool.map(
                lambda body: client.bulk(operations=body, filter_path="errors"), bodies))
        client.indices.refresh(index=handle)
        seconds = time.perf_counter() - start
        indexed = client.count(index=handle)["count"]
    finally:
        backend.abort_rebuild(handle)
    return {"rate": indexed / seconds, "seconds": seconds, "indexed": indexed, "errors": errors,
            "megabytes": sum(map(len, bodies)) / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--url", default=os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200"))
    parser.add_argument("--data", type=Path, help="a data directory to keep; imported into only when new")
    options = parser.parse_args()

    if options.data:
        options.data.mkdir(parents=True, exist_ok=True)
        measure(options, options.data)
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    try:
        measure(options, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(options: argparse.Namespace, workdir: Path) -> None:
    # The commands keep their compiled byte-code (in the work folder), as an installed platform's
    # do: a shell that asks Python to write none would have each command compile every module anew.
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "PYTHONPYCACHEPREFIX": str(workdir / "bytecode"), "DATA_DIR": str(workdir / "data"),
           "SEARCH_BACKEND": "embedded", "SEARCH_RETRY_SECONDS": "0", "SWEEP_SECONDS": "0"}
    load_before = os.getloadavg()
    imported = (workdir / "data").exists()
    if not imported:
        created, unchanged = measure_imports(env, workdir, options)
    load_imports = os.getloadavg()

    print("reindexing into Elasticsearch ...", flush=True)
    settings = Settings.from_env({**env, "SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": options.url,
                                  "ELASTICSEARCH_INDEX": INDEX, "ELASTICSEARCH_TIMEOUT": "60"})
    platform = Platform(settings)
    rebuilt = measure_reindex(platform)
    load_reindex = os.getloadavg()
    print("sending the same documents, serialised beforehand ...", flush=True)
    ceiling = measure_ceiling(platform)
    platform.close()
    load_ceiling = os.getloadavg()

    total = options.files * options.rows
    print()
    print(f"load average (1, 5, 15 min): before {load_before[0]:.1f} {load_before[1]:.1f} {load_before[2]:.1f}, "
          f"after imports {load_imports[0]:.1f}, after reindex {load_reindex[0]:.1f}, "
          f"after the peer {load_ceiling[0]:.1f} (2 cores? {os.cpu_count()})")
    if imported:
        print(f"import: skipped, the objects of {workdir / 'data'} reindexed")
    else:
        print(f"import, {options.files} files x {options.rows:,} rows, created:   {created[0]:,.0f} rows/s "
              f"(target >= 2,000); {created[1]:,.0f} rows per CPU second of the commands")
        print(f"import, the same files again, unchanged:  {unchanged[0]:,.0f} rows/s; "
              f"{unchanged[1]:,.0f} rows per CPU second")
    print(f"reindex of {rebuilt['indexed']:,} objects into Elasticsearch: {rebuilt['rate']:,.0f} docs/s "
          f"({rebuilt['seconds']:.1f} s; target >= 10,000), {rebuilt['count']:,} in the new index, "
          f"{rebuilt['failed']} failed")
    print(f"  Elasticsearch's own pace, the same documents serialised beforehand: {ceiling['rate']:,.0f} docs/s "
          f"({ceiling['seconds']:.1f} s, {ceiling['megabytes']:,.0f} MB, {ceiling['errors']} requests with errors)")
    print(f"searches during the reindex: {rebuilt['sent']} sent, {rebuilt['unanswered']} unanswered, "
          f"slowest {rebuilt['slowest'] * 1000:.0f} ms")
    if rebuilt["count"] != total:
        raise SystemExit(f"expected {total:,} documents in the new index")


def measure_imports(env: dict, workdir: Path, options: argparse.Namespace) -> tuple[tuple[float, float], ...]:
    """import_all's figures for importing the files into a new database, then for importing them again."""
    print(f"writing {options.files} files of {options.rows:,} rows ...", flush=True)
    paths = write_files(workdir, options.files, options.rows)
    flask(env, "db", "upgrade")
    flask(env, "museums", "create", "--slug", MUSEUM, "--name", "Benchmark Museum", "--country", "UZ")
    print("importing ...", flush=True)
    created = import_all(env, paths, options.rows)
    print("importing again (every row unchanged) ...", flush=True)
    return created, import_all(env, paths, options.rows)


if __name__ == "__main__":
    main()
