"""Huey's storage on PostgreSQL, for a platform on several machines: the queue lives in tables of
the platform's own database (no broker to run). A task is taken with FOR UPDATE SKIP LOCKED, so
consumers on every machine share the queue without ever taking the same task twice."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import psycopg
from huey.constants import EmptyData
from huey.storage import BaseSqlStorage


class PostgresStorage(BaseSqlStorage):
    ddl = [
        "create table if not exists task_queue (id bigserial primary key, queue text not null, "
        "data bytea not null, priority real not null default 0)",
        "create index if not exists task_queue_order on task_queue (queue, priority desc, id)",
        "create table if not exists task_schedule (id bigserial primary key, queue text not null, "
        "data bytea not null, timestamp double precision not null)",
        "create index if not exists task_schedule_due on task_schedule (queue, timestamp)",
        "create table if not exists task_results (queue text not null, key text not null, "
        "value bytea not null, primary key (queue, key))",
        "create table if not exists task_counters (queue text not null, key text not null, "
        "value bigint not null default 0, primary key (queue, key))",
    ]

    def __init__(self, name: str = "huey", conninfo: str = "", **kwargs):
        self.conninfo = conninfo
        # The tables are made with the first connection, not here: an app (a command, a web
        # process) starts even while the database is away.
        super().__init__(name, create_tables=False, **kwargs)

    def _create_connection(self) -> psycopg.Connection:
        conn = psycopg.connect(self.conninfo, autocommit=True)
        for statement in self.ddl:
            try:
                conn.execute(statement)
            except psycopg.errors.UniqueViolation:
                pass  # another process made it at the same moment (IF NOT EXISTS is not atomic)
        return conn

    @contextlib.contextmanager
    def db(self, commit: bool = False, close: bool = False) -> Iterator[psycopg.Cursor]:
        with self.lock:
            if self._conn is not None and self._conn.closed:
                self._conn = None  # the server went away: the next statement connects again
            conn = self.conn
            try:
                with conn.transaction() if commit else contextlib.nullcontext(), conn.cursor() as cursor:
                    yield cursor
            except psycopg.OperationalError:
                conn.close()
                self._conn = None
                raise
            finally:
                if close and self._conn is not None:
                    self._conn.close()
                    self._conn = None

    def _rows(self, query: str, *params) -> list[tuple]:
        return self.sql(query, (self.name, *params), results=True)

    def enqueue(self, data, priority=None):
        self.sql("insert into task_queue (queue, data, priority) values (%s, %s, %s)",
                 (self.name, data, priority or 0), commit=True)

    def dequeue(self):
        with self.db(commit=True) as cursor:
            cursor.execute("delete from task_queue where id = (select id from task_queue where queue = %s "
                           "order by priority desc, id limit 1 for update skip locked) returning data", (self.name,))
            row = cursor.fetchone()
        return bytes(row[0]) if row else None

    def queue_size(self):
        return self._rows("select count(*) from task_queue where queue = %s")[0][0]

    def enqueued_items(self, limit=None):
        return [bytes(data) for data, in self._rows(
            "select data from task_queue where queue = %s order by priority desc, id limit %s", limit)]

    def flush_queue(self):
        self.sql("delete from task_queue where queue = %s", (self.name,), commit=True)

    def add_to_schedule(self, data, ts):
        self.sql("insert into task_schedule (queue, data, timestamp) values (%s, %s, %s)",
                 (self.name, data, ts.timestamp()), commit=True)

    def read_schedule(self, ts):
        with self.db(commit=True) as cursor:
            cursor.execute("delete from task_schedule where id in (select id from task_schedule where queue = %s "
                           "and timestamp <= %s for update skip locked) returning timestamp, id, data",
                           (self.name, ts.timestamp()))
            return [bytes(data) for _, _, data in sorted(cursor.fetchall())]

    def schedule_size(self):
        return self._rows("select count(*) from task_schedule where queue = %s")[0][0]

    def scheduled_items(self, limit=None):
        return [bytes(data) for data, in self._rows(
            "select data from task_schedule where queue = %s order by timestamp limit %s", limit)]

    def flush_schedule(self):
        self.sql("delete from task_schedule where queue = %s", (self.name,), commit=True)

    def put_data(self, key, value, is_result=False):
        self.sql("insert into task_results (queue, key, value) values (%s, %s, %s) "
                 "on conflict (queue, key) do update set value = excluded.value", (self.name, key, value), commit=True)

    def peek_data(self, key):
        rows = self._rows("select value from task_results where queue = %s and key = %s", key)
        return bytes(rows[0][0]) if rows else EmptyData

    def pop_data(self, key):
        with self.db(commit=True) as cursor:
            cursor.execute("delete from task_results where queue = %s and key = %s returning value", (self.name, key))
            row = cursor.fetchone()
        return bytes(row[0]) if row else EmptyData

    def has_data_for_key(self, key):
        return bool(self._rows("select 1 from task_results where queue = %s and key = %s", key))

    def put_if_empty(self, key, value, ttl=None):
        if ttl is not None:
            raise NotImplementedError("ttl is not supported by this storage.")
        with self.db(commit=True) as cursor:
            cursor.execute("insert into task_results (queue, key, value) values (%s, %s, %s) "
                           "on conflict do nothing", (self.name, key, value))
            return cursor.rowcount == 1

    def incr(self, key, amount=1):
        with self.db(commit=True) as cursor:
            cursor.execute("insert into task_counters (queue, key, value) values (%s, %s, %s) on conflict "
                           "(queue, key) do update set value = task_counters.value + excluded.value returning value",
                           (self.name, key, amount))
            return cursor.fetchone()[0]

    def delete_counter(self, key):
        self.sql("delete from task_counters where queue = %s and key = %s", (self.name, key), commit=True)

    def result_store_size(self):
        return self._rows("select count(*) from task_results where queue = %s")[0][0]

    def result_items(self):
        return {key: bytes(value) for key, value in self._rows("select key, value from task_results where queue = %s")}

    def flush_results(self):
        self.sql("delete from task_results where queue = %s", (self.name,), commit=True)

    def flush_counters(self):
        self.sql("delete from task_counters where queue = %s", (self.name,), commit=True)
