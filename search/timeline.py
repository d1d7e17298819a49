"""Time buckets: how many objects' date spans overlap each millennium, century, decade or year.

The historical calendar has no year 0: 1 BCE (-1) is followed by 1 CE. Buckets follow it, so
that centuries are the ones historians name: ..., -200..-101 (2nd century BCE), -100..-1 (1st
century BCE), 1..100 (1st century), 101..200, ...; decades -10..-1, 1..10; millennia
-1000..-1, 1..1000. A year 0 in the data is read as 1 BCE (as ``search.query.century_of`` does).

Counting: on the gapless scale of ``year_number`` a bucket is a plain integer division. Each
backend counts, per bucket, the objects whose span starts in it and those whose span ends in
it (two histograms, no per-bucket query); an object overlaps bucket i when its span starts in
i or before and does not end before i, so the count of i is the starts up to i minus the ends
before i. That holds because every span starts before it ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from .query import SearchQuery, SearchQueryError, parse_search_args

INTERVALS = {"millennium": 1000, "century": 100, "decade": 10, "year": 1}
# Yearly buckets need a window of at most this many years: 2,001 buckets at most.
MAX_YEARLY_SPAN = 2000


def year_number(year: int) -> int:
    """The year on a scale without a gap: 1 CE is 0, 1 BCE (and a year 0) is -1, 2 BCE is -2."""
    return year - 1 if year >= 1 else min(year, -1)


def year_of(number: int) -> int:
    """The calendar year of a year_number."""
    return number + 1 if number >= 0 else number


def bucket_of(year: int, width: int) -> int:
    """The index of the bucket holding a year: 0 is the first bucket CE, -1 the last BCE."""
    return year_number(year) // width


class Bucket(TypedDict):
    start: int
    end: int
    count: int


@dataclass
class TimelineResult:
    """The buckets in order, each with the objects whose span overlaps it, and how many objects
    with a date matched (an object spanning three buckets counts once here, once in each)."""

    interval: str
    total: int
    buckets: list[Bucket] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"interval": self.interval, "buckets": self.buckets, "total": self.total}


def parse_timeline_args(args: Mapping[str, Any], language: str = "en") -> tuple[SearchQuery, str]:
    """The query (every search filter) and the interval of a timeline request; yearly buckets
    need date_from and date_to at most MAX_YEARLY_SPAN years apart."""
    interval = str(args.get("interval") or "century").strip()
    if interval not in INTERVALS:
        raise SearchQueryError("interval", f"must be one of {', '.join(INTERVALS)}")
    query = parse_search_args(args, language)
    if interval == "year":
        for name in ("date_from", "date_to"):
            if getattr(query, name) is None:
                raise SearchQueryError(name, "is needed with interval=year (a span of at most "
                                             f"{MAX_YEARLY_SPAN} years)")
        if query.date_to - query.date_from > MAX_YEARLY_SPAN:
            raise SearchQueryError("date_to", f"must be at most {MAX_YEARLY_SPAN} years after date_from "
                                              "with interval=year")
    return query, interval


def timeline(query: SearchQuery, interval: str, starts: Mapping[int, int], ends: Mapping[int, int]) -> TimelineResult:
    """The buckets from the backend's two histograms (objects per bucket index of their span's
    start, and of its end), from the first to the last bucket with objects, within the query's
    date span when it has one."""
    width = INTERVALS[interval]
    if not starts:
        return TimelineResult(interval, 0)
    first = bucket_of(query.date_from, width) if query.date_from is not None else min(starts)
    last = bucket_of(query.date_to, width) if query.date_to is not None else max(ends)
    begun = sum(count for index, count in starts.items() if index < first)
    ended = sum(count for index, count in ends.items() if index < first)
    buckets: list[Bucket] = []
    for index in range(first, last + 1):
        begun += starts.get(index, 0)
        buckets.append({"start": year_of(index * width), "end": year_of(index * width + width - 1),
                        "count": begun - ended})
        ended += ends.get(index, 0)
    return TimelineResult(interval, sum(starts.values()), buckets)
