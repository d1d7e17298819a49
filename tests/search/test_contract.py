"""The search contract, written once and held by every backend (embedded and Elasticsearch)."""

from __future__ import annotations

import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.documents import build_document
from search.indexing import reindex
from search.query import SearchQuery, parse_search_args
from tests.conftest import wait_until

from .conftest import load
from .records import collection, record, renamed, termed


def ids(result) -> list[str]:
    return [item["id"] for item in result.items]


def search(backend, **args):
    return backend.search(parse_search_args(args))


def facet(result, name) -> dict[str, int]:
    return {v["value"]: v["count"] for v in result.facets[name]}


def labels(result, name: str) -> dict[str, str]:
    return {v["value"]: v["label"] for v in result.facets[name]}


# Relevance and text


def test_a_title_match_ranks_above_a_description_match(loaded):
    result = search(loaded, q="palace")
    assert ids(result)[0] == "rpm-plate"  # "palace" in its title
    assert set(ids(result)) >= {"her-camel", "her-tile"}  # "palace" in their descriptions


def test_every_word_must_match_somewhere(loaded):
    assert ids(search(loaded, q="bronze sword")) == ["nmc-sword"]
    assert ids(search(loaded, q="bronze giraffe")) == []


def test_accents_and_case_do_not_matter(loaded):
    assert ids(search(loaded, q="Rundale")) == ["rpm-plate"]
    assert ids(search(loaded, q="RUNDĀLE")) == ["rpm-plate"]
    assert ids(search(loaded, q="rundālez")) == []  # folding is not fuzziness


def test_every_language_of_a_title_is_searched(loaded):
    assert ids(search(loaded, q="jar")) == ["nmc-jar"]
    assert "nmc-jar" in ids(search(loaded, q="青花瓷罐"))


def test_a_cjk_pair_ranks_objects_with_the_pair_above_those_with_one_character(loaded):
    result = search(loaded, q="青花")
    found = ids(result)
    assert found[0] == "nmc-jar"  # 青花 together
    # 青 and 花 apart (vase), or 青 alone (sword): found, but below the pair
    assert set(found[1:]) == {"nmc-vase", "nmc-sword"}


def test_museum_names_and_materials_are_searchable(loaded):
    assert set(ids(search(loaded, q="hermitage"))) == {"her-camel", "her-silk", "her-tile"}
    assert set(ids(search(loaded, q="ivory"))) == {"bm-box"}


@pytest.mark.parametrize("word", ["青铜", "бронза", "Бронза", "برنز", "برونز", "bronze", "BRONZE", "μπρούντζος",
                                  "bronz", "қола"])
def test_a_label_of_a_term_in_any_language_finds_the_objects_with_the_term(backend, word):
    load(backend, termed())
    assert set(ids(search(backend, q=word))) == {"t-mirror", "t-zun", "t-ewer"}


def test_terms_are_facet_values_and_filters_whatever_language_they_were_written_in(backend):
    load(backend, termed())
    result = search(backend)
    assert facet(result, "material") == {"bronze": 3, "gold": 1, "silver": 1, "meteoric iron": 1}
    assert facet(result, "object_type") == {"mirror": 1, "vessel": 1, "ewer": 1, "bowl": 1}
    assert set(ids(search(backend, material="bronze"))) == {"t-mirror", "t-zun", "t-ewer"}
    assert set(ids(search(backend, q="金"))) == {"t-ewer"}  # gold's Chinese label
    assert set(ids(search(backend, q="meteoric"))) == {"t-bowl"}  # free text stays searchable


def test_stop_words_alone_find_nothing_and_do_not_fail(loaded):
    assert search(loaded, q="the of and").total == 0


@pytest.mark.parametrize(
    "text",
    ['"', '"palace', "(", ")", "palace AND", "AND", "OR NOT", "*", "pal*", ":", "title:palace", "NEAR(a b)",
     "^", "-palace", "{title}: x", "a\\b", "[]", "palace)", "'", "+", "~2", "/regex/", "\x00", "🏺"],
)
def test_query_syntax_characters_are_searched_as_text(loaded, text):
    result = search(loaded, q=text)
    assert result.total >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_any_text_is_a_valid_query(loaded, text):
    result = loaded.search(SearchQuery(text=text))
    assert result.total == len(result.items) or result.total > len(result.items)


