"""No request makes the platform fail: whatever the path, query, headers and body a client sends
to the JSON API and the IIIF routes, the answer is never a 5xx. Requests of every shape are
generated against the real app (real database, embedded search) with some real objects, an
exhibition and logins in it, so that they reach past the routing into the services."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.exhibitions.conftest import VALID_OBJECT, bearer, exhibition_document

# The routes, in families of about equal weight: each family gets its own run of examples.
FAMILIES = {
    "objects": ("/api/v1/museums", "/api/v1/objects", "/api/v1/media"),
    "exhibitions": ("/api/v1/exhibitions",),
    "search": ("/api/v1/search", "/api/v1/suggest", "/api/v1/map", "/api/v1/timeline", "/api/v1/openapi.json"),
    "trash and accounts": ("/api/v1/trash", "/api/v1/accounts", "/api/v1/tokens"),
    "iiif": ("/iiif/",),
}
# Left out: an IIIF import fetches the addresses in its body, and a generated one may be a host
# on the internet.
LEFT_OUT = ("/iiif-imports",)

# JSON of any shape, with the values that trouble parsers and databases: huge integers, NaN and
# infinities (Python's json writes them), NUL and lone surrogates (written as \u escapes).
scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-10**40, max_value=10**40)
           | st.floats() | st.text(max_size=30) | st.sampled_from(["\x00", "\ud800", "en", "nmc", "A-1", ""]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)
# What a header can carry at all (Latin-1 without line breaks; the client refuses anything else).
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=40)
# Path and query text: any Unicode a URL can carry (lone surrogates cannot be percent-encoded).
url_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)


def applicable(app, family: str) -> list[tuple[str, str]]:
    """(method, rule) of every route of the family."""
    return sorted((method, rule.rule) for rule in app.url_map.iter_rules()
                  if rule.rule.startswith(FAMILIES[family]) and not any(part in rule.rule for part in LEFT_OUT)
                  for method in rule.methods - {"HEAD", "OPTIONS"})


@pytest.fixture
def known(client, platform, nmc_token, curator, objects):
    """Real names to put in paths beside generated ones, and the logins a request may carry."""
    (first, image), _ = objects
    assert client.put("/api/v1/exhibitions/blue-and-white", json=exhibition_document(objects),
                      headers=curator).status_code == 201
    return {
        "values": ["nmc", "rundale", "A-1", first, image, "blue-and-white", "1", "2", "collection", "full", "max",
                   "0", "default", "jpg", "info.json"],
        "logins": [None, nmc_token["Authorization"], curator["Authorization"],
                   bearer(platform, "admin")["Authorization"], "Bearer not-a-token"],
    }


@st.composite
def requests(draw, routes, known):
    method, rule = draw(st.sampled_from(routes))
    # <slug>, <number:n> and the Image API's <quality>.<format> alike: a known name or any text.
    path = re.sub(r"<[^>]+>", lambda _: quote(draw(st.sampled_from(known["values"]) | url_text), safe=""), rule)
    headers = {}
    login = draw(st.sampled_from(known["logins"]) | header_text)
    if login is not None:
        headers["Authorization"] = login
    for name, usual in (("Content-Type", ["application/json", "application/merge-patch+json", "text/csv",
                                          "multipart/form-data", "application/x-www-form-urlencoded"]),
                        ("If-Match", ["*", '"2026-01-01T00:00:00Z"', "W/\"x\""])):
        value = draw(st.none() | st.sampled_from(usual) | header_text)
        if value is not None:
            headers[name] = value
    body = draw(st.none() | json_values | st.builds(lambda changes: {**VALID_OBJECT, **changes},
                                                    st.dictionaries(st.sampled_from(list(VALID_OBJECT)), json_values,
                                                                    max_size=2)))
    query = draw(st.dictionaries(st.sampled_from(["q", "page", "size", "museum", "lang", "date_from", "date_to",
                                                  "sort", "format", "view", "field"]) | url_text, url_text,
                                 max_size=3))
    return method, path, query, headers, body


@pytest.mark.parametrize("family", FAMILIES)
def test_no_request_gets_a_server_error(app, client, known, family):
    routes = applicable(app, family)
    assert routes

    @hypothesis_settings(max_examples=100, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(requests(routes, known))
    def no_server_error(request):
        method, path, query, headers, body = request
        data = None if body is None else json.dumps(body).encode()
        answer = client.open(path, method=method, query_string=query, headers=headers, data=data)
        assert answer.status_code < 500, (method, path, query, headers, data and data[:300],
                                          answer.get_data(as_text=True)[:500])

    no_server_error()
