"""Reading the JSON that clients send (request bodies, JSON Lines rows) so that no document can
tie up a worker: nesting and integers are bounded before anything walks the document or
validates it.

Nesting is measured on the text before it is decoded, in one pass: the standard library's
decoder would recurse into a document nested a hundred thousand levels deep until the interpreter
stopped it with a RecursionError, and Python 3.11 can be left confused by such an error (a later
SystemError, "AST constructor recursion depth mismatch"). A document the decoder may read is
then held to MAX_DEPTH, far beyond what any request of the API needs, so that the checks and
the validation that follow never recurse deeply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# An exhibition, the deepest document the API takes, nests about ten levels.
MAX_DEPTH = 32
# No field takes a number of more digits (years, coordinates, accession numbers); Python itself
# refuses to read an integer of more than 4300.
MAX_DIGITS = 100
# Deeper than this, a document is refused before the decoder sees it (the decoder recurses once
# a level); up to it, the document is decoded and the check names where it went past MAX_DEPTH.
DECODER_DEPTH = 200


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


# After escapes are dropped, a string is a quote, anything but a quote, and a quote.
_STRING = re.compile(rb'"[^"]*+"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _too_deep(data: bytes, limit: int = DECODER_DEPTH) -> bool:
    """Whether the text opens more than `limit` arrays or objects inside one another (brackets
    within strings do not count). Each step is a pass of bytes methods over what is left of the
    text, so a body of megabytes is measured in milliseconds."""
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = _STRING.sub(b"", unescaped).translate(None, _NOT_BRACKETS)
    for _ in range(limit + 1):
        inner_removed = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if len(inner_removed) == len(brackets):
            # Nothing left to pair: what remains is malformed (the decoder will say so), and
            # deep only if it opens more than the limit before closing.
            return brackets.count(b"[") + brackets.count(b"{") > limit
        brackets = inner_removed
    return True


def parse(data: bytes | str) -> Any:
    """A JSON document's value; ValueError when it is not JSON, JsonRefused when it nests
    deeper than MAX_DEPTH or holds an integer of more than MAX_DIGITS digits."""
    if _too_deep(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data):
        raise JsonRefused("body", f"nests deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(data, parse_int=_integer)
    except RecursionError:  # not reached after the check above; kept as a last guard
        raise JsonRefused("body", f"nests deeper than {MAX_DEPTH} levels") from None
    for path, item, depth in nodes(value):
        if depth >= MAX_DEPTH and isinstance(item, (dict, list)):
            raise JsonRefused(path or "body", f"nests deeper than {MAX_DEPTH} levels")
        if isinstance(item, _LongNumber):
            raise JsonRefused(path or "body", f"is a number of {item.digits} digits; at most {MAX_DIGITS}")
    return value
