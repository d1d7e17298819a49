"""The embedded search backend: SQLite FTS5 in one file, no server to run (the default).

Layout: every index generation is a set of tables named ``<table>_<generation>``; the ``meta``
table names the live generation (our alias) and, while a rebuild runs, the one being built.
A rebuild fills new tables and swaps the pointer in one transaction, so searches answer
throughout. WAL journaling lets searches read while a writer writes. Every write also counts
itself in meta (``changes:<generation>``), which tells a process when the facet columns (_Columns)
and the places and dates (_Places) it holds in memory are out of date.

Per generation: ``docs`` (small rows of the exact fields: filters, facets, sorts, with an index
per sort order; a place's coordinates and its web-mercator position for the map's cells),
``places`` (an R*Tree of the places, which finds the objects in a box without reading every
row), ``materials`` and ``centuries`` (one row per value), ``museums`` (facet
labels), ``sources`` (what a hit shows, read for the page only), ``suggest`` (completion
inputs), and ``fts`` (FTS5 over the folded text; title weighs three times in bm25).

Text is folded by the application (search.text) and CJK characters are set apart by spaces,
so FTS5's unicode61 tokenizer sees one token per ideograph; the cjk_* columns hold the
unigrams and bigrams of the CJK runs, which ranks "青花" together above 青 and 花 apart.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import orjson

from . import lazy_numpy as np
from .backend import SearchBackend, SearchUnavailable
from .documents import DOCUMENT_FORMAT, export_row, hit_item, map_item
from .geo import MAP_OBJECTS, BBox, map_precision, tile_x, tile_y
from .query import FACET_SIZE, FACETS, FILTERS, FacetValue, MapResult, SearchQuery, SearchResult, century_label
from .syntax import Clause, parse_text
from .text import (
    HIGHLIGHT_CLOSE,
    HIGHLIGHT_OPEN,
    TEXT_FORMAT,
    accession_key,
    cjk_grams,
    cjk_runs,
    fold,
    fold_spaced,
    fold_with_offsets,
    highlight_from_marked,
    pick_language_of_json,
    tokens,
)
from .timeline import INTERVALS, TimelineResult, timeline

# The layout of a generation's tables; a file made by another layout reads as empty until
# `search reindex` rebuilds it (needs_reindex says so). 4: places. 5: place and accession.
SCHEMA = 5

MMAP_BYTES = 1 << 30  # address space only; the OS pages in what searches touch
CACHE_KIB = 64 * 1024
# How long a connection waits for another's write lock (SQLite's busy time-out, and the same
# bound where SQLite will not wait by itself).
BUSY_SECONDS = 30
TEXT_COLUMNS = ("title", "description", "creator", "culture", "keywords", "other")
CJK_COLUMNS = ("cjk_title", "cjk_body")
# Matched by the query syntax's place: only (the place's name is in "other" for plain words).
FIELD_COLUMNS = ("place",)
FTS_COLUMNS = TEXT_COLUMNS + CJK_COLUMNS + FIELD_COLUMNS
# bm25 weights, in column order: the title counts three times as much as any other text.
_WEIGHTS = (3.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0, 1.0, 1.0)
# The columns each field of the query syntax (search.syntax) matches in; None: any text.
_CLAUSE_COLUMNS = {None: TEXT_COLUMNS, "creator": ("creator",), "culture": ("culture",), "place": ("place",),
                   "keyword": ("keywords",)}
_HIGHLIGHTED = ("title", "description")
_FACET_COLUMNS = {"museum": "museum", "country": "country", "object_type": "object_type"}
_MULTI_VALUED = {"material": "materials", "century": "centuries"}
# The columns of docs_<g> that filters, sorts and facets read; a text search copies them for its
# hits into temp.hits once, so that the total, the page and the facets read them from there
# instead of looking every hit up in docs_<g> again (a third of a broad word's time).
_HIT_COLUMNS = ("id", "museum", "country", "object_type", "date_start", "date_end", "sort_title",
                "lat", "lon", "tile_x", "tile_y", "accession")
# Added to a year before integer division, so that SQLite's division (which truncates toward
# zero) floors: a multiple of every bucket width, larger than the earliest year.
_BUCKET_OFFSET = 100_000
# A map of this many cells or fewer (the world's, up to 64 x 64) counts into every cell of its
# grid; a finer grid is only a box's, whose hits fill a few of its cells.
_DENSE_CELLS = 1 << 16


def _quote(term: str) -> str:
    """An FTS5 string literal: whatever the user typed is searched as text, never as syntax."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(text: str) -> str | None:
    """The FTS5 query for plain words: every word (AND), or any CJK unigram/bigram (OR)."""
    words = tokens(text)
    grams = cjk_grams(cjk_runs(fold(text)))
    parts = []
    if words:
        parts.append(f"{{{' '.join(TEXT_COLUMNS)}}} : ({' AND '.join(map(_quote, words))})")
    if grams:
        parts.append(f"{{{' '.join(CJK_COLUMNS)}}} : ({' OR '.join(map(_quote, dict.fromkeys(grams)))})")
    return " OR ".join(f"({p})" for p in parts) or None


def _clause_expression(clause: Clause) -> str:
    """A phrase in its columns: FTS5 cuts the quoted, folded text into the phrase's tokens."""
    return f"{{{' '.join(_CLAUSE_COLUMNS[clause.field])}}} : {_quote(fold_with_offsets(clause.value, True)[0])}"


@dataclass(frozen=True)
class TextMatch:
    """The search's text for FTS5 (search.syntax): `match` finds and ranks the hits (None: every
    object, unranked); `excluded` is matched by none of them; accession numbers are compared
    whole in the docs table, each (key, negated)."""

    match: str | None
    excluded: str | None = None
    accessions: tuple[tuple[str, bool], ...] = ()
    # The words of `match`, one phrase each, when they are all it ranks by (no CJK grams, no
    # field or phrase clause): then bm25 can be computed in memory (_Ranking).
    words: tuple[str, ...] = ()


@lru_cache(maxsize=256)
def text_match(text: str) -> TextMatch | None:
    """The FTS5 form of a search's text; None when nothing in it is searchable."""
    parsed = parse_text(text)
    if not parsed.searchable:
        return None
    required = [match_expression(parsed.words) or ""] + [
        _clause_expression(c) for c in parsed.required if c.field != "accession"]
    excluded = [_clause_expression(c) for c in parsed.excluded if c.field != "accession"]
    ranked_alone = len(required) == 1 and not cjk_grams(cjk_runs(fold(parsed.words)))
    return TextMatch(
        " AND ".join(f"({part})" for part in required if part) or None,
        " OR ".join(f"({part})" for part in excluded) or None,
        tuple((accession_key(c.value), c.negated) for c in parsed.clauses if c.field == "accession"),
        tuple(tokens(parsed.words)) if ranked_alone else (),
    )


def _format() -> str:
    """What a generation records it was built with: how text is folded, which fields documents have."""
    return f"{TEXT_FORMAT}.{DOCUMENT_FORMAT}"


def _bucket_sql(column: str, width: int) -> str:
    """SQL of the time bucket holding a year column (search.timeline.bucket_of)."""
    number = f"(CASE WHEN {column} >= 1 THEN {column} - 1 ELSE min({column}, -1) END)"
    return f"(({number} + {_BUCKET_OFFSET}) / {width} - {_BUCKET_OFFSET // width})"


def _column_text(values: list[str]) -> str:
    return "\n".join(map(fold_spaced, values))


def _rowids(listed: str | None) -> np.ndarray:
    """The rowids group_concat() listed, as an array (parsed in C, not an int() each)."""
    return np.fromstring(listed, dtype=np.int64, sep=",") if listed else np.zeros(0, np.int64)