def test_highlight_marks_the_matched_words_in_the_original_text(loaded):
    item = search(loaded, q="rundale").items[0]
    assert item["highlight"]["title"] == "<em>Rundāle</em> Palace porcelain plate"
    tile = next(i for i in search(loaded, q="shirvanshahs").items if i["id"] == "her-tile")
    assert "<em>Shirvanshahs</em>" in tile["highlight"]["description"]


def test_highlight_of_a_cjk_pair(loaded):
    jar = search(loaded, q="青花").items[0]
    assert jar["highlight"]["title"] == "<em>青花</em>瓷罐"


def test_highlight_escapes_html(backend):
    load(backend, [record("x-1", {"en": ["<b>Bowl</b> & cup"]})])
    assert search(backend, q="bowl").items[0]["highlight"]["title"] == "&lt;b&gt;<em>Bowl</em>&lt;/b&gt; &amp; cup"


WORLD_SCRIPTS = [
    record("w-sanskrit", {"hi": ["संस्कृत पांडुलिपि का पृष्ठ"]}),
    record("w-bowl", {"fa": ["کاسهٔ نیشابور"]}),
    record("w-kana", {"ja": ["カタカナの茶碗とひらがなの箱"]}),
    record("w-road", {"de": ["Karte der Seidenstraße"]}),
    record("w-turkish", {"tr": ["Iğdır halısı"]}),
    record("w-dau", {"vi": ["Gốm Chu Đậu"]}),
]


@pytest.mark.parametrize(("typed", "found"), [
    ("पांडुलिपि", "w-sanskrit"), ("पीला", None),  # whole Devanagari words, no word from its consonants alone
    ("كاسه", "w-bowl"), ("نيشابور", "w-bowl"),  # typed with Arabic kaf and yeh
    ("seidenstrasse", "w-road"), ("igdir", "w-turkish"), ("chu dau", "w-dau"), ("ひらがな", "w-kana"),
])
def test_words_are_found_however_their_script_is_typed(backend, typed, found):
    load(backend, WORLD_SCRIPTS)
    assert ids(search(backend, q=typed)) == ([found] if found else [])


@pytest.mark.parametrize(("typed", "object_id", "marked"), [
    ("पांडुलिपि", "w-sanskrit", "संस्कृत <em>पांडुलिपि</em> का पृष्ठ"),
    ("كاسه", "w-bowl", "<em>کاسهٔ</em> نیشابور"),  # the hamza stays with its letter
    ("ひらがな", "w-kana", "カタカナの茶碗と<em>ひらがな</em>の箱"),
    ("seidenstrasse", "w-road", "Karte der <em>Seidenstraße</em>"),
])
def test_highlights_cover_whole_letters_in_every_script(backend, typed, object_id, marked):
    load(backend, WORLD_SCRIPTS)
    item = next(item for item in search(backend, q=typed).items if item["id"] == object_id)
    assert item["highlight"]["title"] == marked


# Filters and facets


def test_filters_are_or_within_a_facet_and_and_across_facets(loaded):
    assert set(ids(search(loaded, material=["silk", "gold"]))) == {"her-silk", "bm-coin"}
    assert set(ids(search(loaded, material=["bronze", "porcelain"], country="LV"))) == {"rpm-plate"}
    assert set(ids(search(loaded, museum="nmc,bm", object_type="vessel"))) == {"nmc-jar", "nmc-vase"}


def test_facet_counts_ignore_their_own_selection(loaded):
    result = search(loaded, country="CN")
    assert result.total == 4
    # The country facet still offers every country, counted as if none were chosen ...
    assert facet(result, "country") == {"CN": 4, "RU": 3, "GB": 2, "LV": 1}
    # ... while the other facets count within the chosen country.
    assert facet(result, "material") == {"bronze": 3, "porcelain": 1}
    assert facet(result, "museum") == {"nmc": 4}


