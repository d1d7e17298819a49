"""An object's date and place in the reader's language: `date.label` and `place.label` are
language maps beside v1's `display` and `name` strings, which keep working unchanged."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from exhibitions.models import MuseumObject
from tests.exhibitions.conftest import VALID_OBJECT, put
from tests.exhibitions.imports.test_imports import csv_bytes, post_import
from tests.exhibitions.objects.test_object_versions import versions_of

TANG = {"en": ["Tang dynasty, 8th century"], "zh": ["唐代，8世纪"], "ru": ["Династия Тан, VIII век"]}
CHANGAN = {"en": ["Chang'an"], "zh": ["长安"], "ru": ["Чанъань"]}
IN_LANGUAGES = {**VALID_OBJECT, "date": {"label": TANG, "start": 701, "end": 800},
                "place": {"label": CHANGAN, "lat": 34.26, "lon": 108.94}}


def stored_fields(platform, object_id: str) -> dict:
    with platform.db.sessions() as session:
        return session.scalar(select(MuseumObject.fields).where(MuseumObject.id == object_id))


def test_a_v1_date_and_place_read_back_unchanged_and_carry_their_label(client, platform, nmc_token):
    answer = put(client, nmc_token).get_json()

    for record in (answer, client.get(f"/api/v1/objects/{answer['id']}").get_json(),
                   client.get("/api/v1/museums/nmc/objects/A-1").get_json()):
        assert record["date"] == {"display": "Yuan dynasty, c. 1340", "start": 1330, "end": 1350,
                                  "label": {"none": ["Yuan dynasty, c. 1340"]}}
        assert record["place"] == {"name": "Jingdezhen", "lat": 29.27, "lon": 117.18,
                                   "label": {"none": ["Jingdezhen"]}}
    # Stored as a v1 client sent it: the label is derived when read, as for records stored before labels.
    assert stored_fields(platform, answer["id"])["date"] == VALID_OBJECT["date"]
    assert stored_fields(platform, answer["id"])["place"] == VALID_OBJECT["place"]


def test_a_label_alone_gives_the_string_its_english_text_else_none_else_the_first(client, nmc_token):
    record = put(client, nmc_token, body=IN_LANGUAGES).get_json()
    assert record["date"] == {"display": "Tang dynasty, 8th century", "label": TANG, "start": 701, "end": 800}
    assert record["place"] == {"name": "Chang'an", "label": CHANGAN, "lat": 34.26, "lon": 108.94}

    unknown = {**VALID_OBJECT, "date": {"label": {"zh": ["唐代"], "none": ["Tang"]}, "start": 701, "end": 800},
               "place": {"label": {"zh": ["长安"], "ru": ["Чанъань"]}}}
    record = put(client, nmc_token, body=unknown).get_json()
    assert record["date"]["display"] == "Tang"
    assert record["place"] == {"name": "长安", "label": {"zh": ["长安"], "ru": ["Чанъань"]}}

    as_a_string = {**VALID_OBJECT, "place": {"label": "Dunhuang"}}
    assert put(client, nmc_token, body=as_a_string).get_json()["place"] == {"name": "Dunhuang",
                                                                             "label": {"none": ["Dunhuang"]}}


def test_a_string_and_a_label_sent_together_are_both_kept(client, nmc_token):
    both = {**VALID_OBJECT, "date": {"display": "c. 750", "label": TANG, "start": 701, "end": 800}}
    assert put(client, nmc_token, body=both).get_json()["date"]["display"] == "c. 750"
    assert put(client, nmc_token, body=both).get_json()["date"]["label"] == TANG


def test_sending_back_what_was_read_changes_nothing(client, nmc_token):
    for body in (VALID_OBJECT, IN_LANGUAGES):
        record = put(client, nmc_token, body=body).get_json()
        before = versions_of(client, nmc_token, record["id"])["total"]
        again = put(client, nmc_token, body={**body, "date": record["date"], "place": record["place"]})
        assert again.status_code == 200
        assert again.get_json()["modified"] == record["modified"]
        assert versions_of(client, nmc_token, record["id"])["total"] == before


def test_versions_carry_the_labels_too(client, nmc_token):
    first = put(client, nmc_token).get_json()
    put(client, nmc_token, body=IN_LANGUAGES)
    metadata = client.get(f"/api/v1/objects/{first['id']}/versions/1", headers=nmc_token).get_json()["metadata"]
    assert metadata["place"]["label"] == {"none": ["Jingdezhen"]}


@pytest.mark.parametrize(("date_label", "place_label", "errors"), [
    ({"xx_1": ["Tang"]}, {"zh": ["长安"]},
     {"date.label": "'xx_1' is not a language tag (e.g. en, zh, zh-Hant, none)"}),
    (["Tang"], {"zh": ["长" * 201]},
     {"date.label": 'must be a language map such as {"en": ["..."]} or a string',
      "place.label": "the 'zh' text is 201 characters long; at most 200"}),
    ({"en": ["  "]}, {"zh": [1]},
     {"date.label": "must hold at least one non-empty text",
      "place.label": "the 'zh' entry must be a string or a list of strings"}),
])
def test_a_bad_label_is_a_422_naming_its_field_with_every_other_error(client, platform, nmc_token, date_label,
                                                                      place_label, errors):
    body = {**VALID_OBJECT, "date": {"label": date_label, "start": 701, "end": 800},
            "place": {"label": place_label}, "homepage": "not a url"}
    answer = put(client, nmc_token, body=body)
    assert answer.status_code == 422
    found = {error["field"]: error["message"] for error in answer.get_json()["errors"]}
    assert {field: found.get(field) for field in errors} == errors
    assert "homepage" in found  # all at once, like the rest
    assert client.get("/api/v1/museums/nmc/objects/A-1").status_code == 404


def test_the_object_page_shows_the_date_and_place_in_the_readers_language(client, nmc_token):
    object_id = put(client, nmc_token, body=IN_LANGUAGES).get_json()["id"]

    chinese = client.get(f"/objects/{object_id}?lang=zh").get_data(as_text=True)
    assert '<dd lang="zh">唐代，8世纪</dd>' in chinese and '<dd lang="zh">长安</dd>' in chinese
    assert 'aria-label="' in chinese and "长安" in chinese.split('class="minimap-canvas"')[1].split(">")[0]
    russian = client.get(f"/objects/{object_id}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<dd lang="ru">Династия Тан, VIII век</dd>' in russian and '<dd lang="ru">Чанъань</dd>' in russian
    # A language the labels lack falls back as titles do: English.
    latvian = client.get(f"/objects/{object_id}?lang=lv").get_data(as_text=True)
    assert '<dd lang="en">Chang&#39;an</dd>' in latvian


def test_cards_and_search_results_show_the_date_in_the_readers_language(client, nmc_token):
    put(client, nmc_token, body=IN_LANGUAGES)
    museum_page = client.get("/museums/nmc?lang=zh").get_data(as_text=True)
    assert '<span lang="zh" class="meta">唐代，8世纪</span>' in museum_page
    results = client.get("/search?q=jar&lang=ru").get_data(as_text=True)
    assert "Династия Тан, VIII век" in results


def test_a_search_by_the_place_in_chinese_finds_the_object(client, nmc_token):
    object_id = put(client, nmc_token, body=IN_LANGUAGES).get_json()["id"]
    for q in ("长安", "place:长安", "Чанъань"):
        found = client.get("/api/v1/search", query_string={"q": q}).get_json()
        assert [item["id"] for item in found["items"]] == [object_id], q
    [hit] = client.get("/api/v1/search?q=长安").get_json()["items"]
    assert hit["date"]["label"] == TANG and hit["date"]["display"] == "Tang dynasty, 8th century"


def test_the_manifest_gives_date_and_place_in_every_language(client, nmc_token):
    object_id = put(client, nmc_token, body=IN_LANGUAGES).get_json()["id"]
    manifest = client.get(f"/iiif/3/objects/{object_id}/manifest").get_json()
    metadata = {entry["label"]["en"][0]: entry["value"] for entry in manifest["metadata"]}
    assert metadata["Date"] == TANG and metadata["Place"] == CHANGAN
    assert manifest["navPlace"]["features"][0]["properties"]["label"] == CHANGAN

    v1 = put(client, nmc_token, accession="A-2").get_json()
    metadata = {entry["label"]["en"][0]: entry["value"]
                for entry in client.get(f"/iiif/3/objects/{v1['id']}/manifest").get_json()["metadata"]}
    assert metadata["Date"] == {"none": ["Yuan dynasty, c. 1340"]}


def test_exports_give_the_date_and_place_in_the_asked_language(client, nmc_token):
    put(client, nmc_token, body=IN_LANGUAGES)
    exported = client.get("/api/v1/search/export?format=csv&lang=ru&q=jar").get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(exported)))
    assert (row["date"], row["place"]) == ("Династия Тан, VIII век", "Чанъань")
    [line] = client.get("/api/v1/search/export?format=jsonl&q=jar").get_data(as_text=True).splitlines()
    assert json.loads(line)["place"] == {"name": "Chang'an", "label": CHANGAN, "lat": 34.26, "lon": 108.94}


def test_a_csv_import_takes_a_date_and_a_place_by_language(client, nmc_token):
    rows = csv_bytes([{"accession": "C-1", "title.en": "Tile", "rights": VALID_OBJECT["rights"],
                       "date.label.en": "Tang dynasty", "date.label.zh": "唐代", "date.start": "618",
                       "date.end": "907", "place.name": "Chang'an", "place.label.zh": "长安",
                       "place.label.ru": "Чанъань"}])
    report = post_import(client, nmc_token, rows, "objects.csv").get_json()
    assert report["failed"] == 0, report
    record = client.get("/api/v1/museums/nmc/objects/C-1").get_json()
    assert record["date"]["label"] == {"en": ["Tang dynasty"], "zh": ["唐代"]}
    assert record["date"]["display"] == "Tang dynasty"
    assert record["place"] == {"name": "Chang'an", "label": {"zh": ["长安"], "ru": ["Чанъань"]}}