class _Columns:
    """One generation's facet values as arrays indexed by rowid, held in memory while no write
    changes the generation (its ``changes:<g>`` counter in meta says so).

    A broad word matches most objects; SQL counted each facet by sorting every hit (a third of
    a second at 70,000 hits), a bincount over these arrays takes a millisecond. The counts are
    SQL's: a single-valued facet counts the hits whose value is not NULL, a multi-valued one its
    (object, value) rows; values with a count, most first, equal counts by value (SQLite's
    BINARY order, which is Python's order of str), at most FACET_SIZE.
    """

    def __init__(self, db: sqlite3.Connection, g: str, key: tuple):
        self.key = key
        self.size = (db.execute(f"SELECT max(rowid) FROM docs_{g}").fetchone()[0] or 0) + 1
        self.values: dict[str, list[str]] = {}
        self.lookup: dict[str, dict[str, int]] = {}
        self.single: dict[str, np.ndarray] = {}
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        # Read a value at a time, its objects' rowids in one string, along the value's index:
        # a row per object made Python tuples of them all, several times slower.
        for name, column in _FACET_COLUMNS.items():
            codes = np.full(self.size, -1, np.int32)
            values = []
            for value, rowids in db.execute(f"SELECT {column}, group_concat(rowid) FROM docs_{g}"
                                            f" WHERE {column} IS NOT NULL GROUP BY {column}"):
                codes[_rowids(rowids)] = len(values)
                values.append(value)
            self.single[name] = codes
            self._name(name, values)
        for name, table in _MULTI_VALUED.items():
            docs, codes, values = [], [], []
            for value, rowids in db.execute(f"SELECT value, group_concat(doc) FROM {table}_{g} GROUP BY value"):
                docs.append(_rowids(rowids))
                codes.append(np.full(len(docs[-1]), len(values), np.int32))
                values.append(value)
            self.pairs[name] = (np.concatenate(docs or [np.zeros(0, np.int64)]),
                                np.concatenate(codes or [np.zeros(0, np.int32)]))
            self._name(name, values)
        self.ranking = _Ranking(key[0], self.size)

    def _name(self, name: str, values: list[str]) -> None:
        self.values[name] = values
        self.lookup[name] = {value: code for code, value in enumerate(values)}

    def matches(self, name: str, selected: tuple[str, ...], hits: np.ndarray) -> np.ndarray:
        """Which hits a filter keeps (one of its values, as `IN` does)."""
        wanted = [self.lookup[name][value] for value in selected if value in self.lookup[name]]
        if name in self.single:
            return np.isin(self.single[name][hits], wanted)
        docs, values = self.pairs[name]
        member = np.zeros(self.size, bool)
        member[docs[np.isin(values, wanted)]] = True
        return member[hits]

    def counts(self, name: str, hits: np.ndarray) -> list[tuple[str, int]]:
        if name in self.single:
            codes = self.single[name][hits]
            codes = codes[codes >= 0]
        else:
            docs, values = self.pairs[name]
            member = np.zeros(self.size, bool)
            member[hits] = True
            codes = values[member[docs]]
        counted = np.bincount(codes, minlength=len(self.values[name]))
        found = [(self.values[name][i], int(counted[i])) for i in np.flatnonzero(counted)]
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found[:FACET_SIZE]


class _Places:
    """One generation's places (coordinates and web-mercator positions) and date spans as arrays
    indexed by rowid, held in memory while no write changes the generation (as _Columns are).

    SQL grouped a map of the whole collection by sorting every placed object, and scanned them
    all twice for a timeline (a tenth of a second each at 100,000 objects); numpy groups the
    same values in a few milliseconds. The answers are SQL's: the same columns, the same cell
    of a position (its fraction times the cells, truncated, the last cell holding the far edge),
    the same bucket of a year, the clusters in the order of their cells (column, then row).
    """

    def __init__(self, db: sqlite3.Connection, g: str, key: tuple):
        self.key = key
        size = (db.execute(f"SELECT max(rowid) FROM docs_{g}").fetchone()[0] or 0) + 1
        rows = db.execute(f"SELECT rowid, lat, lon, tile_x, tile_y FROM docs_{g} WHERE lat IS NOT NULL").fetchall()
        placed = np.array(rows, np.float64).reshape(-1, 5)
        self.placed = placed[:, 0].astype(np.int64)  # the rowids with a place, in order
        self.has_place = np.zeros(size, bool)
        self.has_place[self.placed] = True
        self.lat, self.lon, self.tile_x, self.tile_y = (np.full(size, np.nan) for _ in range(4))
        for column, values in enumerate((self.lat, self.lon, self.tile_x, self.tile_y), start=1):
            values[self.placed] = placed[:, column]
        rows = db.execute(f"SELECT rowid, date_start, date_end FROM docs_{g} WHERE date_start IS NOT NULL").fetchall()
        dated = np.array(rows, np.int64).reshape(-1, 3)
        self.dated = dated[:, 0]  # the rowids with a date, in order
        self.has_date = np.zeros(size, bool)
        self.has_date[self.dated] = True
        self.either = np.flatnonzero(self.has_place | self.has_date)  # on a map or a timeline
        # The years on the timeline's gapless scale (search.timeline.year_number), once.
        self.start, self.end = np.zeros(size, np.int64), np.zeros(size, np.int64)
        for numbers, years in ((self.start, dated[:, 1]), (self.end, dated[:, 2])):
            numbers[self.dated] = np.where(years >= 1, years - 1, np.minimum(years, -1))

    def within(self, box: BBox, hits: np.ndarray | None) -> np.ndarray:
        """The hits (None: every object) placed in the box, edges included, as the columns
        decide in SQL (the R*Tree only narrows there)."""
        rowids = self.placed if hits is None else hits[self.has_place[hits]]
        lat, lon = self.lat[rowids], self.lon[rowids]
        across = (lon >= box.west) | (lon <= box.east) if box.crosses_antimeridian else \
            (lon >= box.west) & (lon <= box.east)
        return rowids[across & (lat >= box.south) & (lat <= box.north)]

    def clusters(self, hits: np.ndarray | None, cells: int) -> tuple[np.ndarray, list[dict]]:
        """The placed hits' rowids (hits None: every object) and their clusters at cells x cells."""
        rowids = self.placed if hits is None else hits[self.has_place[hits]]
        column, row = (np.minimum((fraction[rowids] * cells).astype(np.int64), cells - 1)
                       for fraction in (self.tile_x, self.tile_y))
        cell = column * cells + row
        if cells * cells <= _DENSE_CELLS:
            code, size = cell, cells * cells
        else:  # a box's cells, a few of a large grid
            size = len(keys := np.unique(cell))
            code = np.searchsorted(keys, cell)
        lat, lon = self.lat[rowids], self.lon[rowids]
        counts = np.bincount(code, minlength=size)
        found = np.flatnonzero(counts)  # in the order of their cells, as SQL's GROUP BY gives them
        sums = [np.bincount(code, degrees, size)[found] for degrees in (lat, lon)]
        bounds = []
        for least, degrees in ((True, lon), (True, lat), (False, lon), (False, lat)):
            bound = np.full(size, np.inf if least else -np.inf)
            (np.minimum if least else np.maximum).at(bound, code, degrees)
            bounds.append(bound[found])
        clusters = [{"lat": lat_sum / count, "lon": lon_sum / count, "count": count, "bbox": [west, south, east, north]}
                    for count, lat_sum, lon_sum, west, south, east, north
                    in zip(counts[found].tolist(), *(values.tolist() for values in sums + bounds), strict=True)]
        return rowids, clusters

    def buckets(self, hits: np.ndarray | None, width: int) -> tuple[dict[int, int], dict[int, int]]:
        """How many of the dated hits (None: every object) start, and end, in each bucket."""
        rowids = self.dated if hits is None else hits[self.has_date[hits]]
        counted = []
        for numbers in (self.start[rowids], self.end[rowids]):
            if not len(numbers):
                counted.append({})
                continue
            # search.timeline.bucket_of: numpy's // floors, as Python's does.
            buckets = numbers // width
            first = int(buckets.min())
            counts = np.bincount(buckets - first)
            found = np.flatnonzero(counts)
            counted.append(dict(zip((found + first).tolist(), counts[found].tolist(), strict=True)))
        return counted[0], counted[1]


