"""Elasticsearch stops mid-run and comes back: searches get SearchUnavailable (503), contributions
stay in the outbox, and the next drain makes the index whole again.

It runs a second Elasticsearch of its own (another port and data folder, started and stopped
with scripts/elasticsearch.sh), so the shared development or CI server is never disturbed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from search.backend import SearchUnavailable
from search.elastic import ElasticsearchBackend
from search.indexing import drain
from search.query import SearchQuery

from .conftest import require_elasticsearch
from .outbox import MemoryOutbox
from .records import collection, record

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "elasticsearch.sh"
PORT = int(os.environ.get("CARAVANSERAI_OUTAGE_ES_PORT", "9290"))

pytestmark = pytest.mark.elasticsearch


def elasticsearch(command: str) -> None:
    environment = {**os.environ, "ES_PORT": str(PORT)}
    environment.pop("ES_INSTANCE_DIR", None)
    done = subprocess.run([str(SCRIPT), command], env=environment, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"elasticsearch.sh {command} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture
def own_server():
    require_elasticsearch()  # only where Elasticsearch tests run at all (a developer's server, or CI)
    elasticsearch("start")
    backend = ElasticsearchBackend(url=f"http://127.0.0.1:{PORT}", index="outage-test", timeout=5)
    backend.drop_index()
    backend.create_index()
    try:
        yield backend
    finally:
        elasticsearch("start")
        backend.drop_index()
        backend.close()
        elasticsearch("stop")


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
