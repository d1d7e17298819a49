"""Alembic environment: migrates the database whose URL the caller puts in the config."""

from alembic import context
from sqlalchemy import pool

from exhibitions import models  # noqa: F401  (registers the tables on Base.metadata)
from exhibitions.db import Base, make_engine

config = context.config


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
