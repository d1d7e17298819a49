"""Opening the embedded index while another process is still creating its file waits for that
write to end: SQLite refuses the switch to WAL mode at once there, without its busy wait, and
the import command's delivery process and the web app can open a new index at the same moment."""

from __future__ import annotations

import sqlite3

import pytest

from search import SearchQuery, SearchUnavailable, embedded
from search.embedded import EmbeddedBackend


def test_an_index_file_another_connection_is_still_writing_is_waited_for_not_refused(tmp_path, monkeypatch):
    path = tmp_path / "search.db"
    creating = sqlite3.connect(path, isolation_level=None)  # not yet in WAL mode, as a new file is
    creating.execute("BEGIN IMMEDIATE")
    creating.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    pauses = []

    def the_other_write_ends_meanwhile(seconds: float) -> None:
        pauses.append(seconds)
        creating.execute("COMMIT")

    monkeypatch.setattr(embedded, "_pause", the_other_write_ends_meanwhile)
    backend = EmbeddedBackend(path)
    assert backend.search(SearchQuery(size=1)).total == 0
    assert len(pauses) == 1  # refused once while the other held its write, then opened
    assert backend._db().execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_lock_that_is_not_released_still_ends_in_search_unavailable(tmp_path, monkeypatch):
    path = tmp_path / "search.db"
    creating = sqlite3.connect(path, isolation_level=None)
    creating.execute("BEGIN IMMEDIATE")
    creating.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    monkeypatch.setattr(embedded, "BUSY_SECONDS", 0)
    monkeypatch.setattr(embedded, "_pause", lambda seconds: None)
    with pytest.raises(SearchUnavailable, match="locked"):
        EmbeddedBackend(path).search(SearchQuery(size=1))
    creating.execute("ROLLBACK")
