"""Bulk imports that outlast their request: the file is checked whole, kept, and imported by a
task of the queue (exhibitions.tasks) while the contributor follows its progress; the report is
kept with the job. A harvest of a museum's IIIF source is a job too (exhibitions.imports.iiif_sources),
run the same way.

A job is queued, running, then finished or failed (or cancelled; a running job is "cancelling"
until its worker stops after the batch of rows it is on). Any consumer of the queue may run it:
a task claims its queued job with one conditional UPDATE, so two never run the same one (the
sweep queues a task again for a job whose task was lost). A running job's process writes its
heartbeat every few seconds, even while a row takes long; one whose heartbeat has stopped for
STALE_AFTER lost its process (a restart, a crash) and is queued again. Running it again from the
first row is safe because every row is applied like a PUT (exhibitions.imports.bulk). A run holds the
job by its start time: a process that was given up for stopped but was not sees at its next
heartbeat that the job is no longer its own, and stops.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from contextlib import nullcontext
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from exhibitions.db import one_page
from exhibitions.imports.bulk import ImportError_, open_images, read_rows, run_import
from exhibitions.models import ImportJob, as_utc, utcnow
from exhibitions.objects import contribution
from exhibitions.problems import Problem
from storage import Storage

if TYPE_CHECKING:
    from exhibitions.platform import Platform

log = logging.getLogger(__name__)

ENDED = ("finished", "failed", "cancelled")
# The heartbeat goes on while a row is imported (its images derived into tile pyramids), so a
# job whose heartbeat is this old lost its process: six missed beats, not a slow row.
HEARTBEAT_SECONDS = 5.0
STALE_AFTER = timedelta(seconds=30)
PROGRESS_SECONDS = 1.0
ROWS_FILE = "rows"
IMAGES_FILE = "images.zip"


def uploads(platform: Platform) -> Storage:
    """Where jobs' files are kept, a folder per job: imports/<job id>/ in the platform's storage,
    so that any web server or worker of the platform can run the job."""
    return platform.storage.child("imports")


def submit(platform: Platform, session: Session, museum_slug: str, filename: str, rows_stream: BinaryIO,
           images_stream: BinaryIO | None = None) -> ImportJob:
    """Check the files as a whole, keep them and queue the job; ImportError_ when a file is
    refused, in which case nothing is kept."""
    museum = contribution.get_museum(session, museum_slug)
    data = rows_stream.read()
    read_rows(filename, data)
    job = ImportJob(id=uuid.uuid4().hex, museum_id=museum.id, filename=filename, has_images=images_stream is not None)
    kept = uploads(platform)
    try:
        kept.put(f"{job.id}/{ROWS_FILE}", data)
        if images_stream is not None:
            kept.put(f"{job.id}/{IMAGES_FILE}", images_stream)
            with kept.open(f"{job.id}/{IMAGES_FILE}") as images:
                open_images(images, platform.settings.max_upload_bytes)
        session.add(job)
        session.commit()
    except BaseException:
        session.rollback()
        kept.delete_folder(job.id)
        raise
    platform.tasks.run_import(job.id)
    return job


def waiting_jobs(platform: Platform) -> list[str]:
    """The queued jobs, oldest first, after those whose process stopped are taken back: a
    running one is queued again, one being cancelled is cancelled."""
    with platform.db.sessions() as session:
        now = utcnow()
        silent = ImportJob.heartbeat < now - STALE_AFTER
        stalled = session.execute(update(ImportJob).where(ImportJob.status == "running", silent)
                                  .values(status="queued", done=0))
        if stalled.rowcount:
            log.warning("%d import job(s) stopped with their process; queued again", stalled.rowcount)
        abandoned = session.scalars(select(ImportJob.id).where(ImportJob.status == "cancelling", silent)).all()
        session.commit()
        for job_id in abandoned:
            _end(platform, job_id, status="cancelled", finished=now, error="Cancelled.")
        return list(session.scalars(select(ImportJob.id).where(ImportJob.status == "queued")
                                    .order_by(ImportJob.created)))


def claim(platform: Platform, job_id: str) -> bool:
    """Whether the job, if still queued, now runs here (a task queued twice runs it once)."""
    with platform.db.sessions() as session:
        now = utcnow()
        claimed = session.execute(update(ImportJob).where(ImportJob.id == job_id, ImportJob.status == "queued")
                                  .values(status="running", started=now, heartbeat=now))
        session.commit()
    return claimed.rowcount == 1


class _NoLongerOurs(Exception):
    """The job was cancelled, or another process queued it again: this worker stops running it."""


def _beat(platform: Platform, job_id: str, started: datetime, **values: Any) -> None:
    """Record a running job's progress; _NoLongerOurs when it is no longer running here."""
    with platform.db.sessions() as session:
        written = session.execute(update(ImportJob).where(ImportJob.id == job_id, ImportJob.status == "running",
                                                          ImportJob.started == started)
                                  .values(heartbeat=utcnow(), **values))
        session.commit()
    if written.rowcount != 1:
        raise _NoLongerOurs


class _Heartbeat:
    """Writes the heartbeat of the job this process runs every HEARTBEAT_SECONDS, from a thread
    of its own, while the run goes on (a row may take longer than STALE_AFTER)."""

    def __init__(self, platform: Platform, job_id: str, started: datetime):
        self._still = (ImportJob.id == job_id, ImportJob.status.in_(("running", "cancelling")),
                       ImportJob.started == started)
        self._platform = platform
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"import-heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            try:
                with self._platform.db.sessions() as session:
                    session.execute(update(ImportJob).where(*self._still).values(heartbeat=utcnow()))
                    session.commit()
            except SQLAlchemyError:
                log.warning("an import job's heartbeat could not be written; trying again", exc_info=True)


