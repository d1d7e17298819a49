"""The collections in space and time: /map (every object with a place, clustered, filtered like
the search) and /timeline (how many objects each period holds, a period narrowing the objects
and the map). Both work without JavaScript: the server lists what the scripts then draw."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for

from exhibitions import vocabularies
from exhibitions.language import reader_language, word
from exhibitions.objects.records import museum_record
from exhibitions.pages.guard import problem_page
from exhibitions.pages.public import _facets
from exhibitions.pages.queries import museums_with_counts
from exhibitions.problems import Problem
from exhibitions.web import base_url, current_platform, db_session
from search import SearchQueryError, SearchUnavailable
from search.geo import MAX_ZOOM
from search.query import EARLIEST_YEAR, LATEST_YEAR

explore = Blueprint("explore", __name__)
explore.register_error_handler(Problem, problem_page)

# The view a map opens on without one in its address: the Silk Road from Chang'an to the Danube.
SILK_ROAD_VIEW = (2.6, 38.0, 72.0)
# The parameters of a page's own state, not filters: left out of the links to other pages.
VIEW_PARAMETERS = ("view", "page", "size", "sort", "interval")
_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
_MAP_VIEW = re.compile(rf"({_NUMBER})/({_NUMBER})/({_NUMBER})")
_PERIOD = re.compile(r"(-?[0-9]{1,5})/(-?[0-9]{1,5})")
TIMELINE_RESULTS = 12


def parse_map_view(text: str | None) -> tuple[float, float, float] | None:
    """A map page's `view=zoom/lat/lon` (the state a shared link restores); None when absent;
    SearchQueryError naming `view` when malformed or out of range."""
    if not text:
        return None
    match = _MAP_VIEW.fullmatch(text.strip())
    if not match:
        raise SearchQueryError("view", "must be zoom/latitude/longitude, e.g. 4/39.65/66.97")
    zoom, lat, lon = (float(part) for part in match.groups())
    if not (0 <= zoom <= MAX_ZOOM and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise SearchQueryError("view", f"needs a zoom from 0 to {MAX_ZOOM}, a latitude from -90 to 90 "
                                       "and a longitude from -180 to 180")
    return zoom, lat, lon


def parse_period(text: str | None) -> tuple[int, int] | None:
    """A timeline's visible span `view=from/to` in years (negative BCE); None when absent."""
    if not text:
        return None
    match = _PERIOD.fullmatch(text.strip())
    first, last = (int(part) for part in match.groups()) if match else (1, 0)
    if not (match and EARLIEST_YEAR <= first <= last <= LATEST_YEAR):
        raise SearchQueryError("view", f"must be from/to years from {EARLIEST_YEAR} to {LATEST_YEAR}, "
                                       "the first not after the last, e.g. -500/1500")
    return first, last


def interval_for(first: int, last: int) -> str:
    """The buckets a span of years reads best in: about 5 to 50 bars, millennia to decades."""
    span = last - first + 1
    return "millennium" if span > 5000 else "century" if span > 500 else "decade"


def filter_pairs(**changes) -> list[tuple[str, str]]:
    """The page's filters (search words and facets) as query pairs, without its own view state,
    with changes applied (None removes a parameter)."""
    pairs = [(key, value) for key, value in request.args.items(multi=True)
             if key not in VIEW_PARAMETERS and key not in changes]
    return pairs + [(key, str(value)) for key, value in changes.items() if value is not None]


def link(endpoint: str, **changes) -> str:
    return url_for(endpoint) + "?" + urlencode(filter_pairs(**changes), safe="/,")


def _mapped_museums() -> list[dict]:
    base = base_url()
    return [museum_record(museum, base) for museum, _count in museums_with_counts(db_session())
            if museum.lat is not None and museum.lon is not None]


def _shown_facets(result, query) -> list[dict]:
    """The search page's facets but the centuries (the timeline and the date span stand for them)."""
    return [facet for facet in _facets(result, query) if facet["name"] != "century"] if result else []


@explore.get("/map")
def map_page():
    error, status, query, result, answer, view = None, 200, None, None, None, None
    try:
        query = vocabularies.parse_query(request.args, reader_language())
        view = parse_map_view(request.args.get("view"))
        backend = current_platform().search
        result = backend.search(replace(query, page=1, size=1))
        answer = backend.map(query, int(view[0]) if view else int(SILK_ROAD_VIEW[0]))
    except SearchQueryError as bad:
        error, status = word("search.bad", message=f"{bad.parameter} {bad.message}"), 400
    except SearchUnavailable:
        error, status = word("search.unavailable"), 503
    return render_template(
        "map.html", error=error, query=query, answer=answer, facets=_shown_facets(result, query),
        view=view or SILK_ROAD_VIEW, museums=_mapped_museums(),
        style_url=current_platform().settings.map_style_url,
        results_url=link("public.search", bbox=request.args.get("bbox")),
        search_url=lambda **changes: link("public.search", **changes)), status


@explore.get("/timeline")
def timeline_page():
    error, status, query, buckets, result, interval, period = None, 200, None, None, None, "century", None
    try:
        query = vocabularies.parse_query(request.args, reader_language())
        period = parse_period(request.args.get("view"))
        backend = current_platform().search
        # The bars show the visible span with every filter but the chosen period, which they choose.
        span = replace(query, date_from=period[0] if period else None, date_to=period[1] if period else None)
        interval = interval_for(*period) if period else "century"
        buckets = backend.timeline(span, interval)
        if not period and buckets.buckets and interval_for(buckets.buckets[0]["start"],
                                                           buckets.buckets[-1]["end"]) == "millennium":
            interval = "millennium"
            buckets = backend.timeline(span, interval)
        result = backend.search(replace(query, page=1, size=TIMELINE_RESULTS, sort="date"))
    except SearchQueryError as bad:
        error, status = word("search.bad", message=f"{bad.parameter} {bad.message}"), 400
    except SearchUnavailable:
        error, status = word("search.unavailable"), 503
    chosen = (query.date_from, query.date_to) if query and (query.date_from is not None
                                                            or query.date_to is not None) else None
    return render_template(
        "timeline.html", error=error, query=query, timeline=buckets, result=result, interval=interval,
        period=period, chosen=chosen, facets=_shown_facets(result, query),
        choose_url=lambda first, last: link("explore.timeline_page", date_from=first, date_to=last,
                                            view=request.args.get("view")),
        closer_url=lambda first, last: link("explore.timeline_page", view=f"{first}/{last}",
                                            date_from=request.args.get("date_from"),
                                            date_to=request.args.get("date_to")),
        search_url=link("public.search"), map_url=link("explore.map_page")), status