def test_facet_counts_follow_the_text_and_other_facets(loaded):
    result = search(loaded, q="bronze", material="bronze", museum="nmc")
    assert facet(result, "material") == {"bronze": 3}
    assert facet(result, "museum") == {"nmc": 3}


def test_facet_values_carry_labels(loaded):
    result = search(loaded, lang="zh")
    museums = labels(result, "museum")
    assert museums["nmc"] == "中国国家博物馆"
    assert museums["bm"] == "British Museum"  # no Chinese name: English
    centuries = labels(result, "century")
    assert centuries["-3"] == "3rd century BCE"
    assert centuries["15"] == "15th century"
    assert [v["value"] for v in result.facets["century"]] == sorted(centuries, key=int)


def test_a_renamed_museum_is_labelled_anew_once_its_objects_are_reindexed(loaded):
    assert labels(search(loaded), "museum")["nmc"] == "National Museum of China"
    load(loaded, renamed(collection(), "nmc", {"en": ["National Museum of China, Beijing"]}))
    assert labels(search(loaded), "museum")["nmc"] == "National Museum of China, Beijing"


def test_facets_count_items_in_descending_order(loaded):
    counts = [v["count"] for v in search(loaded).facets["material"]]
    assert counts == sorted(counts, reverse=True)


def test_the_date_span_matches_objects_whose_span_overlaps_it(loaded):
    found = set(ids(search(loaded, date_from=-200, date_to=-100)))
    assert found == {"her-camel", "nmc-mirror"}  # -210..-190 and -206..220
    found = set(ids(search(loaded, date_from=0, date_to=100)))
    assert found == {"nmc-mirror"}  # not the camel: it ends at -190
    assert set(ids(search(loaded, date_to=-450))) == {"nmc-sword"}
    assert set(ids(search(loaded, date_from=1700))) == {"rpm-plate"}


def test_undated_objects_drop_out_of_a_date_filter(loaded):
    assert "bm-box" in ids(search(loaded, size=100))
    assert "bm-box" not in ids(search(loaded, date_from=-10000, date_to=3000))


# Order and pages


def test_sort_by_date_puts_bce_first_and_undated_last(loaded):
    found = ids(search(loaded, sort="date", size=20))
    assert found[:3] == ["nmc-sword", "her-camel", "nmc-mirror"]
    assert found[-1] == "bm-box"
    newest = ids(search(loaded, sort="-date", size=20))
    assert newest[0] == "rpm-plate"
    assert newest[-1] == "bm-box"


def test_sort_by_title(loaded):
    titles = [item["title"].get("en", [""])[0] for item in search(loaded, sort="title", size=20).items]
    assert titles[:3] == ["Bactrian camel figurine", "Blue-and-white jar", "Bronze flower vase"]


def test_pages_are_disjoint_and_cover_the_result(loaded):
    pages = [search(loaded, sort="title", size=3, page=p) for p in (1, 2, 3, 4, 5)]
    assert all(p.total == 10 for p in pages)
    seen = [i for p in pages for i in ids(p)]
    assert len(seen) == 10 and len(set(seen)) == 10
    assert ids(pages[4]) == []


def test_an_item_has_the_contract_fields(loaded):
    item = next(i for i in search(loaded, q="rundale").items)
    assert set(item) >= {"id", "title", "museum", "date", "thumbnail", "manifest", "highlight"}
    assert item["museum"]["slug"] == "rpm"
    assert item["date"] == {"display": "1740 to 1750", "start": 1740, "end": 1750}
    assert item["manifest"] == "/iiif/3/objects/rpm-plate/manifest"
    assert item["thumbnail"] == f"/iiif/3/{1:064x}/full/400,/0/default.jpg"


def test_the_response_has_the_contract_shape(loaded):
    body = search(loaded, q="bronze", size=2).to_dict()
    assert set(body) == {"total", "page", "size", "items", "facets"}
    assert (body["total"], body["page"], body["size"], len(body["items"])) == (3, 1, 2, 2)
    assert set(body["facets"]) == {"museum", "country", "object_type", "material", "century"}
    assert set(body["facets"]["museum"][0]) == {"value", "label", "count"}


# Completions


