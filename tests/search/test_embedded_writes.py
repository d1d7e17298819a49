"""The embedded index writes documents a batch at a time: what it holds afterwards, row for row,
is what writing the same documents one at a time leaves."""

from __future__ import annotations

from search.documents import build_document
from search.embedded import EmbeddedBackend

from .records import collection, record

# Rows compared with their rowids (the tables that other tables point into), and without.
_BY_ROWID = ("docs", "sources", "fts", "places")
_BY_CONTENT = ("museums", "materials", "centuries", "suggest")


def tables(backend: EmbeddedBackend) -> dict[str, list[tuple]]:
    db = backend._db()
    g = backend._meta(db, "live")
    held = {table: sorted(db.execute(f"SELECT rowid, * FROM {table}_{g}").fetchall()) for table in _BY_ROWID}
    held |= {table: sorted(db.execute(f"SELECT * FROM {table}_{g}").fetchall()) for table in _BY_CONTENT}
    held["deleted"] = sorted(db.execute(f"SELECT id, version FROM deleted_{g}").fetchall())
    return held


def at(moment: str, r: dict, title: str | None = None) -> dict:
    """The object's document as it stood at a moment (its version), with another title if given."""
    changed = {**r, "modified": moment}
    if title:
        changed["title"] = {"en": [title]}
    return build_document(changed)


def test_a_batch_leaves_what_one_document_at_a_time_leaves(tmp_path):
    batched, one_by_one = (EmbeddedBackend(tmp_path / f"{name}.db") for name in ("batched", "one"))
    objects = collection()
    camel, silk, coin = (next(r for r in objects if r["id"] == i) for i in ("her-camel", "her-silk", "bm-coin"))
    rounds = [
        [build_document(r) for r in objects],
        [
            at("2026-11-25T10:00:00Z", camel, "Camel of the caravan"),  # newer: replaces
            at("2026-11-20T10:00:00Z", silk, "Older silk"),  # older than held: skipped
            build_document(record("new-1", {"en": ["New lamp"]}, place={"name": "Merv", "lat": 37.6, "lon": 61.8})),
            at("2026-11-25T11:00:00Z", coin, "Coin, first edit"),
            at("2026-11-25T11:00:00Z", coin, "Coin, same moment"),  # equal version: the later write wins
            build_document(record("new-2", {"en": ["Second lamp"]})),
            at("2026-11-25T09:00:00Z", coin, "Coin, late arrival"),  # older within the batch: skipped
        ],
    ]
    for documents in rounds:
        batched.index(documents)
        for document in documents:
            one_by_one.index([document])
        assert tables(batched) == tables(one_by_one)
    for backend in (batched, one_by_one):
        backend.delete(["bm-box", "new-1", "no-such-object"])
    assert tables(batched) == tables(one_by_one)
    back = [at("2026-11-26T10:00:00Z", next(r for r in objects if r["id"] == "bm-box"), "Box again"),
            build_document(record("new-3", {"en": ["Third lamp"]}))]
    batched.index(back)
    for document in back:
        one_by_one.index([document])
    assert tables(batched) == tables(one_by_one)
    assert batched.count() == 12
    for backend in (batched, one_by_one):
        backend.close()
