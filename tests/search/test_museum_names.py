"""Museum names in the Elasticsearch backend's facets: read for every museum at once and kept a
while (MUSEUM_LABELS_MAX_AGE), not asked of every search. A process learns of a name that another
process indexed once its own are that old, and of a museum it has never seen at once."""

from __future__ import annotations

import pytest

from search import elastic
from search.elastic import ElasticsearchBackend

from .conftest import ELASTICSEARCH_URL, load, make_backend
from .records import collection, renamed
from .test_contract import search

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def writer(tmp_path):
    """One process's backend, which indexes the collection."""
    backend = make_backend("elasticsearch", tmp_path)
    backend.create_index()
    load(backend, collection())
    yield backend
    backend.drop_index()
    backend.close()


@pytest.fixture
def reader(writer):
    """Another process's backend on the same index: it indexes nothing itself."""
    backend = ElasticsearchBackend(url=ELASTICSEARCH_URL, index=writer.alias)
    yield backend
    backend.close()


def museum_labels(backend) -> dict[str, str]:
    return {value["value"]: value["label"] for value in search(backend).facets["museum"]}


def test_names_another_process_indexed_are_kept_until_they_are_old(writer, reader, monkeypatch):
    assert museum_labels(reader)["nmc"] == "National Museum of China"
    load(writer, renamed(collection(), "nmc", {"en": ["National Museum of China, Beijing"]}))

    assert museum_labels(writer)["nmc"] == "National Museum of China, Beijing"  # its own write: at once
    assert museum_labels(reader)["nmc"] == "National Museum of China"  # kept: no lookup per search
    monkeypatch.setattr(elastic, "MUSEUM_LABELS_MAX_AGE", 0.0)
    assert museum_labels(reader)["nmc"] == "National Museum of China, Beijing"


def test_a_museum_new_to_a_process_is_named_at_once(writer, reader, monkeypatch):
    assert "kz" not in museum_labels(reader)
    newcomer = {**collection()[0], "id": "kz-saddle"}
    newcomer["museum"] = {**newcomer["museum"], "slug": "kz", "name": {"en": ["Central State Museum of Kazakhstan"]}}
    load(writer, [newcomer])

    monkeypatch.setattr(elastic, "_MISSING_LABEL_RETRY", 0.0)
    assert museum_labels(reader)["kz"] == "Central State Museum of Kazakhstan"


def test_each_reader_language_gets_its_own_labels_from_the_names_kept(writer, reader):
    assert museum_labels(reader)["nmc"] == "National Museum of China"
    in_chinese = {value["value"]: value["label"] for value in search(reader, lang="zh").facets["museum"]}
    assert in_chinese["nmc"] == "中国国家博物馆"
    assert museum_labels(reader)["nmc"] == "National Museum of China"
