"""Feeding the index from the outbox: delivered entries go, failed ones stay for the next drain."""

from __future__ import annotations

import gc
import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from search.documents import build_document
from search.elastic import ElasticsearchBackend
from search.indexing import drain, reindex
from search.query import SearchQuery
from tests.conftest import unused_port

from .outbox import MemoryOutbox
from .records import collection, record


def test_drain_indexes_changes_and_deletions(backend):
    outbox = MemoryOutbox()
    for r in collection():
        outbox.save(r)
    report = drain(outbox, backend, batch_size=3)
    backend.refresh()
    assert (report.indexed, report.deleted, report.failed, report.batches) == (10, 0, 0, 4)
    assert outbox.entries == {}
    assert backend.count() == 10

    outbox.remove("her-camel")
    outbox.save(record("bm-coin", {"en": ["Gold dinar"]}, "bm"))
    outbox.save(record("bm-coin", {"en": ["Gold dinar of Kanishka"]}, "bm"))  # two changes, one delivery
    report = drain(outbox, backend)
    backend.refresh()
    assert (report.indexed, report.deleted, report.batches) == (1, 1, 1)
    assert backend.count() == 9
    assert [i["title"] for i in backend.search(SearchQuery(text="dinar")).items] == [{"en": ["Gold dinar of Kanishka"]}]


def test_a_record_that_cannot_be_indexed_stays_in_the_outbox(backend):
    outbox = MemoryOutbox()
    broken = record("bad-1", {"en": ["Broken date"]})
    broken["date"] = {"display": "?", "start": "long ago", "end": 100}
    outbox.save(broken)
    for r in collection()[:3]:
        outbox.save(r)
    report = drain(outbox, backend, batch_size=2)
    assert (report.indexed, report.failed) == (3, 1)
    assert [e.object_id for e in outbox.pending(10)] == ["bad-1"]
    assert "bad-1" in report.errors[0]
    assert list(outbox.errors) == [1]

    broken["date"] = {"display": "100", "start": 100, "end": 100}  # the contributor fixes it
    report = drain(outbox, backend)
    assert (report.indexed, report.failed) == (1, 0)
    assert outbox.entries == {}


def test_a_rebuild_rests_the_garbage_collector_and_wakes_it_after_even_when_it_fails(backend):
    collector_on_while_read = []

    def records(fail: bool):
        for number, r in enumerate(collection()):
            collector_on_while_read.append(gc.isenabled())
            if fail and number == 5:
                raise RuntimeError("the database went away")
            yield r

    report = reindex(records(fail=False), len(collection()), backend)
    assert report.indexed == len(collection()) and gc.isenabled()
    with pytest.raises(RuntimeError):
        reindex(records(fail=True), len(collection()), backend)
    assert gc.isenabled()
    assert len(collector_on_while_read) == len(collection()) + 6 and not any(collector_on_while_read)


def test_nothing_is_lost_while_the_backend_is_down():
    outbox = MemoryOutbox()
    for r in collection():
        outbox.save(r)
    down = ElasticsearchBackend(url=f"http://127.0.0.1:{unused_port()}", index="nowhere", timeout=2)
    report = drain(outbox, down, batch_size=4)
    assert report.unavailable is True
    assert report.indexed == 0 and report.batches == 1
    assert len(outbox.entries) == 10  # all kept for the next drain
    assert "unreachable" in report.errors[0]


def test_a_document_the_backend_chokes_on_holds_back_no_other(backend):
    """Text that is not Unicode (an unpaired surrogate) fails a whole batch on both backends; the
    drain then finds the one document and delivers the rest."""
    outbox = MemoryOutbox()
    for r in collection()[:2]:
        outbox.save(r)
    outbox.save(record("bad-2", {"en": ["half \ud800 a pair"]}))
    for r in collection()[2:4]:
        outbox.save(r)
    report = drain(outbox, backend)
    backend.refresh()
    assert (report.indexed, report.failed) == (4, 1)
    assert [e.object_id for e in outbox.pending(10)] == ["bad-2"]
    assert backend.count() == 4


def test_processes_making_the_index_at_once_make_one(tmp_path):
    """Two workers that both found no index make it at once: the alias names one index, and
    writes go through it (with two, Elasticsearch refuses every write through the alias)."""
    from .conftest import ELASTICSEARCH_URL, require_elasticsearch

    require_elasticsearch()
    name = f"test-{uuid.uuid4().hex[:12]}"
    backends = [ElasticsearchBackend(url=ELASTICSEARCH_URL, index=name, timeout=60) for _ in range(3)]
    looked = threading.Barrier(len(backends))
    try:
        for backend in backends:  # each has looked for the index, and found none, before any makes it
            found = backend._indices_of

            def after_all_looked(alias, found=found):
                indices = found(alias)
                looked.wait(timeout=60)
                return indices

            backend._indices_of = after_all_looked
        with ThreadPoolExecutor(len(backends)) as pool:
            for made in [pool.submit(backend.create_index) for backend in backends]:
                made.result()  # none fails
        first = backends[0]
        first._indices_of = ElasticsearchBackend._indices_of.__get__(first)
        assert first._indices_of(name) == [f"{name}-v0"]
        first.index([build_document(collection()[0])])
        first.refresh()
        assert first.count() == 1
    finally:
        backends[0].drop_index()
        for backend in backends:
            backend.close()


@pytest.mark.timeout(60)
def test_a_rebuild_swaps_in_without_the_replicas_one_node_cannot_hold(caplog):
    """A replica on a one-node server can never be placed: the rebuild swaps its index in without
    waiting for it (it would wait for REPLICA_COPY_SECONDS, longer than this test may run), and
    says why."""
    from .conftest import ELASTICSEARCH_URL, require_elasticsearch

    require_elasticsearch()
    backend = ElasticsearchBackend(url=ELASTICSEARCH_URL, index=f"test-{uuid.uuid4().hex[:12]}", replicas=1)
    try:
        assert backend.client.cluster.health()["number_of_data_nodes"] == 1
        backend.create_index()
        records = collection()
        with caplog.at_level(logging.WARNING, logger="search.elastic"):
            report = reindex(records, len(records), backend)
        assert backend._indices_of(backend.alias) == [report.index]
        assert backend.count() == len(records)
        assert f"{report.index} swapped in with 1 of the 2 copies of each shard: the cluster has 1 data node" \
            in caplog.text
    finally:
        backend.drop_index()
        backend.close()
