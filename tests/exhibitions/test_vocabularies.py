"""Controlled vocabularies: a term is written however a contributor knows it (id, AAT id or URI,
any label in any language) and read in the reader's language everywhere; a value that names no
term stays free text with a warning; an identifier that names no term is refused, naming its field."""

from __future__ import annotations

import pytest

from exhibitions import vocabularies
from exhibitions.ops.demo import OBJECTS
from exhibitions.vocabularies import (
    LANGUAGES,
    NAMES,
    UnknownIdentifier,
    label_facets,
    match,
    read_terms,
    vocabulary,
)
from tests.exhibitions.conftest import VALID_OBJECT, put, stored_counts
from tests.exhibitions.imports.test_imports import CC_BY, csv_bytes, post_import


def test_the_vocabularies_are_large_enough_and_labelled_in_every_interface_language():
    sizes = {name: len(vocabulary(name).terms) for name in NAMES}
    assert sizes["types"] >= 60 and sizes["materials"] >= 60 and sizes["techniques"] >= 30
    for name in NAMES:
        for term in vocabulary(name).terms:
            assert tuple(term.labels) == LANGUAGES and all(term.labels.values()), term.id
            assert term.id == term.id.lower() and " " not in term.id and term.id.isascii(), term.id
            assert term.aat is None or (len(term.aat) == 9 and term.aat.startswith("300")), term.id


@pytest.mark.parametrize("written", [
    "bronze", "Bronze", "  BRONZE ", "term:bronze", "aat:300010957", "AAT:300010957",
    "http://vocab.getty.edu/aat/300010957", "https://vocab.getty.edu/page/aat/300010957",
    "青铜", "бронза", "Бронза", "برنز", "برونز", "bronz", "қола", "μπρούντζος",
])
def test_a_term_is_found_by_its_id_its_aat_id_and_any_of_its_labels(written):
    assert match("materials", written).id == "bronze"


def test_labels_match_whatever_their_accents_and_spacing():
    assert match("techniques", "cloisonne").id == match("techniques", "Cloisonné").id == "cloisonne"
    assert match("materials", "gilded   bronze").id == "gilded-bronze"
    assert match("types", "碗").id == "bowl"
    assert match("types", "Kâse").id == "bowl"


def test_each_vocabulary_reads_its_own_terms():
    assert match("types", "bronze") is None
    assert match("materials", "vessel") is None


@pytest.mark.parametrize("written", ["aat:300000000", "http://vocab.getty.edu/aat/300000000", "term:xyz"])
def test_an_identifier_that_names_no_term_is_an_error(written):
    with pytest.raises(UnknownIdentifier):
        match("materials", written)


def test_reading_an_objects_terms_keeps_free_text_and_reports_it():
    reading = read_terms({"object_type": "aat:300193015", "materials": ["青铜", "meteoric iron", "term:gold"],
                          "techniques": ["Casting"]})
    assert reading.fields["object_type"] == "vessel"  # identifiers are stored as the English label
    assert reading.fields["materials"] == ["青铜", "meteoric iron", "gold"]  # labels as written
    assert reading.warnings == [{"field": "materials.1", "value": "meteoric iron",
                                 "message": "is not a term of the materials vocabulary; kept as free text"}]
    assert reading.errors == []


def test_every_demo_type_and_material_is_a_term():
    for _, accession, _, object_type, materials, *_ in OBJECTS:
        assert match("types", object_type), accession
        assert all(match("materials", material) for material in materials), accession


# Through the API, the form and imports


def test_the_api_keeps_the_words_written_and_adds_the_terms(client, nmc_token):
    body = {**VALID_OBJECT, "object_type": "容器", "materials": ["Бронза", "aat:300011021", "meteoric iron"]}
    answer = put(client, nmc_token, body=body)
    assert answer.status_code == 201
    record = answer.get_json()
    assert record["object_type"] == "容器"
    assert record["materials"] == ["Бронза", "gold", "meteoric iron"]
    assert record["terms"]["object_type"]["id"] == "vessel"
    bronze, gold, free = record["terms"]["materials"]
    assert (bronze["id"], bronze["aat"], bronze["value"]) == ("bronze", "aat:300010957", "Бронза")
    assert bronze["label"]["zh"] == ["青铜"] and bronze["label"]["fa"] == ["برنز"]
    assert gold["aat_uri"] == "http://vocab.getty.edu/aat/300011021"
    assert free == {"value": "meteoric iron", "id": None}
    assert record["warnings"] == [{"field": "materials.2", "value": "meteoric iron",
                                   "message": "is not a term of the materials vocabulary; kept as free text"}]
    assert "warnings" not in client.get(f"/api/v1/objects/{record['id']}").get_json()


@pytest.mark.parametrize("field, value, path", [
    ("materials", ["bronze", "aat:300000000"], "materials.1"),
    ("object_type", "term:xyz", "object_type"),
    ("techniques", ["http://vocab.getty.edu/aat/399999999"], "techniques.0"),
])
def test_an_unknown_identifier_is_a_422_naming_the_field_and_nothing_is_stored(client, platform, nmc_token,
                                                                             field, value, path):
    before = stored_counts(platform)
    answer = put(client, nmc_token, body={**VALID_OBJECT, field: value})
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    assert [error["field"] for error in answer.get_json()["errors"]] == [path]
    assert stored_counts(platform) == before


