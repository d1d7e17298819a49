"""Input built to tie up a worker (a CSV header of a million columns, a cell of megabytes, JSON
nested a hundred thousand levels deep, a number of thousands of digits) is answered at once
with a 4xx naming the limit, and nothing of it is stored."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest

from exhibitions.imports.bulk import MAX_COLUMNS
from exhibitions.json_input import MAX_DEPTH, MAX_DIGITS
from tests.exhibitions.conftest import VALID_OBJECT, stored_counts
from tests.exhibitions.imports.test_import_jobs import ASYNC, finished, kept_files
from tests.exhibitions.imports.test_imports import CC_BY, post_import
from tests.exhibitions.ops.test_cli import run


@pytest.fixture
def settings(settings):
    """Room for uploads of a few megabytes: the files below are that big."""
    return replace(settings, max_upload_bytes=20_000_000)


@pytest.fixture
def empty(platform, museums):
    return stored_counts(platform)


def wide_header(columns: int) -> bytes:
    return ("accession,title,rights," + ",".join(f"c{n}" for n in range(columns - 3)) + "\n").encode()


@pytest.mark.parametrize("headers", [{}, ASYNC], ids=["at once", "as a job"])
def test_a_csv_header_of_a_million_columns_is_refused_naming_the_limit(client, platform, nmc_token, empty, headers):
    answer = client.post("/api/v1/museums/nmc/imports", headers={**nmc_token, **headers},
                         data={"file": (io.BytesIO(wide_header(1_000_000)), "wide.csv")},
                         content_type="multipart/form-data")
    assert answer.status_code == 422
    assert f"1000000 columns; a file may have at most {MAX_COLUMNS}" in answer.get_json()["detail"]
    assert stored_counts(platform) == empty
    assert kept_files(platform) == []


def test_a_header_of_as_many_columns_as_allowed_is_read(client, nmc_token, empty):
    # The other columns are empty in the row, so it is imported.
    answer = post_import(client, nmc_token, wide_header(MAX_COLUMNS) + f"W-1,Jar,{CC_BY}\n".encode(), "wide.csv")
    assert answer.status_code == 200
    assert answer.get_json()["created"] == 1


CELL = "A" * 10 * 1024 * 1024  # over the 128 KiB at which Python's csv reader gives up


def long_cell_rows() -> bytes:
    return f"accession,title,rights,description\nL-1,Jar,{CC_BY},{CELL}\nL-2,Bowl,{CC_BY},Celadon\n".encode()


def failed_for_its_length(report: dict) -> None:
    """The long row failed, named by its field and that field's limit, and the next was read."""
    assert (report["created"], report["failed"]) == (1, 1)
    failed = report["rows"][0]
    assert (failed["row"], failed["accession"], failed["status"]) == (1, "L-1", "failed")
    assert failed["errors"] == [{"field": "description",
                                 "message": f"the 'none' text is {len(CELL)} characters long; at most 50000"}]
    assert report["rows"][1]["status"] == "created"


def test_a_csv_cell_of_megabytes_fails_its_row_only(client, platform, nmc_token, empty):
    answer = post_import(client, nmc_token, long_cell_rows(), "long.csv")
    assert answer.status_code == 200
    failed_for_its_length(answer.get_json())
    assert stored_counts(platform)["objects"] == 1


def test_a_csv_cell_of_megabytes_fails_its_row_only_in_a_job(client, platform, nmc_token, empty):
    answer = client.post("/api/v1/museums/nmc/imports", headers={**nmc_token, **ASYNC},
                         data={"file": (io.BytesIO(long_cell_rows()), "long.csv")}, content_type="multipart/form-data")
    assert answer.status_code == 202
    job = finished(client, platform, nmc_token, answer.headers["Location"])
    assert job["status"] == "finished"
    failed_for_its_length(job["report"])


def test_a_csv_cell_of_megabytes_fails_its_row_only_on_the_command_line(app, platform, empty, tmp_path):
    rows = tmp_path / "long.csv"
    rows.write_bytes(long_cell_rows())
    result = run(app, "import", "nmc", str(rows))
    assert result.exit_code == 1
    assert "2 rows: 1 created, 0 replaced, 0 unchanged, 1 failed." in result.output
    assert f"row 1: description: the 'none' text is {len(CELL)} characters long; at most 50000" in result.output


def nested(levels: int, inner: str = "1") -> str:
    return '{"a": ' * levels + inner + "}" * levels


