"""The platform as `make run` serves it: the operator commands first (database, a museum, a
contributor's token), then granian in a process of its own on a loopback port. What the Flask
test client cannot show: the server passes uploads whole and refuses oversized ones cleanly,
streams exports while they are written, and hands the application's answers on intact."""

from __future__ import annotations

import http.client
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from PIL import Image

from tests.conftest import REPO, granian, image_bytes, wait_until

OBJECT = {
    "title": {"en": ["Blue-and-white jar"], "zh": ["青花罐"]},
    "rights": "http://creativecommons.org/licenses/by/4.0/",
    "object_type": "vessel",
    "materials": ["porcelain"],
}
UPLOAD_LIMIT = 2 * 1024 * 1024


def flask_command(environment: dict, *arguments: str) -> str:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *arguments], cwd=REPO,
                          env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@contextmanager
def a_served_museum(environment: dict, log_path: Path) -> Iterator[tuple[str, dict]]:
    """A fresh platform on granian with museum nmc: (base URL, a contributor's Authorization header)."""
    environment = {**environment}
    environment.pop("DATABASE_URL", None)
    flask_command(environment, "db", "upgrade")
    flask_command(environment, "museums", "create", "--slug", "nmc", "--name", "National Museum of China",
                  "--country", "CN")
    token = flask_command(environment, "tokens", "create", "--role", "contributor", "--museum", "nmc").split()[-1]
    with granian(environment, log_path) as base:
        yield base, {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, a contributor's Authorization header for museum nmc)."""
    data_dir = tmp_path_factory.mktemp("served")
    environment = {**os.environ, "DATA_DIR": str(data_dir), "SEARCH_BACKEND": "embedded",
                   "MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT)}
    with a_served_museum(environment, data_dir / "server.log") as served_museum:
        yield served_museum


def test_an_uploaded_image_is_stored_whole_and_served_as_iiif(served):
    base, contributor = served
    assert requests.put(f"{base}/api/v1/museums/nmc/objects/A-1", json=OBJECT, headers=contributor,
                        timeout=30).status_code == 201
    sent = image_bytes(900, 600)
    answer = requests.post(f"{base}/api/v1/museums/nmc/objects/A-1/images", headers=contributor,
                           files={"file": ("jar.jpg", sent, "image/jpeg")}, timeout=60)
    assert answer.status_code == 201, answer.text
    info = requests.get(answer.json()["info"], timeout=30).json()
    assert (info["width"], info["height"]) == (900, 600)
    region = requests.get(f"{info['id']}/0,0,300,200/150,/0/default.jpg", timeout=30)
    assert region.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(region.content)).size == (150, 100)


def test_an_upload_over_the_limit_is_refused_and_nothing_is_stored(served):
    base, contributor = served
    stored = requests.put(f"{base}/api/v1/museums/nmc/objects/A-2", json=OBJECT, headers=contributor,
                          timeout=30).json()
    oversized = b"\xff" * (UPLOAD_LIMIT + 1)
    answer = requests.post(f"{base}/api/v1/museums/nmc/objects/A-2/images", headers=contributor,
                           files={"file": ("big.jpg", oversized, "image/jpeg")}, timeout=60)
    assert answer.status_code == 413
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert requests.get(f"{base}/api/v1/objects/{stored['id']}", timeout=30).json()["images"] == []


def test_a_search_and_its_bad_input_answer_as_the_contract_says(served):
    base, contributor = served
    stored = requests.put(f"{base}/api/v1/museums/nmc/objects/A-3", json=OBJECT, headers=contributor,
                          timeout=30).json()

    def found() -> bool:  # once the queue has delivered the change to the index
        items = requests.get(f"{base}/api/v1/search", params={"q": "青花"}, timeout=30).json()["items"]
        return stored["id"] in [item["id"] for item in items]

    wait_until(found, 60, "the object never became searchable")
    refused = requests.get(f"{base}/api/v1/search", params={"size": "500"}, timeout=30)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "size"


def test_an_export_is_streamed_while_it_is_written(served):
    base, contributor = served
    for n in range(5):
        requests.put(f"{base}/api/v1/museums/nmc/objects/E-{n}", json=OBJECT, headers=contributor, timeout=30)
    wait_until(lambda: requests.get(f"{base}/api/v1/search", params={"q": "jar"}, timeout=30).json()["total"] >= 5,
               60, "the objects never became searchable")
    with requests.get(f"{base}/api/v1/search/export", params={"format": "jsonl", "q": "jar"}, stream=True,
                      timeout=30) as answer:
        assert answer.status_code == 200
        # No length announced: the rows go out as they are read, not after the last one.
        assert "Content-Length" not in answer.headers
        assert answer.headers.get("Transfer-Encoding") == "chunked"
        rows = [line for line in answer.iter_lines() if line]
    assert len(rows) >= 5


def multipart(size: int) -> tuple[bytes, dict[str, str]]:
    body = (b'--edge\r\nContent-Disposition: form-data; name="file"; filename="rows.csv"\r\n\r\n' + b"x" * size
            + b"\r\n--edge--\r\n")
    return body, {"Content-Type": "multipart/form-data; boundary=edge"}


def test_an_upload_refused_before_it_is_read_leaves_the_connection_usable(served):
    """Answered 401 before its body is read, an upload's body must not be taken for the next
    request on the same kept-alive connection. (A body over the upload limit is not read: that
    answer closes the connection, and the client sends its next request on a new one.)"""
    base, _ = served
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
    try:
        for _ in range(3):
            body, headers = multipart(UPLOAD_LIMIT // 2)
            connection.request("POST", "/api/v1/museums/nmc/imports", body=body, headers=headers)
            refused = connection.getresponse()
            refused.read()
            assert refused.status == 401
            connection.request("GET", "/healthz")
            answer = connection.getresponse()
            assert (answer.status, answer.read()) == (200, b'{"status":"ok"}\n')
    finally:
        connection.close()


def test_every_answer_says_its_type_is_not_to_be_sniffed(served):
    base, contributor = served
    stored = requests.put(f"{base}/api/v1/museums/nmc/objects/N-1", json=OBJECT, headers=contributor,
                          timeout=30).json()
    image = requests.post(f"{base}/api/v1/museums/nmc/objects/N-1/images", headers=contributor,
                          files={"file": ("jar.jpg", image_bytes(300, 200), "image/jpeg")}, timeout=60).json()
    addresses = [image["info"], image["info"].replace("info.json", "full/max/0/default.jpg"),
                 image["info"].replace("info.json", "0,0,100,100/50,/0/default.png"),
                 f"{base}/iiif/3/objects/{stored['id']}/manifest", f"{base}/api/v1/objects/{stored['id']}",
                 f"{base}/objects/{stored['id']}", f"{base}/api/v1/objects/nothing", f"{base}/healthz",
                 f"{base}/robots.txt"]
    for address in addresses:
        answer = requests.get(address, timeout=30)
        assert answer.headers.get("X-Content-Type-Options") == "nosniff", address
