"""An Elasticsearch that hangs (accepts connections, never answers) does not hold up writes:
the delivery of the outbox is a task of the queue, so a write answers while its delivery is
still waiting on the index, and the change stays in the outbox for later."""

from __future__ import annotations

import socket
import threading
from dataclasses import replace

import pytest

from exhibitions import create_app
from tests.conftest import wait_until
from tests.exhibitions.conftest import VALID_OBJECT, add_museum, bearer, queued_settings


@pytest.fixture
def hung_server():
    """A TCP server that accepts every connection and answers nothing until released."""
    listener = socket.create_server(("127.0.0.1", 0))
    released, held = threading.Event(), []

    def accept() -> None:
        listener.settimeout(0.2)
        while not released.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    def release() -> None:
        """Close everything: the delivery waiting on it fails at once (and is retried later)."""
        released.set()
        thread.join(timeout=10)
        for connection in held:
            connection.close()
        listener.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], held, release
    release()


def test_a_write_answers_while_a_hung_index_holds_its_delivery(settings, hung_server):
    port, held, release = hung_server
    hung = replace(queued_settings(settings), search_backend="elasticsearch",
                   elasticsearch_url=f"http://127.0.0.1:{port}", elasticsearch_timeout=60.0)
    app = create_app(hung)
    platform = app.extensions["caravanserai"]
    platform.tasks.start()
    try:
        add_museum(platform, "nmc")
        token = bearer(platform, "contributor", "nmc")
        answer = app.test_client().put("/api/v1/museums/nmc/objects/A-1", json=VALID_OBJECT, headers=token)
        assert answer.status_code == 201
        # The delivery has reached the index and waits on it (for a minute), the write is answered.
        wait_until(lambda: held, 60, "the delivery never reached the index")
        assert platform.outbox.count() == 1
    finally:
        release()
        platform.tasks.stop()
        platform.db.engine.dispose()
