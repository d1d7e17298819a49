"""Flask's JSON responses written by orjson.

The search API answers with some 20 KB of JSON per request; the standard library's encoder was a
measured part of its latency (benchmarks/search.py). Everything else stays Flask's: dates still
become HTTP dates, and anything orjson does not know goes through Flask's own `default`.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

# Dates and dataclasses go through Flask's `default`, so that the output is what Flask's own
# provider gives; non-string keys are turned into strings as `json.dumps` does.
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class OrjsonProvider(DefaultJSONProvider):
    sort_keys = False  # records keep the order they are built in, in both paths below

    def _encode(self, obj: Any, indent: bool = False) -> bytes:
        return orjson.dumps(obj, default=self.default, option=_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0))

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:  # a caller asking for the standard library's options gets the standard library
            return super().dumps(obj, **kwargs)
        return self._encode(obj).decode()

    def response(self, *args: Any, **kwargs: Any):
        indent = self.compact is False or (self.compact is None and self._app.debug)
        body = self._encode(self._prepare_response_obj(args, kwargs), indent=indent)
        return self._app.response_class(body + b"\n", mimetype=self.mimetype)
