"""Behind a proxy: with TRUSTED_PROXIES the public scheme and host make the links and IIIF ids;
without it the forwarded headers, which any client can send, change nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from exhibitions import create_app
from tests.exhibitions.conftest import add_museum

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "collections.example.org",
             "X-Forwarded-For": "203.0.113.9"}


@pytest.mark.parametrize(("proxies", "base"), [(1, "https://collections.example.org"), (0, "http://localhost")])
def test_forwarded_headers_count_only_from_trusted_proxies(app, settings, proxies, base):
    add_museum(app.extensions["caravanserai"], "nmc")
    behind = create_app(replace(settings, public_url="", trusted_proxies=proxies))
    try:
        museum = behind.test_client().get("/api/v1/museums/nmc", headers=FORWARDED).get_json()
        collection = behind.test_client().get("/iiif/3/collection", headers=FORWARDED).get_json()
    finally:
        behind.extensions["caravanserai"].db.engine.dispose()
    assert museum["collection"].startswith(f"{base}/iiif/3/museums/nmc/collection")
    assert collection["id"] == f"{base}/iiif/3/collection"