def test_suggest_completes_titles_from_any_word(loaded):
    assert "Rundāle Palace porcelain plate" in loaded.suggest("rund")
    assert "Rundāle Palace porcelain plate" in loaded.suggest("Rundāle Pal")
    assert "Bactrian camel figurine" in loaded.suggest("came")
    assert "青花瓷罐" in loaded.suggest("青花")
    assert loaded.suggest("zzz") == []
    assert loaded.suggest("  ") == []


def test_suggest_offers_creators_and_cultures(loaded):
    assert "Kushan mint" in loaded.suggest("kush")
    assert "Sogdian" in loaded.suggest("sogd")
    assert len(loaded.suggest("b", size=2)) <= 2


# Writes


def test_count_and_replace_by_id(loaded):
    assert loaded.count() == 10
    changed = record("bm-coin", {"en": ["Gold dinar of Kanishka"]}, "bm", materials=["gold"])
    load(loaded, [changed])
    assert loaded.count() == 10
    assert ids(search(loaded, q="dinar")) == ["bm-coin"]
    [item] = search(loaded, q="kanishka").items
    assert item["title"] == {"en": ["Gold dinar of Kanishka"]}


def test_delete_removes_objects_and_ignores_unknown_ids(loaded):
    loaded.delete(["her-camel", "no-such-object"])
    loaded.refresh()
    assert loaded.count() == 9
    assert ids(search(loaded, q="camel")) == []
    assert "Bactrian camel figurine" not in loaded.suggest("bact")


def test_health(loaded):
    assert loaded.health() is True


# Export


def test_export_streams_the_whole_result_in_order(loaded):
    loaded.export_page_size = 3  # several pages even for a small result
    rows = loaded.export(parse_search_args({"sort": "date"}))
    assert iter(rows) is rows  # a generator, not a list
    exported = list(rows)
    assert [r["id"] for r in exported] == ids(search(loaded, sort="date", size=100))
    assert exported[0]["museum"]["slug"] == "nmc" and exported[0]["materials"] == ["bronze"]


def test_export_applies_text_and_filters(loaded):
    loaded.export_page_size = 2
    rows = list(loaded.export(parse_search_args({"q": "bronze", "museum": "nmc"})))
    assert [r["id"] for r in rows] == ids(search(loaded, q="bronze", museum="nmc"))
    assert len(rows) == 3


# Rebuild


def test_reindex_swaps_in_a_new_index(loaded):
    records = collection()[:4]
    progress = []
    report = reindex(
        records, len(records), loaded, progress=lambda done, total: progress.append((done, total)), batch_size=2
    )
    assert (report.indexed, report.failed) == (4, 0)
    assert progress == [(2, 4), (4, 4)]
    assert loaded.count() == 4
    assert ids(search(loaded, q="camel")) == []


@pytest.mark.parametrize("format_name", ["TEXT_FORMAT", "DOCUMENT_FORMAT"])
def test_an_index_built_with_another_format_asks_to_be_rebuilt(loaded, monkeypatch, format_name):
    assert not loaded.needs_reindex()
    code = sys.modules[type(loaded).__module__]  # the backend's module, as the next release brings it
    monkeypatch.setattr(code, format_name, getattr(code, format_name) + 1)
    assert loaded.needs_reindex()
    records = collection()
    reindex(records, len(records), loaded)
    assert not loaded.needs_reindex()


def test_an_embedded_index_of_an_older_layout_asks_to_be_rebuilt(tmp_path, monkeypatch):
    from search import embedded

    older = embedded.EmbeddedBackend(tmp_path / "search.db")
    monkeypatch.setattr(embedded, "SCHEMA", embedded.SCHEMA - 1)
    load(older, collection())
    monkeypatch.undo()
    assert older.count() == 0  # this layout's tables are not there yet
    assert older.needs_reindex()
    reindex(collection(), len(collection()), older)
    assert not older.needs_reindex() and older.count() == len(collection())
    older.close()


