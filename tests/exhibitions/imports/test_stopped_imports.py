"""Imports stopped part way leave nothing waiting on unrelated traffic: an import's rows reach
search in batches while it runs (delivered in the importing process, or beside it in another, as
the import command does); the rows of an import command killed with SIGKILL become
searchable through the queue's periodic sweep in a running process, with no write anywhere; and
an import job whose worker was killed is taken over by another process within a minute, not ten."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select

from exhibitions import create_app
from exhibitions.imports import bulk, import_jobs
from exhibitions.models import ImportJob, MuseumObject
from search import SearchQuery
from tests.conftest import REPO, wait_until
from tests.exhibitions.conftest import queued_settings
from tests.exhibitions.imports.test_import_jobs import kept_job
from tests.exhibitions.imports.test_imports import CC_BY, csv_bytes

FLASK = str(Path(sys.executable).with_name("flask"))


def cups(count: int) -> bytes:
    return csv_bytes([{"accession": f"K-{n}", "title": f"Cup {n}", "rights": CC_BY} for n in range(count)])


def object_count(platform) -> int:
    with platform.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(MuseumObject))


def searchable(platform) -> int:
    return platform.search.search(SearchQuery(museum=("nmc",), size=1)).total


@contextmanager
def another_process(settings) -> Iterator:
    """The platform of another process on the same database and queue, started now (without
    delivering at start), whose consumers sweep every second."""
    app = create_app(queued_settings(settings))
    platform = app.extensions["caravanserai"]
    platform.tasks.start()
    try:
        yield platform
    finally:
        assert platform.tasks.wait_idle(timeout=120)
        platform.close()
        platform.db.engine.dispose()


def command(settings, *arguments: str) -> subprocess.Popen:
    environment = {**os.environ, "DATA_DIR": str(settings.data_dir), "DATABASE_URL": settings.database_url,
                   "TASK_QUEUE_URL": queued_settings(settings).task_queue_url, "SECRET_KEY": "test-secret",
                   "SYNC_ON_START": "0", "SEARCH_BACKEND": "embedded"}
    return subprocess.Popen([FLASK, "--app", "wsgi", *arguments], cwd=REPO, env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_an_imports_rows_reach_search_in_batches_while_it_runs(platform, museums):
    seen = []

    def progress(done: int, _total: int) -> None:
        seen.append((done, searchable(platform)))

    bulk.run_import(platform, "nmc", "cups.csv", io.BytesIO(cups(bulk.BATCH_ROWS + 20)), progress=progress)
    assert seen[0] == (bulk.BATCH_ROWS, bulk.BATCH_ROWS)  # the first batch, searchable as the second starts
    assert searchable(platform) == bulk.BATCH_ROWS + 20


def test_an_import_delivering_aside_has_each_batch_reach_search_while_it_runs(platform, museums):
    """The import command's way: another process delivers while this one writes. It finds the
    first batch searchable while this one still holds the second back (in its progress)."""
    seen = []

    def progress(done: int, _total: int) -> None:
        if done == bulk.BATCH_ROWS:
            wait_until(lambda: searchable(platform) == bulk.BATCH_ROWS, 120, "the first batch never reached search")
        seen.append(done)

    with platform.delivering_aside() as deliver:
        bulk.run_import(platform, "nmc", "cups.csv", io.BytesIO(cups(bulk.BATCH_ROWS + 20)), progress=progress,
                        deliver=deliver)
    assert seen == [bulk.BATCH_ROWS, bulk.BATCH_ROWS + 20]
    assert searchable(platform) == bulk.BATCH_ROWS + 20
    assert platform.outbox.count() == 0


def test_the_rows_of_an_import_command_killed_part_way_become_searchable_without_another_write(
        settings, platform, museums, tmp_path):
    rows = tmp_path / "cups.csv"
    rows.write_bytes(cups(3000))
    importing = command(settings, "import", "nmc", str(rows))
    try:
        wait_until(lambda: object_count(platform) >= 150, 120, "the import never got going")
    finally:
        importing.send_signal(signal.SIGKILL)
        importing.wait(timeout=30)
    imported = object_count(platform)
    assert 150 <= imported < 3000
    with another_process(settings):
        wait_until(lambda: searchable(platform) == imported, 180, f"search never found the {imported} imported rows")
        # The killed command may have indexed its last batch without clearing that batch's
        # outbox entries; the sweep delivers them again (harmless) and then clears them.
        wait_until(lambda: platform.outbox.count() == 0, 180, "the outbox never emptied")


def test_an_import_job_whose_worker_was_killed_is_taken_over_promptly_by_another_process(settings, platform,
                                                                                        museums):
    kept_job(platform, "8" * 32, cups(3000))
    worker = command(settings, "worker")

    def job() -> ImportJob:
        with platform.db.sessions() as session:
            return session.get(ImportJob, "8" * 32)

    try:
        wait_until(lambda: job().done >= 100, 120, "the worker never started the job")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    # The other process finds the job silent, queues it again and runs it from the first row.
    with another_process(settings):
        wait_until(lambda: job().status == "finished", import_jobs.STALE_AFTER.total_seconds() + 90,
                   "the job was never taken over")
        # The last rows' documents follow the job's end on the queue (past the killed worker's
        # lease on the ones it had claimed).
        wait_until(lambda: searchable(platform) == 3000, 180, "search never found all 3000 rows")
    ended = job()
    assert (ended.total, ended.report["created"] + ended.report["unchanged"]) == (3000, 3000)
    assert ended.report["unchanged"] >= 100  # the rows the killed worker had imported