def test_an_import_reports_the_values_kept_as_free_text(client, nmc_token):
    rows = [{"accession": "B-1", "title": "Mirror", "rights": CC_BY, "object_type": "铜镜",
             "materials": "бронза|sea glass"},
            {"accession": "B-2", "title": "Jar", "rights": CC_BY, "object_type": "", "materials": "aat:300000000"}]
    report = post_import(client, nmc_token, csv_bytes(rows), "objects.csv").get_json()
    assert report["warned"] == 1
    first, second = report["rows"]
    assert first["status"] == "created"
    assert first["warnings"] == [{"field": "materials.1", "value": "sea glass",
                                  "message": "is not a term of the materials vocabulary; kept as free text"}]
    assert second["status"] == "failed"
    assert [error["field"] for error in second["errors"]] == ["materials.0"]
    record = client.get(f"/api/v1/objects/{first['id']}").get_json()
    assert record["terms"]["object_type"]["id"] == "mirror"


def test_the_vocabularies_are_served_with_labels_and_aat_ids(client):
    listed = client.get("/api/v1/vocabularies").get_json()
    assert [item["name"] for item in listed["items"]] == ["types", "materials", "techniques"]
    assert listed["languages"] == list(LANGUAGES)
    answer = client.get("/api/v1/vocabularies/materials")
    assert answer.status_code == 200
    terms = {term["id"]: term for term in answer.get_json()["items"]}
    assert len(terms) == answer.get_json()["total"] >= 60
    assert terms["bronze"]["aat"] == "aat:300010957"
    assert terms["bronze"]["label"]["zh"] == ["青铜"]
    assert set(terms["bronze"]["label"]) == set(LANGUAGES)


def test_an_unknown_vocabulary_is_a_404_problem(client):
    answer = client.get("/api/v1/vocabularies/colours")
    assert answer.status_code == 404
    assert answer.content_type == "application/problem+json"


# What readers see


def test_facets_label_terms_in_the_readers_language_and_filters_take_any_label(client, nmc_token):
    put(client, nmc_token, body={**VALID_OBJECT, "materials": ["bronze"]})
    put(client, nmc_token, accession="A-2", body={**VALID_OBJECT, "materials": ["青铜", "gold"]})
    answer = client.get("/api/v1/search?q=青铜&lang=zh").get_json()
    assert answer["total"] == 2
    facet = {value["value"]: value for value in answer["facets"]["material"]}
    assert facet["bronze"]["label"] == "青铜" and facet["bronze"]["count"] == 2
    assert facet["gold"]["label"] == "金"
    assert {v["label"] for v in answer["facets"]["object_type"]} == {"器皿"}
    for written in ("bronze", "Бронза", "aat:300010957"):
        assert client.get(f"/api/v1/search?material={written}").get_json()["total"] == 2
    labels = {v["label"] for v in client.get("/api/v1/search?material=gold&lang=ru").get_json()["facets"]["material"]}
    assert labels == {"бронза", "золото"}


def test_facet_labels_follow_a_vocabulary_read_anew(monkeypatch):
    def labels(language):
        facets = {"material": [{"value": "bronze", "label": "bronze", "count": 2},
                               {"value": "free text", "label": "free text", "count": 1}]}
        label_facets(facets, language)
        return [value["label"] for value in facets["material"]]

    assert labels("zh") == ["青铜", "free text"]
    assert labels("zh") == ["青铜", "free text"]
    assert labels("ru") == ["бронза", "free text"]
    # A vocabulary whose bronze is labelled otherwise: the labels read before do not stay.
    table = vocabularies.materials.TERMS.replace("| bronze | 青铜 |", "| bronze | 铜器 |", 1)
    assert table != vocabularies.materials.TERMS
    monkeypatch.setattr(vocabularies.materials, "TERMS", table)
    vocabulary.cache_clear()
    try:
        assert labels("zh") == ["铜器", "free text"]
    finally:
        monkeypatch.undo()
        vocabulary.cache_clear()
    assert labels("zh") == ["青铜", "free text"]


def test_the_search_page_shows_facets_in_the_readers_language(client, nmc_token):
    put(client, nmc_token, body={**VALID_OBJECT, "materials": ["bronze"]})
    page = client.get("/search?q=青铜&lang=zh").get_data(as_text=True)
    assert "青铜" in page and "器皿" in page


def test_the_object_page_manifest_and_export_show_term_labels(client, nmc_token):
    record = put(client, nmc_token, body={**VALID_OBJECT, "materials": ["bronze", "sea glass"]}).get_json()
    page = client.get(f"/objects/{record['id']}?lang=ru").get_data(as_text=True)
    assert "бронза, sea glass" in page and "сосуд" in page
    manifest = client.get(f"/iiif/3/objects/{record['id']}/manifest").get_json()
    metadata = {entry["label"]["en"][0]: entry["value"] for entry in manifest["metadata"]}
    assert metadata["Materials"]["zh"] == ["青铜", "sea glass"]
    assert metadata["Materials"]["en"] == ["bronze", "sea glass"]
    assert metadata["Object type"]["ar"] == ["إناء"]
    exported = client.get("/api/v1/search/export?format=csv&lang=zh").get_data(as_text=True)
    assert "青铜; sea glass" in exported and "器皿" in exported

