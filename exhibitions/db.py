"""Database engine and sessions: one engine per app, a session per request or command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import Select, create_engine, event, func, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


def one_page(session: Session, query: Select, page: int, size: int) -> tuple[int, list]:
    """How many rows the query finds, and its page `page` (from 1) of `size` rows, in the query's order:
    what every paged list of the API and the pages answers."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return total, list(session.scalars(query.offset((page - 1) * size).limit(size)).all())


def _json_text(value: Any) -> str:
    """A JSON column's text, written by orjson: an object's metadata in a tenth of the standard
    library's time, which a bulk import of thousands of rows (and every read back) pays per row.
    What orjson refuses (an integer past 64 bits) the standard library writes, as before."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(value)


def _json_value(text: str) -> Any:
    """A JSON column's value, read by orjson; text it refuses (NaN, which the standard library
    wrote and reads) is read by the standard library."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def make_engine(url: str, **options) -> Engine:
    engine = create_engine(url, json_serializer=_json_text, json_deserializer=_json_value, **options)
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
    return bool(insert_all_if_absent(session, model, [values]))


def _upsert_insert(dialect: str) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT. Imported here: the engine has loaded its own
    dialect's module already, and the other one (PostgreSQL's, some 30 ms) would lengthen the
    start of every command and process that never uses it."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def insert_all_if_absent(session: Session, model: type[Base], rows: list[dict]) -> set:
    """insert_if_absent for many rows in one statement; the primary keys of those inserted.
    Rows go in the order given: writers that give theirs in one stable order (say, sorted by
    key) wait for each other on PostgreSQL, never in a circle."""
    if not rows:
        return set()
    insert = _upsert_insert(session.get_bind().dialect.name)
    # The rows it returns tell (a row count would not: PostgreSQL's driver gives -1 here).
    key = inspect(model).primary_key
    # Rows as parameters, not values: one statement, compiled once whatever the number of rows.
    statement = insert(model.__table__).on_conflict_do_nothing().returning(*key)
    return {row[0] if len(key) == 1 else tuple(row) for row in session.execute(statement, rows)}
