"""An outbox held in memory: the database side of search.indexing.OutboxSource, for the tests."""

from __future__ import annotations

from search.indexing import OutboxEntry


class MemoryOutbox:
    """Objects and the outbox of their changes, as the database keeps them."""

    def __init__(self):
        self.objects: dict[str, dict] = {}
        self.entries: dict[int, OutboxEntry] = {}
        self.errors: dict[int, list[str]] = {}
        self._next = 1

    def save(self, record: dict) -> None:
        """A contribution: the object and its outbox entry, in one step."""
        self.objects[record["id"]] = record
        self._note(record["id"])

    def remove(self, object_id: str) -> None:
        self.objects.pop(object_id, None)
        self._note(object_id)

    def _note(self, object_id: str) -> None:
        self.entries[self._next] = OutboxEntry(self._next, object_id)
        self._next += 1

    # OutboxSource

    def pending(self, limit: int) -> list[OutboxEntry]:
        return [self.entries[k] for k in sorted(self.entries)][:limit]

    def records(self, object_ids: list[str]) -> dict[str, dict | None]:
        return {object_id: self.objects.get(object_id) for object_id in object_ids}

    def done(self, entry_ids: list[int]) -> None:
        for entry_id in entry_ids:
            self.entries.pop(entry_id, None)

    def failed(self, entry_ids: list[int], error: str) -> None:
        for entry_id in entry_ids:
            self.errors.setdefault(entry_id, []).append(error)
