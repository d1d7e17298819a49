"""The OpenAPI description of /api/v1, generated from the pydantic schemas that validate requests."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic.json_schema import models_json_schema

from exhibitions.json_input import MAX_DEPTH, MAX_DIGITS
from exhibitions.schemas import (
    SLUG,
    AccountCreate,
    AccountPatch,
    ExhibitionDocument,
    MuseumCreate,
    MuseumPatch,
    ObjectMetadata,
    TokenCreate,
)
from search.query import EARLIEST_YEAR, LATEST_YEAR, MAX_SIZE, MAX_WINDOW

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details; `errors` lists every field error of a validation.",
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "request_id": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "message": {"type": "string"}}}},
    },
}

PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]
PREFER = {"name": "Prefer", "in": "header", "description": "respond-async: answer at once with a job (RFC 7240)",
          "schema": {"type": "string"}}
IF_MATCH = {"name": "If-Match", "in": "header", "description": "the ETag of the version the change is based on, "
            "or * for any existing one",
            "schema": {"type": "string"}}
SEARCH_PARAMETERS = [
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 500}},
    *[{"name": name, "in": "query", "description": "repeat for OR; different filters AND",
       "schema": {"type": "array", "items": {"type": "string"}}, "explode": True}
      for name in ("museum", "country", "object_type", "material")],
    *[{"name": name, "in": "query", "description": "year, negative for BCE",
       "schema": {"type": "integer", "minimum": EARLIEST_YEAR, "maximum": LATEST_YEAR}}
      for name in ("date_from", "date_to")],
    {"name": "bbox", "in": "query", "description": "west,south,east,north in decimal degrees, edges included; "
     "a west greater than the east crosses the antimeridian; objects without coordinates never match",
     "schema": {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?(,-?[0-9]+(\.[0-9]+)?){3}$"},
     "example": "60,30,80,45"},
    {"name": "sort", "in": "query", "schema": {"enum": ["relevance", "date", "-date", "title"]}},
    {"name": "lang", "in": "query", "schema": {"type": "string"}},
    {"name": "page", "in": "query", "description": f"page x size stays within {MAX_WINDOW:,} hits: the export "
     "streams a whole result set", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": 20}},
]
# The map and the timeline take every filter of a search, but no order and no page.
FILTER_PARAMETERS = [parameter for parameter in SEARCH_PARAMETERS if parameter["name"] not in ("sort", "page", "size")]


# Who changes an exhibition and its draft (exhibitions.curation.studio).
TEAM = "the exhibition's team (every curator while it has none), editors, admins"


def _path_parameter(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


# What every route that reads a JSON body may answer besides its own problems (api.json_body).
JSON_BODY_PROBLEMS = {
    400: f"the body is not JSON, nests more than {MAX_DEPTH} levels deep or holds an integer of more than "
         f"{MAX_DIGITS} digits",
    415: "the body is not sent as application/json",
    422: "a text holds a NUL character or half of a surrogate pair, or the fields are not valid",
}


# Citations' formats and their media types (exhibitions.citations).
CITATION_FORMAT = {"name": "format", "in": "query", "schema": {"enum": ["csl-json", "bibtex", "ris"],
                                                               "default": "csl-json"},
                   "description": "csl-json: application/vnd.citationstyles.csl+json; bibtex: application/x-bibtex; "
                                  "ris: application/x-research-info-systems"}


def _operation(summary: str, *, who: str = "anyone", body: str | dict | None = None,
               multipart: list[str] | None = None, parameters: list[dict] | None = None, ok: int = 200,
               also: dict[int, str] | None = None, errors: tuple[int, ...] = ()) -> dict[str, Any]:
    """An operation; `body` names the schema of its JSON body (or is the schema itself)."""
    problems = {code: "problem" for code in errors} | (JSON_BODY_PROBLEMS if body else {})
    operation: dict[str, Any] = {"summary": summary, "description": f"Who: {who}.", "responses": {
        str(ok): {"description": "success"},
        **{str(code): {"description": description} for code, description in (also or {}).items()},
        **{str(code): {"description": description, "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
           for code, description in sorted(problems.items())},
    }}
    if who != "anyone":
        operation["security"] = [{"bearer": []}]
    if parameters:
        operation["parameters"] = parameters
    if body:
        schema = {"$ref": f"#/components/schemas/{body}"} if isinstance(body, str) else body
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    if multipart:
        operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": multipart[:1],
            "properties": {name: {"type": "string", "format": "binary"} for name in multipart}}}}}
    return operation


def _media_upload(summary: str, who: str, parameters: list[dict]) -> dict[str, Any]:
    """A media upload: the file, a WebVTT file per caption language, a label and a transcript."""
    operation = _operation(summary, who=who, multipart=["file"], parameters=parameters, ok=201,
                           errors=(401, 403, 404, 409, 413, 422))
    operation["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"].update({
        "captions.en": {"type": "string", "format": "binary",
                        "description": "WebVTT captions; one field per language: captions.zh, captions.ru, ..."},
        "label": {"type": "string", "description": "a language map in JSON, or plain text"},
        "transcript": {"type": "string", "description": "a language map in JSON, or plain text"},
    })
    return operation


def _paths() -> dict[str, dict[str, Any]]:
    slug, accession = _path_parameter("slug"), _path_parameter("accession")
    object_id = _path_parameter("object_id")
    number = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
    account_id, token_id = ({**number, "name": name} for name in ("account_id", "token_id"))
    return {
        "/api/v1/museums": {
            "get": _operation("Member museums"),
            "post": _operation("Add a member museum (a slug already taken: 409 naming `slug`)", who="admin",
                               body="MuseumCreate", ok=201, errors=(401, 403, 409, 422)),
        },
        "/api/v1/vocabularies": {
            "get": _operation("The controlled vocabularies (types, materials, techniques): name, size, the object "
                              "fields that take their terms, address; and the languages of their labels")},
        "/api/v1/vocabularies/{name}": {
            "get": _operation("A vocabulary's terms: `id`, `aat` (aat:NNNNNNNNN, null where none), `aat_uri`, "
                              "`label` (a language map with every interface language). Object metadata, forms "
                              "and imports take a term's id, AAT id or URI, or any label in any language; other "
                              "values stay free text with a warning, and an `aat:` or `term:` identifier that "
                              "names no term is a 422", parameters=[_path_parameter("name")], errors=(404,))},
        "/api/v1/museums/{slug}": {
            "get": _operation("One museum", parameters=[slug], errors=(404,)),
            "patch": _operation("Change a museum's profile: the fields sent replace theirs, null removes an "
                                "optional one (name and country stay, the slug cannot change)",
                                who="admin, or the museum's contributor", body="MuseumPatch", parameters=[slug],
                                errors=(401, 403, 404, 415, 422)),
        },
        "/api/v1/accounts": {
            "get": _operation("Accounts (logins for the pages), by email, paged: id, email, role, museum, disabled, "
                              "created", who="admin", parameters=PAGING, errors=(400, 401, 403)),
            "post": _operation("Add an account; it has no password until its first reset link sets one",
                               who="admin", body="AccountCreate", ok=201,
                               errors=(401, 403, 409, 422)),
        },
        "/api/v1/accounts/{account_id}": {
            "get": _operation("One account", who="admin", parameters=[account_id], errors=(401, 403, 404)),
            "patch": _operation("Change an account's role, museum, or disabled: disabling ends its sessions and "
                                "stops the tokens it made; an admin cannot disable their own account or give up "
                                "their own role", who="admin", body="AccountPatch", parameters=[account_id],
                                errors=(401, 403, 404, 422)),
        },
        "/api/v1/accounts/{account_id}/reset-link": {
            "post": _operation("A one-time link to set the account's password, valid for a day: {\"url\", "
                               "\"expires\", \"account\"}, shown in this answer only (only a hash of its token "
                               "is kept); the link answers 410 once used or expired", who="admin",
                               parameters=[account_id], ok=201, errors=(401, 403, 404)),
        },
        "/api/v1/tokens": {
            "get": _operation("API tokens, newest first, paged: id, name, role, museum, created, last_used "
                              "(written at most once a minute), created_by", who="admin", parameters=PAGING,
                              errors=(400, 401, 403)),
            "post": _operation("Make an API token; the answer's `token` is shown this once (only its hash is kept)",
                               who="admin", body="TokenCreate", ok=201, errors=(401, 403, 422)),
        },
        "/api/v1/tokens/{token_id}": {
            "delete": _operation("Revoke a token: its next request is a 401", who="admin",
                                 parameters=[token_id], ok=204, errors=(401, 403, 404)),
        },
        "/api/v1/museums/{slug}/profile-image": {
            "put": _operation("Set the museum's profile image (its page's banner, its IIIF collection's thumbnail)",
                              who="admin, or the museum's contributor", multipart=["file"], parameters=[slug],
                              errors=(401, 403, 404, 413, 422)),
            "delete": _operation("Remove the museum's profile image", who="admin, or the museum's contributor",
                                 parameters=[slug], ok=204, errors=(401, 403, 404)),
        },
        "/api/v1/museums/{slug}/objects": {
            "get": _operation("A museum's objects, paged", parameters=[slug, *PAGING], errors=(400, 404))},
        "/api/v1/museums/{slug}/objects/{accession}": {
            "get": _operation("An object by accession number", parameters=[slug, accession], errors=(404,)),
            "put": _operation("Create (201) or replace (200) an object's metadata; with If-Match (the ETag an "
                              "answer gave), only if nobody changed it since", who="the museum's contributor",
                              body="ObjectMetadata", parameters=[slug, accession, IF_MATCH], ok=201,
                              errors=(400, 401, 403, 404, 409, 412, 415, 422)),
        },
        "/api/v1/museums/{slug}/objects/{accession}/images": {
            "post": _operation("Add an image (the same file twice is one image)", who="the museum's contributor",
                               multipart=["file"], parameters=[slug, accession], ok=201,
                               errors=(401, 403, 404, 413, 422))},
        "/api/v1/museums/{slug}/objects/{accession}/media": {
            "post": _media_upload("Add audio or video to an object (201; the same file again replaces its texts, "
                                  "200)", "the museum's contributor", [slug, accession])},
        "/api/v1/exhibitions/{slug}/media": {
            "post": _media_upload("Add audio or video to an exhibition, for its media blocks", "a curator", [slug])},
        "/api/v1/media/{media_id}": {
            "get": _operation("A media file's record: kind, format, duration, size, url, poster, captions",
                              parameters=[_path_parameter("media_id")], errors=(404,)),
            "delete": _operation("Delete a media file (its file goes too)",
                                 who="the object's museum's contributor, or a curator for an exhibition's",
                                 parameters=[_path_parameter("media_id")], ok=204, errors=(401, 403, 404))},
        "/api/v1/museums/{slug}/imports": {
            "post": _operation("Bulk import of CSV or JSON Lines, images by name in a ZIP; a report per row "
                               "(200), or with `Prefer: respond-async` a queued job at once (202, Location)",
                               who="the museum's contributor", multipart=["file", "images"],
                               parameters=[slug, PREFER], also={202: "the job, queued"},
                               errors=(401, 403, 404, 413, 422)),
            "get": _operation("The museum's import jobs, newest first, without their reports",
                              who="the museum's contributor", parameters=[slug, *PAGING], errors=(400, 401, 403, 404)),
        },
        "/api/v1/museums/{slug}/imports/{job_id}": {
            "get": _operation("An import job: queued, running (rows done of total), finished (with the report) "
                              "or failed (with the reason)", who="the museum's contributor",
                              parameters=[slug, _path_parameter("job_id")], errors=(401, 403, 404))},
        "/api/v1/museums/{slug}/imports/{job_id}/cancel": {
            "post": _operation("Cancel an import job: a queued one at once, a running one after its current row "
                               "(status cancelling, then cancelled); the rows already imported stay",
                               who="the museum's contributor", parameters=[slug, _path_parameter("job_id")],
                               errors=(401, 403, 404, 409))},
        "/api/v1/museums/{slug}/iiif-imports": {
            "post": _operation("Import (201) or re-import (200) an object from a IIIF Presentation 2.1 or 3.0 "
                               "manifest; its images stay on the museum's image server",
                               who="the museum's contributor", parameters=[slug], ok=201,
                               errors=(401, 403, 404, 409, 413, 502, 504), body={
                                   "type": "object", "required": ["manifest"], "additionalProperties": False,
                                   "properties": {"manifest": {"type": "string", "format": "uri"},
                                                  "accession": {"type": "string"},
                                                  "rights": {"type": "string", "description": "wins over the "
                                                             "manifest's rights"},
                                                  "default_rights": {"type": "string", "description": "the rights "
                                                                     "when the manifest states none (else the "
                                                                     "museum's default_rights; else the object's "
                                                                     "rights are null: not stated)"}}})},
        "/api/v1/museums/{slug}/iiif-sources": {
            "get": _operation("The museum's IIIF sources, each with its number of manifests and its last harvest",
                              who="the museum's contributor", parameters=[slug], errors=(401, 403, 404)),
            "post": _operation("Register the museum's own IIIF collection (or a manifest), Presentation 2.1 or "
                               "3.0, and queue its first harvest: 202 with the job (Location), whose report "
                               "says per manifest created, updated, unchanged, failed (with the reason) or "
                               "withdrawn", who="the museum's contributor", parameters=[slug], ok=202,
                               errors=(401, 403, 404, 409), body={
                                   "type": "object", "required": ["url"], "additionalProperties": False,
                                   "properties": {"url": {"type": "string", "format": "uri"},
                                                  "default_rights": {"type": "string", "description": "the "
                                                                     "rights of manifests that state none"}}})},
        "/api/v1/museums/{slug}/iiif-sources/{source_id}/harvest": {
            "post": _operation("Harvest the source again, asking each server only for what changed (ETag, "
                               "Last-Modified); objects of manifests the source no longer lists go to the trash",
                               who="the museum's contributor", parameters=[slug, _path_parameter("source_id")],
                               ok=202, errors=(401, 403, 404, 409))},
        "/api/v1/objects/{object_id}": {
            "get": _operation("One object", parameters=[object_id], errors=(404,)),
            "delete": _operation("Move an object to its museum's trash, its images no longer served (with "
                                 "If-Match, only if unchanged since)", who="its museum's contributor",
                                 parameters=[object_id, IF_MATCH], ok=204, errors=(400, 401, 403, 404, 409, 412)),
        },
        "/api/v1/objects/{object_id}/versions": {
            "get": _operation("The object's earlier metadata, the latest replaced first, paged: kept whenever a "
                              "save or an import row changed it", who="its museum's contributor",
                              parameters=[object_id, *PAGING], errors=(400, 401, 403, 404))},
        "/api/v1/objects/{object_id}/versions/{number}": {
            "get": _operation("One earlier version, with its metadata", who="its museum's contributor",
                              parameters=[object_id, number], errors=(401, 403, 404))},
        "/api/v1/objects/{object_id}/versions/{number}/restore": {
            "post": _operation("Make an earlier version's metadata current again (the metadata it replaces is "
                               "kept as a version in turn); with If-Match, only if unchanged since",
                               who="its museum's contributor", parameters=[object_id, number, IF_MATCH],
                               errors=(400, 401, 403, 404, 412))},
        "/api/v1/trash/objects": {
            "get": _operation("Objects in the trash, the latest deleted first, paged: a contributor's own museum's, "
                              "or an admin's choice (`museum`) or all", who="contributor or admin",
                              parameters=[{"name": "museum", "in": "query", "schema": {"type": "string"}}, *PAGING],
                              errors=(400, 401, 403, 404))},
        "/api/v1/trash/objects/{object_id}": {
            "get": _operation("An object in the trash, with its metadata", who="its museum's contributor",
                              parameters=[object_id], errors=(401, 403, 404)),
            "delete": _operation("Delete an object in the trash for good; image files no other object has go too",
                                 who="its museum's contributor", parameters=[object_id], ok=204,
                                 errors=(401, 403, 404))},
        "/api/v1/trash/objects/{object_id}/restore": {
            "post": _operation("Restore an object from the trash, under the same id and with its images",
                               who="its museum's contributor", parameters=[object_id], errors=(401, 403, 404, 409))},
        "/api/v1/search": {"get": _operation("Search every museum", parameters=SEARCH_PARAMETERS,
                                             errors=(400, 503))},
        "/api/v1/search/export": {"get": _operation(
            "The whole result set as CSV or JSON Lines, streamed: every public field (JSON Lines: the object's "
            "own shape; CSV: one column per field, text in the language lang asks with the language used "
            "beside it, see the README)", errors=(400, 503),
            parameters=[*SEARCH_PARAMETERS[:-2], {"name": "format", "in": "query",
                                                  "schema": {"enum": ["csv", "jsonl"]}}])},
        "/api/v1/search/citation": {"get": _operation(
            "Citations of the first 1,000 hits as CSL-JSON, BibTeX or RIS", errors=(400, 503),
            parameters=[*SEARCH_PARAMETERS[:-2], CITATION_FORMAT])},
        "/api/v1/objects/{object_id}/citation": {"get": _operation(
            "The object's citation as CSL-JSON, BibTeX or RIS", errors=(400, 404),
            parameters=[object_id, CITATION_FORMAT])},
        "/api/v1/map": {"get": _operation(
            "Clusters of the matching objects with a place, for a map: {total, clusters: [{lat, lon, count, "
            "bbox}], objects: [{id, title, thumbnail, lat, lon, museum}]}. A cluster is a cell of the "
            "web-mercator tile grid at precision zoom + 2 (coarser when the box would hold more than 4,096 "
            "cells); its lat and lon are the centroid of its objects, its bbox their bounds; the clusters' "
            "counts add up to the total. The objects are listed when at most 200 match, else none",
            errors=(400, 503), parameters=[*FILTER_PARAMETERS, {
                "name": "zoom", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 20,
                                                          "default": 0}}])},
        "/api/v1/timeline": {"get": _operation(
            "How many matching objects each bucket of time holds: {interval, buckets: [{start, end, count}], "
            "total}. An object counts in every bucket its date span overlaps; there is no year 0 (centuries "
            "... -200..-101, -100..-1, 1..100, 101..200 ...; a year 0 counts as 1 BCE). Buckets run from the "
            "first to the last with objects, within date_from and date_to when given; total counts the "
            "matching objects with a date. interval=year needs date_from and date_to at most 2,000 years apart",
            errors=(400, 503), parameters=[*FILTER_PARAMETERS, {
                "name": "interval", "in": "query",
                "schema": {"enum": ["millennium", "century", "decade", "year"], "default": "century"}}])},
        "/api/v1/suggest": {"get": _operation("Completions for the search box", errors=(400, 503), parameters=[
            {"name": "q", "in": "query", "schema": {"type": "string"}},
            {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 20}}])},
        "/api/v1/exhibitions": {
            "get": _operation("Exhibitions (curators also see drafts)", parameters=PAGING, errors=(400,)),
            "post": _operation("Create an exhibition (the body holds its slug)", who="curator",
                               body="ExhibitionDocument", ok=201, errors=(401, 403, 409, 422)),
        },
        "/api/v1/exhibitions/{slug}": {
            "get": _operation("One exhibition (a draft only for curators)", parameters=[slug], errors=(404,)),
            "put": _operation("Create (201) or replace (200) the whole exhibition; with If-Match, only if the "
                              "exhibition is still at that version (its ETag); 409 while it has a draft (publish "
                              "or discard it first); with REVIEW_REQUIRED, 403 for curators on a published one",
                              who="curator (to replace one: its team)",
                              body="ExhibitionDocument", parameters=[slug, IF_MATCH],
                              errors=(400, 401, 403, 409, 412, 422)),
            "patch": _operation("Change the slug ({\"slug\": \"new-slug\"}) until the exhibition is first "
                                "published: 409 once it has been, or if the slug is taken (also by one in the "
                                "trash); 422 if malformed or reserved", who=TEAM, parameters=[slug],
                                errors=(400, 401, 403, 404, 409, 422), body={
                                    "type": "object", "required": ["slug"],
                                    "properties": {"slug": {"type": "string", "pattern": SLUG}}}),
            "delete": _operation("Move an exhibition to the trash (a published one is withdrawn)", who=TEAM,
                                 parameters=[slug], ok=204, errors=(401, 403, 404)),
        },
        "/api/v1/exhibitions/{slug}/versions": {
            "get": _operation("The exhibition's versions, newest first: one per save that changed it", who="curator",
                              parameters=[slug, *PAGING], errors=(400, 401, 403, 404))},
        "/api/v1/exhibitions/{slug}/versions/{number}": {
            "get": _operation("One version, with its whole document", who="curator",
                              parameters=[slug, number], errors=(401, 403, 404))},
        "/api/v1/exhibitions/{slug}/versions/{number}/restore": {
            "post": _operation("Make a version current again, as a new version (checked like a save; 409 while "
                               "there is a draft)", who=TEAM, parameters=[slug, number, IF_MATCH],
                               errors=(400, 401, 403, 404, 409, 412, 422))},
        "/api/v1/exhibitions/{slug}/schedule": {
            "put": _operation("Publish the draft at a time ahead ({\"publish_at\": ISO 8601 with offset}); with "
                              "REVIEW_REQUIRED, 403 for curators", who=TEAM, parameters=[slug],
                              errors=(401, 403, 404, 409, 422), body={
                                  "type": "object", "required": ["publish_at"],
                                  "properties": {"publish_at": {"type": "string", "format": "date-time"}}}),
            "delete": _operation("Cancel the scheduled publication", who=TEAM, parameters=[slug],
                                 errors=(401, 403, 404)),
        },
        "/api/v1/trash/exhibitions": {
            "get": _operation("Exhibitions in the trash, the latest deleted first, paged", who="curator",
                              parameters=PAGING, errors=(400, 401, 403))},
        "/api/v1/trash/exhibitions/{slug}/restore": {
            "post": _operation("Restore an exhibition from the trash, as a draft with its history", who=TEAM,
                               parameters=[slug], errors=(401, 403, 404))},
        "/api/v1/trash/exhibitions/{slug}": {
            "delete": _operation("Delete an exhibition in the trash for good, with its versions", who=TEAM,
                                 parameters=[slug], ok=204, errors=(401, 403, 404))},
        "/api/v1/exhibitions/{slug}/publish": {
            "post": _operation("Publish changes: the draft, if there is one, goes live as a new version (and the "
                               "exhibition is made public); with REVIEW_REQUIRED, 403 for curators", who=TEAM,
                               parameters=[slug], errors=(401, 403, 404, 409, 422))},
        "/api/v1/exhibitions/{slug}/unpublish": {
            "post": _operation("Withdraw from the public", who=TEAM, parameters=[slug], errors=(401, 403, 404))},
        "/api/v1/exhibitions/{slug}/draft": {
            "get": _operation("The working draft (the live document while there is none: `exists` false); its "
                              "ETag is its `draft_version`", who=TEAM, parameters=[slug], errors=(401, 403, 404)),
            "put": _operation("Replace the draft whole, checked as any save; the live exhibition does not change. "
                              "With If-Match, only if the draft is still at that draft_version (412 otherwise)",
                              who=TEAM, body="ExhibitionDocument", parameters=[slug, IF_MATCH],
                              errors=(400, 401, 403, 404, 409, 412, 422)),
            "delete": _operation("Discard the draft (a review in progress ends)", who=TEAM, ok=204,
                                 parameters=[slug, IF_MATCH], errors=(400, 401, 403, 404, 412)),
        },
        "/api/v1/exhibitions/{slug}/team": {
            "get": _operation("The team: `creator`, invited `members`, `open` (no team: every curator)", who=TEAM,
                              parameters=[slug], errors=(401, 403, 404)),
            "put": _operation("Replace the invited curators: curators' account emails or API token names",
                              who=TEAM, parameters=[slug], errors=(401, 403, 404, 422), body={
                                  "type": "object", "required": ["members"], "properties": {"members": {
                                      "type": "array", "maxItems": 50, "items": {"type": "string"}}}}),
        },
        "/api/v1/exhibitions/{slug}/submit": {
            "post": _operation("Submit the draft for review (422: empty, or nothing changed since live; 409: "
                               "submitted already)", who=TEAM, parameters=[slug], errors=(401, 403, 404, 409, 422))},
        "/api/v1/exhibitions/{slug}/approve": {
            "post": _operation("Approve the submitted draft: published now, or at `publish_at` if sent (409: not "
                               "submitted; with If-Match, 412 once the draft changed)", who="editor, admin",
                               parameters=[slug, IF_MATCH], errors=(400, 401, 403, 404, 409, 412, 422), body={
                                   "type": "object", "properties": {
                                       "publish_at": {"type": "string", "format": "date-time"}}})},
        "/api/v1/exhibitions/{slug}/return": {
            "post": _operation("Return the submitted draft to its team with a comment (409: not submitted)",
                               who="editor, admin", parameters=[slug], errors=(401, 403, 404, 409, 422), body={
                                   "type": "object", "required": ["comment"], "properties": {
                                       "comment": {"type": "string", "maxLength": 5000}}})},
        "/api/v1/exhibitions/{slug}/reviews": {
            "get": _operation("The review's steps, newest first: action, state, comment, by, at", who=TEAM,
                              parameters=[slug, *PAGING], errors=(400, 401, 403, 404))},
    }


@cache
def openapi_document() -> dict[str, Any]:
    _, schemas = models_json_schema(
        [(model, "validation") for model in (ObjectMetadata, MuseumCreate, MuseumPatch, ExhibitionDocument,
                                             AccountCreate, AccountPatch, TokenCreate)],
        ref_template="#/components/schemas/{model}")
    return {
        "openapi": "3.1.0",
        "info": {"title": "Caravanserai API", "version": "1",
                 "description": "Objects, museums, exhibitions and search of the Silk Road museums alliance."},
        "paths": _paths(),
        "components": {
            "schemas": {**schemas["$defs"], "Problem": PROBLEM},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
