"""Bulk import: CSV or JSON Lines, images by name in a ZIP, a report per row, no duplicates."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from exhibitions.imports import bulk
from tests.conftest import image_bytes
from tests.exhibitions.conftest import stored_counts

CC_BY = "http://creativecommons.org/licenses/by/4.0/"


def post_import(client, token, rows: bytes, filename: str, images: bytes | None = None, museum="nmc"):
    data = {"file": (io.BytesIO(rows), filename)}
    if images is not None:
        data["images"] = (io.BytesIO(images), "images.zip")
    return client.post(f"/api/v1/museums/{museum}/imports", headers=token, data=data,
                       content_type="multipart/form-data")


def csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_five_hundred_rows_with_images_twice_leave_five_hundred_objects(client, platform, nmc_token):
    rows = [{"accession": f"B-{n:03}", "title.en": f"Bowl {n}", "title.zh": f"碗 {n}", "rights": CC_BY,
             "materials": "clay|glaze", "date.start": str(-200 + n), "date.end": str(-100 + n),
             "images": f"img/{n}.jpg"} for n in range(500)]
    images = zip_bytes({f"img/{n}.jpg": image_bytes(24, 16, color=(n % 256, n // 256, 7)) for n in range(500)})
    first = post_import(client, nmc_token, csv_bytes(rows), "objects.csv", images)
    assert first.status_code == 200
    report = first.get_json()
    assert (report["total"], report["created"], report["failed"]) == (500, 500, 0)

    second = post_import(client, nmc_token, csv_bytes(rows), "objects.csv", images).get_json()
    assert (second["created"], second["unchanged"], second["failed"]) == (0, 500, 0)
    counts = stored_counts(platform)
    assert counts["objects"] == 500 and counts["images"] == 500

    record = client.get("/api/v1/museums/nmc/objects/B-007").get_json()
    assert record["title"] == {"en": ["Bowl 7"], "zh": ["碗 7"]}
    assert record["materials"] == ["clay", "glaze"]
    assert record["date"] == {"start": -193, "end": -93}
    assert len(record["images"]) == 1


def test_a_row_with_an_error_is_reported_by_number_and_the_others_go_on(client, platform, nmc_token):
    rows = [
        {"accession": "C-1", "title": "Cup", "rights": CC_BY, "date.start": "", "date.end": "", "images": ""},
        {"accession": "C-2", "title": "", "rights": "all rights reserved", "date.start": "", "date.end": "",
         "images": ""},
        {"accession": "C-3", "title": "Dish", "rights": CC_BY, "date.start": "5", "date.end": "1", "images": ""},
        {"accession": "C-4", "title": "Ewer", "rights": CC_BY, "date.start": "", "date.end": "",
         "images": "missing.jpg"},
        {"accession": "C-5", "title": "Flask", "rights": CC_BY, "date.start": "-5", "date.end": "5", "images": ""},
    ]
    report = post_import(client, nmc_token, csv_bytes(rows), "objects.csv", zip_bytes({"x.jpg": image_bytes()}))
    body = report.get_json()
    assert (body["created"], body["failed"]) == (2, 3)
    failed = {row["row"]: row for row in body["rows"] if row["status"] == "failed"}
    assert set(failed) == {2, 3, 4}
    assert failed[2]["line"] == 3
    assert {error["field"] for error in failed[2]["errors"]} == {"title", "rights"}
    assert failed[3]["errors"][0]["field"] == "date"
    assert "missing.jpg" in failed[4]["errors"][0]["message"]
    counts = stored_counts(platform)
    assert counts["objects"] == 2 and counts["images"] == 0 and counts["files"] == 0


def test_rows_written_a_batch_at_a_time_each_report_their_own_outcome(client, platform, nmc_token):
    kept = client.put("/api/v1/museums/nmc/objects/K-1", headers=nmc_token,
                      json={"title": {"en": ["Kept"]}, "rights": CC_BY}).get_json()
    client.put("/api/v1/museums/nmc/objects/K-1", headers=nmc_token, json={"title": {"en": ["Kept, renamed"]},
                                                                         "rights": CC_BY})
    binned = client.put("/api/v1/museums/nmc/objects/T-1", headers=nmc_token,
                        json={"title": {"en": ["Binned"]}, "rights": CC_BY}).get_json()
    assert client.delete(f"/api/v1/objects/{binned['id']}", headers=nmc_token).status_code == 204
    rows = [{"accession": f"N-{n:03}", "title": f"Bowl {n}", "rights": CC_BY, "date.start": ""}
            for n in range(bulk.BATCH_ROWS + 10)]
    rows[3] = {"accession": "K-1", "title": "Kept, renamed again", "rights": CC_BY, "date.start": ""}
    rows[4] = {"accession": "T-1", "title": "Binned", "rights": CC_BY, "date.start": ""}
    rows[5] = {"accession": "N-006", "title": "Bowl 6", "rights": CC_BY, "date.start": "sometime"}
    rows[9] = {"accession": "N-008", "title": "Bowl 8, renamed", "rights": CC_BY, "date.start": ""}  # again
    body = post_import(client, nmc_token, csv_bytes(rows), "objects.csv").get_json()

    status = {row["row"]: row["status"] for row in body["rows"]}
    assert (status[4], status[5], status[6], status[10]) == ("replaced", "failed", "failed", "replaced")
    failed = {row["row"]: row for row in body["rows"] if row["status"] == "failed"}
    assert failed[5]["accession"] == "T-1" and failed[5]["errors"][0]["field"] == "accession"
    assert "trash" in failed[5]["errors"][0]["message"]
    assert failed[6]["errors"][0]["field"] == "date.start"
    assert (body["total"], body["created"], body["failed"]) == (bulk.BATCH_ROWS + 10, bulk.BATCH_ROWS + 6, 2)
    assert client.get("/api/v1/museums/nmc/objects/N-008").get_json()["title"] == {"none": ["Bowl 8, renamed"]}
    versions = client.get(f"/api/v1/objects/{kept['id']}/versions", headers=nmc_token).get_json()
    assert [version["number"] for version in versions["items"]] == [2, 1]
    assert stored_counts(platform)["objects"] == bulk.BATCH_ROWS + 7
    assert client.get("/api/v1/trash/objects", headers=nmc_token).get_json()["total"] == 1

    again = post_import(client, nmc_token, csv_bytes(rows), "objects.csv").get_json()
    assert (again["created"], again["replaced"], again["failed"]) == (0, 2, 2)  # N-008 goes back and forth


def test_a_row_whose_image_fails_leaves_neither_row_nor_file(client, platform, nmc_token):
    line = {"accession": "D-1", "title": "Jar", "rights": CC_BY, "images": ["good.jpg", "bad.jpg"]}
    images = zip_bytes({"good.jpg": image_bytes(), "bad.jpg": b"not an image"})
    body = post_import(client, nmc_token, json.dumps(line).encode(), "rows.jsonl", images).get_json()
    assert body["failed"] == 1
    assert "bad.jpg" in json.dumps(body["rows"][0]["errors"]) or "image" in json.dumps(body["rows"][0]["errors"])
    counts = stored_counts(platform)
    assert counts["objects"] == 0 and counts["files"] == 0


def test_json_lines_rows_take_the_api_shape(client, nmc_token):
    lines = [
        {"accession": "E-1", "title": {"en": ["Lamp"], "fa": ["چراغ"]}, "rights": CC_BY,
         "date": {"display": "9th century", "start": 800, "end": 899}},
        "not an object",
        {"accession": "E-3", "title": "Seal", "rights": CC_BY},
    ]
    text = "\n".join(json.dumps(line) for line in lines) + "\n{broken json\n"
    body = post_import(client, nmc_token, text.encode(), "rows.jsonl").get_json()
    assert (body["total"], body["created"], body["failed"]) == (4, 2, 2)
    assert [row["line"] for row in body["rows"] if row["status"] == "failed"] == [2, 4]
    assert client.get("/api/v1/museums/nmc/objects/E-1").get_json()["title"]["fa"] == ["چراغ"]


def test_a_file_of_another_kind_is_refused_whole(client, platform, nmc_token):
    before = stored_counts(platform)
    answer = post_import(client, nmc_token, b"<xml/>", "objects.xml")
    assert answer.status_code == 422
    assert ".csv or .jsonl" in answer.get_json()["detail"]
    answer = post_import(client, nmc_token, b"title,rights\nJar,x\n", "objects.csv")
    assert answer.status_code == 422
    assert "accession" in answer.get_json()["detail"]
    answer = post_import(client, nmc_token, b"accession\nA\n", "a.csv", images=b"not a zip")
    assert answer.status_code == 422
    assert "ZIP" in answer.get_json()["detail"]
    assert stored_counts(platform) == before


def test_import_needs_the_museums_token(client, platform, rundale_token):
    rows = csv_bytes([{"accession": "F-1", "title": "Jar", "rights": CC_BY}])
    assert post_import(client, rundale_token, rows, "a.csv").status_code == 403
    assert post_import(client, {}, rows, "a.csv").status_code == 401
    assert stored_counts(platform)["objects"] == 0


@pytest.mark.parametrize(("header", "words"), [
    ("accession,title.en,rights,date", "'date' is made of parts: use the columns date.display, date.start"),
    ("accession,title,rights,place", "'place' is made of parts"),
    ("accession,title,title.en,rights", "gives 'title' both as a plain column and by language"),
    ("accession,title,rights,title", "the column 'title' more than once"),
    ("accession;title;rights", "separated by commas, not semicolons"),
])
def test_a_csv_header_that_cannot_be_read_one_way_is_refused_whole_saying_what_to_change(
        client, platform, nmc_token, header, words):
    before = stored_counts(platform)
    width = header.count(",") + header.count(";") + 1
    answer = post_import(client, nmc_token, f"{header}\n{','.join(['A1'] + ['x'] * (width - 1))}\n".encode(), "a.csv")
    assert answer.status_code == 422 and words in answer.get_json()["detail"]
    assert stored_counts(platform) == before


def test_csv_field_names_are_read_whatever_their_case_and_spaces(client, nmc_token):
    rows = f" Accession ,Title.zh-Hant,RIGHTS\nB-1,青花,{CC_BY}\n".encode()
    assert post_import(client, nmc_token, rows, "a.csv").get_json()["created"] == 1
    assert client.get("/api/v1/museums/nmc/objects/B-1").get_json()["title"] == {"zh-Hant": ["青花"]}


def test_json_lines_split_only_at_line_ends_and_accessions_must_be_text_or_numbers(client, platform, nmc_token):
    lines = [{"accession": "L-1", "title": "Line\u2028separator\u0085inside", "rights": CC_BY},
             {"accession": 17, "title": "Numbered", "rights": CC_BY},
             {"accession": ["L-3"], "title": "Listed", "rights": CC_BY},
             {"accession": True, "title": "Yes", "rights": CC_BY}]
    text = "\r\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    body = post_import(client, nmc_token, text.encode(), "rows.jsonl").get_json()
    assert [(row["line"], row["status"]) for row in body["rows"]] == [
        (1, "created"), (2, "created"), (3, "failed"), (4, "failed")]
    assert body["rows"][2]["errors"] == [{"field": "accession", "message": "must be text or a number"}]
    assert client.get("/api/v1/museums/nmc/objects/17").status_code == 200


def test_text_that_is_not_unicode_is_refused_everywhere_and_never_stored(client, platform, nmc_token, curator):
    before = stored_counts(platform)
    lone = '{"accession": "S-1", "title": {"en": ["half \\ud800 a pair"]}, "rights": "' + CC_BY + '"}'
    imported = post_import(client, nmc_token, lone.encode(), "rows.jsonl").get_json()
    assert imported["rows"][0]["status"] == "failed"
    assert imported["rows"][0]["errors"][0]["field"] == "title.en.0"
    put = client.put("/api/v1/museums/nmc/objects/S-1", data=lone, content_type="application/json", headers=nmc_token)
    assert put.status_code == 422 and put.get_json()["errors"][0]["field"] == "title.en.0"
    exhibition = client.put("/api/v1/exhibitions/half", data='{"title": {"en": ["\\udfff"]}}',
                            content_type="application/json", headers=curator)
    assert exhibition.status_code == 422 and exhibition.get_json()["errors"][0]["field"] == "title.en.0"
    assert stored_counts(platform) == before
