"""An object's manifest: a canvas per image, metadata in every language, rights, attribution, provider, links."""

import pytest
from iiif_records import BASE, NMC, assert_valid, bare_record, image, record

from iiif.manifests import object_manifest


def test_an_object_with_one_image_has_one_canvas_painted_with_the_image_and_its_service():
    obj = record(images=1)
    manifest = object_manifest(obj, BASE)

    assert_valid(manifest)
    # The object has a place: the navPlace extension's context comes first.
    assert manifest["@context"] == ["http://iiif.io/api/extension/navplace/context.json",
                                    "http://iiif.io/api/presentation/3/context.json"]
    assert manifest["id"] == f"{BASE}/iiif/3/objects/{obj['id']}/manifest"
    [canvas] = manifest["items"]
    image = obj["images"][0]
    assert (canvas["width"], canvas["height"]) == (image["width"], image["height"])
    [page] = canvas["items"]
    [painting] = page["items"]
    assert painting["motivation"] == "painting"
    assert painting["target"] == canvas["id"]
    body = painting["body"]
    assert body["id"] == f"{BASE}/iiif/3/{image['id']}/full/max/0/default.jpg"
    assert body["format"] == "image/jpeg"
    assert body["service"] == [{"id": f"{BASE}/iiif/3/{image['id']}", "type": "ImageService3", "profile": "level2"}]


def test_an_object_with_many_images_has_a_canvas_per_image_in_order_with_distinct_ids():
    obj = record(images=12)
    manifest = object_manifest(obj, BASE)

    assert_valid(manifest)
    bodies = [canvas["items"][0]["items"][0]["body"]["id"] for canvas in manifest["items"]]
    assert bodies == [f"{BASE}/iiif/3/{image['id']}/full/max/0/default.jpg" for image in obj["images"]]
    ids = [canvas["id"] for canvas in manifest["items"]]
    assert len(set(ids)) == 12
    pages = [canvas["items"][0] for canvas in manifest["items"]]
    annotation_ids = [page["id"] for page in pages] + [page["items"][0]["id"] for page in pages]
    assert len(set(annotation_ids)) == 24


def test_label_summary_and_metadata_keep_every_language_the_object_has():
    manifest = object_manifest(record(), BASE)

    assert manifest["label"] == {"en": ["Jar with dragon"], "zh": ["龙纹罐"], "fr": ["Jarre au dragon"]}
    assert manifest["summary"] == {"en": ["A glazed jar."], "zh": ["釉陶罐。"]}
    metadata = {entry["label"]["en"][0]: entry["value"] for entry in manifest["metadata"]}
    assert metadata == {
        "Creator": {"en": ["Unknown potter"]},
        "Culture": {"en": ["Western Han"], "zh": ["西汉"]},
        "Date": {"none": ["c. 200 BCE"]},
        "Object type": {"none": ["vessel"]},
        "Materials": {"none": ["earthenware", "glaze"]},
        "Techniques": {"none": ["moulding"]},
        "Place": {"none": ["Chang'an"]},
        "Dimensions": {"none": ["H. 32 cm"]},
        "Accession number": {"none": ["GB-1985.12"]},
        "Museum": {"en": ["National Museum of China"], "zh": ["中国国家博物馆"]},
    }


def test_contributors_text_holding_markup_characters_is_shown_as_text_not_html():
    """A value that starts with < and ends with > is HTML to clients (Mirador renders every value
    as HTML): plain text with < or & goes escaped in a span, other text as it is; labels stay plain."""
    trap = '<img src=x onerror="alert(1)">'
    manifest = object_manifest(record(title={"en": [trap]}, description={"en": ["Ming & Qing <b>vases</b>"]},
                                      creator={"en": [trap]}, credit_line={"en": ["Gift of A & B"]}), BASE)

    assert_valid(manifest)
    assert manifest["label"] == {"en": [trap]}
    assert manifest["summary"] == {"en": ["<span>Ming &amp; Qing &lt;b&gt;vases&lt;/b&gt;</span>"]}
    metadata = {entry["label"]["en"][0]: entry["value"] for entry in manifest["metadata"]}
    assert metadata["Creator"] == {"en": ['<span>&lt;img src=x onerror="alert(1)"&gt;</span>']}
    assert metadata["Place"] == {"none": ["Chang'an"]}
    assert manifest["requiredStatement"]["value"] == {"en": ["<span>Gift of A &amp; B</span>"]}


def test_rights_attribution_provider_homepage_see_also_and_part_of():
    obj = record()
    manifest = object_manifest(obj, BASE)

    assert manifest["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert manifest["requiredStatement"] == {
        "label": {"en": ["Attribution"]}, "value": {"en": ["Gift of the Li family, 1985"]}}
    [provider] = manifest["provider"]
    assert provider["type"] == "Agent"
    assert provider["label"] == NMC["name"]
    assert provider["homepage"][0]["id"] == "https://nmc.example/"
    assert provider["logo"] == [{"id": "https://nmc.example/logo.png", "type": "Image", "format": "image/png"}]
    assert manifest["homepage"][0]["id"] == "https://nmc.example/collection/GB-1985.12"
    assert manifest["homepage"][1]["id"] == f"{BASE}/objects/{obj['id']}"
    assert manifest["seeAlso"][0]["id"] == f"{BASE}/api/v1/objects/{obj['id']}"
    assert manifest["seeAlso"][0]["format"] == "application/json"
    assert manifest["partOf"][0]["id"] == f"{BASE}/iiif/3/museums/nmc/collection"
    assert manifest["partOf"][0]["type"] == "Collection"


