"""The migrations build exactly the schema the models describe, from nothing and step by step."""

from __future__ import annotations

import json
import logging

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from exhibitions import create_app
from exhibitions.db import Base, make_engine
from exhibitions.migrate import HEAD, MIGRATIONS, upgrade
from exhibitions.settings import Settings


def test_the_newest_migration_is_the_only_head_and_the_one_a_current_database_is_checked_for():
    assert ScriptDirectory(str(MIGRATIONS)).get_heads() == [HEAD]


def test_migrations_match_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url, "0001")
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_exhibitions_saved_before_versions_begin_their_history_as_they_are(tmp_path):
    url = f"sqlite:///{tmp_path / 'older.db'}"
    upgrade(url, "0004")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO exhibitions (slug, status, document, created, modified) VALUES "
            "('silk', 'published', '{\"title\": {\"en\": [\"Silk\"]}}', '2026-01-02 03:04:05', '2026-01-02 03:04:05')"))
    upgrade(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version FROM exhibitions")).scalar_one() == 1
        number, document, saved = connection.execute(
            text("SELECT number, document, saved FROM exhibition_versions")).one()
    engine.dispose()
    assert (number, json.loads(document), saved) == (1, {"title": {"en": ["Silk"]}}, "2026-01-02 03:04:05")


def test_objects_in_the_trash_before_the_image_lookup_keep_their_stored_images(tmp_path):
    url = f"sqlite:///{tmp_path / 'older.db'}"
    upgrade(url, "0010")
    engine = make_engine(url)
    stored, remote = {"image_id": "a" * 64, "service": None}, {"image_id": "b" * 64, "service": "https://x/iiif"}
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO museums (slug, name, country, created) VALUES "
                                "('nmc', '{}', 'CN', '2026-01-02 03:04:05')"))
        connection.execute(text(
            "INSERT INTO trashed_objects (id, museum_id, accession, fields, images, created, modified, deleted) "
            "VALUES ('nmc-1', 1, 'A-1', '{}', :images, '2026-01-02', '2026-01-02', '2026-01-03')"),
            {"images": json.dumps([stored, remote])})
    upgrade(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT object_id, image_id FROM trashed_images")).all()
    engine.dispose()
    assert rows == [("nmc-1", "a" * 64)]


def test_a_platform_started_before_db_upgrade_leaves_the_database_alone_until_it_has_run(tmp_path, caplog):
    settings = Settings(data_dir=tmp_path, secret_key="test-secret", sync_on_start=True)
    upgrade(settings.sqlalchemy_url, "0011")  # the tables of the release before
    with caplog.at_level(logging.ERROR):
        platform = create_app(settings).extensions["caravanserai"]
    assert not platform.database_current() and caplog.text == ""
    platform.close()
    upgrade(settings.sqlalchemy_url)
    platform = create_app(settings).extensions["caravanserai"]
    assert platform.database_current()
    platform.close()
