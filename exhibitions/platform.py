"""The running platform's collaborators (database, image store, search backend, task queue),
one per process, with no Flask in them: requests, commands and workers share them alike. The
work beside requests is in exhibitions.tasks; what follows a commit, in exhibitions.uow."""

from __future__ import annotations

import logging
import multiprocessing
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection

from sqlalchemy import event, text
from sqlalchemy.exc import SQLAlchemyError

from exhibitions.activity_feed import follow_shown_changes
from exhibitions.db import Database
from exhibitions.document_cache import DocumentCache
from exhibitions.indexing import DatabaseOutbox
from exhibitions.migrate import is_current
from exhibitions.objects.image_places import settle
from exhibitions.objects.media_store import MediaStore
from exhibitions.settings import Settings
from iiif.image.store import ImageStore
from search import SearchUnavailable, create_backend
from search.indexing import DrainReport, drain
from storage import open_storage

log = logging.getLogger(__name__)


class Platform:
    def __init__(self, settings: Settings):
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(settings.sqlalchemy_url)
        # Change Discovery notes every manifest a change shows in, whoever wrote the change.
        event.listen(self.db.sessions, "before_flush", follow_shown_changes)
        # Every session knows its platform, so that committing it can run what follows a commit
        # (exhibitions.uow) in a request, a command or a worker alike.
        self.db.sessions.configure(info={"platform": self})
        self.storage = open_storage(settings.storage_url, settings.data_dir)
        self.images = ImageStore(self.storage.child("images"), max_pixels=settings.max_image_pixels,
                                 tile_size=settings.tile_size, cache_bytes=settings.image_cache_bytes)
        self.media = MediaStore(self.storage.child("media"))
        self.search = create_backend(
            settings.search_backend, path=settings.embedded_index_path, url=settings.elasticsearch_url,
            index=settings.elasticsearch_index, timeout=settings.elasticsearch_timeout,
            replicas=settings.elasticsearch_replicas)
        self.outbox = DatabaseOutbox(self.db, settings.search_retry_seconds)
        self.iiif_documents = DocumentCache()
        # The queue (exhibitions.uow.FollowUps), once exhibitions.tasks.TaskQueue is made on this
        # platform; without one, what follows a commit runs in the committing thread.
        self.tasks = None
        self._index_ready = False

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
        """Pass pending changes to the search index now, in this thread (workers and commands;
        requests leave it to the queue, exhibitions.uow). What cannot go now stays claimed in the
        outbox until its retry, when the queue's delivery or sweep takes it up again."""
        return self._drain()

    @contextmanager
    def delivering_aside(self) -> Iterator[Callable[[], None]]:
        """For a command that writes many changes (a bulk import): a process forked from this one
        delivers the outbox on a core of its own while this one goes on writing; the callable
        tells it that more changes are waiting. When the block ends this process waits for it.
        Only for a process running no other thread (a command, not a server or a worker): a fork
        copies the calling thread alone. Nothing is lost if either process is stopped: what
        neither delivered stays in the outbox."""
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        # What this process has yet to write out would be written twice, by the copy too.
        sys.stdout.flush()
        sys.stderr.flush()
        aside = context.Process(target=_deliver_when_told, args=(self.settings, theirs, ours),
                                 name="delivery")
        aside.start()
        theirs.close()
        try:
            yield lambda: ours.send(True)
        finally:
            ours.close()  # the other process ends once its delivery under way is done
            aside.join()
            if aside.exitcode:
                log.warning("the delivery process ended with %s; the outbox keeps what it left", aside.exitcode)

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
        """Stop this process's consumers of the queue (if it runs any) before the app goes."""
        if self.tasks is not None:
            self.tasks.stop()


def _deliver_when_told(settings: Settings, told: Connection, telling: Connection) -> None:
    """Platform.delivering_aside's other process: on a platform of its own (nothing the parent
    opened, a connection or a file, is used across the fork), a delivery each time it is told,
    until the parent hangs up."""
    telling.close()  # the parent's end, copied by the fork: held here, it would never hang up
    # An interrupt reaches the whole command; the parent decides, and hangs up as it ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    platform = Platform(settings)
    try:
        while True:
            told.recv()
            while told.poll():  # what was told meanwhile: one delivery covers it all
                told.recv()
            platform.deliver_outbox()
    except EOFError:
        return
