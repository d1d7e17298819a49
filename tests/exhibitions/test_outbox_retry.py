"""The outbox retry's schedule: after an outage it delivers again, waiting twice as long each
time up to ten times the first wait, stops once a delivery goes through (one more time if
another delivery failed meanwhile), and stops at once when the platform closes. Deliveries are
counted by a plain function here; the real outage, with a real Elasticsearch, is in
test_search_outage."""

from __future__ import annotations

import itertools
import threading

from exhibitions.indexing import OutboxRetry, retry_waits
from search.indexing import DrainReport


class Deliveries:
    """Answers as a search backend that is down for the first `down` deliveries, then up."""

    def __init__(self, down: int):
        self.down = down
        self.count = 0
        self.through = threading.Event()

    def __call__(self) -> DrainReport:
        self.count += 1
        if self.count > self.down:
            self.through.set()
        return DrainReport(unavailable=self.count <= self.down)


def finished(retry: OutboxRetry) -> bool:
    thread = retry._thread
    if thread is not None:
        thread.join(timeout=10)
    return retry._thread is None


def test_the_waits_double_up_to_ten_times_the_first():
    assert list(itertools.islice(retry_waits(30), 7)) == [30, 60, 120, 240, 300, 300, 300]


def test_it_delivers_again_until_a_delivery_goes_through_and_then_ends():
    deliveries = Deliveries(down=3)
    retry = OutboxRetry(deliveries, first_wait=0.001)
    retry.wake()
    assert deliveries.through.wait(10) and finished(retry)
    assert deliveries.count == 4


def test_a_failure_elsewhere_while_it_runs_earns_one_more_delivery():
    deliveries = Deliveries(down=1)
    retry = OutboxRetry(deliveries, first_wait=0.05)
    retry.wake()
    retry.wake()  # another request's delivery failed meanwhile
    assert finished(retry) and deliveries.count == 3
    retry.wake()  # once it has ended, a new failure starts it again
    assert finished(retry) and deliveries.count == 4


def test_it_stops_at_once_when_the_platform_closes_and_never_starts_when_turned_off():
    deliveries = Deliveries(down=1000)
    retry = OutboxRetry(deliveries, first_wait=3600)
    retry.wake()
    retry.close()  # would wait an hour otherwise
    assert finished(retry) and deliveries.count == 0
    retry.wake()
    assert retry._thread is None

    off = OutboxRetry(deliveries, first_wait=0)
    off.wake()
    assert off._thread is None
