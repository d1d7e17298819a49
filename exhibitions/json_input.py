"""Reading the JSON that clients send (request bodies, JSON Lines rows) so that no document can
tie up a worker: nesting and integers are bounded before anything walks the document or
validates it.

The standard library's decoder guards its own recursion (a document nested a hundred thousand
levels deep stops it at the interpreter's limit, about a thousand, with a RecursionError);
`parse` turns that into a refusal and then holds every document to MAX_DEPTH, which no request
of the API comes near, so that the checks and the validation that follow never recurse deeply.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# An exhibition, the deepest document the API takes, nests about ten levels.
MAX_DEPTH = 32
# No field takes a number of more digits (years, coordinates, accession numbers); Python itself
# refuses to read an integer of more than 4300.
MAX_DIGITS = 100


class JsonRefused(ValueError):
    """JSON that is well formed but beyond the bounds: `field` is the dotted path of the value."""

    def __init__(self, field: str, message: str):
        super().__init__(f"'{field}' {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class _LongNumber:
    digits: int


def _integer(text: str) -> int | _LongNumber:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else _LongNumber(digits)


def field_name(path: str, key: Any) -> str:
    """The dotted path of a member: printable even when a key holds half a surrogate pair."""
    name = str(key).encode("utf-8", "backslashreplace").decode("utf-8")
    return f"{path}.{name}" if path else name


def nodes(value: Any) -> Iterator[tuple[str, Any, int]]:
    """(dotted path, value, depth) for every value of a JSON document and every key (as text,
    with the path of its member), parents before their children, without recursion."""
    stack = [("", value, 0)]
    while stack:
        path, item, depth = stack.pop()
        yield path, item, depth
        members = item.items() if isinstance(item, dict) else enumerate(item) if isinstance(item, list) else ()
        children = []
        for key, child in members:
            where = field_name(path, key)
            if isinstance(key, str):
                yield where, key, depth + 1
            children.append((where, child, depth + 1))
        stack.extend(reversed(children))  # popped in the document's order


def parse(data: bytes | str) -> Any:
    """A JSON document's value; ValueError when it is not JSON, JsonRefused when it nests
    deeper than MAX_DEPTH or holds an integer of more than MAX_DIGITS digits."""
    try:
        value = json.loads(data, parse_int=_integer)
    except RecursionError:
        raise JsonRefused("body", f"nests deeper than {MAX_DEPTH} levels") from None
    for path, item, depth in nodes(value):
        if depth >= MAX_DEPTH and isinstance(item, (dict, list)):
            raise JsonRefused(path or "body", f"nests deeper than {MAX_DEPTH} levels")
        if isinstance(item, _LongNumber):
            raise JsonRefused(path or "body", f"is a number of {item.digits} digits; at most {MAX_DIGITS}")
    return value
