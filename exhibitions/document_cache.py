"""A bounded in-memory cache of serialized IIIF documents and their ETags.

Building a manifest with iiif-prezi3 costs about ten times writing the same dicts by hand
(benchmarks/manifests.py); viewers and harvesters ask for the same documents again and again.
The key names every input of a document (ids, modification times, the base URL), so an entry
is never stale: a change makes a new key, and the old entry ages out.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any


def serialize(document: Mapping[str, Any]) -> tuple[bytes, str]:
    """The document's compact JSON and its ETag (a hash of that JSON)."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return body, hashlib.sha256(body).hexdigest()[:32]


class DocumentCache:
    def __init__(self, max_bytes: int = 64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[bytes, str]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Mapping[str, Any]]) -> tuple[bytes, str]:
        """The serialized document of key, built (outside the lock) when it is not held."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        entry = serialize(build())
        with self._lock:
            if key not in self._entries and len(entry[0]) <= self.max_bytes:
                self._entries[key] = entry
                self._bytes += len(entry[0])
                while self._bytes > self.max_bytes:
                    _, (body, _) = self._entries.popitem(last=False)
                    self._bytes -= len(body)
        return entry
