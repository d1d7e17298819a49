"""Conformance: iiif-validator-ng, the stricter Image API validator, passes against the whole
platform served on a loopback port, all but the `^max` check (see the README).

The validator needs Python 3.12+; scripts/validator-ng.sh (make validate-ng) builds one into
.cache/python3.13 and installs the validator there. Without that cache this test is skipped, so
that the suite does not spend its time building Python."""

import json
import subprocess
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from exhibitions import create_app
from exhibitions.migrate import upgrade
from exhibitions.settings import Settings

REPO = Path(__file__).resolve().parents[2]
VALIDATOR_PYTHON = REPO / ".cache" / "python3.13" / "validator-ng" / "bin" / "python"
RUNNER = Path(__file__).with_name("validator_ng_run.py")
# The validator's own test image; CI checks the shared folder out beside the repository.
TEST_IMAGE = REPO.parent / "shared" / "iiif" / "67352ccc-d1b0-11e1-89ae-279075081939.png"
RESULTS = REPO / "test-artifacts" / "validator-ng.md"
# Image API 3.0 says `^max` is the largest size the service allows (maxWidth, maxHeight, maxArea
# of info.json); the validator expects the image's own size.
FOLLOWING_THE_SPECIFICATION = "size='^max'"


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture
def platform_on_loopback(tmp_path):
    """The platform with the validator's image stored, served on loopback: (base URL, image id)."""
    settings = Settings(data_dir=tmp_path / "data", secret_key="validator", sync_on_start=False)
    settings.data_dir.mkdir(parents=True)
    upgrade(settings.sqlalchemy_url)
    app = create_app(settings)
    platform = app.extensions["caravanserai"]
    image = platform.images.ingest(TEST_IMAGE.read_bytes())
    http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}/iiif/3", image.id
    finally:
        http.shutdown()
        thread.join(timeout=10)
        platform.close()
        platform.db.engine.dispose()


def write_table(results: list[dict]) -> None:
    """The results as a Markdown table, one row per test, for the record."""
    lines = ["| test | module | result |", "|---|---|---|"]
    for result in sorted(results, key=lambda found: found["module"]):
        if not result["applies"]:
            outcome = "not applicable (feature not claimed)"
        else:
            failed = [check for check in result["checks"] if not check["passed"]]
            outcome = "pass" if not failed else "FAIL: " + "; ".join(
                f"{check['details']} (expected {check['expected']}, received {check['received']})" for check in failed)
        lines.append(f"| {result['name']} | {result['module']} | {outcome} |")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")


@pytest.mark.skipif(not VALIDATOR_PYTHON.exists(), reason="iiif-validator-ng is not installed: make validate-ng")
def test_the_stricter_validator_passes_all_but_max_upscaling(platform_on_loopback):
    assert TEST_IMAGE.is_file(), f"the validator's test image is missing: {TEST_IMAGE}"
    base_url, image_id = platform_on_loopback
    run = subprocess.run([str(VALIDATOR_PYTHON), str(RUNNER), base_url, image_id],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines()]
    write_table(results)

    # Every test applies but those of the two formats we do not offer.
    assert {result["module"] for result in results if not result["applies"]} == {"format_jp2", "format_pdf"}
    applied = [result for result in results if result["applies"]]
    failures = [(result["name"], check) for result in applied for check in result["checks"] if not check["passed"]]
    assert [(name, check["details"]) for name, check in failures
            if FOLLOWING_THE_SPECIFICATION not in check["details"]] == [], RESULTS.read_text()
