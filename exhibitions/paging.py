"""Paging parameters from the query string (`page` from 1, `size` up to 100), or a 400 naming
the one at fault: the same rules for the JSON API and the pages; and the API's paged answer."""

from __future__ import annotations

from flask import request

from exhibitions.problems import Problem

MAX_PAGE_SIZE = 100


def _whole_number(name: str, default: int, low: int, high: int | None) -> int:
    raw = request.args.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise Problem(400, f"'{name}' must be a whole number, not {raw[:20]!r}.",
                      errors=[{"field": name, "message": "must be a whole number"}]) from None
    if value < low or (high is not None and value > high):
        limit = f"from {low} to {high}" if high else f"{low} or more"
        raise Problem(400, f"'{name}' must be {limit}; it was {value}.",
                      errors=[{"field": name, "message": f"must be {limit}"}])
    return value


def page_number() -> int:
    return _whole_number("page", 1, 1, None)


def page_params(default_size: int = 20) -> tuple[int, int]:
    return page_number(), _whole_number("size", default_size, 1, MAX_PAGE_SIZE)


def paged(total: int, page: int, size: int, items: list) -> dict:
    """The JSON API's answer for one page of a list."""
    return {"total": total, "page": page, "size": size, "items": items}