def put_text(client, token, body: str, accession: str = "A-1"):
    return client.put(f"/api/v1/museums/nmc/objects/{accession}", data=body, content_type="application/json",
                      headers=token)


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000,
    json.dumps({**VALID_OBJECT, "place": "PLACE"}).replace('"PLACE"', nested(1_000)),
], ids=["100,000 levels", "1,000 levels in place"])
def test_json_nested_past_the_parser_is_a_400_naming_the_limit(client, platform, nmc_token, empty, body):
    answer = put_text(client, nmc_token, body)
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert f"nests deeper than {MAX_DEPTH} levels" in answer.get_json()["detail"]
    assert stored_counts(platform) == empty


def test_json_nested_past_the_limit_is_named_where(client, platform, nmc_token, empty):
    def body(levels: int) -> str:  # the body is a level, and place another
        return json.dumps({**VALID_OBJECT, "place": "PLACE"}).replace('"PLACE"', nested(levels))

    answer = put_text(client, nmc_token, body(MAX_DEPTH))
    assert answer.status_code == 400
    [error] = answer.get_json()["errors"]
    assert error == {"field": "place" + ".a" * (MAX_DEPTH - 1), "message": f"nests deeper than {MAX_DEPTH} levels"}
    # One level less is read, and refused for what it says.
    assert put_text(client, nmc_token, body(MAX_DEPTH - 1)).get_json()["errors"][0]["field"] == "place.a"
    assert stored_counts(platform) == empty


def test_deep_json_is_refused_by_every_route_that_reads_json(client, platform, curator, admin_token, empty):
    deep = "[" * 100_000 + "]" * 100_000
    for path, token in (("/api/v1/exhibitions", curator), ("/api/v1/museums", admin_token)):
        answer = client.post(path, data=deep, content_type="application/json", headers=token)
        assert answer.status_code == 400, path
        assert "nests deeper" in answer.get_json()["detail"], path
    assert stored_counts(platform) == empty


def test_a_deep_json_lines_row_fails_its_row_only(client, platform, nmc_token, empty):
    rows = "\n".join([nested(100_000), json.dumps({"accession": "D-2", "title": "Jar", "rights": CC_BY})])
    report = post_import(client, nmc_token, rows.encode(), "deep.jsonl").get_json()
    assert (report["created"], report["failed"]) == (1, 1)
    assert f"nests deeper than {MAX_DEPTH} levels" in report["rows"][0]["errors"][0]["message"]


def test_a_number_of_thousands_of_digits_is_named_too_long(client, platform, nmc_token, empty):
    body = json.dumps({**VALID_OBJECT, "date": {"start": 0, "end": 1}}).replace('"start": 0', f'"start": {"9" * 5000}')
    answer = put_text(client, nmc_token, body)
    assert answer.status_code == 400
    assert answer.get_json()["errors"] == [{"field": "date.start",
                                            "message": f"is a number of 5000 digits; at most {MAX_DIGITS}"}]
    assert stored_counts(platform) == empty


def test_a_year_of_thousands_of_digits_in_a_csv_fails_its_row(client, platform, nmc_token, empty):
    rows = f"accession,title,rights,date.start,date.end\nY-1,Jar,{CC_BY},{'9' * 5000},1\n".encode()
    report = post_import(client, nmc_token, rows, "years.csv").get_json()
    assert report["failed"] == 1
    assert [error["field"] for error in report["rows"][0]["errors"]] == ["date.start"]
    assert stored_counts(platform) == empty


def test_a_number_of_many_digits_still_reads_as_an_accession(client, nmc_token, empty):
    rows = json.dumps({"accession": int("7" * MAX_DIGITS), "title": "Jar", "rights": CC_BY}).encode()
    report = post_import(client, nmc_token, rows, "long-number.jsonl").get_json()
    assert report["rows"][0]["accession"] == "7" * MAX_DIGITS
    assert report["created"] == 1



def test_brackets_inside_strings_and_escapes_do_not_count_as_nesting():
    from exhibitions import json_input

    text = '{"title": {"en": ["' + "[{" * 500 + '\\"]]\\\\"]}, "note": "\\\\\\"{{{"}'
    assert json_input.parse(text.encode())["title"]["en"][0].startswith("[{[{")


def test_a_document_too_deep_for_the_decoder_is_refused_before_it_is_decoded(monkeypatch):
    from exhibitions import json_input

    def decoder_must_not_run(*args, **kwargs):
        raise AssertionError("the decoder was given a document nested 100,000 levels deep")

    monkeypatch.setattr(json_input.json, "loads", decoder_must_not_run)
    with pytest.raises(json_input.JsonRefused):
        json_input.parse(b"[" * 100_000 + b"]" * 100_000)
