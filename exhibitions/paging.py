"""Paging parameters from the query string (`page` from 1, `size` up to 100), or a 400 naming
the one at fault: the same rules for the JSON API and the pages; the API's paged answer; and
page and version numbers in paths."""

from __future__ import annotations

from flask import request
from werkzeug.routing import IntegerConverter

from exhibitions.problems import Problem
from search.query import ascii_integer

MAX_PAGE_SIZE = 100
# Far past any list's end, and small enough that page × size fits a database's integer.
MAX_PAGE = 1_000_000


def whole_number(name: str, default: int, low: int, high: int) -> int:
    """The query parameter name, a whole number from low to high in ASCII digits (default when absent)."""
    raw = request.args.get(name, str(default))
    try:
        value = ascii_integer(raw)
    except ValueError:
        raise Problem(400, f"'{name}' must be a whole number, not {raw[:20]!r}.",
                      errors=[{"field": name, "message": "must be a whole number"}]) from None
    if not low <= value <= high:
        limit = f"from {low} to {high}"
        raise Problem(400, f"'{name}' must be {limit}; it was {value}.",
                      errors=[{"field": name, "message": f"must be {limit}"}])
    return value


class PathNumber(IntegerConverter):
    """`<number:...>` in a route: a whole number as `<number:...>` takes it, but one a database
    integer holds; a larger one names no page or version (404), rather than failing the query.
    Only ASCII digits: werkzeug's \\d+ also takes "١٢" and "１２", other addresses of the same page."""

    regex = r"[0-9]+"

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, max=2**31 - 1)


def page_number() -> int:
    return whole_number("page", 1, 1, MAX_PAGE)


def page_params(default_size: int = 20) -> tuple[int, int]:
    return page_number(), whole_number("size", default_size, 1, MAX_PAGE_SIZE)


def paged(total: int, page: int, size: int, items: list) -> dict:
    """The JSON API's answer for one page of a list."""
    return {"total": total, "page": page, "size": size, "items": items}
