"""JSON columns are written and read by orjson, and what orjson refuses still round-trips as the
standard library wrote and read it before."""

from __future__ import annotations

import json
import math

from sqlalchemy import JSON, Column, Integer, MetaData, Table, insert, select, text

from exhibitions.db import make_engine

rows = Table("documents", MetaData(), Column("id", Integer, primary_key=True), Column("body", JSON))


def engine():
    made = make_engine("sqlite://")
    rows.metadata.create_all(made)
    return made


def test_a_document_comes_back_as_it_was_written_in_compact_utf8():
    database = engine()
    body = {"title": {"zh": ["青花瓷盘"]}, "count": 3, "ratio": 0.5, "keys": {"1": None}}
    with database.begin() as connection:
        connection.execute(insert(rows), {"id": 1, "body": body})
        stored = connection.scalar(text("SELECT body FROM documents WHERE id = 1"))
        assert connection.scalar(select(rows.c.body)) == body
    assert stored == '{"title":{"zh":["青花瓷盘"]},"count":3,"ratio":0.5,"keys":{"1":null}}'


def test_an_integer_past_64_bits_is_written_by_the_standard_library_and_read_back():
    database = engine()
    with database.begin() as connection:
        connection.execute(insert(rows), {"id": 1, "body": {"n": 2**70}})
        assert connection.scalar(select(rows.c.body)) == {"n": 2**70}


def test_nan_written_earlier_by_the_standard_library_is_still_read():
    database = engine()
    with database.begin() as connection:
        connection.execute(text("INSERT INTO documents (id, body) VALUES (1, :body)"),
                           {"body": json.dumps({"x": math.nan})})
        assert math.isnan(connection.scalar(select(rows.c.body))["x"])
