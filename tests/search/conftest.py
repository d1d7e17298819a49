"""Search test fixtures: a fresh index per test on every backend, and the test collection in it.

Elasticsearch is reached at ELASTICSEARCH_URL (default http://127.0.0.1:9200). When it does not
answer its tests are skipped, unless CARAVANSERAI_REQUIRE_ELASTICSEARCH=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import uuid

import pytest

from search.documents import build_document
from search.elastic import ElasticsearchBackend
from search.embedded import EmbeddedBackend

from .records import collection

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
REQUIRE_ELASTICSEARCH = os.environ.get("CARAVANSERAI_REQUIRE_ELASTICSEARCH") == "1"

_reachable: dict[str, bool] = {}


def require_elasticsearch(url: str = ELASTICSEARCH_URL) -> None:
    """Skip the calling test when Elasticsearch does not answer; fail instead under CI."""
    if url not in _reachable:
        probe = ElasticsearchBackend(url=url, timeout=5)
        _reachable[url] = probe.health()
        probe.close()
    if not _reachable[url]:
        message = f"no Elasticsearch answers at {url} (scripts/elasticsearch.sh start)"
        if REQUIRE_ELASTICSEARCH:
            pytest.fail(message + "; CARAVANSERAI_REQUIRE_ELASTICSEARCH=1 makes this a failure")
        pytest.skip(message)


def make_backend(kind: str, tmp_path):
    name = f"test-{uuid.uuid4().hex[:12]}"
    if kind == "embedded":
        return EmbeddedBackend(tmp_path / "search.db", index=name)
    require_elasticsearch()
    return ElasticsearchBackend(url=ELASTICSEARCH_URL, index=name)


@pytest.fixture(params=["embedded", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request, tmp_path):
    """An empty index of its own on each backend, removed after the test."""
    backend = make_backend(request.param, tmp_path)
    backend.create_index()
    yield backend
    backend.drop_index()
    backend.close()


def load(backend, records) -> None:
    backend.index([build_document(r) for r in records])
    backend.refresh()


@pytest.fixture
def loaded(backend):
    """The backend with the test collection indexed."""
    load(backend, collection())
    return backend
