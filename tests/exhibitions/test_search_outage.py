"""An Elasticsearch outage heals by itself: writes made while the server was away wait in the
outbox, and the platform delivers them once it answers again, with no further write, restart
or `search sync`. The server is a second one of the test's own, stopped and started for real."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from exhibitions import create_app
from exhibitions.migrate import upgrade
from exhibitions.models import OutboxEntry
from exhibitions.settings import Settings
from tests.conftest import OWN_SERVER_INDEX, OWN_SERVER_PORT, elasticsearch, wait_until
from tests.exhibitions.conftest import add_museum, bearer, put

pytestmark = pytest.mark.elasticsearch


def waiting_changes(platform) -> int:
    with platform.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(OutboxEntry))


def test_changes_made_during_an_outage_reach_the_index_once_it_is_back(own_server, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", secret_key="test-secret", sync_on_start=False,
                        public_url="http://museum.test", search_backend="elasticsearch",
                        elasticsearch_url=f"http://127.0.0.1:{OWN_SERVER_PORT}", elasticsearch_index=OWN_SERVER_INDEX,
                        elasticsearch_timeout=2.0, search_retry_seconds=0.5)
    settings.data_dir.mkdir(parents=True)
    upgrade(settings.sqlalchemy_url)
    app = create_app(settings)
    platform = app.extensions["caravanserai"]
    client = app.test_client()
    try:
        add_museum(platform, "nmc")
        token = bearer(platform, "contributor", "nmc")
        elasticsearch("stop")
        assert put(client, token).status_code == 201
        assert client.get("/api/v1/search?q=jar").status_code == 503
        assert waiting_changes(platform) == 1

        elasticsearch("start")
        wait_until(lambda: waiting_changes(platform) == 0, 60, "the waiting change never reached the index")
        own_server.refresh()

        def found() -> bool:  # a node just started on a busy machine may time out a search or two
            answer = client.get("/api/v1/search?q=jar")
            return answer.status_code == 200 and answer.get_json()["total"] == 1

        wait_until(found, 60, "the delivered change is not found")
    finally:
        platform.close()
        platform.db.engine.dispose()
