"""Fixtures shared by every test: a fresh data folder and database file per test, real images,
and an Elasticsearch of a test's own to stop and start."""

from __future__ import annotations

import fcntl
import io
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# The port of the Elasticsearch that outage tests stop and start (never the shared one).
OWN_SERVER_PORT = int(os.environ.get("CARAVANSERAI_OUTAGE_ES_PORT", "9290"))
OWN_SERVER_INDEX = "outage-test"


def elasticsearch(command: str) -> None:
    """scripts/elasticsearch.sh COMMAND for the test's own server."""
    environment = {**os.environ, "ES_PORT": str(OWN_SERVER_PORT)}
    environment.pop("ES_INSTANCE_DIR", None)
    done = subprocess.run([str(REPO / "scripts" / "elasticsearch.sh"), command], env=environment,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"elasticsearch.sh {command} failed:\n{done.stdout}\n{done.stderr}"


@contextmanager
def machine_lock(name: str) -> Iterator[None]:
    """Hold a lock that every test process of this machine shares: pytest-xdist's workers, and
    other runs of the suite. Waits for it as long as it takes (pytest-timeout bounds the wait)."""
    with (Path(tempfile.gettempdir()) / f"caravanserai-tests-{name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)



@pytest.fixture(autouse=True)
def _close_the_platforms_a_test_made(monkeypatch):
    """Every platform made during a test is closed when the test ends, so that no sweep thread of
    one test runs on (against a dropped database, logging errors) into the next test. Platforms of
    module and session fixtures are made before this runs, and stay open for their scope."""
    from exhibitions.platform import Platform

    made = []
    make = Platform.__init__

    def recording_init(self, *args, **kwargs):
        make(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Platform, "__init__", recording_init)
    yield
    for platform in made:
        platform.close()

@pytest.fixture
def own_server():
    """A second Elasticsearch (another port and data folder) with an empty index, which the test
    may stop and start; stopped again at the end. There is one such server per machine, so its
    tests take turns, whichever worker runs them."""
    from search.elastic import ElasticsearchBackend
    from tests.search.conftest import require_elasticsearch

    require_elasticsearch()  # only where Elasticsearch tests run at all (a developer's server, or CI)
    url = f"http://127.0.0.1:{OWN_SERVER_PORT}"
    with machine_lock("own-elasticsearch"):
        elasticsearch("start")
        # A node just started on a busy machine can take longer to make or drop an index than a
        # search is given: those steps wait as long as they need.
        patient = ElasticsearchBackend(url=url, index=OWN_SERVER_INDEX, timeout=120)
        patient.drop_index()
        patient.create_index()
        backend = ElasticsearchBackend(url=url, index=OWN_SERVER_INDEX, timeout=5)
        try:
            yield backend
        finally:
            elasticsearch("start")
            patient.drop_index()
            patient.close()
            backend.close()
            elasticsearch("stop")


def unused_port() -> int:
    """A loopback port that nothing listens on (for a server to start on, or to find closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def granian(environment: dict, log_path: Path, workers: int = 1, threads: int = 4) -> Iterator[str]:
    """The app served by granian, as in production, in a process of its own on a loopback port;
    its base URL once it answers. Stopped at the end."""
    port = unused_port()
    with log_path.open("wb") as log:
        # A session of its own, so that the end can stop granian's workers with it.
        server = subprocess.Popen(
            [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(workers), "--blocking-threads", str(threads), "wsgi:app"],
            cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            if server.poll() is not None:
                pytest.fail(f"the server exited with {server.returncode}:\n" + log_path.read_text()[-3000:])
            try:
                return requests.get(f"{base}/healthz", timeout=5).ok
            except requests.ConnectionError:
                return False

        try:
            # Two workers importing the app on a busy machine can take a while; the wait ends as
            # soon as one answers, and fails at once if the server exits.
            deadline = time.monotonic() + 180
            while not answers():
                if time.monotonic() > deadline:
                    pytest.fail("the server did not answer in 180 s:\n" + log_path.read_text()[-3000:])
                time.sleep(0.1)
            yield base
        finally:
            stop_process_group(server)


def stop_process_group(process: subprocess.Popen, grace: float = 30) -> None:
    """Stop a process started in a session of its own, and its children: politely, then (when
    a graceful shutdown waits on open connections past the grace) for good."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def wait_until(condition, timeout: float, message: str) -> None:
    """Return once condition() is true; fail with message when it is not after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{message} (waited {timeout:g} s)")
        time.sleep(0.05)


def image_bytes(width: int = 64, height: int = 48, format: str = "JPEG", color=(180, 120, 60)) -> bytes:
    """A real encoded image, with a gradient so that encoders have something to work on."""
    image = Image.new("RGB", (width, height), color)
    for x in range(0, width, max(1, width // 16)):
        for y in range(height):
            image.putpixel((x, y), (x * 255 // max(1, width), y * 255 // max(1, height), 90))
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()
