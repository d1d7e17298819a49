"""The Image API over HTTP: a tiny Flask app with the blueprint, real images in a temporary store."""

import io
import logging
import sys
from pathlib import Path

import pytest
from flask import Flask, request
from PIL import Image

from iiif.image import render as render_module
from iiif.image.http import image_api_blueprint
from iiif.image.request import ImageLimits
from iiif.image.store import ImageStore

COLOURS = {
    "top_left": (220, 30, 30), "top_right": (30, 200, 30), "bottom_left": (30, 30, 220), "bottom_right": (240, 240, 20),
}

_opened: list[str] | None = None


def _record_open(event, args):
    if event == "open" and _opened is not None and isinstance(args[0], (str, bytes, Path)):
        _opened.append(str(args[0]))


sys.addaudithook(_record_open)


def quadrants(width=600, height=400) -> Image.Image:
    """Four coloured quadrants: where a region comes from is visible in its colour."""
    image = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    image.paste(COLOURS["top_left"], (0, 0, half_w, half_h))
    image.paste(COLOURS["top_right"], (half_w, 0, width, half_h))
    image.paste(COLOURS["bottom_left"], (0, half_h, half_w, height))
    image.paste(COLOURS["bottom_right"], (half_w, half_h, width, height))
    return image


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def make_app(store: ImageStore, accel_redirect_prefix: str = "", limits: ImageLimits = ImageLimits()) -> Flask:
    app = Flask(__name__)
    app.register_blueprint(image_api_blueprint(lambda: store, lambda: request.host_url.rstrip("/"),
                                               accel_redirect_prefix, limits))
    return app


@pytest.fixture
def store(tmp_path):
    return ImageStore(tmp_path / "store", max_pixels=10_000_000, tile_size=256, cache_bytes=10_000_000)


@pytest.fixture
def picture(store):
    return store.ingest(png(quadrants()))


@pytest.fixture
def client(store):
    return make_app(store).test_client()


def decoded(response) -> Image.Image:
    return Image.open(io.BytesIO(response.data))


