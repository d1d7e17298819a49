"""The OpenAPI description is generated from the schemas that validate requests, and lists
every route of the JSON API."""

from __future__ import annotations

import re

from exhibitions.schemas import ObjectMetadata


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
