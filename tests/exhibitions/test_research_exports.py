"""What researchers take away: full-record exports (every column, the asked language), citations
that reference managers' own parsers read, and a query syntax that never fails through the API."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.export import CSV_COLUMNS
from tests.conftest import image_bytes
from tests.exhibitions.conftest import VALID_OBJECT, put, upload

BRONZE = {
    "title": {"en": ["Bronze ritual wine vessel"], "zh": ["青铜酒器"]},
    "description": {"en": ["Cast with taotie masks."], "zh": ["饕餮纹。"]},
    "creator": {"en": ["Shang foundry"]},
    "culture": {"zh": ["商"]},
    "credit_line": {"en": ["Gift of the Wang family"]},
    "rights": "http://creativecommons.org/publicdomain/zero/1.0/",
    "object_type": "vessel",
    "materials": ["bronze"],
    "techniques": ["casting"],
    "keywords": ["ritual", "wine"],
    "date": {"display": "Late Shang, c. 1200 BCE", "start": -1250, "end": -1046},
    "place": {"name": "Anyang", "lat": 36.1, "lon": 114.35},
    "dimensions": "H. 30 cm",
    "homepage": "https://nmc.example/objects/bronze-1",
}


@pytest.fixture
def bronze(client, nmc_token):
    """A bronze with every field, and one image."""
    record = put(client, nmc_token, accession="Y-1234", body=BRONZE).get_json()
    upload(client, nmc_token, image_bytes(400, 300), accession="Y-1234")
    put(client, nmc_token, accession="A-1", body=VALID_OBJECT)
    return client.get(f"/api/v1/objects/{record['id']}").get_json()


def exported_csv(client, query: str) -> list[dict]:
    answer = client.get(f"/api/v1/search/export?format=csv&{query}")
    assert answer.status_code == 200
    return list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))


def test_the_csv_of_a_search_for_bronze_has_every_public_field_in_the_asked_language(client, bronze):
    rows = exported_csv(client, "q=bronze&lang=zh")
    assert len(rows) == 1
    row = rows[0]
    assert tuple(row) == CSV_COLUMNS
    image = bronze["images"][0]
    assert row == {
        "id": bronze["id"], "accession": "Y-1234",
        "title": "青铜酒器", "title_lang": "zh", "description": "饕餮纹。", "description_lang": "zh",
        # No Chinese creator or credit line: English, and the column beside says so.
        "creator": "Shang foundry", "creator_lang": "en", "culture": "商", "culture_lang": "zh",
        # Vocabulary terms in the asked language too.
        "object_type": "器皿", "materials": "青铜", "techniques": "铸造", "keywords": "ritual; wine",
        "date": "Late Shang, c. 1200 BCE", "date_start": "-1250", "date_end": "-1046",
        "place": "Anyang", "lat": "36.1", "lon": "114.35", "dimensions": "H. 30 cm",
        "rights": "http://creativecommons.org/publicdomain/zero/1.0/",
        "rights_label": "CC0 1.0 (public domain dedication)",
        "credit_line": "Gift of the Wang family", "credit_line_lang": "en",
        "museum": "nmc", "museum_name": "National Museum of China", "country": "CN",
        "homepage": "https://nmc.example/objects/bronze-1",
        "page": f"http://museum.test/objects/{bronze['id']}", "manifest": bronze["manifest"],
        "thumbnail": image["thumbnail"], "images": image["service"],
    }


@pytest.mark.parametrize("lang", ["xx", "!!", "zh-Hant-TW", ""])
def test_a_language_nobody_wrote_falls_back(client, bronze, lang):
    row = exported_csv(client, f"q=bronze&lang={lang}")[0]
    assert (row["title"], row["title_lang"]) in {("Bronze ritual wine vessel", "en"), ("青铜酒器", "zh")}


def test_json_lines_carry_the_apis_own_shape_with_language_maps_whole(client, bronze):
    lines = client.get("/api/v1/search/export?format=jsonl&q=bronze").get_data(as_text=True).splitlines()
    row = json.loads(lines[0])
    for field in ("title", "description", "creator", "culture", "credit_line", "materials", "techniques",
                  "keywords", "date", "place", "dimensions", "rights", "homepage", "images", "manifest", "accession"):
        assert row[field] == bronze[field], field
    assert row["museum"]["slug"] == "nmc" and row["page"] == f"http://museum.test/objects/{bronze['id']}"


def test_the_export_finds_with_the_query_syntax(client, bronze):
    assert [r["id"] for r in exported_csv(client, "q=accession:y-1234")] == [bronze["id"]]
    assert exported_csv(client, "q=bronze+-taotie") == []
    assert [r["accession"] for r in exported_csv(client, 'q="wine vessel" place:anyang')] == ["Y-1234"]


# Citations


def cite(client, path: str, kind: str):
    answer = client.get(f"{path}?format={kind}" if "?" not in path else f"{path}&format={kind}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer


def test_an_objects_bibtex_parses_and_names_title_museum_date_accession_and_page(client, bronze):
    answer = cite(client, f"/api/v1/objects/{bronze['id']}/citation", "bibtex")
    assert answer.mimetype == "application/x-bibtex"
    entries = bibtexparser.loads(answer.get_data(as_text=True)).entries
    assert len(entries) == 1
    entry = entries[0]
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["title"] == "Bronze ritual wine vessel"
    assert entry["publisher"] == "{National Museum of China}"
    assert entry["year"] == "1250 BCE--1046 BCE"
    assert entry["number"] == "Y-1234"
    assert entry["url"] == f"http://museum.test/objects/{bronze['id']}"
    assert entry["urldate"] == date.today().isoformat()


def test_an_objects_ris_parses_with_rispy(client, bronze):
    answer = cite(client, f"/api/v1/objects/{bronze['id']}/citation", "ris")
    assert answer.mimetype == "application/x-research-info-systems"
    (entry,) = rispy.loads(answer.get_data(as_text=True))
    assert entry["type_of_reference"] == "ART"
    assert entry["title"] == "Bronze ritual wine vessel"
    assert entry["publisher"] == "National Museum of China"
    assert entry["year"] == "1250 BCE--1046 BCE"
    assert entry["accession_number"] == "Y-1234" and entry["call_number"] == "Y-1234"
    assert entry["urls"] == [f"http://museum.test/objects/{bronze['id']}"]
    assert entry["access_date"] == date.today().strftime("%Y/%m/%d")


def test_an_objects_csl_json_is_read_and_formatted_by_citeproc(client, bronze):
    answer = client.get(f"/api/v1/objects/{bronze['id']}/citation")  # CSL-JSON is the default
    assert answer.mimetype == "application/vnd.citationstyles.csl+json"
    (item,) = answer.get_json()
    assert item["issued"] == {"date-parts": [[-1250], [-1046]]}
    assert (item["archive"], item["archive_location"]) == ("National Museum of China", "Y-1234")
    assert item["URL"] == f"http://museum.test/objects/{bronze['id']}"
    source = CiteProcJSON(answer.get_json())
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(bronze["id"])]))
    text = str(bibliography.bibliography()[0])
    assert "Bronze ritual wine vessel" in text and f"http://museum.test/objects/{bronze['id']}" in text


def test_special_characters_survive_bibtex(client, nmc_token):
    record = put(client, nmc_token, accession="B&W_1", body={
        **VALID_OBJECT, "title": {"en": ["Jar {lid} & stand, 100% #1 ~ $5"]}}).get_json()
    text = cite(client, f"/api/v1/objects/{record['id']}/citation", "bibtex").get_data(as_text=True)
    entry = bibtexparser.loads(text).entries[0]
    assert entry["title"] == r"Jar \{lid\} \& stand, 100\% \#1 \textasciitilde{} \$5"
    assert entry["number"] == r"B\&W\_1"


@pytest.mark.parametrize("kind", ["csl-json", "bibtex", "ris"])
def test_a_result_set_is_cited_whole(client, bronze, kind):
    bronzes = cite(client, "/api/v1/search/citation?q=bronze", kind).get_data(as_text=True)
    everything = cite(client, "/api/v1/search/citation?sort=title", kind).get_data(as_text=True)
    counted = {"csl-json": lambda t: len(json.loads(t)), "bibtex": lambda t: len(bibtexparser.loads(t).entries),
               "ris": lambda t: len(rispy.loads(t))}[kind]
    assert counted(everything) == 2
    assert counted(bronzes) == 1


@pytest.mark.parametrize("path", ["/api/v1/objects/x/citation?format=mla", "/api/v1/search/citation?format=apa"])
def test_a_citation_format_that_does_not_exist_is_400_naming_the_parameter(client, museums, path):
    answer = client.get(path)
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == "format"


def test_an_unknown_objects_citation_is_404(client, museums):
    assert client.get("/api/v1/objects/nothing-here/citation").status_code == 404


# The query syntax through the API


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.one_of(st.text(max_size=40), st.lists(st.sampled_from(
    ['"', "-", ":", "creator:", "place:", "accession:", "keyword:", "culture:", "foo:", "bronze", "NEAR", "*", "(",
     "^", " ", "青铜", "'"]), max_size=10).map("".join)))
def test_no_query_text_is_ever_a_server_error(client, bronze, q):
    assert client.get("/api/v1/search", query_string={"q": q}).status_code in (200, 400)
    assert client.get("/api/v1/search/export", query_string={"q": q, "format": "jsonl"}).status_code in (200, 400)
