"""Search through the API: what contributors write is found, bad parameters get a 400 naming
them, and an unavailable search backend costs only the search (503), never a write."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from exhibitions.models import OutboxEntry
from tests.exhibitions.conftest import VALID_OBJECT, add_museum, bearer, put


def test_a_published_object_is_found_at_once(client, nmc_token):
    record = put(client, nmc_token).get_json()
    result = client.get("/api/v1/search?q=jar").get_json()
    assert result["total"] == 1
    item = result["items"][0]
    assert item["id"] == record["id"]
    assert item["manifest"] == record["manifest"]
    assert [f["value"] for f in result["facets"]["museum"]] == ["nmc"]


def test_a_deleted_object_leaves_the_results(client, nmc_token):
    record = put(client, nmc_token).get_json()
    client.delete(f"/api/v1/objects/{record['id']}", headers=nmc_token)
    assert client.get("/api/v1/search?q=jar").get_json()["total"] == 0


def test_completions_for_the_search_box(client, nmc_token):
    put(client, nmc_token)
    suggestions = client.get("/api/v1/suggest?q=blu").get_json()["suggestions"]
    assert any(s.lower().startswith("blue") for s in suggestions)


@pytest.mark.parametrize("query, parameter", [
    ("size=101", "size"), ("size=0", "size"), ("page=0", "page"), ("date_from=abc", "date_from"),
    ("date_from=100&date_to=-100", "date_"), ("sort=popularity", "sort"), ("q=" + "x" * 600, "q"),
    # Only ASCII digits write a number: int() alone reads the Arabic-Indic and fullwidth ones, and "1_0".
    ("date_from=\u0661\u0660\u0660", "date_from"), ("date_to=-\uff11", "date_to"), ("page=\uff12", "page"),
    ("size=1_0", "size"), ("page=%2B2", "page"),
])
def test_out_of_range_parameters_are_400_naming_them(client, museums, query, parameter):
    answer = client.get(f"/api/v1/search?{query}")
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["errors"][0]["field"].startswith(parameter)


@pytest.mark.parametrize("path, parameter", [
    ("/api/v1/suggest?q=b&size=\uff15", "size"),
    ("/api/v1/museums/nmc/objects?page=\u0662", "page"),
    ("/api/v1/museums/nmc/objects?size=\u0661\u0660", "size"),
])
def test_paging_and_sizes_take_ascii_digits_only(client, museums, path, parameter):
    answer = client.get(path)
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == parameter


def test_the_export_streams_every_hit_as_csv_and_json_lines(client, nmc_token):
    for number in range(3):
        put(client, nmc_token, accession=f"X-{number}")
    csv_answer = client.get("/api/v1/search/export?q=jar&format=csv")
    assert csv_answer.mimetype == "text/csv"
    lines = csv_answer.get_data(as_text=True).strip().splitlines()
    assert lines[0].startswith("id,") and len(lines) == 4
    jsonl = client.get("/api/v1/search/export?q=jar&format=jsonl").get_data(as_text=True).strip().splitlines()
    assert len(jsonl) == 3
    assert json.loads(jsonl[0])["manifest"].startswith("http://museum.test/iiif/3/objects/")


def test_exported_text_never_runs_as_a_spreadsheet_formula_and_bce_years_stay_numbers(client, nmc_token):
    put(client, nmc_token, accession="=1+1", body={
        **VALID_OBJECT, "title": {"en": ['=HYPERLINK("http://evil.example","jar")']}, "materials": ["+cmd", "@sum"],
        "date": {"display": "-ish", "start": -300, "end": -200}})
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/search/export?format=csv").get_data(as_text=True))))
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == '\'=HYPERLINK("http://evil.example","jar")'
    assert (row["accession"], row["materials"], row["date"]) == ("'=1+1", "'+cmd; @sum", "'-ish")
    assert (row["date_start"], row["date_end"]) == ("-300", "-200")
    jsonl = json.loads(client.get("/api/v1/search/export?format=jsonl").get_data(as_text=True))
    assert jsonl["title"]["en"] == ['=HYPERLINK("http://evil.example","jar")']  # JSON is data, left as it is


def test_search_down_is_503_and_writes_still_succeed_and_wait_in_the_outbox(app_without_search):
    platform = app_without_search.extensions["caravanserai"]
    client = app_without_search.test_client()
    add_museum(platform, "nmc")
    token = bearer(platform, "contributor", "nmc")

    assert put(client, token).status_code == 201
    assert put(client, token, body={**VALID_OBJECT, "title": "Jar"}).status_code == 200
    answer = client.get("/api/v1/search?q=jar")
    assert answer.status_code == 503
    assert answer.mimetype == "application/problem+json"
    assert client.get("/readyz").status_code == 503
    assert client.get("/readyz").get_json()["checks"] == {"database": True, "search": False}
    with platform.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 2

    result = app_without_search.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 1 and "kept for later" in result.output


@pytest.mark.elasticsearch
def test_once_elasticsearch_answers_a_sync_makes_the_index_whole(app_without_search):
    """Writes made while the server was away reach it with the next sync, none lost."""
    import uuid

    from search.elastic import ElasticsearchBackend
    from tests.search.conftest import ELASTICSEARCH_URL, require_elasticsearch

    require_elasticsearch()
    platform = app_without_search.extensions["caravanserai"]
    client = app_without_search.test_client()
    add_museum(platform, "nmc")
    token = bearer(platform, "contributor", "nmc")
    for number in range(3):
        assert put(client, token, accession=f"W-{number}").status_code == 201

    # The server comes back (here: the platform's backend now reaches a live one).
    platform.search = ElasticsearchBackend(url=ELASTICSEARCH_URL, index=f"test-back-{uuid.uuid4().hex[:8]}")
    try:
        result = app_without_search.test_cli_runner().invoke(args=["search", "sync"])
        assert result.exit_code == 0, result.output
        assert "3 indexed" in result.output
        platform.search.refresh()
        assert client.get("/api/v1/search?q=jar").get_json()["total"] == 3
        with platform.db.sessions() as session:
            assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    finally:
        platform.search.drop_index()


def test_exports_keep_a_museums_own_image_urls_and_make_ours_absolute(client, platform, nmc_token):
    from exhibitions.models import ObjectImage

    record = put(client, nmc_token).get_json()
    with platform.db.transaction() as session:
        session.add(ObjectImage(object_id=record["id"], image_id="e" * 64, width=800, height=600, position=0,
                                service="https://images.nmc.example/iiif/3/jar", service_type="ImageService3"))
    put(client, nmc_token, body={**VALID_OBJECT, "object_type": "jar"})  # a change, so search takes the image
    row = json.loads(client.get("/api/v1/search/export?q=jar&format=jsonl").get_data(as_text=True))
    assert row["thumbnail"] == "https://images.nmc.example/iiif/3/jar/full/400,/0/default.jpg"
    assert row["manifest"] == f"http://museum.test/iiif/3/objects/{record['id']}/manifest"
    hit = client.get("/api/v1/search?q=jar").get_json()["items"][0]
    assert hit["thumbnail"] == row["thumbnail"]