def close_to(colour, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_info_json_describes_the_image_service(client, picture):
    response = client.get(f"/iiif/3/{picture.id}/info.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert '<http://iiif.io/api/image/3/level2.json>;rel="profile"' in response.headers["Link"]
    info = response.get_json(force=True)
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["id"] == f"http://localhost/iiif/3/{picture.id}"
    assert (info["type"], info["protocol"], info["profile"]) == ("ImageService3", "http://iiif.io/api/image", "level2")
    assert (info["width"], info["height"]) == (600, 400)
    assert info["tiles"] == [{"width": 256, "height": 256, "scaleFactors": [1, 2, 4]}]
    assert info["sizes"] == [
        {"width": 150, "height": 100}, {"width": 300, "height": 200}, {"width": 600, "height": 400},
    ]
    assert {"maxWidth", "maxHeight", "maxArea"} <= info.keys()
    assert "webp" in info["extraFormats"]
    assert {"mirroring", "rotationArbitrary", "regionSquare", "sizeUpscaling"} <= set(info["extraFeatures"])
    assert response.headers["ETag"] and response.headers["Last-Modified"]


def test_info_json_follows_the_host_it_is_asked_on(client, picture):
    info = client.get(f"/iiif/3/{picture.id}/info.json", base_url="https://museum.example").get_json(force=True)
    assert info["id"] == f"https://museum.example/iiif/3/{picture.id}"


def test_the_base_uri_redirects_to_info_json(client, picture):
    response = client.get(f"/iiif/3/{picture.id}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"http://localhost/iiif/3/{picture.id}/info.json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_an_image_response_carries_canonical_link_cors_and_caching(client, picture):
    response = client.get(f"/iiif/3/{picture.id}/pct:0,0,50,50/150,/0/default.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    canonical = f"http://localhost/iiif/3/{picture.id}/0,0,300,200/150,100/0/default.jpg"
    assert f'<{canonical}>;rel="canonical"' in response.headers["Link"]
    assert 'rel="profile"' in response.headers["Link"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    image = decoded(response)
    assert image.size == (150, 100) and close_to(image.getpixel((75, 50)), COLOURS["top_left"])


@pytest.mark.parametrize("path, size, probe, colour", [
    ("full/max/0/default.png", (600, 400), (450, 300), "bottom_right"),
    ("square/100,100/0/default.png", (100, 100), (10, 10), "top_left"),
    ("300,0,300,200/max/0/default.png", (300, 200), (150, 100), "top_right"),
    ("full/max/90/default.png", (400, 600), (300, 50), "top_left"),  # turned clockwise
    ("full/max/180/default.png", (600, 400), (50, 50), "bottom_right"),
    ("full/max/270/default.png", (400, 600), (50, 50), "top_right"),
    ("full/max/!0/default.png", (600, 400), (50, 50), "top_right"),  # mirrored
    ("full/!60,60/0/default.png", (60, 40), (5, 5), "top_left"),
    ("full/^1200,/0/default.png", (1200, 800), (1100, 700), "bottom_right"),
])
def test_regions_sizes_and_rotations(client, picture, path, size, probe, colour):
    response = client.get(f"/iiif/3/{picture.id}/{path}")
    assert response.status_code == 200, response.data
    image = decoded(response).convert("RGB")
    assert image.size == size
    assert close_to(image.getpixel(probe), COLOURS[colour])


def test_arbitrary_rotation_widens_the_canvas_with_a_transparent_background(client, picture):
    image = decoded(client.get(f"/iiif/3/{picture.id}/full/max/45/default.png"))
    assert image.size[0] > 700 and image.size[1] > 700
    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


@pytest.mark.parametrize("quality, mode", [("gray", "L"), ("bitonal", "1"), ("color", "RGB"), ("default", "RGB")])
def test_qualities(client, picture, quality, mode):
    assert decoded(client.get(f"/iiif/3/{picture.id}/full/100,/0/{quality}.png")).mode == mode


@pytest.mark.parametrize("format, pillow_format, media_type", [
    ("jpg", "JPEG", "image/jpeg"), ("png", "PNG", "image/png"), ("webp", "WEBP", "image/webp"),
    ("gif", "GIF", "image/gif"), ("tif", "TIFF", "image/tiff"),
])
def test_formats(client, picture, format, pillow_format, media_type):
    response = client.get(f"/iiif/3/{picture.id}/full/100,/0/default.{format}")
    assert response.mimetype == media_type
    assert decoded(response).format == pillow_format


@pytest.mark.parametrize("size", ["256,", "256,256", ",256"])
def test_a_viewer_tile_request_is_the_pyramid_file(client, store, picture, size):
    response = client.get(f"/iiif/3/{picture.id}/256,0,256,256/{size}/0/default.jpg")
    assert response.status_code == 200
    assert response.data == store.tile_path(picture, 1, 1, 0).read_bytes()
    edge = client.get(f"/iiif/3/{picture.id}/512,256,88,144/88,/0/default.jpg")
    assert edge.data == store.tile_path(picture, 1, 2, 1).read_bytes()
    whole = client.get(f"/iiif/3/{picture.id}/full/150,100/0/default.jpg")
    assert whole.data == store.tile_path(picture, 4, 0, 0).read_bytes()


def test_a_size_a_pixel_off_in_both_dimensions_is_rendered_not_served_as_a_tile(client, store, picture):
    # The whole image is one tile of 150 x 100 at scale factor 4: "151,101" is another size, not
    # a rounding of it (the validator asks such sizes at random; ",501" once came back 500 x 500).
    tile = store.tile_path(picture, 4, 0, 0).read_bytes()
    assert client.get(f"/iiif/3/{picture.id}/full/150,101/0/default.jpg").data == tile
    assert client.get(f"/iiif/3/{picture.id}/full/151,100/0/default.jpg").data == tile
    answer = client.get(f"/iiif/3/{picture.id}/full/151,101/0/default.jpg")
    assert answer.data != tile and decoded(answer).size == (151, 101)


def test_large_images_are_read_from_the_pyramid_not_the_master(client, store, picture, monkeypatch):
    monkeypatch.setattr(render_module, "MASTER_PIXELS", 0)
    store.master_path(picture.id).write_bytes(b"the master is not needed")
    response = client.get(f"/iiif/3/{picture.id}/280,180,60,60/30,/0/default.png")
    assert response.status_code == 200
    image = decoded(response).convert("RGB")
    assert close_to(image.getpixel((5, 5)), COLOURS["top_left"])
    assert close_to(image.getpixel((25, 25)), COLOURS["bottom_right"])
    small = decoded(client.get(f"/iiif/3/{picture.id}/full/!100,100/0/default.png")).convert("RGB")
    assert small.size == (100, 67) and close_to(small.getpixel((80, 60)), COLOURS["bottom_right"])


def test_rendered_results_are_kept_in_the_disk_cache(client, store, picture):
    path = f"/iiif/3/{picture.id}/10,10,100,100/50,/0/gray.png"
    first = client.get(path)
    assert store.cache.total_bytes() == len(first.data)
    store.master_path(picture.id).write_bytes(b"damaged after the first request")
    second = client.get(path)
    assert second.status_code == 200 and second.data == first.data


def test_the_pages_webp_pictures_are_rendered_once_and_kept_in_the_disk_cache(client, store, picture):
    """The pages offer their cards and stills as WebP (<picture>): a size that is no pyramid tile is
    rendered, sent as image/webp, and kept like any other rendering; the next request reads it."""
    assert "webp" in client.get(f"/iiif/3/{picture.id}/info.json").get_json(force=True)["extraFormats"]
    path = f"/iiif/3/{picture.id}/full/240,/0/default.webp"
    first = client.get(path)
    assert first.status_code == 200 and first.mimetype == "image/webp"
    shown = decoded(first)
    assert shown.format == "WEBP" and shown.size == (240, 160)
    assert close_to(shown.convert("RGB").getpixel((5, 5)), COLOURS["top_left"])
    assert store.cache.total_bytes() == len(first.data)
    # Where the JPEG would be a pyramid tile (the whole image at a quarter), the WebP is rendered.
    quarter = client.get(f"/iiif/3/{picture.id}/full/150,100/0/default.webp")
    assert quarter.mimetype == "image/webp" and decoded(quarter).format == "WEBP"
    store.master_path(picture.id).write_bytes(b"damaged after the first requests")
    second = client.get(path)
    assert second.status_code == 200 and second.data == first.data and second.mimetype == "image/webp"


def test_conditional_requests_get_304(client, picture):
    path = f"/iiif/3/{picture.id}/full/max/0/default.jpg"
    first = client.get(path)
    by_etag = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert by_etag.status_code == 304 and by_etag.data == b""
    assert by_etag.headers["ETag"] == first.headers["ETag"]
    by_date = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    info = client.get(f"/iiif/3/{picture.id}/info.json")
    again = client.get(f"/iiif/3/{picture.id}/info.json", headers={"If-None-Match": info.headers["ETag"]})
    assert again.status_code == 304


def test_head_answers_headers_only(client, picture):
    response = client.head(f"/iiif/3/{picture.id}/full/max/0/default.jpg")
    assert response.status_code == 200 and response.data == b""
    assert response.headers["ETag"] and response.mimetype == "image/jpeg"


@pytest.mark.parametrize("path, parameter", [
    ("nonsense/max/0/default.jpg", "region"),
    ("600,0,10,10/max/0/default.jpg", "region"),  # outside the image
    ("0,0,0,10/max/0/default.jpg", "region"),
    ("full/big/0/default.jpg", "size"),
    ("full/full/0/default.jpg", "size"),  # Image API 2 syntax
    ("full/601,/0/default.jpg", "size"),  # upscaling without ^
    ("full/pct:150/0/default.jpg", "size"),
    ("full/^20000,/0/default.jpg", "size"),  # over maxWidth
    ("full/max/45deg/default.jpg", "rotation"),
    ("full/max/400/default.jpg", "rotation"),
    ("full/max/0/native.jpg", "quality"),
    ("full/max/0/default.bmp", "format"),
    ("full/max/0/default", "format"),
    ("full/\uff11\uff10\uff10,/0/default.jpg", "size"),  # fullwidth digits: the grammar is ASCII
    ("full/\u0661\u0660\u0660,/0/default.jpg", "size"),  # Arabic-Indic digits
    ("0,0,\uff11\u0660,10/max/0/default.jpg", "region"),
    ("full/max/\uff19\uff10/default.jpg", "rotation"),
])
def test_bad_parameters_are_400_problems_naming_the_parameter(client, picture, path, parameter):
    response = client.get(f"/iiif/3/{picture.id}/{path}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json(force=True)
    assert problem["status"] == 400 and problem["parameter"] == parameter
    assert parameter in problem["title"].lower() and problem["detail"] and problem["type"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["full/max/0/default", "full/max/0/default.", "full/max/0/.jpg"])
def test_a_missing_format_is_named_with_the_path_it_should_have(client, picture, path):
    problem = client.get(f"/iiif/3/{picture.id}/{path}").get_json(force=True)
    assert problem["detail"] == "the format is missing: default.jpg, for example"


def test_limits_come_from_the_blueprint(store, picture):
    client = make_app(store, limits=ImageLimits(max_width=300, max_height=300, max_area=90_000)).test_client()
    assert decoded(client.get(f"/iiif/3/{picture.id}/full/max/0/default.jpg")).size == (300, 200)
    assert client.get(f"/iiif/3/{picture.id}/full/400,/0/default.jpg").status_code == 400
    assert client.get(f"/iiif/3/{picture.id}/info.json").get_json(force=True)["maxWidth"] == 300


def test_unknown_images_are_404_problems(client):
    for path in ["info.json", "full/max/0/default.jpg", ""]:
        response = client.get(f"/iiif/3/{'0' * 64}/{path}".rstrip("/"))
        assert response.status_code == 404
        assert response.get_json(force=True)["title"] == "Unknown image"


@pytest.mark.parametrize("identifier", [
    "..", "..%2F..%2Fsecret.png", "%2E%2E", "%2Fetc%2Fpasswd", "%252E%252E%252Fsecret.png",
    "a%2Fb", "..%5Csecret.png", "%00", "secret.png", "A" * 64,
])
def test_path_tricks_are_404_and_open_no_file_outside_the_store(client, store, picture, tmp_path, identifier):
    global _opened
    (tmp_path / "secret.png").write_bytes(png(quadrants(20, 20)))
    _opened = []
    try:
        responses = [client.get(f"/iiif/3/{identifier}{suffix}")
                     for suffix in ["", "/info.json", "/full/max/0/default.jpg", "/0,0,256,256/256,/0/default.jpg"]]
    finally:
        opened, _opened = _opened, None
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    library = (Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve())
    outside = [p for p in opened
               if not Path(p).resolve().is_relative_to(store.root) and not Path(p).resolve().is_relative_to(library[0])
               and not Path(p).resolve().is_relative_to(library[1])]
    assert outside == []


def test_a_damaged_master_is_a_logged_500(client, store, picture, caplog):
    master = store.master_path(picture.id)
    master.write_bytes(master.read_bytes()[:300])  # truncated on disk
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/iiif/3/{picture.id}/10,10,20,20/max/0/default.png")
    assert response.status_code == 500
    assert response.get_json(force=True)["status"] == 500
    assert any(picture.id in record.getMessage() for record in caplog.records)
    master.write_bytes(b"no image at all")
    assert client.get(f"/iiif/3/{picture.id}/10,10,30,30/max/0/default.png").status_code == 500


def test_production_mode_lets_the_web_server_send_stored_files(store, picture):
    client = make_app(store, accel_redirect_prefix="/_store/").test_client()
    tile = client.get(f"/iiif/3/{picture.id}/0,0,256,256/256,/0/default.jpg")
    assert tile.status_code == 200 and tile.data == b""
    image_dir = f"images/{picture.id[:2]}/{picture.id}"
    assert tile.headers["X-Accel-Redirect"] == f"/_store/{image_dir}/tiles/0,0,256,256_256,256.jpg"
    assert tile.mimetype == "image/jpeg" and tile.headers["ETag"] and "canonical" in tile.headers["Link"]
    path = f"/iiif/3/{picture.id}/10,10,100,100/50,/0/default.png"
    rendered = client.get(path)
    assert rendered.status_code == 200 and decoded(rendered).size == (50, 50)  # made now: sent at once
    cached = client.get(path)
    assert cached.data == b""
    assert cached.headers["X-Accel-Redirect"].startswith(f"/_store/cache/{picture.id[:2]}/{picture.id}/")
    assert (store.root / cached.headers["X-Accel-Redirect"].removeprefix("/_store/")).read_bytes() == rendered.data


def test_an_image_deleted_by_another_process_is_404(client, store, picture):
    assert client.get(f"/iiif/3/{picture.id}/info.json").status_code == 200  # now remembered
    other_process = ImageStore(store.root, max_pixels=10_000_000)
    other_process.delete(picture.id)
    assert client.get(f"/iiif/3/{picture.id}/info.json").status_code == 404
    assert client.get(f"/iiif/3/{picture.id}/0,0,256,256/256,/0/default.jpg").status_code == 404


def test_decoded_tiles_are_reused_across_regions(client, store, picture, monkeypatch):
    monkeypatch.setattr(render_module, "MASTER_PIXELS", 0)
    monkeypatch.setattr(render_module, "decoded_tiles", render_module.DecodedTiles(10_000_000))
    assert client.get(f"/iiif/3/{picture.id}/0,0,300,200/150,/0/default.png").status_code == 200
    for tile in (store.image_dir(picture.id) / "tiles").iterdir():
        tile.write_bytes(b"damaged after it was decoded")
    neighbour = client.get(f"/iiif/3/{picture.id}/10,10,290,190/145,/0/default.png")
    assert neighbour.status_code == 200
    assert close_to(decoded(neighbour).convert("RGB").getpixel((20, 20)), COLOURS["top_left"])