def _varints(raw: np.ndarray) -> np.ndarray:
    """The values of SQLite's varints (7 bits a byte, high bit set on all but the last byte),
    one after another in raw; at most 8 bytes each, as FTS5's sizes and counts are."""
    ends = np.flatnonzero(raw < 0x80)
    number = np.repeat(np.arange(len(ends)), np.diff(ends, prepend=-1))
    if len(number) != len(raw):
        raise ValueError("a varint runs past the end")
    place = ends[number] - np.arange(len(raw))  # bytes after this one in its varint
    return np.bincount(number, weights=(raw & 0x7F) * np.power(128.0, place), minlength=len(ends)).astype(np.int64)


# The constants of FTS5's bm25() (its ext/fts5/fts5_aux.c).
_K1, _B = 1.2, 0.75


def _bm25(idfs: list[float], frequencies: list[np.ndarray], lengths: np.ndarray, average: float) -> np.ndarray:
    """FTS5's bm25() for many rows at once: the same operations on the same doubles in the same
    order, so that every score equals SQL's to the last bit (and ties stay ties).
    frequencies: per phrase, each row's weighted count of it; lengths: each row's tokens."""
    score = np.zeros(len(lengths))
    for idf, frequency in zip(idfs, frequencies, strict=True):
        score += idf * ((frequency * (_K1 + 1.0)) / (frequency + _K1 * ((1 - _B) + _B * lengths / average)))
    return -1.0 * score


def _idf(rows: int, hits: int) -> float:
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0.0 else 1e-6


