"""Fixtures for the application: an app on a fresh, migrated database (SQLite and PostgreSQL),
museums, tokens, objects with images, an exhibition document, and a way to see that nothing was
stored."""

from __future__ import annotations

import io
import os
import shutil
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from exhibitions import create_app
from exhibitions.accounts import auth
from exhibitions.migrate import upgrade
from exhibitions.models import Activity, Museum, MuseumObject, ObjectImage, OutboxEntry
from exhibitions.settings import Settings
from tests.conftest import image_bytes, unused_port

# The application runs on SQLite (the embedded default) and on PostgreSQL; every test of the
# application runs on both. PostgreSQL is reached at TEST_POSTGRES_URL (scripts/postgres.sh
# url); without it those runs are skipped, unless CARAVANSERAI_REQUIRE_POSTGRES=1 (CI).
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("CARAVANSERAI_REQUIRE_POSTGRES") == "1"


# Every migration runs once per session (and xdist worker) into a template; each test gets a copy
# of it: a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL. Running the
# migrations per test cost about a third of a second of every test; tests of the migrations
# themselves (test_migrations.py) still run them for real.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file with every migration run, to copy."""
    path = tmp_path_factory.mktemp("template") / "caravanserai.db"
    upgrade(f"sqlite:///{path}")
    return path


def postgres_server():
    if not POSTGRES_URL:
        message = "TEST_POSTGRES_URL is not set (scripts/postgres.sh start; scripts/postgres.sh url)"
        pytest.fail(message) if REQUIRE_POSTGRES else pytest.skip(message)
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def postgres_database_url(name: str) -> str:
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migrated_postgres():
    """The name of a PostgreSQL database with every migration run, to copy (no one stays connected
    to it: CREATE DATABASE ... TEMPLATE needs it idle)."""
    server = postgres_server()
    name = f"template_{WORKER}_{uuid.uuid4().hex[:12]}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        upgrade(postgres_database_url(name))
        yield name
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request, tmp_path):
    """A database of the test's own with every migration run: "" for the SQLite file in the
    settings' data folder, else a PostgreSQL URL."""
    if request.param == "sqlite":
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), data_dir / "caravanserai.db")
        yield ""
        return
    template = request.getfixturevalue("migrated_postgres")
    name = f"test_{WORKER}_{uuid.uuid4().hex[:12]}"
    server = postgres_server()
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield postgres_database_url(name)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture
def settings(tmp_path, database_url):
    # Tasks run at once in the caller (Huey's immediate mode), so that a write is searchable when
    # its answer comes; tests of the queue itself take the real one (queued_settings).
    return Settings(data_dir=tmp_path / "data", database_url=database_url, secret_key="test-secret",
                    sync_on_start=False, max_image_pixels=4_000_000, max_upload_bytes=2_000_000,
                    public_url="http://museum.test", task_queue_url="immediate")


def queued_settings(settings: Settings) -> Settings:
    """The embedded default's queue (a SQLite file, consumers in the process), or a queue table in
    the test's PostgreSQL database; a sweep every second."""
    return replace(settings, task_queue_url=settings.database_url, sweep_seconds=1.0)


@pytest.fixture
def app(settings):
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(settings)
    app.testing = True
    if settings.tasks_in_web:
        app.extensions["caravanserai"].tasks.start()
    yield app
    # A task still running would write to a database that is about to go.
    assert app.extensions["caravanserai"].tasks.wait_idle(timeout=60)
    app.extensions["caravanserai"].close()
    app.extensions["caravanserai"].db.engine.dispose()


@pytest.fixture
def app_without_search(settings):
    """The platform configured for an Elasticsearch that does not answer."""
    down = replace(settings, search_backend="elasticsearch", elasticsearch_url=f"http://127.0.0.1:{unused_port()}",
                   elasticsearch_timeout=1.0)
    down.data_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(down)
    yield app
    app.extensions["caravanserai"].close()
    app.extensions["caravanserai"].db.engine.dispose()


