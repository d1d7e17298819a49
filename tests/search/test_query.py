"""Parsing search request arguments: what is accepted, and the 400s that name the parameter."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from search.query import (
    MAX_QUERY_LENGTH,
    FacetValue,
    SearchQuery,
    SearchQueryError,
    SearchResult,
    centuries,
    century_label,
    century_of,
    parse_search_args,
)


def test_defaults():
    query = parse_search_args({})
    assert query == SearchQuery(text="", sort="relevance", page=1, size=20, language="en")
    assert query.filters() == {}


def test_repeated_values_and_comma_lists_select_several():
    args = MultiDict([("museum", "nmc"), ("museum", "bm,hermitage"), ("material", "silk"), ("country", "cn")])
    query = parse_search_args(args)
    assert query.museum == ("nmc", "bm", "hermitage")
    assert query.material == ("silk",)
    assert query.country == ("CN",)
    assert query.filters() == {"museum": ("nmc", "bm", "hermitage"), "country": ("CN",), "material": ("silk",)}


def test_dates_sort_page_size_language():
    query = parse_search_args({"q": " camel ", "date_from": "-200", "date_to": "-100", "sort": "-date",
                               "page": "3", "size": "50", "lang": "zh"})
    assert (query.text, query.date_from, query.date_to, query.sort, query.page, query.size, query.language) == (
        "camel", -200, -100, "-date", 3, 50, "zh")
    assert query.offset == 100


@pytest.mark.parametrize(
    ("args", "parameter"),
    [
        ({"size": "101"}, "size"),
        ({"size": "0"}, "size"),
        ({"size": "ten"}, "size"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "200", "size": "100"}, "page"),  # beyond the 10,000-hit window
        ({"date_from": "200 BCE"}, "date_from"),
        ({"date_to": "x"}, "date_to"),
        ({"date_from": "100", "date_to": "-100"}, "date_to"),
        ({"sort": "newest"}, "sort"),
        ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, "q"),
        ({"museum": ",".join(f"m{i}" for i in range(51))}, "museum"),
    ],
)
def test_bad_parameters_are_refused_by_name(args, parameter):
    with pytest.raises(SearchQueryError) as caught:
        parse_search_args(args)
    assert caught.value.parameter == parameter
    assert caught.value.message


def test_a_query_of_the_maximum_length_is_accepted():
    assert parse_search_args({"q": "x" * MAX_QUERY_LENGTH}).text == "x" * MAX_QUERY_LENGTH


def test_centuries_of_years_bce_and_ce():
    assert [century_of(y) for y in (1, 100, 101, 2026, -1, -100, -101, -210, 0)] == [1, 1, 2, 21, -1, -1, -2, -3, -1]
    assert centuries(-210, -190) == ["-3", "-2"]
    assert centuries(-50, 50) == ["-1", "1"]
    assert centuries(-300_000, -9_000) == ["-40"]
    assert century_label("-3") == "3rd century BCE"
    assert century_label("21") == "21st century"
    assert century_label("12") == "12th century"
    assert century_label("-40") == "40th century BCE or earlier"


def test_result_serialises_to_the_public_shape():
    museums = [FacetValue(value="nmc", label="National Museum of China", count=1)]
    result = SearchResult(1, 1, 20, [{"id": "x"}], {"museum": museums})
    assert result.to_dict() == {
        "total": 1, "page": 1, "size": 20, "items": [{"id": "x"}],
        "facets": {"museum": [{"value": "nmc", "label": "National Museum of China", "count": 1}],
                   "country": [], "object_type": [], "material": [], "century": []},
    }
