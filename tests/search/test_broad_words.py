"""The embedded backend counts a broad word's total and facets in memory, and ranks its hits there:
the same answers as SQL, page for page, ties and all."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.search import BROAD_QUERIES, parse_search_args, query_mix, synthetic_records
from search.documents import build_document
from search.embedded import EmbeddedBackend, _varints, bm25_replicated
from search.geo import BBox
from search.query import SearchQuery

from .records import collection, record

QUERIES = [
    SearchQuery(text="porcelain"),
    SearchQuery(text="caravan"),
    SearchQuery(text="caravan", museum=("bm",)),
    SearchQuery(text="caravan", museum=("bm", "nmc"), material=("silk",)),
    SearchQuery(text="caravan", country=("GB",), object_type=("textile",), material=("silk", "wool")),
    SearchQuery(text="caravan", museum=("nowhere",)),
    SearchQuery(text="caravan", date_from=800, date_to=1200),
    SearchQuery(text="caravan -silk", material=("wool",)),
    SearchQuery(text='caravan accession:ACC-bm-3'),
    SearchQuery(text="caravan", bbox=BBox(west=60, south=30, east=80, north=45)),
    SearchQuery(text="caravan", bbox=BBox(west=170, south=-50, east=-170, north=50)),
    SearchQuery(text="caravan", sort="date", page=2, size=5),
    SearchQuery(text="caravan", sort="-date", size=7),
    SearchQuery(text="caravan", sort="title", page=3, size=4),
    SearchQuery(text="caravan", page=9, size=10),
    SearchQuery(text="caravan", language="lv"),
    SearchQuery(text="青花"),
    # Ranked by relevance: "camel" 0 to 3 times in a description, so scores differ and tie.
    SearchQuery(text="caravan camel"),
    SearchQuery(text="camel caravan", page=2, size=7),
    SearchQuery(text="camel", page=3, size=4),
    SearchQuery(text="camel camel", size=30),
    SearchQuery(text="caravan bowl", material=("silk", "wool"), date_from=700),
    SearchQuery(text="caravan -rug", page=2, size=3),
    SearchQuery(text="caravan culture:Yuan"),
    SearchQuery(text="caravan 青花"),
]


def caravan(n: int) -> dict:
    """Objects that all mention the caravan, spread over museums, types, materials and years."""
    museum = ("bm", "nmc", "rpm", "hermitage")[n % 4]
    return record(f"{museum}-{n}", {"en": [f"Caravan {('bowl', 'rug', 'bell')[n % 3]} {n % 5}"]}, museum,
                  object_type=("vessel", "textile", None)[n % 3],
                  materials=["silk", "wool", "bronze", "gold"][n % 3 : n % 3 + 1 + n % 2],
                  description={"en": ["A caravan " + "camel " * (n % 4)]},
                  date=None if n % 7 == 0 else (600 + 13 * n, 650 + 13 * n),
                  place=None if n % 5 == 0 else {"name": "Khotan", "lat": 30 + n % 20, "lon": 50 + (n * 7) % 140})


@pytest.fixture
def index(tmp_path):
    writer = EmbeddedBackend(tmp_path / "search.db", index="broad")
    writer.create_index()
    writer.index([build_document(r) for r in collection() + [caravan(n) for n in range(60)]])
    yield writer
    writer.close()


def answers(backend: EmbeddedBackend) -> list:
    return [backend.search(query) for query in QUERIES]


def test_counted_in_memory_as_in_sql(index, tmp_path):
    in_memory = EmbeddedBackend(tmp_path / "search.db", index="broad")
    in_memory.broad_hits = in_memory.rank_hits = 0
    in_sql = EmbeddedBackend(tmp_path / "search.db", index="broad")
    in_sql.broad_hits = 10**9
    try:
        assert answers(in_memory) == answers(in_sql)
        assert in_memory.search(QUERIES[1]).total == 60
    finally:
        in_memory.close()
        in_sql.close()


def test_a_write_reaches_the_counts_in_memory(index, tmp_path):
    reader = EmbeddedBackend(tmp_path / "search.db", index="broad")
    reader.broad_hits = 0
    try:
        before = reader.search(SearchQuery(text="caravan"))
        index.index([build_document(caravan(1002))])
        index.delete(["bm-0"])
        after = reader.search(SearchQuery(text="caravan"))
        assert after.total == before.total
        museums = {v["value"]: v["count"] for v in after.facets["museum"]}
        assert museums == {**{v["value"]: v["count"] for v in before.facets["museum"]}, "bm": 14, "rpm": 16}
        index.delete(["rpm-1002"])
        assert reader.search(SearchQuery(text="caravan")).total == before.total - 1
    finally:
        reader.close()


EXPLORED = [
    SearchQuery(),  # every object: the places are read into memory first
    SearchQuery(text="caravan"),
    SearchQuery(text="caravan", museum=("bm", "nmc"), material=("silk",)),
    SearchQuery(material=("wool",)),
    SearchQuery(country=("GB",), date_from=800, date_to=1200),
    SearchQuery(text="caravan -silk"),
    SearchQuery(text="-silk"),
    SearchQuery(bbox=BBox(west=60, south=30, east=80, north=45)),
    SearchQuery(material=("silk",), bbox=BBox(west=57, south=30, east=120, north=40)),
    SearchQuery(bbox=BBox(west=170, south=-50, east=-170, north=50)),
    SearchQuery(text="caravan", bbox=BBox(west=50, south=36, east=120, north=49)),
    SearchQuery(text="caravan", bbox=BBox(west=170, south=-50, east=-170, north=50)),
    SearchQuery(text="giraffe"),
    SearchQuery(text="the"),
]


def clusters(result) -> list:
    """The clusters in order, their counts and boxes."""
    return [(c["count"], c["bbox"]) for c in result.clusters]


def centres(result) -> list[float]:
    """The clusters' centres: means, which may differ in the last bits as sums in another order do."""
    return [degrees for c in result.clusters for degrees in (c["lat"], c["lon"])]