def test_search_answers_throughout_a_reindex(loaded):
    """A reader searches without pause while the index is rebuilt twice; it never fails or finds nothing."""
    failures: list[str] = []
    answers = 0
    stop = threading.Event()

    def reader_searched_again(_done, _total):
        """After each batch the rebuild waits for one more answer, so searches fall between
        all its steps however the threads are scheduled."""
        before = answers
        wait_until(lambda: answers > before or bool(failures), 30, "the reader stopped answering")

    def reader():
        nonlocal answers
        while not stop.is_set():
            try:
                result = loaded.search(SearchQuery(text="bronze"))
                if result.total == 0:
                    failures.append("empty result")
                answers += 1
            except Exception as error:  # noqa: BLE001 - any failure is what this test looks for
                failures.append(repr(error))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(2):
            records = collection() + [
                record(f"extra-{i}", {"en": [f"Bronze bell {i}"]}, materials=["bronze"]) for i in range(300)
            ]
            reindex(records, len(records), loaded, progress=reader_searched_again, batch_size=50)
    finally:
        stop.set()
        thread.join()
    assert failures == []
    assert answers >= 14  # one after each of the 7 batches of either rebuild
    loaded.refresh()
    assert loaded.count() == 310


def test_writes_during_a_rebuild_reach_the_new_index(loaded):
    handle = loaded.begin_rebuild()
    loaded.index([build_document(r) for r in collection()], rebuild=handle)
    late = record("late-1", {"en": ["Late arrival lamp"]})
    loaded.index([build_document(late)])  # the outbox drain, while the rebuild runs
    loaded.delete(["bm-box"])
    loaded.finish_rebuild(handle)
    loaded.refresh()
    assert ids(search(loaded, q="lamp")) == ["late-1"]
    assert ids(search(loaded, q="inlaid")) == []


def modified(r: dict, moment: str) -> dict:
    return {**r, "modified": moment}


def test_an_older_state_never_replaces_a_newer_one(backend):
    newer = modified(record("x-1", {"en": ["Lacquer box"]}), "2026-11-24T22:00:05Z")
    older = modified(record("x-1", {"en": ["Wooden box"]}), "2026-11-24T22:00:00Z")
    load(backend, [newer])
    load(backend, [older])  # arrives late
    assert ids(search(backend, q="lacquer")) == ["x-1"]
    assert ids(search(backend, q="wooden")) == []
    same_moment = modified(record("x-1", {"en": ["Lacquered box"]}), "2026-11-24T22:00:05Z")
    load(backend, [same_moment])  # two edits within one second: the later write wins
    assert ids(search(backend, q="lacquered")) == ["x-1"]


def test_two_states_of_one_object_in_one_batch_leave_the_newer(backend):
    newer = build_document(modified(record("x-1", {"en": ["Lacquer box"]}), "2026-11-24T22:00:05Z"))
    older = build_document(modified(record("x-1", {"en": ["Wooden box"]}), "2026-11-24T22:00:00Z"))
    backend.index([newer, older])
    backend.refresh()
    assert ids(search(backend, q="lacquer")) == ["x-1"]
    assert ids(search(backend, q="wooden")) == []
    later = build_document(modified(record("x-1", {"en": ["Gilded box"]}), "2026-11-24T22:00:09Z"))
    backend.index([older, later, newer])
    backend.refresh()
    assert ids(search(backend, q="gilded")) == ["x-1"]
    assert backend.count() == 1


def test_a_rebuild_cannot_bring_back_what_was_deleted_while_it_ran(loaded):
    stale = [build_document(r) for r in collection()]  # read before the deletion below
    handle = loaded.begin_rebuild()
    loaded.delete(["her-camel"])  # the outbox drain, while the rebuild runs
    loaded.index(stale, rebuild=handle)
    loaded.finish_rebuild(handle)
    loaded.refresh()
    assert ids(search(loaded, q="camel")) == []
    assert loaded.count() == 9


def test_a_deleted_object_can_come_back(loaded):
    loaded.delete(["her-camel"])
    loaded.refresh()
    camel = next(r for r in collection() if r["id"] == "her-camel")
    load(loaded, [modified(camel, "2026-11-24T23:00:00Z")])
    assert ids(search(loaded, q="camel")) == ["her-camel"]


