"""The running platform's collaborators (database, image store, search backend, import worker),
one per app, and the work it does beside requests (outbox delivery and its retry after an
outage, scheduled publication, the periodic sweep for what other processes left undone)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import current_app, g, request
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from exhibitions.activity_feed import follow_shown_changes
from exhibitions.curation import publish_due
from exhibitions.db import Database
from exhibitions.document_cache import DocumentCache
from exhibitions.image_places import settle
from exhibitions.import_jobs import ImportWorker, pending_imports
from exhibitions.indexing import DatabaseOutbox, OutboxRetry
from exhibitions.media_store import MediaStore
from exhibitions.migrate import is_current
from exhibitions.models import ImportJob
from exhibitions.settings import Settings
from iiif.image.store import ImageStore
from search import SearchUnavailable, create_backend
from search.indexing import DrainReport, drain
from storage import open_storage

log = logging.getLogger(__name__)
SCHEDULE_CHECK_SECONDS = 30


class Platform:
    def __init__(self, settings: Settings):
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(settings.sqlalchemy_url)
        # Change Discovery notes every manifest a change shows in, whoever wrote the change.
        event.listen(self.db.sessions, "before_flush", follow_shown_changes)
        self.storage = open_storage(settings.storage_url, settings.data_dir)
        self.images = ImageStore(self.storage.child("images"), max_pixels=settings.max_image_pixels,
                                 tile_size=settings.tile_size, cache_bytes=settings.image_cache_bytes)
        self.media = MediaStore(settings.media_dir)
        self.search = create_backend(
            settings.search_backend, path=settings.embedded_index_path, url=settings.elasticsearch_url,
            index=settings.elasticsearch_index, timeout=settings.elasticsearch_timeout)
        self.outbox = DatabaseOutbox(self.db)
        self.outbox_retry = OutboxRetry(self._drain, settings.search_retry_seconds)
        self.iiif_documents = DocumentCache()
        self.import_worker = ImportWorker(self)
        self.sweeper = Periodic(self.sweep, settings.sweep_seconds)
        self._index_ready = False
        self._imports_resumed = False
        self._next_schedule_check = 0.0

    def database_ready(self) -> bool:
        try:
            with self.db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def database_current(self) -> bool:
        """Whether `db upgrade` has brought the database to this code's tables (commands, that
        one included, start the app before it has)."""
        try:
            return is_current(self.db.engine)
        except SQLAlchemyError:
            return False

    def search_ready(self) -> bool:
        try:
            return self.search.health()
        except SearchUnavailable:
            return False

    def resume_imports(self) -> None:
        """Once per process: start the worker if import jobs wait (queued or running when a
        process stopped)."""
        if self._imports_resumed:
            return
        self._imports_resumed = True
        try:
            if not inspect(self.db.engine).has_table(ImportJob.__tablename__):
                return
            with self.db.sessions() as session:
                waiting = pending_imports(session)
        except SQLAlchemyError:
            log.exception("looking for waiting import jobs failed; the next upload looks again")
            return
        if waiting:
            self.import_worker.wake()

    def sweep(self) -> None:
        """Take up what another process left: changes it committed but did not deliver to search
        (an import killed part way), import jobs whose process stopped (the worker queues them
        again once their heartbeat is stale)."""
        try:
            pending = self.outbox.count()
            with self.db.sessions() as session:
                waiting = pending_imports(session)
        except SQLAlchemyError:
            log.exception("looking for undelivered changes and waiting imports failed; the next sweep looks again")
            return
        if pending:
            self.deliver_outbox()
        if waiting:
            self.import_worker.wake()

    def publish_due_exhibitions(self) -> None:
        """At most every SCHEDULE_CHECK_SECONDS per process, before a request: publish the
        drafts whose publication time has come, so that their first reader already sees them."""
        moment = time.monotonic()
        if moment < self._next_schedule_check:
            return
        self._next_schedule_check = moment + SCHEDULE_CHECK_SECONDS
        try:
            with self.db.sessions() as session:
                for slug in publish_due(session):
                    log.info("published exhibition %s at its scheduled time", slug)
        except SQLAlchemyError:
            log.exception("publishing scheduled exhibitions failed; the next check tries again")

    def warn_if_index_outdated(self) -> None:
        """At start: an index built by an older release folds text another way than queries now
        are, and finds some words no more until it is rebuilt. Rebuilding is left to the
        operator (`search reindex`), since every web process starts this way."""
        try:
            if self.search.needs_reindex():
                log.warning("the search index was built with an older text format: run "
                            "`flask --app wsgi search reindex` (until then some words are not found)")
        except SearchUnavailable:
            pass

    def settle_images(self) -> None:
        """Move the files of the images that committed changes moved into or out of the trash;
        a failure is logged and stays marked for the next commit or start."""
        try:
            with self.db.sessions() as session:
                settle(session, self.images)
        except SQLAlchemyError:
            log.exception("settling images failed; the next commit tries again")

    def deliver_outbox(self) -> DrainReport:
        """Pass pending changes to the search index now; what cannot go now stays in the outbox,
        and after an outage the outbox retry delivers it (or `search sync` does)."""
        report = self._drain()
        if report.unavailable:
            self.outbox_retry.wake()
        return report

    def _drain(self) -> DrainReport:
        try:
            if not self._index_ready:
                self.search.create_index()
                self._index_ready = True
            return drain(self.outbox, self.search)
        except SearchUnavailable as error:
            log.warning("search is unavailable, changes stay in the outbox: %s", error)
            return DrainReport(unavailable=True, errors=[str(error)])
        except Exception:
            # A write has already been committed; the outbox keeps the change for the next drain.
            log.exception("delivering the search outbox failed; it will be retried")
            return DrainReport(unavailable=True)

    def close(self) -> None:
        """Stop the work beside requests that waits (the outbox retry, the sweep) before the app goes."""
        self.outbox_retry.close()
        self.sweeper.close()


class Periodic:
    """Calls work() every `seconds` from a thread of its own, from the first start() until
    close(); never with seconds at 0."""

    def __init__(self, work: Callable[[], None], seconds: float):
        self._work = work
        self._seconds = seconds
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        if self._thread is not None or self._seconds <= 0:
            return
        with self._lock:
            if self._thread is None and not self._stop.is_set():
                # A daemon: what it would have done waits for the next process, safe in the database.
                self._thread = threading.Thread(target=self._run, name="sweep", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._seconds):
            try:
                self._work()
            except Exception:
                log.exception("periodic work failed; it runs again in %g s", self._seconds)

    def close(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=30)


def current_platform() -> Platform:
    return current_app.extensions["caravanserai"]


def base_url() -> str:
    """The public base of absolute URLs: PUBLIC_URL when set, else the request's own host."""
    return current_platform().settings.public_url.rstrip("/") or request.host_url.rstrip("/")


def db_session() -> Session:
    """The request's database session, opened on first use and closed when the request ends."""
    if "db_session" not in g:
        g.db_session = current_platform().db.sessions()
    return g.db_session


def close_db_session(_error=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
