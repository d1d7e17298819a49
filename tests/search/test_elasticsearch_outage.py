"""Elasticsearch stops mid-run and comes back: searches get SearchUnavailable (503), contributions
stay in the outbox, and the next drain makes the index whole again.

It runs a second Elasticsearch of its own (the `own_server` fixture), so the shared development
or CI server is never disturbed.
"""

from __future__ import annotations

import pytest

from search.backend import SearchUnavailable
from search.indexing import drain
from search.query import SearchQuery
from tests.conftest import elasticsearch

from .outbox import MemoryOutbox
from .records import collection, record

# Three starts of a Java server, and a turn at the machine's one spare server: on a busy machine
# that outlasts the suite's five-minute limit for a test.
pytestmark = [pytest.mark.elasticsearch, pytest.mark.timeout(900)]

def titles(backend, text):
    return [item["title"]["en"][0] for item in backend.search(SearchQuery(text=text)).items]


def test_an_outage_loses_nothing(own_server):
    backend = own_server
    outbox = MemoryOutbox()
    for r in collection():
        outbox.save(r)
    assert drain(outbox, backend).indexed == 10
    backend.refresh()

    elasticsearch("stop")
    assert backend.health() is False
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(text="camel"))
    # Contributions go on: their changes wait in the outbox.
    outbox.save(record("nmc-lamp", {"en": ["Oil lamp from Dunhuang"]}, "nmc", materials=["bronze"]))
    outbox.remove("her-camel")
    report = drain(outbox, backend)
    assert report.unavailable is True and report.delivered == 0
    assert sorted(e.object_id for e in outbox.pending(10)) == ["her-camel", "nmc-lamp"]

    elasticsearch("start")
    assert backend.health() is True
    report = drain(outbox, backend)
    assert (report.indexed, report.deleted, report.unavailable) == (1, 1, False)
    assert outbox.entries == {}
    backend.refresh()
    assert titles(backend, "dunhuang") == ["Oil lamp from Dunhuang"]
    assert titles(backend, "camel") == []
    assert backend.count() == 10
