"""The platform served as in production with its images in each storage: granian, and nginx in
front with the project's site for that storage (scripts/nginx-site.conf for a local directory,
scripts/nginx-s3-site.conf for a bucket). An image uploaded through the API is read back as
tiles, renderings and a manifest, from the application and through nginx, whose tile path has
no Python in it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from PIL import Image

from benchmarks.nginx import main_config
from tests.conftest import REPO, image_bytes, stop_process_group, unused_port, wait_until
from tests.storage.conftest import on_prefix
from tests.test_serving import OBJECT, a_served_museum


def site_config(kind: str, listen: str, upstream: str, data_dir: Path, storage_url: str, work: Path) -> str:
    """The project's nginx site for the storage, its markers replaced."""
    if kind == "local":
        site = (REPO / "scripts" / "nginx-site.conf").read_text()
        return site.replace("@IMAGE_DIR@", str(data_dir / "images")).replace(
            "@LISTEN@", listen).replace("@UPSTREAM@", upstream)
    bucket = urlsplit(storage_url)
    endpoint = urlsplit(dict(part.split("=", 1) for part in bucket.query.split("&"))["endpoint"])
    site = (REPO / "scripts" / "nginx-s3-site.conf").read_text()
    return (site.replace("@LISTEN@", listen).replace("@UPSTREAM@", upstream).replace("@S3@", endpoint.netloc)
            .replace("@STORE_PATH@", f"/{bucket.netloc}{bucket.path.rstrip('/')}/images")
            .replace("@CACHE_DIR@", str(work / "tiles-cache")))