@pytest.fixture
def other_node(settings, platform, tmp_path):
    """A second app server beside `app`: the same database and storage (a module may give `settings`
    a bucket), a data directory of its own; what one node stored, the other must serve."""
    node = replace(settings, data_dir=tmp_path / "node-2", database_url=platform.settings.sqlalchemy_url,
                   storage_url=settings.storage_url or platform.settings.data_dir.resolve().as_uri())
    app = create_app(node)
    app.testing = True
    yield app.test_client()
    app.extensions["caravanserai"].close()
    app.extensions["caravanserai"].db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def platform(app):
    return app.extensions["caravanserai"]


def add_museum(platform, slug: str, country: str = "CN", name: str | None = None) -> None:
    with platform.db.transaction() as session:
        session.add(Museum(slug=slug, name={"en": [name or slug.upper()]}, country=country))


def bearer(platform, role: str, museum: str | None = None) -> dict[str, str]:
    with platform.db.transaction() as session:
        token = auth.create_token(session, role, museum)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def museums(platform):
    """Two member museums: nmc (China) and rundale (Latvia)."""
    add_museum(platform, "nmc", "CN", "National Museum of China")
    add_museum(platform, "rundale", "LV", "Rundāle Palace Museum")


@pytest.fixture
def nmc_token(platform, museums):
    return bearer(platform, "contributor", "nmc")


@pytest.fixture
def rundale_token(platform, museums):
    return bearer(platform, "contributor", "rundale")


@pytest.fixture
def admin_token(platform):
    return bearer(platform, "admin")


def stored_counts(platform) -> dict[str, int]:
    """How many rows and image files the platform holds: the measure of 'nothing was stored'."""
    with platform.db.sessions() as session:
        counts = {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                  for model in (MuseumObject, ObjectImage, OutboxEntry, Activity)}
    root = platform.settings.data_dir / "images"  # the local storage's images (STORAGE_URL unset)
    counts["files"] = sum(1 for path in root.rglob("*") if path.is_file()) if root.exists() else 0
    return counts


VALID_OBJECT = {
    "title": {"en": ["Blue-and-white jar"], "zh": ["青花罐"]},
    "rights": "http://creativecommons.org/licenses/by/4.0/",
    "object_type": "vessel",
    "materials": ["porcelain"],
    "date": {"display": "Yuan dynasty, c. 1340", "start": 1330, "end": 1350},
    "place": {"name": "Jingdezhen", "lat": 29.27, "lon": 117.18},
}


def put(client, token, accession="A-1", body=VALID_OBJECT, museum="nmc"):
    return client.put(f"/api/v1/museums/{museum}/objects/{accession}", json=body, headers=token)


def upload(client, token, data: bytes, accession="A-1", museum="nmc", name="jar.jpg"):
    return client.post(f"/api/v1/museums/{museum}/objects/{accession}/images", headers=token,
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture
def curator(platform, museums):
    return bearer(platform, "curator")


@pytest.fixture
def objects(client, nmc_token, rundale_token):
    """An object with an image in each of two museums: (object id, image id)."""
    found = []
    for token, museum in ((nmc_token, "nmc"), (rundale_token, "rundale")):
        record = put(client, token, museum=museum).get_json()
        image = upload(client, token, image_bytes(400, 300), museum=museum).get_json()
        found.append((record["id"], image["id"]))
    return found


def exhibition_document(objects, **changes):
    (first, first_image), (second, _) = objects
    body = {
        "title": {"en": ["Blue and white"], "zh": ["青花"]},
        "summary": {"en": ["Porcelain from two ends of the route."]},
        "sections": [
            {"title": {"en": ["Made in Jingdezhen"]}, "text": {"en": ["<p>Cobalt came from <em>Iran</em>.</p>"]},
             "items": [{"object": first, "image": first_image, "region": "10,20,200,100",
                        "caption": {"en": ["The dragon's head"]}}]},
            {"title": {"en": ["Bought in Riga"]}, "items": [{"object": second}]},
        ],
    }
    body.update(changes)
    return body
