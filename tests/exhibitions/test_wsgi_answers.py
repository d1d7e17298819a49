"""How answers reach the WSGI server: a body in memory as one bytes object, a stream as a stream."""

from __future__ import annotations

import json

from werkzeug.test import EnvironBuilder

from tests.exhibitions.conftest import add_museum, put


def answer(app, path: str, method: str = "GET"):
    """The status, headers and iterable the app gives the WSGI server, as the server sees them."""
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=dict(headers))

    body = app(EnvironBuilder(path=path, method=method).get_environ(), start_response)
    return seen, body


def test_an_answer_in_memory_goes_to_the_server_in_one_piece(app, platform):
    add_museum(platform, "nmc")
    seen, body = answer(app, "/api/v1/museums")
    assert seen["status"].startswith("200")
    assert isinstance(body, list) and len(body) == 1
    assert int(seen["headers"]["Content-Length"]) == len(body[0])
    assert [museum["slug"] for museum in json.loads(body[0])["items"]] == ["nmc"]


def test_a_head_request_gets_headers_and_no_body(app, platform):
    add_museum(platform, "nmc")
    seen, body = answer(app, "/api/v1/museums", method="HEAD")
    assert seen["status"].startswith("200")
    assert b"".join(body) == b""


def test_an_export_still_streams(app, client, nmc_token):
    put(client, nmc_token, accession="JAR")
    seen, body = answer(app, "/api/v1/search/export?format=jsonl")
    assert seen["status"].startswith("200")
    assert not isinstance(body, list)
    rows = b"".join(body).splitlines()
    body.close()
    assert [json.loads(row)["accession"] for row in rows] == ["JAR"]
