"""The search contract: the query every backend answers, its parser, and the result shape."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypedDict

from .geo import MAX_ZOOM, BBox, parse_bbox

MAX_SIZE = 100
DEFAULT_SIZE = 20
MAX_QUERY_LENGTH = 500
# Deep paging costs every backend more the deeper it goes (Elasticsearch refuses past its
# max_result_window of 10,000 hits); the export streams whole result sets instead.
MAX_WINDOW = 10_000
SORTS = ("relevance", "date", "-date", "title")
FILTERS = ("museum", "country", "object_type", "material")
FACETS = FILTERS + ("century",)
MAX_FILTER_VALUES = 50
# How many values a facet lists at most: enough for every member museum (about 166).
FACET_SIZE = 200
EARLIEST_CENTURY = -40
# The years an object's date may span (exhibitions.schemas takes them from here).
EARLIEST_YEAR, LATEST_YEAR = -10_000, 3_000


class SearchQueryError(ValueError):
    """A search parameter out of range; the API answers 400 naming the parameter."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class SearchQuery:
    """What a researcher asks: text, filters (OR within one, AND across), a date span, order, page.

    Years are integers, negative for BCE; the date span matches every object whose own span
    overlaps it. The box matches the objects whose place lies in it (objects without
    coordinates never do).
    """

    text: str = ""
    museum: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    object_type: tuple[str, ...] = ()
    material: tuple[str, ...] = ()
    date_from: int | None = None
    date_to: int | None = None
    bbox: BBox | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_SIZE
    language: str = "en"

    def __post_init__(self):
        if len(self.text) > MAX_QUERY_LENGTH:
            raise SearchQueryError("q", f"is longer than {MAX_QUERY_LENGTH} characters")
        if self.sort not in SORTS:
            raise SearchQueryError("sort", f"must be one of {', '.join(SORTS)}")
        if not 1 <= self.size <= MAX_SIZE:
            raise SearchQueryError("size", f"must be between 1 and {MAX_SIZE}")
        if self.page < 1:
            raise SearchQueryError("page", "must be 1 or more")
        if self.page * self.size > MAX_WINDOW:
            raise SearchQueryError(
                "page", f"times 'size' must stay within {MAX_WINDOW} results; use the export for more"
            )
        for name in ("date_from", "date_to"):
            year = getattr(self, name)
            if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
                raise SearchQueryError(name, f"must be a year from {EARLIEST_YEAR} to {LATEST_YEAR}")
        if self.date_from is not None and self.date_to is not None and self.date_from > self.date_to:
            raise SearchQueryError("date_to", "must not be before date_from")
        for name in FILTERS:
            if len(getattr(self, name)) > MAX_FILTER_VALUES:
                raise SearchQueryError(name, f"takes at most {MAX_FILTER_VALUES} values")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def filters(self) -> dict[str, tuple[str, ...]]:
        """The selected values of each filter that has any."""
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}


_INTEGER = re.compile(r"-?[0-9]+")


def ascii_integer(text: str) -> int:
    """The integer an optional minus and ASCII digits write; ValueError for anything else.

    int() alone also reads "２", "١٠", " 2", "+2" and "2_0", none of which a parameter's grammar
    allows (nor more digits than int() reads, which it refuses with ValueError too)."""
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"not an integer: {text[:40]!r}")
    return int(text)


