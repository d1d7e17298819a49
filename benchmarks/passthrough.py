"""The thinnest Python API one could put in front of Elasticsearch, as a floor for benchmarks/search.py.

It answers `GET /api/v1/search` like our API does up to the request to Elasticsearch (the same
WSGI server, the same query parsing, the same request body), then hands Elasticsearch's bytes
back untouched: no Flask, no Elasticsearch client, no reading or shaping of the answer. What
it costs over asking Elasticsearch directly is what any Python web layer costs on the machine
at hand.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl

import orjson
import urllib3

from search.elastic import ElasticsearchBackend
from search.query import parse_search_args

_backend = ElasticsearchBackend(os.environ["ELASTICSEARCH_URL"], index=os.environ["ELASTICSEARCH_INDEX"])
_pool = urllib3.PoolManager(maxsize=8)
_HEADERS = {"Content-Type": "application/json"}


def app(environ, start_response):
    pairs = parse_qsl(environ.get("QUERY_STRING", ""))
    args = {name: [v for n, v in pairs if n == name] for name, _ in pairs}
    body = _backend.search_body(parse_search_args(args))
    if body is None:  # nothing searchable in the text: our API answers without asking either
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
        return [b"{}"]
    answer = _pool.request("POST", f"{_backend.url}/{_backend.alias}/_search", body=orjson.dumps(body),
                           headers=_HEADERS)
    start_response(f"{answer.status} {answer.reason}", [("Content-Type", "application/json"),
                                                        ("Content-Length", str(len(answer.data)))])
    return [answer.data]
