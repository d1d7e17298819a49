"""Reading Presentation 2.1 and 3.0 manifests into our object metadata and remote image services."""

import json
from pathlib import Path

import pytest

from iiif.harvest import HarvestError, parse_manifest

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name):
    return json.loads((FIXTURES / name).read_text())


def test_a_presentation_2_manifest():
    harvested = parse_manifest(fixture("manifest-2.1.json"))

    assert harvested["source"] == {"manifest": "https://museum.example/iiif/2/ewer-17/manifest", "version": "2.1"}
    assert harvested["accession"] == "EW-17"
    assert harvested["metadata"] == {
        "title": {"en": ["Ewer with a phoenix head"], "ru": ["Кувшин с головой феникса"]},
        "description": {"none": ["A glazed stoneware ewer & its lid."]},
        "creator": {"en": ["Unknown potter"]},
        "culture": {"none": ["Tang dynasty"]},
        "materials": ["stoneware", "glaze"],
        "object_type": "ewer",
        "dimensions": "H. 38.5 cm",
        "rights": "http://creativecommons.org/licenses/by-nc/4.0/",
        "credit_line": {"none": ["Museum of the Example Oasis"]},
        "homepage": "https://museum.example/collection/EW-17",
    }


def test_presentation_2_image_services_with_their_sizes_and_the_default_of_a_choice():
    harvested = parse_manifest(fixture("manifest-2.1.json"))

    assert harvested["remote_images"] == [
        {"service": "https://images.museum.example/iiif/2/ewer-17-front", "service_type": "ImageService2",
         "profile": "http://iiif.io/api/image/2/level1.json", "width": 3000, "height": 4000, "canvas": 1},
        {"service": "https://images.museum.example/iiif/2/ewer-17-back", "service_type": "ImageService2",
         "profile": "http://iiif.io/api/image/2/level2.json", "width": 3000, "height": 4100, "canvas": 2},
    ]
    # The plain photograph is an image to copy.
    assert harvested["static_images"] == [{"url": "https://museum.example/photos/box.jpg", "canvas": 3}]
    assert harvested["warnings"] == []


def test_a_presentation_3_manifest():
    harvested = parse_manifest(fixture("manifest-3.0.json"))

    assert harvested["source"]["version"] == "3.0"
    assert harvested["accession"] == "M-4"
    assert harvested["metadata"] == {
        "title": {"en": ["Bronze mirror with grapes"], "zh": ["海兽葡萄镜"]},
        "description": {"en": ["Cast bronze mirror."]},
        "creator": {"none": ["Workshop of Yangzhou"]},
        "materials": ["bronze"],
        "techniques": ["casting"],
        "keywords": ["grapes", "lions"],
        "rights": "http://rightsstatements.org/vocab/NoC-NC/1.0/",
        "credit_line": {"en": ["Oasis Museum"], "zh": ["绿洲博物馆"]},
        "homepage": "https://oasis.example/objects/M-4",
    }
    assert harvested["warnings"] == []


def test_presentation_3_image_services_of_both_image_api_versions_with_id_or_at_id():
    harvested = parse_manifest(fixture("manifest-3.0.json"))

    assert harvested["remote_images"] == [
        {"service": "https://images.oasis.example/iiif/3/mirror-4-face", "service_type": "ImageService3",
         "profile": "level2", "width": 5000, "height": 5000, "canvas": 1},
        # No size on the body: the canvas's size is the image's.
        {"service": "https://images.oasis.example/iiif/2/mirror-4-back", "service_type": "ImageService2",
         "profile": "http://iiif.io/api/image/2/level2.json", "width": 2400, "height": 2400, "canvas": 2},
    ]
    assert harvested["static_images"] == []


def test_a_license_that_is_not_creative_commons_or_rightsstatements_is_reported_not_taken():
    document = fixture("manifest-2.1.json")
    document["license"] = "https://museum.example/terms-of-use"
    harvested = parse_manifest(document)

    assert "rights" not in harvested["metadata"]
    assert harvested["warnings"][0] == (
        "the manifest's license https://museum.example/terms-of-use is not a Creative Commons or "
        "RightsStatements.org URI; give the object's rights with the import"
    )


def test_a_manifest_that_shows_nothing_is_refused_rather_than_made_an_empty_object():
    with pytest.raises(HarvestError, match="show nothing") as error:
        parse_manifest({"@context": "http://iiif.io/api/presentation/3/context.json",
                        "id": "https://x.example/m", "type": "Manifest", "label": {"en": ["Lid"]}, "items": []})
    assert error.value.status == 422


def test_a_manifest_that_paints_a_3d_model_is_refused_with_the_reason():
    with pytest.raises(HarvestError, match="3D model") as error:
        parse_manifest({"id": "https://x.example/m", "type": "Manifest", "label": {"en": ["Lid"]}, "items": [
            {"id": "https://x.example/c", "type": "Canvas", "items": [{"id": "https://x.example/p",
             "type": "AnnotationPage", "items": [{"id": "https://x.example/a", "type": "Annotation",
                                                  "motivation": "painting", "target": "https://x.example/c",
                                                  "body": {"id": "https://x.example/lid.glb", "type": "Model"}}]}]}]})
    assert error.value.status == 422


@pytest.mark.parametrize("document, message", [
    (fixture("collection-3.0.json"), "not a IIIF manifest"),
    ([], "not a IIIF manifest"),
    ({"label": "no type"}, "not a IIIF manifest"),
    (fixture("manifest-without-label-3.0.json"), "has no label"),
    ({"@type": "sc:Manifest", "label": [{"@value": "  "}]}, "has no label"),
])
def test_documents_that_are_not_usable_manifests_are_refused(document, message):
    with pytest.raises(HarvestError, match=message) as error:
        parse_manifest(document)
    assert error.value.status == 422


def test_malformed_parts_are_skipped_rather_than_crashing():
    harvested = parse_manifest({
        "@type": "sc:Manifest", "label": "Odd", "metadata": ["x", {"label": 3}],
        "sequences": [{"canvases": ["not a canvas", {"images": [{"resource": {"service": {"@id": "ftp://x"}}}]},
                                    {"images": [{"resource": {"@id": "https://x.example/odd.jpg",
                                                              "service": {"@id": "ftp://x"}}}]}]}],
    })

    assert harvested["metadata"] == {"title": {"none": ["Odd"]}}
    assert harvested["remote_images"] == []
    # An image with an http URL and no usable service is one to copy.
    assert harvested["static_images"] == [{"url": "https://x.example/odd.jpg", "canvas": 2}]
    assert harvested["warnings"] == []


def test_a_navplace_features_label_is_kept_in_every_language_as_the_places_label():
    manifest = fixture("cookbook/navplace.json")
    manifest["navPlace"]["features"][0]["properties"]["label"] = {
        "en": ["Panjakent"], "ru": ["Пенджикент"], "zh-Hans": ["片治肯特"], "tg": ["Панҷакент " + "x" * 300]}
    place = parse_manifest(manifest)["metadata"]["place"]
    assert place["lat"] == 39.49 and place["lon"] == 67.6
    assert place["label"]["en"] == ["Panjakent"] and place["label"]["zh-Hans"] == ["片治肯特"]
    assert len(place["label"]["tg"][0]) == 200  # within the API's bound on a place's label
    assert "name" not in place  # it follows from the label
