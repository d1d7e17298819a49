"""Manifest build time: an object of 50 images and a museum of 10,000 objects, cold and cached,
next to a peer that writes the same documents as plain dicts with json.dumps (no iiif-prezi3).

Run: .venv/bin/python -m benchmarks.manifests [--runs N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from iiif import urls
from iiif.collection import PAGE_SIZE, museum_collection, museum_collection_page, page_count
from iiif.manifests import object_manifest
from iiif.presentation import PRESENTATION_CONTEXT

BASE = "https://caravanserai.example"
MUSEUM = {
    "slug": "nmc",
    "name": {"en": ["National Museum of China"], "zh": ["中国国家博物馆"]},
    "country": "CN",
    "homepage": "https://nmc.example/",
    "logo": "https://nmc.example/logo.png",
}


def _image(seed: str) -> dict[str, Any]:
    return {"id": hashlib.sha256(seed.encode()).hexdigest(), "width": 6000, "height": 4000}


def object_record(object_id: str, images: int) -> dict[str, Any]:
    return {
        "id": object_id,
        "accession": "GB-1985.12",
        "museum": MUSEUM,
        "title": {"en": ["Jar with dragon"], "zh": ["龙纹罐"]},
        "description": {"en": ["A glazed jar."], "zh": ["釉陶罐。"]},
        "creator": {"en": ["Unknown potter"]},
        "culture": {"en": ["Western Han"]},
        "credit_line": {"en": ["Gift of the Li family, 1985"]},
        "object_type": "vessel",
        "materials": ["earthenware", "glaze"],
        "techniques": ["moulding"],
        "date": {"display": "c. 200 BCE", "start": -210, "end": -190},
        "place": {"name": "Chang'an", "lat": 34.26, "lon": 108.94},
        "dimensions": "H. 32 cm",
        "rights": "http://creativecommons.org/licenses/by/4.0/",
        "homepage": "https://nmc.example/collection/GB-1985.12",
        "images": [_image(f"{object_id}-{n}") for n in range(images)],
        "modified": "2026-11-24T21:00:00Z",
    }


# --- The peer: the same documents written by hand as dicts ------------------------------------------


def _peer_service(image):
    return [{"id": urls.image_service(BASE, image["id"]), "type": "ImageService3", "profile": "level2"}]


def _peer_thumbnail(image):
    width, height = urls.fitted(image["width"], image["height"], urls.THUMBNAIL_BOX)
    service = urls.image_service(BASE, image["id"])
    return [{"id": urls.image_thumbnail(service, image["width"], image["height"]), "type": "Image",
             "height": height, "width": width, "service": _peer_service(image), "format": "image/jpeg"}]


def _kv(label, value):
    return {"label": {"en": [label]}, "value": value}


def peer_object_manifest(record: dict[str, Any]) -> dict[str, Any]:
    museum = record["museum"]
    canvases = []
    for position, image in enumerate(record["images"], start=1):
        canvas_id = urls.object_canvas(BASE, record["id"], position)
        canvases.append({
            "id": canvas_id, "type": "Canvas", "label": {"none": [str(position)]},
            "height": image["height"], "width": image["width"],
            "thumbnail": _peer_thumbnail(image),
            "items": [{"id": f"{canvas_id}/page", "type": "AnnotationPage", "items": [{
                "id": f"{canvas_id}/painting", "type": "Annotation", "motivation": "painting",
                "body": {"id": f"{urls.image_service(BASE, image['id'])}/full/max/0/default.jpg", "type": "Image",
                         "height": image["height"], "width": image["width"], "service": _peer_service(image),
                         "format": "image/jpeg"},
                "target": canvas_id}]}],
        })
    title = record["title"]
    return {
        "@context": PRESENTATION_CONTEXT,
        "id": urls.object_manifest(BASE, record["id"]),
        "type": "Manifest",
        "label": title,
        "metadata": [
            _kv("Creator", record["creator"]), _kv("Culture", record["culture"]),
            _kv("Date", {"none": [record["date"]["display"]]}), _kv("Object type", {"none": [record["object_type"]]}),
            _kv("Materials", {"none": record["materials"]}), _kv("Techniques", {"none": record["techniques"]}),
            _kv("Place", {"none": [record["place"]["name"]]}), _kv("Dimensions", {"none": [record["dimensions"]]}),
            _kv("Accession number", {"none": [record["accession"]]}), _kv("Museum", museum["name"]),
        ],
        "summary": record["description"],
        "requiredStatement": _kv("Attribution", record["credit_line"]),
        "rights": record["rights"],
        "provider": [{
            "id": urls.museum_page(BASE, museum["slug"]), "type": "Agent", "label": museum["name"],
            "homepage": [{"id": museum["homepage"], "type": "Text", "label": museum["name"], "format": "text/html"}],
            "logo": [{"id": museum["logo"], "type": "Image", "format": "image/png"}],
            "seeAlso": [{"id": urls.museum_record(BASE, museum["slug"]), "type": "Dataset",
                         "label": {"en": ["Museum record (JSON)"]}, "format": "application/json"}],
        }],
        "seeAlso": [{"id": urls.object_record(BASE, record["id"]), "type": "Dataset",
                     "label": {"en": ["Object record (JSON)"]}, "format": "application/json"}],
        "thumbnail": _peer_thumbnail(record["images"][0]),
        "homepage": [
            {"id": record["homepage"], "type": "Text", "label": title, "format": "text/html"},
            {"id": urls.object_page(BASE, record["id"]), "type": "Text", "label": title, "format": "text/html"},
        ],
        "partOf": [{"id": urls.museum_collection(BASE, museum["slug"]), "type": "Collection", "label": museum["name"]}],
        "items": canvases,
    }


def peer_collection_page(page: int, total: int, summaries: list[dict[str, Any]]) -> dict[str, Any]:
    first, last = (page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, total)
    return {
        "@context": PRESENTATION_CONTEXT,
        "id": urls.museum_collection_page(BASE, MUSEUM["slug"], page),
        "type": "Collection",
        "label": {language: [f"{names[0]} {first}-{last} / {total}"] for language, names in MUSEUM["name"].items()},
        "provider": object_manifest(object_record("x", 1), BASE)["provider"],
        "partOf": [{"id": urls.museum_collection(BASE, MUSEUM["slug"]), "type": "Collection", "label": MUSEUM["name"]}],
        "items": [
            {"id": urls.object_manifest(BASE, s["id"]), "type": "Manifest", "label": s["title"],
             "thumbnail": _peer_thumbnail(s["images"][0])}
            for s in summaries
        ],
    }


# --- Measuring ---------------------------------------------------------------------------------------


class Cache:
    """What a route keeps: the serialized document and its ETag, found again by the record's version."""

    def __init__(self):
        self.entries: dict[tuple, tuple[str, bytes]] = {}

    def get_or_build(self, key: tuple, build: Callable[[], dict], if_none_match: str | None = None):
        hit = self.entries.get(key)
        if hit is None:
            body = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode()
            hit = (f'"{hashlib.sha256(body).hexdigest()[:32]}"', body)
            self.entries[key] = hit
        etag, body = hit
        return (304, etag, b"") if if_none_match == etag else (200, etag, body)


