"""Search for researchers (/api/v1/search, /suggest, /search/export, /map, /timeline) and what
they take away (exports, citations of a result set or of one object): the request is parsed
once into a SearchQuery and answered by whichever backend the settings chose."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from itertools import chain, islice

from flask import Blueprint, Response, request, stream_with_context

from exhibitions import vocabularies
from exhibitions.citations import DEFAULT_FORMAT, FORMATS, citations
from exhibitions.language import reader_language
from exhibitions.objects import contribution
from exhibitions.objects.records import object_record
from exhibitions.pages.public import rights_label
from exhibitions.paging import whole_number
from exhibitions.problems import Problem
from exhibitions.web import base_url, current_platform, db_session
from iiif import urls
from search import SearchQueryError, SearchUnavailable, parse_search_args
from search.export import Addresses, absolute_record, csv_lines, in_pieces, jsonl_lines
from search.query import parse_map_args
from search.timeline import parse_timeline_args

search_api = Blueprint("search_api", __name__, url_prefix="/api/v1")

MAX_SUGGESTIONS = 20
# A result set's citations cover its first hits: a reference list, not a catalogue.
MAX_CITED = 1000


def parsed_query(parse=parse_search_args):
    try:
        return vocabularies.parse_query(request.args, reader_language(), parse)
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
    vocabularies.label_facets(result["facets"], query.language)
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


def export_addresses(origin: str) -> Addresses:
    """The site's addresses for exported rows: absolute URLs, object pages, rights' names."""
    return Addresses(url=partial(absolute, origin), page=partial(urls.object_page, origin), rights_label=rights_label)


def hits(query) -> Iterator[dict]:
    """Every hit of the query as export rows. The backend's first answer is awaited before the
    rows are handed over, so that an outage is a 503 rather than a broken stream."""
    try:
        rows = current_platform().search.export(query)
        first = next(rows, None)
    except SearchUnavailable as error:
        raise unavailable(error) from None
    return iter(()) if first is None else chain([first], rows)


@search_api.get("/search/export")
def export():
    """The whole result set of a search (no paging) as CSV or JSON Lines, streamed: every public
    field of each object, text in the language `lang` asks (search.export)."""
    query = parsed_query()
    kind = request.args.get("format", "csv")
    if kind not in ("csv", "jsonl"):
        raise Problem(400, "'format' must be csv or jsonl.", errors=[{"field": "format", "message": "unknown"}])
    rows, addresses = hits(query), export_addresses(base_url())
    lines = csv_lines(rows, addresses, query.language) if kind == "csv" else jsonl_lines(rows, addresses)
    mimetype = "text/csv" if kind == "csv" else "application/x-ndjson"
    response = Response(stream_with_context(in_pieces(lines)), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="caravanserai-search.{kind}"'
    return response


def citation_format() -> str:
    kind = request.args.get("format", DEFAULT_FORMAT)
    if kind not in FORMATS:
        message = f"must be one of {', '.join(FORMATS)}"
        raise Problem(400, f"'format' {message}.", errors=[{"field": "format", "message": message}])
    return kind


def citation_response(records, kind: str, name: str, language: str) -> Response:
    text = citations(records, kind, base_url(), date.today(), language)
    response = Response(text, content_type=f"{FORMATS[kind].media_type}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{FORMATS[kind].extension}"'
    return response


@search_api.get("/objects/<object_id>/citation")
def object_citation(object_id: str):
    """The object's citation as CSL-JSON (default), BibTeX or RIS (`format`)."""
    kind = citation_format()
    record = object_record(contribution.get_object(db_session(), object_id), base_url())
    return citation_response([record], kind, f"caravanserai-{object_id}", reader_language())


@search_api.get("/search/citation")
def search_citation():
    """The citations of a search's first MAX_CITED hits, in one document of the asked format."""
    kind = citation_format()
    query = parsed_query()
    addresses = export_addresses(base_url())
    records = [absolute_record(row, addresses) for row in islice(hits(query), MAX_CITED)]
    return citation_response(records, kind, "caravanserai-search", query.language)