def _integer(args: Mapping[str, Any], name: str, default: int | None) -> int | None:
    raw = _first(args, name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return ascii_integer(raw.strip())
    except ValueError:
        raise SearchQueryError(name, f"must be an integer, not {raw[:40]!r}") from None


def _first(args: Mapping[str, Any], name: str) -> str | None:
    values = _all(args, name)
    return values[0] if values else None


def _all(args: Mapping[str, Any], name: str) -> list[str]:
    # Most of the parameters a request could name it leaves out: asked first, as a MultiDict's
    # getlist answers a missing one through an exception (over half the parsing, measured).
    if name not in args:
        return []
    if hasattr(args, "getlist"):  # werkzeug MultiDict and the like
        return [str(v) for v in args.getlist(name)]
    value = args.get(name)
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _values(args: Mapping[str, Any], name: str) -> tuple[str, ...]:
    # Repeated parameters and comma-separated lists both select several values.
    seen: dict[str, None] = {}
    for raw in _all(args, name):
        for value in raw.split(","):
            value = value.strip()
            if value:
                seen[value] = None
    return tuple(seen)


def _bbox(args: Mapping[str, Any]) -> BBox | None:
    raw = _first(args, "bbox")
    if raw is None or raw.strip() == "":
        return None
    try:
        return parse_bbox(raw)
    except ValueError as error:
        raise SearchQueryError("bbox", str(error)) from None


# The advanced search form's fields, each written into the text as the query syntax reads it
# (search.syntax): the phrase quoted, each excluded word with a minus, a field as field:"value".
ADVANCED_FIELDS = ("phrase", "exclude", "creator", "culture", "place", "keyword", "accession")


def advanced_text(args: Mapping[str, Any]) -> str:
    """The advanced form's fields as query syntax ("" when none is filled)."""
    parts = []
    for name in ADVANCED_FIELDS:
        value = " ".join((_first(args, name) or "").replace('"', " ").split())
        if not value:
            continue
        if name == "phrase":
            parts.append(f'"{value}"')
        elif name == "exclude":
            parts += [f"-{word}" for word in value.split()]
        else:
            parts.append(f'{name}:"{value}"')
    return " ".join(parts)


def parse_search_args(args: Mapping[str, Any], language: str = "en") -> SearchQuery:
    """Build a SearchQuery from request arguments (a dict or a MultiDict); SearchQueryError if bad.
    The advanced form's fields (ADVANCED_FIELDS) add to the text `q`."""
    text = " ".join(part for part in ((_first(args, "q") or "").strip(), advanced_text(args)) if part)
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError("q", f"is longer than {MAX_QUERY_LENGTH} characters")
    sort = (_first(args, "sort") or "relevance").strip() or "relevance"
    return SearchQuery(
        text=text,
        museum=_values(args, "museum"),
        country=tuple(v.upper() for v in _values(args, "country")),
        object_type=_values(args, "object_type"),
        material=_values(args, "material"),
        date_from=_integer(args, "date_from", None),
        date_to=_integer(args, "date_to", None),
        bbox=_bbox(args),
        sort=sort,
        page=_integer(args, "page", 1),
        size=_integer(args, "size", DEFAULT_SIZE),
        language=(_first(args, "lang") or language).strip() or language,
    )


def parse_map_args(args: Mapping[str, Any], language: str = "en") -> tuple[SearchQuery, int]:
    """The query (every search filter, bbox among them) and the zoom of a map request."""
    zoom = _integer(args, "zoom", 0)
    if not 0 <= zoom <= MAX_ZOOM:
        raise SearchQueryError("zoom", f"must be from 0 to {MAX_ZOOM}")
    return parse_search_args(args, language), zoom


class FacetValue(TypedDict):
    """One value of a facet with its label and count, in the API's own shape: an answer lists
    hundreds of them, which it then carries as they are."""

    value: str
    label: str
    count: int


@dataclass
class SearchResult:
    """One page of hits, the total, and the facet counts (each ignoring its own selection)."""

    total: int
    page: int
    size: int
    items: list[dict] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The search response of the public API (DESIGN.md), site-relative URLs included."""
        return {
            "total": self.total,
            "page": self.page,
            "size": self.size,
            "items": self.items,
            "facets": {name: self.facets.get(name, []) for name in FACETS},
        }


@dataclass
class MapResult:
    """A map's answer: how many objects matched, their clusters (the counts add up to the total)
    and, when at most ``search.geo.MAP_OBJECTS`` matched, the objects themselves."""

    total: int
    clusters: list[dict] = field(default_factory=list)
    objects: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"total": self.total, "clusters": self.clusters, "objects": self.objects}


def ordinal(n: int) -> str:
    """1 -> "1st", 12 -> "12th", 23 -> "23rd"."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@lru_cache(maxsize=256)
def century_label(value: str) -> str:
    """ "-3" -> "3rd century BCE", "12" -> "12th century"; "-40" also covers all earlier."""
    number = int(value)
    label = f"{ordinal(abs(number))} century"
    if number < 0:
        label += " BCE"
        if number <= EARLIEST_CENTURY:
            label += " or earlier"
    return label


def century_of(year: int) -> int:
    """The century of a year: 1..100 -> 1, 101..200 -> 2, -1..-100 -> -1, -201..-300 -> -3.

    Year 0 does not exist in the historical calendar; it is read as 1 BCE.
    """
    if year >= 1:
        return (year - 1) // 100 + 1
    return -((max(-year, 1) - 1) // 100 + 1)


def centuries(start: int, end: int) -> list[str]:
    """The century buckets a date span touches, as strings ("-3", "1", ...).

    Centuries before the 40th BCE fold into "-40" ("40th century BCE or earlier"), so that
    a prehistoric span of a hundred millennia makes one bucket, not a thousand.
    """
    first = max(century_of(start), EARLIEST_CENTURY)
    last = max(century_of(end), EARLIEST_CENTURY)
    return [str(c) for c in range(first, last + 1) if c != 0]
