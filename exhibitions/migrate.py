"""Database migrations: the Alembic configuration that `db upgrade` and the tests share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

if TYPE_CHECKING:  # Alembic is imported where it is used: importing it costs a tenth of a second
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration's revision, which a database with every migration of this code records
# (tests/exhibitions/test_migrations.py holds it to the scripts' only head). Every process checks
# it as it starts, without Alembic: a command such as `flask import` then never loads it.
HEAD = "0021"


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url)
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def is_current(engine: Engine) -> bool:
    """Whether the database has every migration of this code (`db upgrade` has run)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        return set(connection.scalars(text("SELECT version_num FROM alembic_version"))) == {HEAD}