@pytest.mark.parametrize("zoom", [0, 3, 8])
def test_maps_and_timelines_from_memory_as_from_sql(index, tmp_path, zoom):
    in_memory = EmbeddedBackend(tmp_path / "search.db", index="broad")
    in_memory.broad_hits = 0
    in_sql = EmbeddedBackend(tmp_path / "search.db", index="broad")
    in_sql.broad_hits = 10**9
    try:
        for query in EXPLORED:
            held, grouped = in_memory.map(query, zoom), in_sql.map(query, zoom)
            assert (held.total, held.objects) == (grouped.total, grouped.objects)
            assert clusters(held) == clusters(grouped)
            assert centres(held) == pytest.approx(centres(grouped), rel=1e-12)
            for interval in ("millennium", "century", "decade"):
                assert in_memory.timeline(query, interval) == in_sql.timeline(query, interval)
        assert in_memory._places is not None and in_sql._places is None
        assert in_memory.map(SearchQuery(text="caravan"), zoom).total == 60 - 12  # every fifth has no place
    finally:
        in_memory.close()
        in_sql.close()


def test_ranked_in_memory_as_in_sql_on_the_benchmarks_mix(tmp_path):
    """The search benchmark's objects and 400 queries, and its broad words with every sort and
    a few pages: each answer (page, order, total, facets) equal to the one SQL ranks and counts.
    Two objects have a text field of hundreds of words (sizes that take two bytes in FTS5)."""
    assert bm25_replicated()  # else the in-memory ranking stands aside, and SQL ranks both
    records = synthetic_records(1000)
    for long in records[:2]:
        long["description"] = {"en": [" ".join(["camel silk bowl caravan"] * 60)]}
    path = tmp_path / "mix.db"
    writer = EmbeddedBackend(path, index="mix")
    writer.create_index()
    writer.index([build_document(r) for r in records])
    writer.close()
    in_memory, in_sql = EmbeddedBackend(path, index="mix"), EmbeddedBackend(path, index="mix")
    in_memory.broad_hits = in_memory.rank_hits = 0
    in_sql.broad_hits = 10**9
    broad = [{"q": words, "sort": sort, "page": page, "size": size}
             for words in (*BROAD_QUERIES, "bowl camel", "camel -silk")
             for sort in ("relevance", "date", "-date", "title")
             for page, size in (("1", "20"), ("2", "20"), ("3", "7"), ("40", "20"))]
    try:
        for args in broad + query_mix(400):
            query = parse_search_args(args)
            assert in_memory.search(query) == in_sql.search(query), args
        assert in_memory.search(parse_search_args({"q": "camel"})).total > 600
    finally:
        in_memory.close()
        in_sql.close()


def test_a_write_reaches_the_places_in_memory(index, tmp_path):
    reader = EmbeddedBackend(tmp_path / "search.db", index="broad")
    reader.broad_hits = 0
    try:
        assert reader.map(SearchQuery(), 3).total > reader.map(SearchQuery(text="caravan"), 3).total == 48
        assert reader.timeline(SearchQuery(text="caravan"), "century").total == 60 - 9  # every seventh has no date
        index.index([build_document(caravan(1002))])
        index.delete(["bm-4"])  # placed, dated
        assert reader.map(SearchQuery(text="caravan"), 3).total == 48
        assert reader.timeline(SearchQuery(text="caravan"), "century").total == 51
        index.delete(["rpm-1002"])
        assert reader.map(SearchQuery(text="caravan"), 3).total == 47
        assert reader.timeline(SearchQuery(text="caravan"), "century").total == 50
        assert reader._places is not None
    finally:
        reader.close()


def test_varints_as_sqlite_writes_them():
    raw = np.frombuffer(bytes([0x05, 0x81, 0x00, 0x7F, 0x82, 0x80, 0x01, 0x00]), np.uint8)
    assert _varints(raw).tolist() == [5, 128, 127, 2 * 128 * 128 + 1, 0]


def test_a_write_reaches_the_ranking_in_memory(index, tmp_path):
    reader = EmbeddedBackend(tmp_path / "search.db", index="broad")
    reader.broad_hits = reader.rank_hits = 0
    in_sql = EmbeddedBackend(tmp_path / "search.db", index="broad")
    in_sql.broad_hits = 10**9
    ranked = [SearchQuery(text="caravan camel"), SearchQuery(text="camel", sort="-date", size=5),
              SearchQuery(text="caravan", page=2, size=9)]
    try:
        before = [reader.search(q) for q in ranked]
        assert before == [in_sql.search(q) for q in ranked]
        longer = caravan(5)
        longer["description"] = {"en": ["A caravan " + "camel " * 9]}
        index.index([build_document(longer), build_document(caravan(1003))])
        index.delete(["bm-0"])
        after = [reader.search(q) for q in ranked]
        assert after == [in_sql.search(q) for q in ranked]
        assert [r.items for r in after] != [r.items for r in before]
    finally:
        reader.close()
        in_sql.close()
