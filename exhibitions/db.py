"""Database engine and sessions: one engine per app, a session per request or command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


def make_engine(url: str, **options) -> Engine:
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        # SQLite leaves foreign keys off and writers blocking readers unless told otherwise.
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

    return engine


class Database:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back otherwise."""
        with self.sessions() as session, session.begin():
            yield session


def insert_if_absent(session: Session, model: type[Base], **values) -> bool:
    """Insert a row unless one with the same unique key exists; whether it was inserted.

    Where another transaction is inserting the same key, this waits for it to end instead of
    failing. On SQLite, being a write, it also takes the database's write lock, which the
    transaction keeps until it ends: what it reads next is the latest committed state, and no
    other writer comes between (on PostgreSQL, lock the rows read with FOR UPDATE).
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    # The row it returns tells (a row count would not: PostgreSQL's driver gives -1 here).
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(*inspect(model).primary_key)
    return session.execute(statement).first() is not None
