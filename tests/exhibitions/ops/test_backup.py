"""`flask backup DEST`: a copy of what cannot be rebuilt (database, stored images, those of
objects in the trash too, session secret) that a platform restored from it serves as before,
once its index is rebuilt."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import text
from sqlalchemy.engine import make_url

from exhibitions import create_app
from exhibitions.migrate import upgrade
from exhibitions.settings import Settings
from tests.conftest import image_bytes
from tests.exhibitions.conftest import WORKER, postgres_database_url, postgres_server, put, upload
from tests.exhibitions.ops.test_cli import run


def empty_database(database_url: str) -> str:
    """A database for the restored platform: a new PostgreSQL one, or "" for SQLite in its DATA_DIR."""
    if not database_url:
        return ""
    name = f"restored_{WORKER}_{uuid.uuid4().hex[:12]}"
    server = postgres_server()
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return postgres_database_url(name)


def drop_database(url: str) -> None:
    server = postgres_server()
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{make_url(url).database}" WITH (FORCE)'))
    server.dispose()


def test_a_restored_backup_serves_the_same_objects_and_images(app, client, platform, nmc_token, settings,
                                                              database_url, tmp_path):
    jar = put(client, nmc_token, "JAR-1").get_json()
    image = upload(client, nmc_token, image_bytes(700, 500), "JAR-1").get_json()
    tile_path = image["info"].removeprefix("http://museum.test").replace("info.json", "0,0,512,500/512,/0/default.jpg")
    tile = client.get(tile_path).data
    destination = tmp_path / "backup"

    first = run(app, "backup", str(destination))
    assert first.exit_code == 0, first.output
    assert "(1 objects), 1 images (1 new)" in first.output
    assert json.loads((destination / "backup.json").read_text())["objects"] == 1
    assert "(0 new)" in run(app, "backup", str(destination)).output
    second = put(client, nmc_token, "JAR-2").get_json()
    second_image = upload(client, nmc_token, image_bytes(90, 60, color=(9, 9, 9)), "JAR-2").get_json()
    assert "(2 objects), 2 images (1 new)" in run(app, "backup", str(destination)).output
    client.delete(f"/api/v1/objects/{second['id']}", headers=nmc_token)
    assert "(1 objects), 2 images (1 new)" in run(app, "backup", str(destination)).output  # kept, withdrawn

    restored_settings = Settings(data_dir=tmp_path / "restored", database_url=empty_database(database_url),
                                 sync_on_start=False, public_url="http://museum.test")
    restored = create_app(restored_settings)
    try:
        upgrade(restored_settings.sqlalchemy_url)  # as `make run` leaves a new platform: empty tables
        (destination / "secret_key").write_text("the backed-up secret")  # what a platform without SECRET_KEY has
        answer = run(restored, "restore", str(destination))
        assert answer.exit_code == 0, answer.output
        assert "(1 objects) and 2 images from" in answer.output
        assert "1 served for live objects, 1 withdrawn for objects in the trash" in answer.output
        assert "Reindexed 1 of 1 objects" in answer.output
        assert (tmp_path / "restored" / "secret_key").read_text() == "the backed-up secret"  # logins stay valid
        reader = restored.test_client()
        assert reader.get(f"/api/v1/objects/{jar['id']}").get_json()["images"][0]["id"] == image["id"]
        assert reader.get(tile_path).data == tile
        assert reader.get("/api/v1/search?q=jar").get_json()["total"] == 1
        assert reader.get(second_image["info"]).status_code == 404  # in the trash, as it was
        created = run(restored, "tokens", "create", "--role", "contributor", "--museum", "nmc")
        restorer = {"Authorization": f"Bearer {created.output.strip().splitlines()[-1]}"}
        assert reader.post(f"/api/v1/trash/objects/{second['id']}/restore", headers=restorer).status_code == 200
        assert reader.get(second_image["info"]).status_code == 200
    finally:
        restored.extensions["caravanserai"].db.engine.dispose()
        if database_url:
            drop_database(restored_settings.database_url)


def test_a_backup_into_the_data_directory_itself_is_refused(app, settings):
    answer = run(app, "backup", str(settings.data_dir))
    assert answer.exit_code == 1
    assert "another folder than the data directory" in answer.output


def test_a_restore_checks_before_it_writes(app, client, nmc_token, settings, database_url, tmp_path):
    put(client, nmc_token, "JAR-1")
    backup = tmp_path / "backup"
    assert run(app, "backup", str(backup)).exit_code == 0

    not_a_backup = run(app, "restore", str(tmp_path))
    assert not_a_backup.exit_code == 1 and "is not a backup made by `flask backup`" in not_a_backup.output
    in_use = run(app, "restore", str(backup))  # this platform holds museums already
    assert in_use.exit_code == 1 and "already holds 2 museum(s): restore into an empty one" in in_use.output
    described = json.loads((backup / "backup.json").read_text())
    other = "SQLite" if described["database"] == "PostgreSQL" else "PostgreSQL"
    (backup / "backup.json").write_text(json.dumps({**described, "database": other}))
    wrong_kind = run(app, "restore", str(backup))
    assert wrong_kind.exit_code == 1 and f"holds a {other} database" in wrong_kind.output
    assert client.get("/api/v1/museums/nmc/objects").get_json()["total"] == 1  # untouched
