"""Conformance: the official IIIF image validator passes at level 2 against our server on a loopback port."""

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from flask import Flask, request
from werkzeug.serving import WSGIRequestHandler, make_server

from iiif.image.http import image_api_blueprint
from iiif.image.store import ImageStore

# The validator's own test image; CI checks the shared folder out beside the repository.
TEST_IMAGE = Path(__file__).resolve().parents[2] / ".." / "shared" / "iiif" / "67352ccc-d1b0-11e1-89ae-279075081939.png"
VALIDATOR = Path(sys.executable).parent / "iiif-validate.py"


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture
def server(tmp_path):
    store = ImageStore(tmp_path / "store", max_pixels=10_000_000)
    image = store.ingest(TEST_IMAGE.read_bytes())
    app = Flask(__name__)
    app.register_blueprint(image_api_blueprint(lambda: store, lambda: request.host_url.rstrip("/")))
    http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{http.server_port}", image.id
    finally:
        http.shutdown()
        thread.join(timeout=10)


def test_the_official_validator_passes_at_level_2(server):
    assert TEST_IMAGE.is_file(), f"the validator's test image is missing: {TEST_IMAGE}"
    address, image_id = server
    validator = shutil.which("iiif-validate.py") or str(VALIDATOR)
    run = subprocess.run(
        [sys.executable, validator, "-s", address, "-p", "iiif/3", "-i", image_id, "--version=3.0", "--level", "2"],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, f"{run.returncode} failures:\n{run.stdout}\n{run.stderr}"
    assert "Done (33 tests, 0 failures)" in run.stderr