def test_an_aborted_rebuild_leaves_the_live_index(loaded):
    handle = loaded.begin_rebuild()
    loaded.index([build_document(record("x", {"en": ["Ghost"]}))], rebuild=handle)
    loaded.abort_rebuild(handle)
    assert loaded.count() == 10
    assert ids(search(loaded, q="ghost")) == []


# Places: the box filter, map clusters


PLACES = [
    record("p-rundale", {"en": ["Rundāle tureen"]}, "rpm", place={"name": "Rundāle", "lat": 56.41, "lon": 24.02}),
    record("p-xian", {"en": ["Xi'an roof tile"]}, "nmc", place={"name": "Xi'an", "lat": 34.26, "lon": 108.94}),
    record("p-samarkand", {"en": ["Samarkand bowl"]}, "hermitage",
           place={"name": "Samarkand", "lat": 39.65, "lon": 66.96}),
    record("p-edge", {"en": ["Bowl from a round place"]}, "hermitage",
           place={"name": "Somewhere", "lat": 40.0, "lon": 70.0}),
    record("p-fiji", {"en": ["Fijian bowl"]}, "bm", place={"name": "Suva", "lat": -18.14, "lon": 178.44}),
    record("p-samoa", {"en": ["Samoan bowl"]}, "bm", place={"name": "Apia", "lat": -13.83, "lon": -171.76}),
    record("p-nowhere", {"en": ["Bowl of no known place"]}, "bm", place={"name": "unknown"}),
    record("p-none", {"en": ["Bowl without a place"]}, "bm"),
]


@pytest.fixture
def places(backend):
    load(backend, PLACES)
    return backend


@pytest.mark.parametrize(("bbox", "found"), [
    ("60,30,80,45", {"p-samarkand", "p-edge"}),  # inside
    ("0,0,10,10", set()),  # nothing there
    ("70,40,75,45", {"p-edge"}),  # on the west and the south edges
    ("65,35,70,40", {"p-samarkand", "p-edge"}),  # on the east and the north edges
    ("70.000001,30,80,45", set()),  # just past the edge
    ("170,-25,-165,-10", {"p-fiji", "p-samoa"}),  # across the antimeridian
    ("175,-25,179,-10", {"p-fiji"}),
    ("-180,-90,180,90", {"p-rundale", "p-xian", "p-samarkand", "p-edge", "p-fiji", "p-samoa"}),  # the world
])
def test_the_box_finds_the_objects_placed_in_it(places, bbox, found):
    assert set(ids(search(places, bbox=bbox))) == found


def test_the_box_narrows_facets_text_and_exports_alike(places):
    result = search(places, bbox="170,-25,-165,-10", q="bowl")
    assert set(ids(result)) == {"p-fiji", "p-samoa"}
    assert facet(result, "museum") == {"bm": 2}
    exported = places.export(parse_search_args({"bbox": "60,30,80,45"}))
    assert {row["id"] for row in exported} == {"p-samarkand", "p-edge"}


def clusters_total(result) -> int:
    return sum(cluster["count"] for cluster in result.clusters)


def test_map_clusters_add_up_to_the_objects_with_a_place(places):
    result = places.map(parse_search_args({}), zoom=0)
    assert result.total == 6 == clusters_total(result)  # the objects without coordinates are not there
    assert {o["id"] for o in result.objects} == {"p-rundale", "p-xian", "p-samarkand", "p-edge", "p-fiji", "p-samoa"}
    samarkand = next(o for o in result.objects if o["id"] == "p-samarkand")
    assert samarkand["lat"] == 39.65 and samarkand["lon"] == 66.96
    assert samarkand["title"] == {"en": ["Samarkand bowl"]} and samarkand["museum"]["slug"] == "hermitage"


def test_near_places_share_a_cluster_until_the_map_zooms_in(places):
    query = parse_search_args({"bbox": "60,30,80,45"})
    together = places.map(query, zoom=0).clusters
    assert len(together) == 1
    cluster = together[0]
    assert cluster["count"] == 2
    assert cluster["bbox"] == pytest.approx([66.96, 39.65, 70.0, 40.0], abs=1e-6)
    assert cluster["lat"] == pytest.approx((39.65 + 40.0) / 2, abs=1e-6)
    assert cluster["lon"] == pytest.approx((66.96 + 70.0) / 2, abs=1e-6)
    apart = places.map(query, zoom=8).clusters
    assert sorted(c["count"] for c in apart) == [1, 1]


