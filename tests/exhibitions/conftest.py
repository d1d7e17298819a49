"""Fixtures for the application: an app on a fresh SQLite file, museums, tokens, and a way to
see that nothing was stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from exhibitions import auth, create_app
from exhibitions.migrate import upgrade
from exhibitions.models import Activity, Museum, MuseumObject, ObjectImage, OutboxEntry
from exhibitions.settings import Settings


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path / "data", secret_key="test-secret", sync_on_start=False,
                    max_image_pixels=4_000_000, max_upload_bytes=2_000_000, public_url="http://museum.test")


@pytest.fixture
def app(settings):
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.sqlalchemy_url)
    app = create_app(settings)
    app.testing = True
    yield app
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
    root = platform.settings.image_dir
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