def _end(platform: Platform, job_id: str, *still: Any, **values: Any) -> None:
    """Record how a job ended and drop its files, unless another process has taken it back
    (still: the conditions under which it is this run's)."""
    with platform.db.sessions() as session:
        written = session.execute(update(ImportJob).where(ImportJob.id == job_id,
                                                          ImportJob.status.in_(("running", "cancelling")), *still)
                                  .values(**values))
        session.commit()
    if written.rowcount == 1:
        uploads(platform).delete_folder(job_id)


def run_job(platform: Platform, job_id: str) -> None:
    """Import a claimed job's rows, recording progress and, at the end, the report or the reason."""
    with platform.db.sessions() as session:
        job = session.get(ImportJob, job_id)
        museum_slug, filename, has_images, started = job.museum.slug, job.filename, job.has_images, job.started
        source_id = job.source_id
    ours = ImportJob.started == started
    kept = uploads(platform)
    last_beat = 0.0
    seen = {"done": 0, "total": 0}

    def progress(done: int, total: int) -> None:
        nonlocal last_beat
        seen.update(done=done, total=total)
        if done == 1 or done == total or time.monotonic() - last_beat >= PROGRESS_SECONDS:
            last_beat = time.monotonic()
            _beat(platform, job_id, started, done=done, total=total)

    try:
        if source_id is not None:
            from exhibitions.imports import iiif_sources  # here: it loads an HTTP client (iiif_routes)

            with _Heartbeat(platform, job_id, started):
                harvest = iiif_sources.run_harvest(platform, source_id, progress)
            _end(platform, job_id, ours, status="finished", report=harvest, finished=utcnow(),
                 done=len(harvest["manifests"]), total=len(harvest["manifests"]))
            return
        with _Heartbeat(platform, job_id, started), kept.open(f"{job_id}/{ROWS_FILE}") as rows, \
                (kept.open(f"{job_id}/{IMAGES_FILE}") if has_images else nullcontext()) as images:
            report = run_import(platform, museum_slug, filename, rows, images, progress=progress)
    except _NoLongerOurs:
        # The rows done so far are committed; their search documents go out now.
        platform.deliver_outbox()
        _end(platform, job_id, ours, status="cancelled", finished=utcnow(),
             error=f"Cancelled after {seen['done']} of {seen['total']} rows; those rows were imported.")
    except ImportError_ as error:
        _end(platform, job_id, ours, status="failed", error=error.message, finished=utcnow())
    except Exception:
        log.exception("import job %s for %s stopped on an unexpected error", job_id, museum_slug)
        _end(platform, job_id, ours, status="failed", finished=utcnow(),
             error="The import stopped on an unexpected error; the rows before it were imported. "
                   "Importing the same file again is safe.")
    else:
        _end(platform, job_id, ours, status="finished", report=report.as_json(), finished=utcnow(),
             done=len(report.rows), total=len(report.rows))


def cancel(platform: Platform, session: Session, job: ImportJob) -> ImportJob:
    """Cancel a job: one still queued at once, a running one after the batch it is on (its worker
    sees the request at its next heartbeat). The rows already imported stay."""
    now = utcnow()
    before = session.execute(update(ImportJob).where(ImportJob.id == job.id, ImportJob.status == "queued")
                             .values(status="cancelled", finished=now, error="Cancelled before it started."))
    if before.rowcount == 1:
        session.commit()
        uploads(platform).delete_folder(job.id)
    else:
        session.execute(update(ImportJob).where(ImportJob.id == job.id, ImportJob.status == "running")
                        .values(status="cancelling"))
        session.commit()
    session.refresh(job)
    if job.status in ("finished", "failed"):
        raise Problem(409, f"The import has {job.status} already; there is nothing to cancel.")
    return job


def requeue(platform: Platform, job_id: str) -> None:
    """Put back a job this process was running as it stops (one being cancelled is cancelled)."""
    with platform.db.sessions() as session:
        session.execute(update(ImportJob).where(ImportJob.id == job_id, ImportJob.status == "running")
                        .values(status="queued", done=0))
        session.commit()
    _end(platform, job_id, status="cancelled", finished=utcnow(), error="Cancelled.")


def list_jobs(session: Session, museum_id: int, *, page: int, size: int) -> tuple[int, list[ImportJob]]:
    """A museum's import jobs, newest first, and how many it has."""
    where = ImportJob.museum_id == museum_id
    return one_page(session, select(ImportJob).where(where).order_by(ImportJob.created.desc()), page, size)


def get_job(platform: Platform, session: Session, museum_slug: str, job_id: str) -> ImportJob:
    """A museum's job (404 otherwise). Looking at a job whose process stopped gets it going again."""
    job = session.get(ImportJob, job_id)
    if job is None or job.museum.slug != museum_slug:
        raise Problem(404, f"Museum '{museum_slug}' has no import '{job_id}'.")
    if job.status in ("running", "cancelling") and as_utc(job.heartbeat) < utcnow() - STALE_AFTER:
        if job_id in waiting_jobs(platform):
            platform.tasks.run_import(job_id)
        session.refresh(job)
    return job
