"""The IIIF document cache: built once per key, bounded in bytes, oldest out first."""

from __future__ import annotations

from exhibitions.document_cache import DocumentCache, serialize


def test_a_document_is_built_once_per_key():
    cache, builds = DocumentCache(), []

    def build():
        builds.append(1)
        return {"id": "x", "label": {"none": ["Ewer"]}}

    first = cache.get(("object", "x", "t1"), build)
    assert cache.get(("object", "x", "t1"), build) == first == serialize(build())
    assert len(builds) == 2  # once through the cache, once for the comparison
    cache.get(("object", "x", "t2"), build)
    assert len(builds) == 3


def test_the_cache_stays_within_its_bytes_dropping_the_least_recently_used():
    cache = DocumentCache(max_bytes=100)
    document = {"text": "x" * 30}  # about 40 bytes serialized
    for key in ("a", "b"):
        cache.get(key, lambda: document)
    cache.get("a", lambda: {"rebuilt": True})  # a is used again: b is now the oldest
    cache.get("c", lambda: document)
    assert cache.get("a", lambda: {"rebuilt": True}) == serialize(document)
    assert cache.get("b", lambda: {"rebuilt": True}) == serialize({"rebuilt": True})
