"""Search for researchers (/api/v1/search, /suggest, /search/export, /map, /timeline): the
request is parsed once into a SearchQuery and answered by whichever backend the settings chose."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, Response, request, stream_with_context

from exhibitions.language import reader_language
from exhibitions.paging import whole_number
from exhibitions.platform import base_url, current_platform
from exhibitions.problems import Problem
from search import SearchQueryError, SearchUnavailable, parse_search_args
from search.export import csv_lines, in_pieces, jsonl_lines
from search.query import parse_map_args
from search.timeline import parse_timeline_args

search_api = Blueprint("search_api", __name__, url_prefix="/api/v1")

MAX_SUGGESTIONS = 20


def parsed_query(parse=parse_search_args):
    try:
        return parse(request.args, language=reader_language())
    except SearchQueryError as error:
        raise Problem(400, f"'{error.parameter}' {error.message}.",
                      errors=[{"field": error.parameter, "message": error.message}]) from None


def unavailable(error: SearchUnavailable) -> Problem:
    return Problem(503, "Search is unavailable for a moment; please try again shortly.",
                   headers={"Retry-After": "30"})


def absolute(origin: str, path: str | None) -> str | None:
    """Site-relative URLs of the index made absolute; a museum's own image server's stay as they are."""
    return f"{origin}{path}" if path and path.startswith("/") else path


@search_api.get("/search")
def search():
    query = parsed_query()
    try:
        result = current_platform().search.search(query).to_dict()
    except SearchUnavailable as error:
        raise unavailable(error) from None
    origin = base_url()
    for item in result["items"]:
        item["thumbnail"] = absolute(origin, item.get("thumbnail"))
        item["manifest"] = absolute(origin, item.get("manifest"))
    return result


@search_api.get("/map")
def map_clusters():
    """Clusters of the matching objects with a place, and the objects once few (search.geo)."""
    query, zoom = parsed_query(parse_map_args)
    try:
        result = current_platform().search.map(query, zoom).to_dict()
    except SearchUnavailable as error:
        raise unavailable(error) from None
    origin = base_url()
    for item in result["objects"]:
        item["thumbnail"] = absolute(origin, item.get("thumbnail"))
    return result


@search_api.get("/timeline")
def timeline():
    """How many matching objects each bucket of time holds (search.timeline)."""
    query, interval = parsed_query(parse_timeline_args)
    try:
        return current_platform().search.timeline(query, interval).to_dict()
    except SearchUnavailable as error:
        raise unavailable(error) from None


@search_api.get("/suggest")
def suggest():
    prefix = request.args.get("q", "").strip()
    if len(prefix) > 100:
        raise Problem(400, "'q' is longer than 100 characters.", errors=[{"field": "q", "message": "is too long"}])
    size = whole_number("size", 10, 1, MAX_SUGGESTIONS)
    if not prefix:
        return {"q": prefix, "suggestions": []}
    try:
        return {"q": prefix, "suggestions": current_platform().search.suggest(prefix, size)}
    except SearchUnavailable as error:
        raise unavailable(error) from None


@search_api.get("/search/export")
def export():
    """The whole result set of a search (no paging) as CSV or JSON Lines, streamed."""
    query = parsed_query()
    kind = request.args.get("format", "csv")
    if kind not in ("csv", "jsonl"):
        raise Problem(400, "'format' must be csv or jsonl.", errors=[{"field": "format", "message": "unknown"}])
    backend = current_platform().search
    try:
        rows = backend.export(query)
        first = next(rows, None)
    except SearchUnavailable as error:
        raise unavailable(error) from None
    origin = base_url()

    def everything():
        if first is not None:
            yield first
            yield from rows

    url = partial(absolute, origin)
    lines = csv_lines(everything(), url, query.language) if kind == "csv" else jsonl_lines(everything(), url)
    mimetype = "text/csv" if kind == "csv" else "application/x-ndjson"
    response = Response(stream_with_context(in_pieces(lines)), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="caravanserai-search.{kind}"'
    return response
