"""Work beside requests, on one task queue (Huey): the delivery of the search outbox, tile
pyramids, import jobs and IIIF harvests, and a periodic sweep (scheduled publication, the
trash's retention, what a killed process left undone).

Huey, because it runs with no server: by default the queue is a SQLite file in DATA_DIR and the
web process runs its consumers in threads (`make run` needs nothing more); scaled out, the
queue is a table in the platform's PostgreSQL database (TASK_QUEUE_URL, exhibitions.task_storage)
and `flask --app wsgi worker` processes consume it, TASKS_IN_WEB off for the web processes.

Every task is safe to run twice and to lose: what it works on is claimed in the database (outbox
rows, import jobs, image derivations) with a time after which another worker may take it, and
the sweep queues again whatever waits unclaimed. A task killed with its process is redone."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from huey import Huey, MemoryHuey, SqliteHuey
from huey.consumer import Consumer, Scheduler
from sqlalchemy import delete, or_, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from exhibitions.curation.documents import publish_due
from exhibitions.imports import import_jobs
from exhibitions.models import ImageDerivation, utcnow
from exhibitions.ops.retention import empty_trash
from exhibitions.platform import Platform
from exhibitions.settings import Settings
from exhibitions.task_storage import PostgresStorage

log = logging.getLogger(__name__)

# A worker deriving a pyramid holds the image for DERIVATION_LEASE_SECONDS (settings); one killed
# part way lets go then, and the sweep hands the image to another. A master that fails this many
# times is left (its pyramid never comes; the Image API renders from it).
DERIVATION_ATTEMPTS = 5
# A derivation queued with its commit is not queued again by the sweep before this.
DERIVATION_QUEUED = timedelta(seconds=30)

QUEUE = "caravanserai"
IMMEDIATE = "immediate"


def make_huey(settings: Settings) -> Huey:
    url = settings.task_queue_url
    if url == IMMEDIATE:
        return MemoryHuey(QUEUE, results=False, immediate=True)
    if url.startswith("postgresql"):
        conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        return Huey(QUEUE, results=False, storage_class=PostgresStorage, conninfo=conninfo)
    filename = make_url(url).database if url else str(settings.data_dir / "tasks.db")
    return SqliteHuey(QUEUE, results=False, filename=filename)


class TaskQueue:
    """The platform's queue: its tasks (queued by exhibitions.uow and the services) and, in a
    process that runs them, its consumers."""

    def __init__(self, platform: Platform):
        self.platform = platform
        settings = platform.settings
        self.huey = make_huey(settings)
        self._deliver = self.huey.task(name="deliver_outbox")(self._deliver_outbox)
        self._run_import = self.huey.task(name="run_import_job")(self._run_import_job)
        self._derive = self.huey.task(name="derive_images")(self._derive_images)
        # Every tick of the consumers' scheduler (SWEEP_SECONDS), in each process that has them.
        self.huey.periodic_task(lambda _moment: True, name="sweep")(self.sweep)
        self._running = 0
        self._jobs: set[str] = set()  # the import jobs this process runs
        self._count = threading.Lock()
        self._take, self._execute = self.huey.dequeue, self.huey.execute
        if not self.huey.immediate:  # there, a task runs in the caller, never dequeued
            self.huey.dequeue, self.huey.execute = self._counted_take, self._counted_execute
        self._consumer: Consumer | None = None
        self._starting = threading.Lock()
        self._stopped = False
        platform.tasks = self

    # -- queueing ------------------------------------------------------------------------------
    def deliver_outbox(self) -> None:
        self._deliver()

    def run_import(self, job_id: str) -> None:
        self._run_import(job_id)

    def derive(self, image_ids: list[str]) -> None:
        for image_id in image_ids:  # one task each: two consumers derive two images at once
            self._derive([image_id])

    # -- the tasks -----------------------------------------------------------------------------
    def _deliver_outbox(self) -> None:
        report = self.platform.deliver_outbox()
        if report.unavailable:
            # The rows stay claimed until their retry; this delivery comes back then.
            wait = self.platform.outbox.next_retry()
            self._deliver.schedule(delay=self.platform.settings.search_retry_seconds if wait is None else wait)

    def _run_import_job(self, job_id: str) -> None:
        if import_jobs.claim(self.platform, job_id):
            with self._count:
                self._jobs.add(job_id)
            try:
                import_jobs.run_job(self.platform, job_id)
            finally:
                with self._count:
                    self._jobs.discard(job_id)

    def _derive_images(self, image_ids: list[str]) -> None:
        for image_id in image_ids:
            if not self._claim_derivation(image_id):
                continue  # another worker has it, or it is done
            try:
                derived = self.platform.images.derive(image_id)
            except Exception:
                # The claim runs out, and the sweep hands the image to a worker again (a damaged
                # master, seen only now that it is decoded whole, fails again: logged each time).
                log.exception("deriving the pyramid of image %s failed; it is tried again later", image_id)
                continue
            with self.platform.db.transaction() as session:
                row = ImageDerivation.image_id == image_id
                if derived is None and self.platform.images.is_withdrawn(image_id):
                    # In the trash: its pyramid waits for it to be served again (not a failure).
                    session.execute(update(ImageDerivation).where(row).values(attempts=ImageDerivation.attempts - 1))
                else:
                    session.execute(delete(ImageDerivation).where(row))

    def _claim_derivation(self, image_id: str) -> bool:
        now = utcnow()
        with self.platform.db.transaction() as session:
            claimed = session.execute(
                update(ImageDerivation)
                .where(ImageDerivation.image_id == image_id, ImageDerivation.attempts < DERIVATION_ATTEMPTS,
                       or_(ImageDerivation.claimed_until.is_(None), ImageDerivation.claimed_until < now))
                .values(claimed_until=now + timedelta(seconds=self.platform.settings.derivation_lease_seconds),
                        attempts=ImageDerivation.attempts + 1))
        return claimed.rowcount == 1

    def release_jobs(self) -> int:
        """Put back in the queue the import jobs this process is running, as it stops, so that
        another worker starts them at once rather than once their heartbeat is stale (rows apply
        like a PUT: a new start from the first row is safe). How many were put back."""
        with self._count:
            running = list(self._jobs)
        for job_id in running:
            import_jobs.requeue(self.platform, job_id)
            self.run_import(job_id)
        return len(running)

    def sweep(self) -> None:
        """What waits without a task: changes committed but not delivered (a process killed
        between its commit and the delivery), import jobs whose task was lost or whose process
        stopped, drafts whose publication time has come, the trash past its retention."""
        platform = self.platform
        try:
            for job_id in import_jobs.waiting_jobs(platform):
                self.run_import(job_id)
            self.derive(waiting_derivations(platform))
            with platform.db.sessions() as session:
                for slug in publish_due(session):
                    log.info("published exhibition %s at its scheduled time", slug)
            if platform.outbox.count():
                platform.deliver_outbox()
            if platform.settings.trash_retention_days > 0:
                emptied = empty_trash(platform, utcnow() - timedelta(days=platform.settings.trash_retention_days))
                if emptied.objects or emptied.exhibitions:
                    log.info("emptied the trash of %d object(s) and %d exhibition(s) past their retention",
                             emptied.objects, emptied.exhibitions)
        except SQLAlchemyError:
            log.exception("the sweep failed; the next one tries again")

    # -- consumers -----------------------------------------------------------------------------
    def start(self, workers: int | None = None) -> None:
        """Run consumers in threads of this process (no signal handlers: a web server owns
        those); the scheduler queues the sweep every SWEEP_SECONDS (never at 0)."""
        if self.huey.immediate or self._consumer is not None or self._stopped:
            return
        with self._starting:
            if self._consumer is None and not self._stopped:
                consumer = self.consumer(workers)
                consumer.scheduler.start()
                for _worker, thread in consumer.worker_threads:
                    thread.start()
                self._consumer = consumer

    def consumer(self, workers: int | None = None) -> Consumer:
        """A consumer of this queue, not started (`flask worker` runs it with its signals)."""
        sweep_seconds = self.platform.settings.sweep_seconds

        class Sweeping(Scheduler):
            periodic_task_seconds = sweep_seconds

        class PlatformConsumer(Consumer):
            scheduler_class = Sweeping

        # Idle workers look again at least every second: a derivation or a delivery queued by a
        # request starts at once, not after a long backoff.
        return PlatformConsumer(self.huey, workers=workers or self.platform.settings.task_workers,
                                worker_type="thread", periodic=sweep_seconds > 0, max_delay=1.0)

    def stop(self) -> None:
        with self._starting:
            self._stopped = True
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None
        self.huey.storage.close()

    def _counted_take(self):
        # Counted before it leaves the queue: a task is always either queued or counted, so that
        # idle() never sees a moment when it is neither.
        with self._count:
            self._running += 1
        task = None
        try:
            task = self._take()
        finally:
            if task is None:
                with self._count:
                    self._running -= 1
        return task

    def _counted_execute(self, task, timestamp=None):
        try:
            return self._execute(task, timestamp)
        finally:
            with self._count:
                self._running -= 1

    def idle(self) -> bool:
        """Nothing running in this process's consumers, nor queued for them when they run."""
        with self._count:
            running = self._running
        return running == 0 and (self._consumer is None or self.huey.pending_count() == 0)

    def wait_idle(self, timeout: float) -> bool:
        """Whether the queue became idle within timeout seconds (tests, before a database goes)."""
        deadline = time.monotonic() + timeout
        while not self.idle():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True


def waiting_derivations(platform: Platform) -> list[str]:
    """The images whose pyramid waits with no worker on it: its task lost, or its worker killed."""
    now = utcnow()
    with platform.db.sessions() as session:
        return list(session.scalars(
            select(ImageDerivation.image_id)
            .where(ImageDerivation.attempts < DERIVATION_ATTEMPTS, ImageDerivation.created < now - DERIVATION_QUEUED,
                   or_(ImageDerivation.claimed_until.is_(None), ImageDerivation.claimed_until < now))
            .order_by(ImageDerivation.created)))
