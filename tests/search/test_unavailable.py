"""An Elasticsearch that does not answer: SearchUnavailable (the API's 503), never a crash."""

from __future__ import annotations

import pytest

from search.backend import SearchUnavailable
from search.documents import build_document
from search.elastic import ElasticsearchBackend
from search.query import SearchQuery
from tests.conftest import unused_port

from .records import collection


@pytest.fixture
def down():
    backend = ElasticsearchBackend(url=f"http://127.0.0.1:{unused_port()}", index="nowhere", timeout=2)
    yield backend
    backend.close()


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.search(SearchQuery(text="camel")),
        lambda b: b.suggest("cam"),
        lambda b: b.count(),
        lambda b: list(b.export(SearchQuery())),
        lambda b: b.index([build_document(collection()[0])]),
        lambda b: b.delete(["x"]),
        lambda b: b.create_index(),
        lambda b: b.refresh(),
    ],
    ids=["search", "suggest", "count", "export", "index", "delete", "create_index", "refresh"],
)
def test_every_call_raises_search_unavailable(down, call):
    with pytest.raises(SearchUnavailable):
        call(down)


def test_health_is_false(down):
    assert down.health() is False


def test_a_node_that_does_not_answer_leaves_the_others_of_a_cluster_answering():
    from .conftest import ELASTICSEARCH_URL, require_elasticsearch

    require_elasticsearch()
    # A cluster of two nodes as ELASTICSEARCH_URL names them, the first one down.
    backend = ElasticsearchBackend(url=f"http://127.0.0.1:{unused_port()}, {ELASTICSEARCH_URL}", index="nowhere",
                                   timeout=2)
    try:
        assert all(backend.health() for _ in range(4))
    finally:
        backend.close()