def test_map_clusters_follow_the_text_and_the_filters(places):
    result = places.map(parse_search_args({"q": "bowl", "museum": "bm"}), zoom=3)
    assert result.total == 2 == clusters_total(result)
    assert {o["id"] for o in result.objects} == {"p-fiji", "p-samoa"}
    assert places.map(parse_search_args({"q": "the"}), zoom=3).total == 0


def test_a_map_of_many_objects_lists_clusters_only(backend):
    from search.geo import MAP_OBJECTS

    many = [record(f"m-{i}", {"en": [f"Coin {i}"]}, "bm",
                   place={"name": "Merv", "lat": 37.66 + i / 10_000, "lon": 62.19 - i / 10_000})
            for i in range(MAP_OBJECTS + 1)]
    load(backend, many)
    result = backend.map(parse_search_args({}), zoom=20)
    assert result.total == MAP_OBJECTS + 1 == clusters_total(result)
    assert result.objects == []
    few = backend.map(parse_search_args({"bbox": "62.185,37.66,62.19,37.665"}), zoom=20)
    assert 0 < few.total == len(few.objects) < MAP_OBJECTS


# Time: buckets over date spans


TIMES = [
    record("t-camel", {"en": ["Camel"]}, "hermitage", date=(-210, -190)),
    record("t-cusp", {"en": ["Coin struck at the turn of the era"]}, "bm", date=(-100, 1)),
    record("t-zero", {"en": ["Seal of the year 0"]}, "bm", date=(0, 0)),  # read as 1 BCE
    record("t-edge", {"en": ["Bowl of the turn of the century"]}, "nmc", date=(100, 101)),
    record("t-undated", {"en": ["Undated bowl"]}, "nmc"),
]


def buckets(result) -> list[tuple[int, int, int]]:
    return [(b["start"], b["end"], b["count"]) for b in result.buckets]


def test_an_object_counts_in_every_century_its_span_overlaps(backend):
    load(backend, TIMES)
    result = backend.timeline(parse_search_args({}), "century")
    assert buckets(result) == [
        (-300, -201, 1), (-200, -101, 1), (-100, -1, 2), (1, 100, 2), (101, 200, 1),
    ]
    assert result.total == 4  # the undated object is on no timeline


def test_millennia_and_the_filters(backend):
    load(backend, TIMES)
    assert buckets(backend.timeline(parse_search_args({}), "millennium")) == [(-1000, -1, 3), (1, 1000, 2)]
    result = backend.timeline(parse_search_args({"museum": "bm", "q": "coin"}), "millennium")
    assert buckets(result) == [(-1000, -1, 1), (1, 1000, 1)] and result.total == 1


def test_buckets_stay_within_the_date_span_asked(backend):
    load(backend, TIMES)
    result = backend.timeline(parse_search_args({"date_from": -15, "date_to": 5}), "decade")
    assert buckets(result) == [(-20, -11, 1), (-10, -1, 2), (1, 10, 1)]
    years = backend.timeline(parse_search_args({"date_from": -2, "date_to": 2}), "year")
    assert buckets(years) == [(-2, -2, 1), (-1, -1, 2), (1, 1, 1), (2, 2, 0)]  # no year 0


def test_a_timeline_of_nothing_has_no_buckets(backend):
    load(backend, TIMES)
    result = backend.timeline(parse_search_args({"q": "giraffe"}), "century")
    assert (result.buckets, result.total) == ([], 0)


# Phrases, exclusions and fields in the text (search.syntax)

RESEARCH = [
    record("r-bw", {"en": ["Blue and white dish"]}, creator={"en": ["Li Bai"]}, culture={"en": ["Tang dynasty"]},
           place={"name": "Chang'an", "lat": 34.26, "lon": 108.94}, keywords=["export ware"]),
    record("r-wb", {"en": ["White and blue bowl"]}, culture={"en": ["Ming dynasty"]}),
    record("r-modern", {"en": ["Blue and white vase"]}, description={"en": ["A modern copy."]}),
    record("r-li", {"en": ["Poem scroll"]}, description={"en": ["After Li Bai, by a later hand, dynasty unknown."]},
           place={"name": "Luoyang"}),
]


