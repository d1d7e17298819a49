"""The storages the contract runs against: a local directory always, and an S3 bucket on a real
SeaweedFS (scripts/seaweedfs.sh), each test under a prefix of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest

from storage import Storage, open_storage
from tests.conftest import REPO, machine_lock

# scripts/test.sh starts a SeaweedFS and sets this: then a skipped S3 test is a failure.
REQUIRE_S3 = os.environ.get("CARAVANSERAI_REQUIRE_S3") == "1"
# A session without the test script's server starts one of its own per test worker.
OWN_S3_PORT = 8433


def seaweedfs(command: str, port: int, timeout: float = 240) -> str:
    done = subprocess.run([str(REPO / "scripts" / "seaweedfs.sh"), command],
                          env={**os.environ, "S3_PORT": str(port), "PYTHON": sys.executable},
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"seaweedfs.sh {command} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def pytest_collection_modifyitems(items):
    """A test that may start the S3 server may wait for its first build (minutes; once per machine)."""
    for item in items:
        if "s3_url" in getattr(item, "fixturenames", ()) or "[s3]" in item.nodeid:
            item.add_marker(pytest.mark.timeout(3600))


@pytest.fixture(scope="session")
def s3_url(worker_id: str) -> Iterator[str]:
    """The STORAGE_URL of a bucket on a running SeaweedFS, its credentials in the environment:
    the server scripts/test.sh started (TEST_S3_URL), or else one started here from the built
    binary (building it first, once per machine, when Go is there); skipped when there is no
    way to run one, unless CARAVANSERAI_REQUIRE_S3=1."""
    given = os.environ.get("TEST_S3_URL")
    if given:
        yield given
        return
    port = OWN_S3_PORT + (0 if worker_id == "master" else 10 * (1 + int(worker_id.removeprefix("gw"))))
    try:
        with machine_lock("seaweedfs-build"):
            seaweedfs("fetch", port, timeout=3600)
        seaweedfs("start", port)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        message = f"no S3 server to test against: {error}"
        pytest.fail(message) if REQUIRE_S3 else pytest.skip(message)
    for line in seaweedfs("env", port).splitlines():
        name, _, value = line.partition("=")
        os.environ[name] = value
    try:
        yield seaweedfs("url", port).strip()
    finally:
        seaweedfs("stop", port)


def on_prefix(url: str, prefix: str) -> str:
    """The URL of a bucket storage moved under a prefix (s3://bucket/prefix?endpoint=...)."""
    base, _, query = url.partition("?")
    return f"{base.rstrip('/')}/{prefix}" + (f"?{query}" if query else "")


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path) -> Storage:
    if request.param == "local":
        return open_storage("", tmp_path / "stored")
    url = request.getfixturevalue("s3_url")
    return open_storage(on_prefix(url, f"test-{uuid.uuid4().hex}"), tmp_path)