@lru_cache(maxsize=1)
def bm25_replicated() -> bool:
    """Whether this SQLite's bm25() gives exactly what _bm25 computes (another formula, or a
    build that fuses multiply-adds, would not): checked once, on a small table of known counts."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(a, b)")
        counts = [(n % 3, n % 4, 1 + n % 5, 2 + n % 7) for n in range(1, 40)]  # words x in a and in b, others
        for x_a, x_b, other_a, other_b in counts:
            db.execute("INSERT INTO t VALUES (?, ?)", (" ".join(["x"] * x_a + ["y"] * other_a),
                                                     " ".join(["x"] * x_b + ["z"] * other_b)))
        rows = [(rowid, a, b, o_a, o_b) for rowid, (a, b, o_a, o_b) in enumerate(counts, 1) if a or b]
        lengths = np.array([float(a + b + o_a + o_b) for _, a, b, o_a, o_b in rows])
        average = sum(sum(c) for c in counts) / len(counts)
        x = np.array([3.0 * a + b for _, a, b, _, _ in rows])
        y = np.array([3.0 * o_a for _, _, _, o_a, _ in rows])
        for match, expected in (
                ("x", _bm25([_idf(len(counts), len(rows))], [x], lengths, average)),
                ("x AND y", _bm25([_idf(len(counts), len(rows)), _idf(len(counts), len(counts))], [x, y], lengths,
                                  average))):
            found = db.execute("SELECT rowid, bm25(t, 3.0, 1.0) FROM t WHERE t MATCH ? ORDER BY rowid",
                               (match,)).fetchall()
            if found != [(r[0], score) for r, score in zip(rows, expected.tolist(), strict=True)]:
                return False
        return True
    except sqlite3.Error:
        return False
    finally:
        db.close()


class _Ranking:
    """What orders a page of many hits, in memory for one generation (with its _Columns), so
    that a broad word's tens of thousands of hits are put in order by numpy rather than by SQL
    a row at a time (bm25() reads each row's positions and size: 55 ms for 70,000 hits at
    100,000 objects; a sort by date looks each hit up in docs).

    Held, each read when first needed: per order of the docs table (by id, by date, by title),
    each row's place in it, as SQL sorts them (the ORDER BY itself is run); for bm25, each row's
    length in tokens (FTS5's docsize table) and the table's row and token counts (its averages
    record), and per word asked for, each row's count of it in the text columns weighted as
    _WEIGHTS weighs them (read from an fts5vocab table; at most `held` words, the latest).
    """

    held = 32

    def __init__(self, g: str, size: int):
        self.g, self.size = g, size
        self.orders: dict[str, np.ndarray] = {}
        self.lengths: np.ndarray | None = None
        self.words: dict[str, tuple[np.ndarray, int] | None] = {}
        self._lock = threading.Lock()  # the threads of a process share the words held

    def _places(self, db: sqlite3.Connection, order: str) -> np.ndarray:
        """Each row's place in the docs table sorted by the ORDER BY clause (over d.)."""
        if order not in self.orders:
            places = np.zeros(self.size, np.int32)
            ordered = np.fromiter((r for r, in db.execute(f"SELECT d.rowid FROM docs_{self.g} d ORDER BY {order}")),
                                  np.int64)
            places[ordered] = np.arange(len(ordered))
            self.orders[order] = places
        return self.orders[order]

    def _lengths(self, db: sqlite3.Connection) -> bool:
        """Read the rows' lengths and the table's averages; False when they cannot be read so."""
        if self.lengths is None:
            g = self.g
            ids, sizes = db.execute(f"SELECT group_concat(id), group_concat(hex(sz), '') FROM fts_{g}_docsize"
                                    ).fetchone()
            rowids = _rowids(ids)
            try:
                counts = _varints(np.frombuffer(bytes.fromhex(sizes or ""), np.uint8))
            except ValueError:
                counts = None
            block = db.execute(f"SELECT block FROM fts_{g}_data WHERE id = 1").fetchone()
            if counts is None or len(counts) != len(FTS_COLUMNS) * len(rowids) or block is None:
                self.lengths = np.zeros(0, np.int32)  # not as this layout expects: SQL ranks
                return False
            averages = _varints(np.frombuffer(block[0], np.uint8))
            self.rows = int(averages[0])
            self.average = int(averages[1:].sum()) / self.rows
            lengths = np.zeros(self.size, np.int32)
            lengths[rowids] = counts.reshape(-1, len(FTS_COLUMNS)).sum(axis=1)
            self.lengths = lengths
        return len(self.lengths) == self.size

    def _word(self, db: sqlite3.Connection, word: str) -> tuple[np.ndarray, int] | None:
        """Each row's weighted count of the word and how many rows hold it; None when FTS5 does
        not see the word as one token as it is (its rows counted by MATCH differ)."""
        with self._lock:
            if word in self.words:
                found = self.words[word] = self.words.pop(word)  # the latest last
                return found
        g = self.g
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_{g} USING fts5vocab(main, fts_{g}, instance)")
        counts = np.zeros(self.size, np.float64)
        for column, docs in db.execute(
                f"SELECT col, group_concat(doc) FROM temp.vocab_{g} WHERE term = ? GROUP BY col", (word,)):
            if column in TEXT_COLUMNS:
                counts += _WEIGHTS[FTS_COLUMNS.index(column)] * np.bincount(_rowids(docs), minlength=self.size)
        hits = int(np.count_nonzero(counts))
        matched = db.execute(f"SELECT count(*) FROM fts_{g} WHERE fts_{g} MATCH ?",
                             (f"{{{' '.join(TEXT_COLUMNS)}}} : {_quote(word)}",)).fetchone()[0]
        found = (counts.astype(np.float32), hits) if matched == hits else None
        with self._lock:
            self.words[word] = found
            while len(self.words) > self.held:
                del self.words[next(iter(self.words))]
        return found

    def ranked(self, db: sqlite3.Connection, words: tuple[str, ...], hits: np.ndarray, offset: int, size: int):
        """The rowids of the page of hits (all of which hold every word) in SQL's order by
        relevance (bm25, then id); None when they cannot be scored here as SQL scores them."""
        if not bm25_replicated() or not self._lengths(db):
            return None
        found = [self._word(db, word) for word in words]
        if None in found:
            return None
        scores = _bm25([_idf(self.rows, count) for _, count in found],
                       [counts[hits].astype(np.float64) for counts, _ in found],
                       self.lengths[hits].astype(np.float64), self.average)
        end = offset + size
        if end < len(hits):  # only what may be on the page: up to the end's score, ties included
            kept = scores <= np.partition(scores, end - 1)[end - 1]
            hits, scores = hits[kept], scores[kept]
        return hits[np.lexsort((self._places(db, "d.id")[hits], scores))][offset:end].tolist()

    def sorted(self, db: sqlite3.Connection, order: str, hits: np.ndarray, offset: int, size: int) -> list[int]:
        """The rowids of the page of hits in the order of the ORDER BY clause (ending in d.id,
        so that no two rows tie)."""
        places = self._places(db, order)[hits]
        end = offset + size
        if end < len(hits):
            first = np.argpartition(places, end - 1)[:end]
            hits, places = hits[first], places[first]
        return hits[np.argsort(places)][offset:end].tolist()


# Ids per statement of a batch's look-ups (SQLite allows 32,766 parameters since 3.32, 999 before).
_CHUNK = 500


@dataclass(frozen=True)
class _Rows:
    """What one document writes into a generation's tables, worked out once for all of them."""

    id: str
    version: int | None
    doc: tuple  # docs' columns after id, in their order
    place: tuple | None  # the R*Tree's box (min_lon, max_lon, min_lat, max_lat) of a placed object
    source: str
    museum: tuple[str, str] | None  # (slug, names as JSON)
    text: tuple[str, ...]  # FTS_COLUMNS
    materials: list[str]
    centuries: list[str]
    suggest: list[tuple[str, str]]  # (input, label)

    @classmethod
    def of(cls, document: dict) -> _Rows:
        texts = document["display"]["texts"]
        location = document["location"]
        place = (location["lon"], location["lon"], location["lat"], location["lat"]) if location else None
        return cls(
            id=document["id"],
            version=document.get("version"),
            doc=(
                document["museum"], document["country"], document["object_type"], document["date_start"],
                document["date_end"], document["sort_title"], document.get("version"),
                *((location["lat"], location["lon"], tile_x(location["lon"]), tile_y(location["lat"]))
                  if location else (None,) * 4),
                document["accession"],
            ),
            place=place,
            # What a hit and an export row show; the searchable fields live in the other tables.
            source=orjson.dumps({"id": document["id"], "display": document["display"]},
                                option=orjson.OPT_NON_STR_KEYS).decode(),
            museum=(document["museum"], json.dumps(document["display"]["museum"]["name"], ensure_ascii=False))
            if document["museum"] else None,
            text=(
                *(_column_text(texts[name]) for name in TEXT_COLUMNS),
                " ".join(cjk_grams(document["cjk_title"])),
                " ".join(cjk_grams(document["cjk_body"])),
                _column_text(document["place_folded"]),
            ),
            materials=document["materials"],
            centuries=document["centuries"],
            suggest=[(input_, entry["label"]) for entry in document["suggest_labels"] for input_ in entry["inputs"]],
        )


def _distinct_runs(documents: list[dict]) -> Iterator[list[dict]]:
    """The documents in runs of distinct ids, in order: a run is written as one batch, and a
    later document of the same id is then written after the earlier one, as one by one."""
    run: dict[str, dict] = {}
    for document in documents:
        if document["id"] in run:
            yield list(run.values())
            run = {}
        run[document["id"]] = document
    if run:
        yield list(run.values())


class _Connection:
    """One thread's connection; closed when the thread (and with it this holder) goes away."""

    __slots__ = ("db", "__weakref__")

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __del__(self):
        self.db.close()


def _in_wal_mode(db: sqlite3.Connection) -> None:
    """Put the index file in WAL mode (readers never wait for the writer). While another process
    is still creating the file (an import's delivery process, say, beside the web app), SQLite
    answers "database is locked" at once rather than wait, since both waiting for each other
    could deadlock; the switch is tried again until that write ends, within BUSY_SECONDS."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            _pause(0.02)


def _pause(seconds: float) -> None:
    """A short wait between tries (tests replace it to finish the other write meanwhile)."""
    time.sleep(seconds)


class EmbeddedBackend(SearchBackend):
    name = "embedded"
    # A text search matching at least this many objects counts its total and facets in memory
    # (_Columns) even when that means reading the columns again after a write; below it SQL
    # counts them over temp.hits, unless the columns in memory are current anyway. Measured at
    # 100,000 objects: reading the columns costs what SQL spends counting some 15,000 hits.
    broad_hits = 20_000
    # Hits counted in memory are put in order there too (_Ranking) from this many: below it, SQL
    # costs about as little (bm25() some 1 ms a 1,000 hits) and no word's counts are read for it.
    rank_hits = 2_000

    def __init__(self, path: str | Path, index: str = "objects"):
        self.path = Path(path)
        self.prefix = "".join(c if c.isalnum() else "_" for c in index)
        self._local = threading.local()
        # Weak: a thread's connection closes when the thread ends (a threaded server makes a
        # thread per request), and close() still reaches those alive.
        self._handles: weakref.WeakSet[_Connection] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._columns: _Columns | None = None  # of the generation read last, shared by threads
        self._places: _Places | None = None  # likewise

    # Connections: one per thread (sqlite3 connections are not shared across threads).

    def _db(self) -> sqlite3.Connection:
        handle = getattr(self._local, "handle", None)
        if handle is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS)
                _in_wal_mode(db)
                db.execute("PRAGMA synchronous=NORMAL")
                # Searches touch pages all over the index: read them through a memory map and
                # keep a larger page cache than SQLite's 2 MB default.
                db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
                db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
                db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            except (sqlite3.Error, OSError) as error:
                raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
            handle = self._local.handle = _Connection(db)
            with self._lock:
                self._handles.add(handle)
        return handle.db

    def close(self) -> None:
        with self._lock:
            for handle in list(self._handles):
                handle.db.close()
            self._handles.clear()
        self._local = threading.local()

    def _meta(self, db: sqlite3.Connection, key: str) -> str | None:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (f"{self.prefix}:{SCHEMA}:{key}",)).fetchone()
        return row[0] if row else None

    def _set_meta(self, db: sqlite3.Connection, key: str, value: str | None) -> None:
        if value is None:
            db.execute("DELETE FROM meta WHERE key = ?", (f"{self.prefix}:{SCHEMA}:{key}",))
        else:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"{self.prefix}:{SCHEMA}:{key}", value))

    # Index lifecycle

    def _create_generation(self, db: sqlite3.Connection) -> str:
        generation = f"{self.prefix}_{time.time_ns():x}"
        self._set_meta(db, f"format:{generation}", _format())
        g = generation
        script = (
            f"""
            CREATE TABLE docs_{g} (
                rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, museum TEXT, country TEXT,
                object_type TEXT, date_start INTEGER, date_end INTEGER, sort_title TEXT, version INTEGER,
                lat REAL, lon REAL, tile_x REAL, tile_y REAL, accession TEXT);
            CREATE VIRTUAL TABLE places_{g} USING rtree(id, min_lon, max_lon, min_lat, max_lat);
            CREATE TABLE deleted_{g} (id TEXT PRIMARY KEY, version INTEGER NOT NULL, at REAL NOT NULL);
            CREATE INDEX docs_{g}_museum ON docs_{g} (museum);
            CREATE INDEX docs_{g}_country ON docs_{g} (country);
            CREATE INDEX docs_{g}_type ON docs_{g} (object_type);
            CREATE INDEX docs_{g}_start ON docs_{g} (date_start IS NULL, date_start, id);
            CREATE INDEX docs_{g}_start_desc ON docs_{g} (date_start IS NULL, date_start DESC, id);
            CREATE INDEX docs_{g}_end ON docs_{g} (date_end);
            CREATE INDEX docs_{g}_title ON docs_{g} (sort_title, id);
            CREATE INDEX docs_{g}_accession ON docs_{g} (accession);
            CREATE TABLE sources_{g} (rowid INTEGER PRIMARY KEY, doc TEXT NOT NULL);
            CREATE TABLE museums_{g} (slug TEXT PRIMARY KEY, names TEXT NOT NULL);
            CREATE TABLE materials_{g} (doc INTEGER NOT NULL, value TEXT NOT NULL);
            CREATE INDEX materials_{g}_value ON materials_{g} (value, doc);
            CREATE INDEX materials_{g}_doc ON materials_{g} (doc);
            CREATE TABLE centuries_{g} (doc INTEGER NOT NULL, value TEXT NOT NULL);
            CREATE INDEX centuries_{g}_value ON centuries_{g} (value, doc);
            CREATE INDEX centuries_{g}_doc ON centuries_{g} (doc);
            CREATE TABLE suggest_{g} (input TEXT NOT NULL, label TEXT NOT NULL, doc INTEGER NOT NULL);
            CREATE INDEX suggest_{g}_input ON suggest_{g} (input);
            CREATE INDEX suggest_{g}_doc ON suggest_{g} (doc);
            CREATE VIRTUAL TABLE fts_{g} USING fts5(
                {", ".join(FTS_COLUMNS)},
                tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'")
            """
        )
        # One statement at a time: executescript() would commit the caller's transaction.
        for statement in script.split(";"):
            db.execute(statement)
        return generation

    def _drop_generation(self, db: sqlite3.Connection, generation: str) -> None:
        for table in ("fts", "suggest", "centuries", "materials", "museums", "sources", "deleted", "places", "docs"):
            db.execute(f"DROP TABLE IF EXISTS {table}_{generation}")
        self._set_meta(db, f"format:{generation}", None)
        self._set_meta(db, f"changes:{generation}", None)

    def create_index(self) -> None:
        db = self._db()
        with self._write(db):
            if self._meta(db, "live") is None:
                self._set_meta(db, "live", self._create_generation(db))

    def needs_reindex(self) -> bool:
        def built_with(db: sqlite3.Connection, g: str | None) -> str | None:
            if g:
                return self._meta(db, f"format:{g}")
            # None in this layout: one an older layout left reads as empty until rebuilt.
            older = db.execute("SELECT 1 FROM meta WHERE key GLOB ? AND key != ?",
                               (f"{self.prefix}:*:live", f"{self.prefix}:{SCHEMA}:live")).fetchone()
            return None if older else _format()  # none at all: made current

        return self._read(built_with) != _format()

    def reset_index(self) -> None:
        db = self._db()
        with self._write(db):
            old = self._meta(db, "live")
            self._set_meta(db, "live", self._create_generation(db))
            if old:
                self._drop_generation(db, old)

    def drop_index(self) -> None:
        db = self._db()
        with self._write(db):
            for key in ("live", "rebuild"):
                generation = self._meta(db, key)
                if generation:
                    self._drop_generation(db, generation)
                self._set_meta(db, key, None)

    def begin_rebuild(self) -> str:
        db = self._db()
        with self._write(db):
            stale = self._meta(db, "rebuild")
            if stale:
                self._drop_generation(db, stale)
            generation = self._create_generation(db)
            # Writes from now on (the outbox drain) reach the new generation too.
            self._set_meta(db, "rebuild", generation)
        return generation

    def finish_rebuild(self, handle: str) -> None:
        db = self._db()
        with self._write(db):
            old = self._meta(db, "live")
            self._set_meta(db, "live", handle)
            self._set_meta(db, "rebuild", None)
            if old and old != handle:
                self._drop_generation(db, old)

    def abort_rebuild(self, handle: str) -> None:
        db = self._db()
        with self._write(db):
            if self._meta(db, "rebuild") == handle:
                self._set_meta(db, "rebuild", None)
            self._drop_generation(db, handle)

    class _write:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on error; SQLite errors become SearchUnavailable."""

        def __init__(self, db: sqlite3.Connection):
            self.db = db

        def __enter__(self):
            try:
                self.db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise SearchUnavailable(f"embedded index: {error}") from error
            return self.db

        def __exit__(self, kind, error, trace):
            if kind is None:
                self.db.execute("COMMIT")
                return False
            self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError):
                raise SearchUnavailable(f"embedded index: {error}") from error
            return False

    def _targets(self, db: sqlite3.Connection, rebuild: str | None) -> list[str]:
        if rebuild:
            return [rebuild]
        live = self._meta(db, "live")
        if live is None:
            live = self._create_generation(db)
            self._set_meta(db, "live", live)
        building = self._meta(db, "rebuild")
        return [live] + ([building] if building and building != live else [])

    # Writes: a batch at a time. What a document writes is worked out once (_Rows), before the
    # write transaction; then each table is read and written with one statement per batch
    # (per chunk of ids), not a dozen per document.

    def index(self, documents: Iterable[dict], rebuild: str | None = None) -> int:
        documents = list(documents)
        if not documents:
            return 0
        batches = [[_Rows.of(document) for document in part] for part in _distinct_runs(documents)]
        db = self._db()
        with self._write(db):
            for generation in self._targets(db, rebuild):
                for rows in batches:
                    self._put(db, generation, rows, strict=rebuild is not None)
                self._changed(db, generation)
        return len(documents)

    def _changed(self, db: sqlite3.Connection, g: str) -> None:
        """Count a write to the generation: the columns any process holds of it are then stale."""
        db.execute("INSERT INTO meta VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1",
                   (f"{self.prefix}:{SCHEMA}:changes:{g}",))

    @staticmethod
    def _held(db: sqlite3.Connection, columns: str, table: str, ids: list[str]) -> list[tuple]:
        """The columns of the table's rows of these ids, read a chunk of ids at a time."""
        found = []
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            found += db.execute(f"SELECT {columns} FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})",
                                chunk).fetchall()
        return found

    def _remove(self, db: sqlite3.Connection, g: str, rowids: list[int]) -> None:
        """Remove what the documents at these rowids wrote beside their docs and sources rows."""
        if not rowids:
            return
        keys = [(rowid,) for rowid in rowids]
        db.executemany(f"DELETE FROM fts_{g} WHERE rowid = ?", keys)
        db.executemany(f"DELETE FROM places_{g} WHERE id = ?", keys)
        for table in ("materials", "centuries", "suggest"):
            db.executemany(f"DELETE FROM {table}_{g} WHERE doc = ?", keys)

    def _put(self, db: sqlite3.Connection, g: str, batch: list[_Rows], strict: bool = False) -> None:
        """Write documents of distinct ids, each unless the index holds a newer state of it (as
        Elasticsearch's external versions do: equal versions replace, except for a rebuild's own
        writes)."""
        ids = [rows.id for rows in batch]
        found = {id_: (rowid, version) for id_, rowid, version in
                 self._held(db, "id, rowid, version", f"docs_{g}", ids)}
        versioned = [rows.id for rows in batch if rows.version is not None]
        tombstones = dict(self._held(db, "id, version", f"deleted_{g}", versioned))

        def newer_held(rows: _Rows) -> bool:
            if rows.version is None:
                return False
            for held in (found.get(rows.id, (None, None))[1], tombstones.get(rows.id)):
                if held is not None and (held > rows.version or (strict and held == rows.version)):
                    return True
            return False

        batch = [rows for rows in batch if not newer_held(rows)]
        if not batch:
            return
        db.executemany(f"DELETE FROM deleted_{g} WHERE id = ?",
                       [(rows.id,) for rows in batch if rows.version is not None and rows.id in tombstones])
        replaced = [(rows, found[rows.id][0]) for rows in batch if rows.id in found]
        self._remove(db, g, [rowid for _, rowid in replaced])
        db.executemany(
            f"UPDATE docs_{g} SET museum=?, country=?, object_type=?, date_start=?,"
            f" date_end=?, sort_title=?, version=?, lat=?, lon=?, tile_x=?, tile_y=?, accession=? WHERE rowid = ?",
            [(*rows.doc, rowid) for rows, rowid in replaced],
        )
        # New documents take the rowids SQLite gives one at a time: the largest so far plus one.
        last = db.execute(f"SELECT max(rowid) FROM docs_{g}").fetchone()[0] or 0
        added = [(rows, last + number) for number, rows in enumerate(
            (rows for rows in batch if rows.id not in found), start=1)]
        db.executemany(
            f"INSERT INTO docs_{g} (rowid, id, museum, country, object_type, date_start, date_end,"
            f" sort_title, version, lat, lon, tile_x, tile_y, accession)"
            f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(rowid, rows.id, *rows.doc) for rows, rowid in added],
        )
        rowid_of = {rows.id: rowid for rows, rowid in replaced + added}
        written = [(rows, rowid_of[rows.id]) for rows in batch]  # in the documents' order
        db.executemany(f"INSERT INTO places_{g} VALUES (?, ?, ?, ?, ?)",
                       [(rowid, *rows.place) for rows, rowid in written if rows.place])
        db.executemany(f"INSERT OR REPLACE INTO sources_{g} VALUES (?, ?)",
                       [(rowid, rows.source) for rows, rowid in written])
        db.executemany(f"INSERT OR REPLACE INTO museums_{g} VALUES (?, ?)",
                       [rows.museum for rows in batch if rows.museum])
        db.executemany(
            f"INSERT INTO fts_{g} (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, {', '.join('?' * len(FTS_COLUMNS))})",
            [(rowid, *rows.text) for rows, rowid in written],
        )
        db.executemany(f"INSERT INTO materials_{g} VALUES (?, ?)",
                       [(rowid, value) for rows, rowid in written for value in rows.materials])
        db.executemany(f"INSERT INTO centuries_{g} VALUES (?, ?)",
                       [(rowid, value) for rows, rowid in written for value in rows.centuries])
        db.executemany(f"INSERT INTO suggest_{g} VALUES (?, ?, ?)",
                       [(input_, label, rowid) for rows, rowid in written for input_, label in rows.suggest])

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return
        db = self._db()
        with self._write(db):
            targets = self._targets(db, None)
            # The live version becomes a tombstone in every target, so a rebuild's older copy
            # cannot bring the object back; tombstones older than an hour have done their work.
            versions = {id_: version for id_, version in
                        self._held(db, "id, version", f"docs_{targets[0]}", ids)
                        if version is not None}
            for g in targets:
                db.execute(f"DELETE FROM deleted_{g} WHERE at < ?", (time.time() - 3600,))
                db.executemany(
                    f"INSERT OR REPLACE INTO deleted_{g} VALUES (?, ?, ?)",
                    [(object_id, version, time.time()) for object_id, version in versions.items()],
                )
                rowids = [rowid for rowid, in self._held(db, "rowid", f"docs_{g}", ids)]
                self._remove(db, g, rowids)
                for table in ("docs", "sources"):
                    db.executemany(f"DELETE FROM {table}_{g} WHERE rowid = ?", [(rowid,) for rowid in rowids])
                self._changed(db, g)

    # Reads

    def _read(self, work):
        """Run work(db, generation) in one read transaction: the generation it reads stays whole."""
        db = self._db()
        for attempt in range(3):
            try:
                db.execute("BEGIN")
                try:
                    generation = self._meta(db, "live")
                    return work(db, generation)
                finally:
                    db.execute("COMMIT")
            except sqlite3.OperationalError as error:
                # A rebuild swapped and dropped the generation between two statements.
                if "no such table" in str(error) and attempt < 2:
                    continue
                raise SearchUnavailable(f"embedded index: {error}") from error
        raise SearchUnavailable("embedded index: no stable generation")

    def count(self) -> int:
        return self._read(lambda db, g: db.execute(f"SELECT count(*) FROM docs_{g}").fetchone()[0] if g else 0)

    def health(self) -> bool:
        try:
            self._read(lambda db, g: None)
            return True
        except SearchUnavailable:
            return False

    def _conditions(self, g: str, query: SearchQuery, hits: str | None, skip: Iterable[str] = ()):
        """WHERE clauses and parameters for the query, without the filters named in skip.

        hits is the SQL of the rowids that match the text (None: no text to match).
        """
        where, params = [], []
        if hits is not None:
            where.append(f"d.rowid IN ({hits})")
        text = text_match(query.text) if query.text.strip() else None
        if text is not None:
            if text.excluded:
                where.append(f"d.rowid NOT IN (SELECT rowid FROM fts_{g} WHERE fts_{g} MATCH ?)")
                params.append(text.excluded)
            for key, negated in text.accessions:
                where.append("d.accession IS NOT ?" if negated else "d.accession = ?")
                params.append(key)
        for name, values in query.filters().items():
            if name in skip:
                continue
            marks = ", ".join("?" * len(values))
            if name in _FACET_COLUMNS:
                where.append(f"d.{_FACET_COLUMNS[name]} IN ({marks})")
            else:
                where.append(f"d.rowid IN (SELECT doc FROM materials_{g} WHERE value IN ({marks}))")
            params.extend(values)
        if query.date_from is not None:
            where.append("d.date_end >= ?")
            params.append(query.date_from)
        if query.date_to is not None:
            where.append("d.date_start <= ?")
            params.append(query.date_to)
        if query.bbox is not None:
            box = query.bbox
            # The R*Tree narrows (its 32-bit bounds are rounded outwards), the columns decide.
            near = f"SELECT id FROM places_{g} WHERE min_lat <= ? AND max_lat >= ? AND "
            if box.crosses_antimeridian:
                where.append(f"d.rowid IN ({near}max_lon >= ? UNION ALL {near}min_lon <= ?)")
                where.append("(d.lon >= ? OR d.lon <= ?) AND d.lat BETWEEN ? AND ?")
                params += [box.north, box.south, box.west, box.north, box.south, box.east]
            else:
                where.append(f"d.rowid IN ({near}min_lon <= ? AND max_lon >= ?)")
                where.append("d.lon BETWEEN ? AND ? AND d.lat BETWEEN ? AND ?")
                params += [box.north, box.south, box.east, box.west]
            params += [box.west, box.east, box.south, box.north]
        return where, params

    @staticmethod
    def _order(query: SearchQuery, ranked: bool) -> str:
        if query.sort == "date":
            return "d.date_start IS NULL, d.date_start, d.id"
        if query.sort == "-date":
            return "d.date_start IS NULL, d.date_start DESC, d.id"
        if query.sort == "title":
            return "d.sort_title, d.id"
        return "rank, d.id" if ranked else "d.id"

    @staticmethod
    def _text(query: SearchQuery) -> TextMatch | None:
        """The query's text for FTS5; None when nothing in it is searchable (no hits then)."""
        return text_match(query.text) if query.text.strip() else TextMatch(None)

    def search(self, query: SearchQuery) -> SearchResult:
        text = self._text(query)
        if text is None:
            # Nothing searchable in the text (only stop words or punctuation): no hits.
            return SearchResult(0, query.page, query.size, [], {name: [] for name in FACETS})
        return self._read(lambda db, g: self._search(db, g, query, text.match))

    @staticmethod
    def _match(db, g: str, match: str | None) -> str | None:
        """The SQL of the rowids that match the text (None without text): the text is matched
        and ranked once, into temp.hits, and the page, the total and every facet reuse it."""
        if match is None:
            return None
        db.execute(f"CREATE TEMP TABLE IF NOT EXISTS hits (rowid INTEGER PRIMARY KEY, rank REAL, "
                   f"{', '.join(_HIT_COLUMNS)})")
        db.execute("DELETE FROM temp.hits")
        db.execute(
            f"INSERT INTO temp.hits SELECT m.rowid, m.rank, {', '.join('d.' + c for c in _HIT_COLUMNS)}"
            f" FROM (SELECT rowid, bm25(fts_{g}, {', '.join(map(str, _WEIGHTS))}) AS rank"
            f" FROM fts_{g} WHERE fts_{g} MATCH ?) m CROSS JOIN docs_{g} d ON d.rowid = m.rowid",
            (match,),
        )
        return "SELECT rowid FROM temp.hits"

    def _matching(self, query: SearchQuery, in_memory, in_sql, empty):
        """A map's or a timeline's answer: in_memory(db, g, places, hits) from the places in
        memory and the rowids the query matches (None: every object), or in_sql(db, g, rows,
        clause, params) over the rows it matches (rows: the FROM clause, clause: the WHERE
        clause); empty when the text has nothing searchable."""
        text = self._text(query)
        if text is None:
            return empty
        match = text.match

        def read(db, g):
            if g is None:
                return empty
            held = self._held_places(db, g, query, match)
            if held is not None:
                return in_memory(db, g, *held)
            hits = self._match(db, g, match)
            where, params = self._conditions(g, query, hits)
            return in_sql(db, g, self._from(g, hits), " AND ".join(self._narrowing(where, hits)) or "1", params)

        return self._read(read)

    def _held_places(self, db, g: str, query: SearchQuery,
                     match: str | None) -> tuple[_Places, np.ndarray | None] | None:
        """The generation's places in memory and the rowids the query matches (None: every
        object), when they are current or the query matches so many objects (all of them, or a
        broad word's) that reading them again costs less than SQL's grouping; None: SQL groups.
        SQL finds the text's hits and applies the date span; the filters are applied by the
        facet columns in memory (_Columns) and the box by the places (SQL would look each hit
        up in the docs table, or in the R*Tree)."""
        key = (g, self._meta(db, f"changes:{g}"))
        filters = query.filters()
        where, params = self._conditions(g, replace(query, bbox=None, **{name: () for name in filters}), None)
        places = self._places
        if places is None or places.key != key:
            if match is not None:
                found = db.execute(f"SELECT count(*) FROM fts_{g} WHERE fts_{g} MATCH ?", (match,)).fetchone()[0]
            elif not where and not filters and query.bbox is None:
                found = db.execute(f"SELECT count(*) FROM docs_{g}").fetchone()[0]
            else:
                return None
            if found < self.broad_hits:
                return None
            self._places = places = _Places(db, g, key)
        hits = None if match is None and not where else self._hits(db, g, match, where, params)
        if filters:
            columns = self._columns
            if columns is None or columns.key != key:
                self._columns = columns = _Columns(db, g, key)
            hits = places.either if hits is None else hits
            kept = [columns.matches(name, values, hits) for name, values in filters.items()]
            hits = hits[np.logical_and.reduce(kept)]
        return places, hits if query.bbox is None else places.within(query.bbox, hits)

    @staticmethod
    def _hits(db, g: str, match: str | None, where: list[str], params: list) -> np.ndarray:
        """The rowids that match the text (None: any) and the conditions, in order."""
        if match is None:
            sql = f"SELECT group_concat(d.rowid) FROM docs_{g} d WHERE {' AND '.join(where)}"
        elif where:
            sql = (f"SELECT group_concat(d.rowid) FROM fts_{g} f CROSS JOIN docs_{g} d ON d.rowid = f.rowid"
                   f" WHERE fts_{g} MATCH ? AND {' AND '.join(where)}")
            params = [match, *params]
        else:
            sql, params = f"SELECT group_concat(rowid) FROM fts_{g} WHERE fts_{g} MATCH ?", [match]
        return _rowids(db.execute(sql, params).fetchone()[0])

    @staticmethod
    def _map_objects(db, g: str, rowids: list[int]) -> list[dict]:
        """The objects of a map that lists them (few), in the order of their ids."""
        return [map_item(json.loads(doc)) for doc, in db.execute(
            f"SELECT s.doc FROM docs_{g} d JOIN sources_{g} s ON s.rowid = d.rowid"
            f" WHERE d.rowid IN ({', '.join('?' * len(rowids))}) ORDER BY d.id", rowids)]

    def map(self, query: SearchQuery, zoom: int) -> MapResult:
        cells = 1 << map_precision(zoom, query.bbox)

        def in_memory(db, g, places: _Places, hits: np.ndarray | None):
            rowids, clusters = places.clusters(hits, cells)
            objects = self._map_objects(db, g, rowids.tolist()) if len(rowids) <= MAP_OBJECTS else []
            return MapResult(len(rowids), clusters, objects)

        def in_sql(db, g, rows, clause, params):
            clusters, total = [], 0
            for count, lat, lon, west, south, east, north in db.execute(
                f"SELECT count(*), avg(d.lat), avg(d.lon), min(d.lon), min(d.lat), max(d.lon), max(d.lat)"
                f" FROM {rows} WHERE {clause} AND d.lat IS NOT NULL"
                f" GROUP BY min(CAST(d.tile_x * {cells} AS INTEGER), {cells - 1}),"
                f" min(CAST(d.tile_y * {cells} AS INTEGER), {cells - 1})",
                params,
            ):
                clusters.append({"lat": lat, "lon": lon, "count": count, "bbox": [west, south, east, north]})
                total += count
            objects = []
            if total <= MAP_OBJECTS:
                objects = [map_item(json.loads(doc)) for doc, in db.execute(
                    f"SELECT s.doc FROM {rows} JOIN sources_{g} s ON s.rowid = d.rowid"
                    f" WHERE {clause} AND d.lat IS NOT NULL ORDER BY d.id", params)]
            return MapResult(total, clusters, objects)

        return self._matching(query, in_memory, in_sql, MapResult(0))

    def timeline(self, query: SearchQuery, interval: str) -> TimelineResult:
        width = INTERVALS[interval]

        def in_memory(db, g, places: _Places, hits: np.ndarray | None):
            return timeline(query, interval, *places.buckets(hits, width))

        def in_sql(db, g, rows, clause, params):
            starts, ends = (
                dict(db.execute(f"SELECT {_bucket_sql('d.' + column, width)} AS b, count(*) FROM {rows}"
                                f" WHERE {clause} AND d.date_start IS NOT NULL GROUP BY b", params))
                for column in ("date_start", "date_end")
            )
            return timeline(query, interval, starts, ends)

        return self._matching(query, in_memory, in_sql, timeline(query, interval, {}, {}))

    def _search(self, db, g, query: SearchQuery, match: str | None) -> SearchResult:
        if g is None:
            return SearchResult(0, query.page, query.size, [], {name: [] for name in FACETS})
        columns = self._broad(db, g, match)
        if columns is None:
            total, rowids, counts = self._counted_in_sql(db, g, query, match)
        else:
            total, rowids, counts = self._counted_in_memory(db, g, query, match, columns)
        facets = {name: self._facet_values(db, g, query, name, counts[name]) for name in FACETS}
        return SearchResult(total, query.page, query.size, self._items(db, g, match, rowids), facets)

    def _counted_in_sql(self, db, g, query: SearchQuery, match: str | None):
        """The total, the page's rowids and each facet's (value, count) rows, counted by SQL."""
        hits = self._match(db, g, match)
        where, params = self._conditions(g, query, hits)
        rows, clause = self._from(g, hits), " AND ".join(self._narrowing(where, hits)) or "1"
        total = db.execute(f"SELECT count(*) FROM {rows} WHERE {clause}", params).fetchone()[0]
        order = self._order(query, ranked=hits is not None)
        page_sql = f"SELECT d.rowid FROM {rows} WHERE {clause} ORDER BY {order} LIMIT ? OFFSET ?"
        rowids = [row[0] for row in db.execute(page_sql, [*params, query.size, query.offset])]
        return total, rowids, {name: self._facet(db, g, query, hits, name) for name in FACETS}

    def _broad(self, db, g: str, match: str | None) -> _Columns | None:
        """The generation's columns in memory when the text's hits are counted there: they are
        current, or the text matches so many objects that reading them again costs less."""
        if match is None:
            return None
        key = (g, self._meta(db, f"changes:{g}"))
        columns = self._columns
        if columns is not None and columns.key == key:
            return columns
        found = db.execute(f"SELECT count(*) FROM fts_{g} WHERE fts_{g} MATCH ?", (match,)).fetchone()[0]
        if found < self.broad_hits:
            return None
        self._columns = columns = _Columns(db, g, key)
        return columns

    def _counted_in_memory(self, db, g, query: SearchQuery, match: str, columns: _Columns):
        """As _counted_in_sql, with the hits' rowids read in one pass and counted in memory: SQL
        applies the conditions that are not filters, the columns the filters (each facet's
        counts ignore its own filter) and the facets; the page of many hits is put in order in
        memory too (_Ranking), by relevance only for plain words, else by SQL as before."""
        base, params = self._conditions(g, query, None, skip=FILTERS)
        if base:
            sql = (f"SELECT group_concat(d.rowid) FROM fts_{g} f CROSS JOIN docs_{g} d ON d.rowid = f.rowid"
                   f" WHERE fts_{g} MATCH ? AND {' AND '.join(base)}")
        else:
            sql = f"SELECT group_concat(rowid) FROM fts_{g} WHERE fts_{g} MATCH ?"
        found = db.execute(sql, (match, *params)).fetchone()[0]
        hits = _rowids(found)
        kept = {name: columns.matches(name, values, hits) for name, values in query.filters().items()}

        def narrowed(skip: str | None = None) -> np.ndarray:
            masks = [mask for name, mask in kept.items() if name != skip]
            return hits[np.logical_and.reduce(masks)] if masks else hits

        selected = narrowed()
        counts = {name: columns.counts(name, narrowed(name)) for name in FACETS}
        rowids = [] if query.offset >= len(selected) else None
        if rowids is None and len(selected) >= self.rank_hits:
            words = self._text(query).words
            if query.sort != "relevance":
                rowids = columns.ranking.sorted(db, self._order(query, False), selected, query.offset, query.size)
            elif words:
                rowids = columns.ranking.ranked(db, words, selected, query.offset, query.size)
        if rowids is None:
            where, params = self._conditions(g, query, None)
            rowids = [row[0] for row in db.execute(
                f"SELECT d.rowid FROM (SELECT rowid, bm25(fts_{g}, {', '.join(map(str, _WEIGHTS))}) AS rank"
                f" FROM fts_{g} WHERE fts_{g} MATCH ?) m CROSS JOIN docs_{g} d ON d.rowid = m.rowid"
                f" WHERE {' AND '.join(where) or '1'} ORDER BY {self._order(query, True)} LIMIT ? OFFSET ?",
                (match, *params, query.size, query.offset))]
        return len(selected), rowids, counts

    def _items(self, db, g, match: str | None, rowids: list[int]) -> list[dict]:
        """The page's hits as the API shows them, with their highlighted text."""
        # The stored documents of the page only, fetched after ordering (sorting never carries them).
        sources = dict(
            db.execute(f"SELECT rowid, doc FROM sources_{g} WHERE rowid IN ({', '.join('?' * len(rowids))})", rowids)
        )
        page = [(rowid, sources[rowid]) for rowid in rowids]
        marked: dict[int, tuple[str, ...]] = {}
        if match is not None and page:
            # Highlights for the page's rows only: FTS5 marks the folded text, we map it back.
            highlights = ", ".join(
                f"highlight(fts_{g}, {TEXT_COLUMNS.index(c)}, '{HIGHLIGHT_OPEN}', '{HIGHLIGHT_CLOSE}')"
                for c in _HIGHLIGHTED
            )
            for row in db.execute(
                f"SELECT rowid, {highlights} FROM fts_{g} WHERE fts_{g} MATCH ?"
                f" AND rowid IN ({', '.join('?' * len(rowids))})",
                (match, *rowids),
            ):
                marked[row[0]] = row[1:]
        items = []
        for rowid, doc in page:
            document = json.loads(doc)
            highlight = {}
            texts = document["display"]["texts"]
            for field, text in zip(_HIGHLIGHTED, marked.get(rowid, ("", "")), strict=True):
                for value in (text or "").split("\n"):
                    if HIGHLIGHT_OPEN in value:
                        found = highlight_from_marked(value, texts[field], space_cjk=True)
                        if found:
                            highlight[field] = found
                            break
            items.append(hit_item(document, highlight))
        return items

    @staticmethod
    def _from(g: str, hits: str | None) -> str:
        # With text, the matching rows (with their columns copied) instead of every object.
        return "temp.hits d" if hits else f"docs_{g} d"

    @staticmethod
    def _narrowing(where: list[str], hits: str | None) -> list[str]:
        """The conditions left once the FROM clause is already the text's hits."""
        return where[1:] if hits else where

    def _facet(self, db, g, query: SearchQuery, hits: str | None, name: str) -> list[tuple[str, int]]:
        """A facet's (value, count) rows, most first, counted by SQL."""
        where, params = self._conditions(g, query, hits, skip=(name,))
        narrowing = self._narrowing(where, hits)
        clause = " AND ".join(narrowing) or "1"
        if name in _MULTI_VALUED:
            table = "materials" if name == "material" else "centuries"
            if hits and not narrowing:
                sql = (
                    f"SELECT f.value, count(*) AS n FROM temp.hits h CROSS JOIN {table}_{g} f ON f.doc = h.rowid"
                    f" GROUP BY f.value"
                )
            elif hits:
                sql = (
                    f"SELECT f.value, count(*) AS n FROM temp.hits d"
                    f" CROSS JOIN {table}_{g} f ON f.doc = d.rowid WHERE {clause} GROUP BY f.value"
                )
            elif narrowing:
                sql = (
                    f"SELECT f.value, count(*) AS n FROM {table}_{g} f JOIN docs_{g} d ON d.rowid = f.doc"
                    f" WHERE {clause} GROUP BY f.value"
                )
            else:  # nothing to narrow by: the value index alone answers
                sql = f"SELECT value, count(*) AS n FROM {table}_{g} GROUP BY value"
        else:
            column = _FACET_COLUMNS[name]
            sql = (
                f"SELECT d.{column}, count(*) AS n FROM {self._from(g, hits)}"
                f" WHERE {clause} AND d.{column} IS NOT NULL GROUP BY d.{column}"
            )
        sql += " ORDER BY n DESC, 1 LIMIT ?"
        return db.execute(sql, [*params, FACET_SIZE]).fetchall()

    @staticmethod
    def _facet_values(db, g, query: SearchQuery, name: str, rows: list[tuple[str, int]]) -> list[FacetValue]:
        """A facet's values with their labels (a museum's name in the query's language)."""
        names = {}
        if name == "museum" and rows:
            names = dict(
                db.execute(
                    f"SELECT slug, names FROM museums_{g} WHERE slug IN ({', '.join('?' * len(rows))})",
                    [row[0] for row in rows],
                )
            )
        values = []
        for value, count in rows:
            if name == "museum":
                label = pick_language_of_json(names.get(value, "{}"), query.language) or value
            elif name == "century":
                label = century_label(value)
            else:
                label = value
            values.append({"value": value, "label": label, "count": count})
        if name == "century":
            values.sort(key=lambda v: int(v["value"]))
        return values

    def suggest(self, prefix: str, size: int = 10) -> list[str]:
        folded = " ".join(fold(prefix).split())
        if not folded:
            return []

        def work(db, g):
            if g is None:
                return []
            rows = db.execute(
                f"SELECT label FROM suggest_{g} WHERE input >= ? AND input < ?"
                f" GROUP BY label ORDER BY count(DISTINCT doc) DESC, label LIMIT ?",
                (folded, folded + "\U0010ffff", size),
            )
            return [row[0] for row in rows]

        return self._read(work)

    def export(self, query: SearchQuery) -> Iterator[dict]:
        text = self._text(query)
        if text is None:
            return
        match = text.match
        # Its own connection: the read transaction stays open while the caller streams rows.
        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_SECONDS)
        except sqlite3.Error as error:
            raise SearchUnavailable(f"embedded index: {error}") from error
        try:
            db.execute("BEGIN")
            generation = self._meta(db, "live")
            if generation is None:
                return
            g = generation
            hits = None if match is None else f"SELECT rowid FROM fts_{g} WHERE fts_{g} MATCH ?"
            where, params = self._conditions(g, query, hits)
            if match is not None:
                sql = (
                    f"SELECT s.doc FROM (SELECT rowid, bm25(fts_{g}, {', '.join(map(str, _WEIGHTS))}) AS rank"
                    f" FROM fts_{g} WHERE fts_{g} MATCH ?) h JOIN docs_{g} d ON d.rowid = h.rowid"
                    f" JOIN sources_{g} s ON s.rowid = d.rowid"
                    f" WHERE {' AND '.join(where[1:]) or '1'} ORDER BY {self._order(query, True)}"
                )
                params = [match, *params]
            else:
                sql = (
                    f"SELECT s.doc FROM docs_{g} d JOIN sources_{g} s ON s.rowid = d.rowid"
                    f" WHERE {' AND '.join(where) or '1'} ORDER BY {self._order(query, False)}"
                )
            rows = db.execute(sql, params)
            while batch := rows.fetchmany(self.export_page_size):
                for row in batch:
                    yield export_row(json.loads(row[0]))
        except sqlite3.OperationalError as error:
            raise SearchUnavailable(f"embedded index: {error}") from error
        finally:
            db.close()
