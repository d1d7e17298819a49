"""Outbox delivery under concurrent writers: how many search documents are sent per change.

WRITERS threads (20 by default) each PUT WRITES distinct objects at once through the API, in
one process, on SQLite and the embedded search (a change is one object written, so one outbox
row). The search backend's index() is wrapped to count the documents it is sent; once every
write has answered and the outbox is empty, documents sent / changes is the figure (1.0: no
change sent twice). The time of the writes' answers (median, slowest) is printed beside it.

It runs twice in one go: on the code of a git revision (--before, default main, taken with
`git archive` into a temporary folder) and on this working tree, each in a process of its own.
Run: .venv/bin/python -m benchmarks.outbox [--writers 20] [--writes 10] [--before main]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == REPO / "benchmarks":
    sys.path.pop(0)  # run as a script: benchmarks/search.py must not stand for the search package


def measure(writers: int, writes: int) -> dict:
    """In the tree this process runs from: the figures of one run (printed as JSON)."""
    from exhibitions import create_app
    from exhibitions.migrate import upgrade
    from exhibitions.settings import Settings
    from tests.exhibitions.conftest import VALID_OBJECT, add_museum, bearer

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), secret_key="bench", sync_on_start=False)
        upgrade(settings.sqlalchemy_url)
        app = create_app(settings)
        platform = app.extensions["caravanserai"]
        add_museum(platform, "nmc")
        token = bearer(platform, "contributor", "nmc")
        sent, lock = [0], threading.Lock()
        index = platform.search.index

        def counting_index(documents):
            with lock:
                sent[0] += len(documents)
            return index(documents)

        platform.search.index = counting_index
        app.test_client().get("/healthz")  # the first request (where consumers run in the web process)
        start, times, failures = threading.Barrier(writers), [], []

        def writer(number: int) -> None:
            client = app.test_client()
            start.wait()
            for write in range(writes):
                began = time.perf_counter()
                answer = client.put(f"/api/v1/museums/nmc/objects/W-{number}-{write}", json=VALID_OBJECT,
                                    headers=token)
                with lock:
                    times.append(time.perf_counter() - began)
                    if answer.status_code != 201:
                        failures.append(answer.status_code)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        deadline = time.monotonic() + 300
        while platform.outbox.count() and time.monotonic() < deadline:
            time.sleep(0.1)  # what the queue still delivers after the last answer
        changes = writers * writes - len(failures)
        left = platform.outbox.count()
        platform.close()
        platform.db.engine.dispose()
    return {"changes": changes, "sent": sent[0], "per_change": sent[0] / changes, "failed": len(failures),
            "left": left, "median_ms": statistics.median(times) * 1000, "slowest_ms": max(times) * 1000}


def run_in(tree: Path, writers: int, writes: int) -> dict:
    # This file runs as a script (the tree measured may not have it), on the tree's own modules.
    done = subprocess.run([sys.executable, __file__, "--child", "--writers", str(writers), "--writes", str(writes)],
                          cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--writes", type=int, default=10)
    parser.add_argument("--before", default="main", help="the git revision measured first")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(arguments.writers, arguments.writes)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as before:
        archive = subprocess.run(["git", "archive", arguments.before], cwd=REPO, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", before], input=archive.stdout, check=True)
        rows.append((f"before ({arguments.before})", run_in(Path(before), arguments.writers, arguments.writes)))
    rows.append(("after (this tree)", run_in(REPO, arguments.writers, arguments.writes)))
    print(f"{arguments.writers} writers x {arguments.writes} writes, load average {os.getloadavg()[0]:.1f}")
    print(f"{'':20} {'changes':>8} {'documents sent':>15} {'per change':>11} {'write median':>13} {'slowest':>9}")
    for label, row in rows:
        print(f"{label:20} {row['changes']:>8} {row['sent']:>15} {row['per_change']:>11.2f} "
              f"{row['median_ms']:>10.0f} ms {row['slowest_ms']:>6.0f} ms"
              + (f"  ({row['failed']} writes failed)" if row["failed"] else "")
              + (f"  ({row['left']} changes never delivered)" if row["left"] else ""))


if __name__ == "__main__":
    main()
