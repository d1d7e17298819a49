"""The search outbox is claimed row by row: deliveries running at once (writers on several
threads or machines) never take the same rows; a delivery that failed keeps its rows until
their retry, waiting twice as long after each failure up to ten times the first wait; rows of a
delivery that stopped with its process are free again once their claim has expired. The real
outage, with a real Elasticsearch, is in test_search_outage."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select, update

from exhibitions.models import OutboxEntry, utcnow


def changes(platform, count: int) -> list[int]:
    with platform.db.transaction() as session:
        rows = [OutboxEntry(object_id=f"nmc-{n}") for n in range(count)]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def test_the_waits_double_up_to_ten_times_the_first(platform):
    assert [platform.outbox.retry_wait(attempts) for attempts in range(7)] == [30, 60, 120, 240, 300, 300, 300]


def test_deliveries_at_once_never_claim_the_same_rows(platform):
    written = changes(platform, 300)
    claimed: list[list[int]] = []
    start = threading.Barrier(6)

    def delivery() -> None:
        start.wait()
        mine = []
        while batch := platform.outbox.pending(7):
            mine.extend(entry.id for entry in batch)
        claimed.append(mine)

    threads = [threading.Thread(target=delivery) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    everything = [entry_id for mine in claimed for entry_id in mine]
    assert sorted(everything) == written  # each row claimed once, none left out


def test_a_failed_delivery_keeps_its_rows_until_their_retry(platform):
    written = changes(platform, 3)
    assert [entry.id for entry in platform.outbox.pending(10)] == written
    platform.outbox.failed(written, "the index is down")
    assert platform.outbox.pending(10) == []  # not before their retry
    assert 25 < platform.outbox.next_retry() <= 30
    with platform.db.sessions() as session:
        assert set(session.scalars(select(OutboxEntry.attempts))) == {1}
    with platform.db.transaction() as session:  # half a minute goes by
        session.execute(update(OutboxEntry).values(claimed_until=utcnow() - timedelta(seconds=1)))
    assert [entry.id for entry in platform.outbox.pending(10)] == written
    platform.outbox.failed(written, "still down")
    assert 55 < platform.outbox.next_retry() <= 60  # twice as long after the second failure


def test_the_rows_of_a_delivery_that_stopped_are_free_once_its_claim_has_expired(platform):
    written = changes(platform, 2)
    assert len(platform.outbox.pending(10)) == 2  # a delivery claims them, and its process dies
    assert platform.outbox.pending(10) == []
    with platform.db.transaction() as session:
        session.execute(update(OutboxEntry).values(claimed_until=utcnow() - timedelta(seconds=1)))
    assert [entry.id for entry in platform.outbox.pending(10)] == written
    platform.outbox.done(written)
    assert platform.outbox.count() == 0