def test_the_thumbnail_is_the_first_image_fitted_in_400_pixels_with_its_service():
    obj = record(images=3)
    manifest = object_manifest(obj, BASE)

    [thumb] = manifest["thumbnail"]
    first = obj["images"][0]
    assert thumb["id"] == f"{BASE}/iiif/3/{first['id']}/full/400,/0/default.jpg"
    assert (thumb["width"], thumb["height"]) == (400, round(first["height"] * 400 / first["width"]))
    assert thumb["service"][0]["id"] == f"{BASE}/iiif/3/{first['id']}"


def test_an_object_with_no_optional_field_gives_a_minimal_valid_manifest():
    obj = bare_record()
    manifest = object_manifest(obj, BASE)

    assert_valid(manifest)
    assert "summary" not in manifest
    assert [entry["label"]["en"][0] for entry in manifest["metadata"]] == ["Accession number", "Museum"]
    assert manifest["rights"] == "http://rightsstatements.org/vocab/InC/1.0/"
    # Without a credit line the museum is credited; without a homepage only the platform's page is linked.
    assert manifest["requiredStatement"]["value"] == {"uz": ["Samarqand davlat muzeyi"]}
    assert [page["id"] for page in manifest["homepage"]] == [f"{BASE}/objects/{obj['id']}"]
    assert "homepage" not in manifest["provider"][0] and "logo" not in manifest["provider"][0]


def test_an_object_without_images_still_opens_as_one_empty_canvas():
    manifest = object_manifest(bare_record(images=0), BASE)

    assert_valid(manifest)
    [canvas] = manifest["items"]
    assert canvas["items"] == []
    assert canvas["label"] == {"en": ["No image yet"]}
    assert "thumbnail" not in manifest


@pytest.mark.parametrize("given, expected", [
    ("https://creativecommons.org/publicdomain/zero/1.0/", "http://creativecommons.org/publicdomain/zero/1.0/"),
    ("http://rightsstatements.org/vocab/NoC-US/1.0", "http://rightsstatements.org/vocab/NoC-US/1.0/"),
])
def test_rights_are_written_in_the_http_form_iiif_requires(given, expected):
    manifest = object_manifest(record(rights=given), BASE)

    assert_valid(manifest)
    assert manifest["rights"] == expected


def test_a_rights_uri_iiif_does_not_accept_is_shown_as_metadata_instead():
    manifest = object_manifest(record(rights="https://museum.example/terms"), BASE)

    assert_valid(manifest)
    assert "rights" not in manifest
    assert {"label": {"en": ["Rights"]}, "value": {"none": ["https://museum.example/terms"]}} in manifest["metadata"]


def test_language_tags_the_schema_does_not_accept_fall_back_to_their_primary_language():
    manifest = object_manifest(record(title={"es-419": ["Jarra"], "en": ["Jar"]}), BASE)

    assert_valid(manifest)
    assert manifest["label"] == {"es": ["Jarra"], "en": ["Jar"]}


def test_imported_images_are_served_from_their_museums_own_image_servers():
    remote_2 = {**image("remote-2", 3000, 4000), "service": "https://images.museum.example/iiif/2/ewer-front",
                "service_type": "ImageService2", "profile": "http://iiif.io/api/image/2/level2.json"}
    remote_3 = {**image("remote-3", 5000, 5000), "service": "https://images.oasis.example/iiif/3/mirror",
                "service_type": "ImageService3"}
    ours = {**image("ours"), "service": f"{BASE}/iiif/3/{image('ours')['id']}", "service_type": "ImageService3"}
    obj = record(images=0)
    obj["images"] = [remote_2, remote_3, ours]
    manifest = object_manifest(obj, BASE)

    assert_valid(manifest)
    bodies = [canvas["items"][0]["items"][0]["body"] for canvas in manifest["items"]]
    assert bodies[0]["id"] == "https://images.museum.example/iiif/2/ewer-front/full/full/0/default.jpg"
    assert bodies[0]["service"] == [{"@id": "https://images.museum.example/iiif/2/ewer-front", "@type": "ImageService2",
                                     "profile": "http://iiif.io/api/image/2/level2.json"}]
    assert bodies[1]["id"] == "https://images.oasis.example/iiif/3/mirror/full/max/0/default.jpg"
    # A remote server that states no profile is only trusted with level 1 requests.
    assert bodies[1]["service"] == [{"id": "https://images.oasis.example/iiif/3/mirror", "type": "ImageService3",
                                     "profile": "level1"}]
    assert bodies[2]["service"][0]["profile"] == "level2"
    assert manifest["thumbnail"][0]["id"] == "https://images.museum.example/iiif/2/ewer-front/full/300,/0/default.jpg"


def test_an_image_api_1_1_service_is_referenced_with_its_version_level_and_native_quality():
    remote = {"id": "a" * 64, "width": 1500, "height": 1800, "service": "https://img.example/iiif/1/lute",
              "service_type": "ImageService1"}
    manifest = object_manifest(record(images=0) | {"images": [remote]}, BASE)

    assert_valid(manifest)
    body = manifest["items"][0]["items"][0]["items"][0]["body"]
    assert body["id"] == "https://img.example/iiif/1/lute/full/full/0/native.jpg"
    assert body["service"] == [{"@id": "https://img.example/iiif/1/lute", "@type": "ImageService1",
                                "profile": "http://library.stanford.edu/iiif/image-api/1.1/compliance.html#level1"}]
    assert manifest["thumbnail"][0]["id"].endswith("/0/native.jpg")