@contextmanager
def nginx(site: str, work: Path) -> Iterator[None]:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        pytest.skip("nginx is not installed (scripts/system-packages.sh installs it)")
    config = main_config(work, site, connections=256)
    checked = subprocess.run([binary, "-t", "-c", str(config), "-e", str(work / "error.log")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen([binary, "-c", str(config), "-e", str(work / "error.log")], start_new_session=True)
    try:
        yield
    finally:
        stop_process_group(server)


@pytest.fixture(scope="module", params=["local", "s3"])
def served(request, tmp_path_factory) -> Iterator[dict]:
    """The app on granian, a contributor's header, and nginx in front with the storage's site."""
    data_dir = tmp_path_factory.mktemp(f"served-{request.param}")
    storage_url = ""
    if request.param == "s3":  # (which sets the server's credentials in the environment)
        storage_url = on_prefix(request.getfixturevalue("s3_url"), f"served-{uuid.uuid4().hex}")
    # As in production: nginx sends what the application names in X-Accel-Redirect.
    environment = {**os.environ, "DATA_DIR": str(data_dir), "SEARCH_BACKEND": "embedded",
                   "ACCEL_REDIRECT_PREFIX": "/_store/", "STORAGE_URL": storage_url}
    with a_served_museum(environment, data_dir / "server.log") as (base, contributor):
        port = unused_port()
        site = site_config(request.param, f"127.0.0.1:{port}", base.removeprefix("http://"), data_dir, storage_url,
                           data_dir / "nginx")
        with nginx(site, data_dir / "nginx"):
            front = f"http://127.0.0.1:{port}"
            wait_until(lambda: answers(f"{front}/healthz"), 60, "nginx does not answer")
            yield {"kind": request.param, "app": base, "nginx": front, "data_dir": data_dir,
                   "contributor": contributor}


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).ok
    except requests.ConnectionError:
        return False


@pytest.fixture(scope="module")
def uploaded(served) -> dict:
    """An object with a 1200 x 800 image, uploaded through the application: its info.json."""
    base, contributor = served["app"], served["contributor"]
    stored = requests.put(f"{base}/api/v1/museums/nmc/objects/S-1", json=OBJECT, headers=contributor, timeout=30)
    assert stored.status_code == 201, stored.text
    answer = requests.post(f"{base}/api/v1/museums/nmc/objects/S-1/images", headers=contributor,
                           files={"file": ("jar.jpg", image_bytes(1200, 800), "image/jpeg")}, timeout=120)
    assert answer.status_code == 201, answer.text
    return {"object": stored.json(), "info": requests.get(answer.json()["info"], timeout=30).json()}


def test_the_images_are_where_the_storage_url_says(served, uploaded):
    image_id = uploaded["info"]["id"].rsplit("/", 1)[1]
    on_disk = served["data_dir"] / "images" / "images" / image_id[:2] / image_id / "image.json"
    assert on_disk.is_file() == (served["kind"] == "local")


def test_tiles_renderings_and_the_manifest_come_from_the_application(served, uploaded):
    info = uploaded["info"]
    assert (info["width"], info["height"]) == (1200, 800)
    image_id = info["id"].rsplit("/", 1)[1]
    tile = requests.get(f"{info['id']}/0,0,512,512/512,512/0/default.jpg", timeout=30)
    assert tile.headers["X-Accel-Redirect"] == f"/_store/images/{image_id[:2]}/{image_id}/tiles/0,0,512,512_512,512.jpg"
    region = requests.get(f"{info['id']}/100,100,600,400/300,/0/default.png", timeout=30)
    assert region.status_code == 200 and Image.open(io.BytesIO(region.content)).size == (300, 200)
    manifest = requests.get(uploaded["object"]["manifest"], timeout=30).json()
    assert manifest["items"][0]["items"][0]["items"][0]["body"]["service"][0]["id"] == info["id"]


def test_nginx_sends_tiles_without_the_application_and_keeps_its_answers(served, uploaded):
    info = uploaded["info"]
    path = urlsplit(info["id"]).path
    tile = requests.get(f"{served['nginx']}{path}/512,0,512,512/512,512/0/default.jpg", timeout=30)
    assert tile.status_code == 200 and Image.open(io.BytesIO(tile.content)).size == (512, 512)
    assert tile.headers["Content-Type"] == "image/jpeg"
    assert tile.headers["Access-Control-Allow-Origin"] == "*"
    assert "immutable" in tile.headers["Cache-Control"]
    if served["kind"] == "s3":
        assert tile.headers["X-Cache-Status"] == "MISS" and not any(h.startswith("x-amz") for h in tile.headers)
        again = requests.get(f"{served['nginx']}{path}/512,0,512,512/512,512/0/default.jpg", timeout=30)
        assert again.headers["X-Cache-Status"] == "HIT" and again.content == tile.content
    # Not a stored tile: the application renders it, then names its cached copy for nginx to send.
    for _ in range(2):
        region = requests.get(f"{served['nginx']}{path}/0,0,600,400/300,/0/default.jpg", timeout=30)
        assert region.status_code == 200 and Image.open(io.BytesIO(region.content)).size == (300, 200)
        assert region.headers["Access-Control-Allow-Origin"] == "*"
    assert requests.get(f"{served['nginx']}{path}/info.json", timeout=30).json()["width"] == 1200
    unknown = requests.get(f"{served['nginx']}/iiif/3/{'0' * 64}/0,0,512,512/512,512/0/default.jpg", timeout=30)
    assert unknown.status_code == 404 and unknown.headers["Content-Type"] == "application/problem+json"


def test_a_bucket_store_can_answer_with_redirects_to_signed_urls(s3_url, tmp_path):
    from flask import Flask, request

    from iiif.image.http import image_api_blueprint
    from iiif.image.store import ImageStore
    from storage import open_storage

    store = ImageStore(open_storage(on_prefix(s3_url, f"signed-{uuid.uuid4().hex}"), tmp_path), max_pixels=10_000_000)
    app = Flask(__name__)
    app.register_blueprint(image_api_blueprint(lambda: store, lambda: request.host_url.rstrip("/"),
                                               redirect_seconds=60))
    picture = store.ingest(image_bytes(600, 400))
    for path in ("0,0,512,400/512,/0/default.jpg", "0,0,300,200/150,/0/default.png"):
        client = app.test_client()
        first = client.get(f"/iiif/3/{picture.id}/{path}")
        if first.status_code == 200:  # a rendering made now is sent at once; the next is a redirect
            first = client.get(f"/iiif/3/{picture.id}/{path}")
        assert first.status_code == 302 and first.headers["Access-Control-Allow-Origin"] == "*"
        signed = requests.get(first.headers["Location"], timeout=30)
        assert signed.status_code == 200 and signed.headers["Content-Type"].startswith("image/")
        Image.open(io.BytesIO(signed.content)).load()
