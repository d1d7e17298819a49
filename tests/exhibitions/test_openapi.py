"""The OpenAPI description is generated from the schemas that validate requests, and lists
every route of the JSON API."""

from __future__ import annotations

import re

from exhibitions.schemas import ObjectMetadata
from search.query import EARLIEST_YEAR, LATEST_YEAR, MAX_SIZE, MAX_WINDOW


def test_the_description_uses_the_validating_schemas(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    described = document["components"]["schemas"]["ObjectMetadata"]
    assert described["required"] == ObjectMetadata.model_json_schema()["required"]
    assert set(described["properties"]) == set(ObjectMetadata.model_fields)


def test_every_api_route_is_described(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule.endswith("openapi.json"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        assert path in paths, f"{path} is served but not described"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], f"{method} {path} is served but not described"


def responses(document: dict, path: str, method: str) -> set[int]:
    return {int(code) for code in document["paths"][path][method]["responses"]}


def test_every_route_that_reads_json_documents_the_refusals_it_gives(client, admin_token, museums):
    """Each route with a JSON body is sent what json_body refuses; the answer must be one the
    description lists."""
    document = client.get("/api/v1/openapi.json").get_json()
    client.put("/api/v1/exhibitions/silk", json={"title": {"en": ["Silk"]}}, headers=admin_token)
    account = client.post("/api/v1/accounts", json={"email": "a@museum.example", "role": "curator"},
                          headers=admin_token).get_json()
    values = {"slug": "nmc", "accession": "A-1", "account_id": str(account["id"])}
    sent = {415: ("text/plain", "title=Jar"), 400: ("application/json", "[" * 100_000)}
    checked = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if "application/json" not in operation.get("requestBody", {}).get("content", {}):
                continue
            address = path.replace("{slug}", "silk" if path.startswith("/api/v1/exhibitions/") else "nmc")
            address = re.sub(r"\{([a-z_]+)\}", lambda name: values[name.group(1)], address)
            for status, (content_type, body) in sent.items():
                answer = client.open(address, method=method.upper(), data=body, content_type=content_type,
                                     headers=admin_token)
                assert answer.status_code == status, f"{method} {path}"
                assert status in responses(document, path, method), f"{method} {path} answers {status} undocumented"
            checked.append(f"{method} {path}")
    assert {"post /api/v1/museums", "post /api/v1/exhibitions", "put /api/v1/exhibitions/{slug}/schedule",
            "post /api/v1/museums/{slug}/iiif-imports", "post /api/v1/accounts",
            "patch /api/v1/accounts/{account_id}", "post /api/v1/tokens"} <= set(checked)


def test_the_limits_the_search_enforces_are_described(client):
    document = client.get("/api/v1/openapi.json").get_json()
    search = document["paths"]["/api/v1/search"]["get"]
    parameters = {parameter["name"]: parameter for parameter in search["parameters"]}
    for name in ("date_from", "date_to"):
        schema = parameters[name]["schema"]
        assert (schema["minimum"], schema["maximum"]) == (EARLIEST_YEAR, LATEST_YEAR)
        assert client.get(f"/api/v1/search?{name}={LATEST_YEAR + 1}").status_code == 400
    assert parameters["size"]["schema"]["maximum"] == MAX_SIZE
    assert f"{MAX_WINDOW:,}" in parameters["page"]["description"]
    assert client.get(f"/api/v1/search?size={MAX_SIZE}&page={MAX_WINDOW // MAX_SIZE + 1}").status_code == 400
    assert 400 in responses(document, "/api/v1/search", "get")