@pytest.fixture
def research(backend):
    load(backend, RESEARCH)
    return backend


@pytest.mark.parametrize(("q", "found"), [
    ('"blue and white"', {"r-bw", "r-modern"}),
    ("blue white", {"r-bw", "r-wb", "r-modern"}),
    ('"blue and white" -modern', {"r-bw"}),
    ("-modern", {"r-bw", "r-wb", "r-li"}),
    ('-"li bai" -dynasty', {"r-modern"}),
    ('creator:"li bai"', {"r-bw"}),
    ('"li bai"', {"r-bw", "r-li"}),
    ("culture:tang", {"r-bw"}),
    ("Culture:dynasty -culture:ming", {"r-bw"}),
    ('place:"Chang\'an"', {"r-bw"}),
    ("place:luoyang", {"r-li"}),
    ("keyword:export", {"r-bw"}),
    ("keyword:dish", set()),
    ("accession:acc-r-li", {"r-li"}),
    ("accession:ACC-R-LI scroll", {"r-li"}),
    ("accession:acc-r", set()),
    ("-accession:ACC-r-li", {"r-bw", "r-wb", "r-modern"}),
    ("dish foo:bar", set()),
    ('"the"', set()),
])
def test_phrases_exclusions_and_fields_mean_the_same_on_every_backend(research, q, found):
    result = search(research, q=q, size=100)
    assert set(ids(result)) == found
    assert result.total == len(found)
    assert {row["id"] for row in research.export(parse_search_args({"q": q}))} == found


def in_languages(record_: dict, date_label: dict | None = None, **place) -> dict:
    """A record whose date and place carry their words by language, as the API answers them."""
    if date_label:
        record_["date"]["label"] = date_label
    record_["place"] = place
    return record_


PLACES_IN_LANGUAGES = [
    in_languages(record("l-tile", {"en": ["Roof tile"]}, date=(618, 907)),
                 {"en": ["Tang dynasty"], "zh": ["唐代"], "ru": ["Династия Тан"]}, name="Chang'an",
                 label={"en": ["Chang'an"], "zh": ["长安"], "ru": ["Чанъань"]}, lat=34.26, lon=108.94),
    in_languages(record("l-bowl", {"en": ["Bowl"]}), name="Luoyang", label={"none": ["Luoyang"]}),
]


@pytest.mark.parametrize("q", ["长安", "Чанъань", "чанъань", "chang'an", "place:长安", "place:Чанъань",
                               'place:"chang\'an"'])
def test_a_place_is_found_by_its_name_in_every_language(backend, q):
    load(backend, PLACES_IN_LANGUAGES)
    result = search(backend, q=q)
    assert ids(result) == ["l-tile"]
    # A hit's date carries its words by language, for result pages to pick the reader's.
    assert result.items[0]["date"]["label"] == {"en": ["Tang dynasty"], "zh": ["唐代"], "ru": ["Династия Тан"]}


def test_a_field_narrows_facets_and_counts_alike(research):
    result = search(research, q="-modern")
    assert sum(facet(result, "museum").values()) == 3


@pytest.mark.parametrize("q", ['"unbalanced quote', "-", "creator:", 'a"b', "NEAR(a b)", "x*", "^x", "a AND OR NOT",
                               '"', '-"', ":", "foo:bar", "-:x", 'place:"', "{title}:x", "accession:", "--x"])
def test_whatever_is_not_syntax_is_searched_as_text(research, q):
    search(research, q=q)  # answers, never raises


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from(['"', "-", ":", "creator:", "place:", "accession:", "blue", "li bai", "青花",
                                      "*", "(", ")", "NOT", " ", "^", "foo:"]), max_size=12).map("".join))
def test_any_mix_of_the_syntax_is_a_valid_query(research, text):
    result = research.search(SearchQuery(text=text))
    assert result.total >= len(result.items)