def measure(function: Callable[[], Any], runs: int) -> tuple[float, float]:
    function()  # warm imports and caches of the interpreter, not of the document
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def serialize(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    record = object_record("nmc-3kf9q2x7ab1c", images=50)
    assert object_manifest(record, BASE) == peer_object_manifest(record), "the peer must build the same manifest"
    total = 10_000
    summaries = [{"id": f"nmc-{n:012d}", "title": {"en": [f"Object {n}"]}, "images": [_image(str(n))]}
                 for n in range(total)]
    pages = page_count(total)
    page_of = lambda page: summaries[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]  # noqa: E731
    assert museum_collection_page(MUSEUM, 1, total, page_of(1), BASE) == peer_collection_page(1, total, page_of(1))

    ours_cache = Cache()
    key = (record["id"], record["modified"])
    ours_cache.get_or_build(key, lambda: object_manifest(record, BASE))
    etag = ours_cache.entries[key][0]
    page_key = ("nmc", 1, total)
    ours_cache.get_or_build(page_key, lambda: museum_collection_page(MUSEUM, 1, total, page_of(1), BASE))
    page_etag = ours_cache.entries[page_key][0]

    runs, few = args.runs, max(5, args.runs // 5)
    museum_top = lambda: serialize(museum_collection(MUSEUM, total, BASE))  # noqa: E731
    all_pages = lambda: [serialize(museum_collection_page(MUSEUM, p, total, page_of(p), BASE))  # noqa: E731
                         for p in range(1, pages + 1)]
    peer_pages = lambda: [serialize(peer_collection_page(p, total, page_of(p)))  # noqa: E731
                          for p in range(1, pages + 1)]
    rows = [
        ("object of 50 images: manifest",
         measure(lambda: serialize(object_manifest(record, BASE)), runs),
         measure(lambda: ours_cache.get_or_build(key, dict), runs),
         measure(lambda: ours_cache.get_or_build(key, dict, etag), runs),
         measure(lambda: serialize(peer_object_manifest(record)), runs)),
        ("museum of 10,000: its collection (10 pages)",
         measure(museum_top, runs), None, None, None),
        ("museum of 10,000: one page of 1,000 manifests",
         measure(lambda: serialize(museum_collection_page(MUSEUM, 1, total, page_of(1), BASE)), few),
         measure(lambda: ours_cache.get_or_build(page_key, dict), runs),
         measure(lambda: ours_cache.get_or_build(page_key, dict, page_etag), runs),
         measure(lambda: serialize(peer_collection_page(1, total, page_of(1))), few)),
        ("museum of 10,000: all 10 pages",
         measure(all_pages, max(3, few // 2)), None, None, measure(peer_pages, max(3, few // 2))),
    ]
    manifest_bytes = len(serialize(object_manifest(record, BASE)))
    page_bytes = len(serialize(museum_collection_page(MUSEUM, 1, total, page_of(1), BASE)))
    print(f"object manifest {manifest_bytes:,} bytes; collection page of 1,000 {page_bytes:,} bytes; "
          f"{runs} runs ({few} for pages)")
    print("cold = build with iiif-prezi3 + json.dumps; cached = serialized JSON kept with its ETag (200, or 304 "
          "on If-None-Match);")
    print("peer = the same documents written as plain dicts + json.dumps, without iiif-prezi3 (checked equal)")
    print("times are p50 / p95, cold and peer in milliseconds, cached in microseconds\n")
    header = (f"{'case':<46} {'cold ms':>17} {'cached 200 us':>17} {'cached 304 us':>17} {'peer cold ms':>17}"
              f" {'cold/peer':>9} {'cold/cached':>11}")
    print(header)
    print("-" * len(header))

    def cell(figures, scale=1.0):
        return f"{figures[0] * scale:>8.3g}/{figures[1] * scale:<8.3g}" if figures else f"{'-':>17}"

    for name, cold, cached, not_modified, peer in rows:
        versus_peer = f"{cold[0] / peer[0]:>8.1f}x" if peer else f"{'-':>9}"
        versus_cache = f"{cold[0] / cached[0]:>10.0f}x" if cached else f"{'-':>11}"
        print(f"{name:<46} {cell(cold)} {cell(cached, 1000)} {cell(not_modified, 1000)} {cell(peer)}"
              f" {versus_peer} {versus_cache}")


if __name__ == "__main__":
    main()
