"""IIIF Change Discovery 1.0: the activity stream of object and exhibition manifests, in pages.

The stream is an OrderedCollection (`/iiif/discovery/collection`) whose pages
(`/iiif/discovery/page/{n}`, n from 1) hold `page_size` activities each, oldest first: page 1
starts with the first activity ever recorded and only the last page grows, so an aggregator
reads from `last` backwards until it meets activities it has already seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from iiif import urls

DISCOVERY_CONTEXT = "http://iiif.io/api/discovery/1/context.json"
MEDIA_TYPE = 'application/ld+json;profile="https://www.w3.org/ns/activitystreams"'
PAGE_SIZE = 1000
ACTIVITY_TYPES = ("Create", "Update", "Delete")


def page_count(total: int, page_size: int = PAGE_SIZE) -> int:
    """How many pages the stream has: at least one, so that `first` and `last` always resolve."""
    return max(1, -(-total // page_size))


def _page_ref(base_url: str, page: int) -> dict[str, str]:
    return {"id": urls.discovery_page(base_url, page), "type": "OrderedCollectionPage"}


def _timestamp(value: datetime | str) -> str:
    """An xsd:dateTime in UTC with a Z, as the specification asks for endTime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _manifest_url(kind: str, identifier: str, base_url: str) -> str:
    if kind == "object":
        return urls.object_manifest(base_url, identifier)
    if kind == "exhibition":
        return urls.exhibition_manifest(base_url, identifier)
    raise ValueError(f"unknown kind of resource {kind!r} (object or exhibition)")


def activity(row: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """One activity from a row `{"number": its number in the stream, "type": "Create"|"Update"|"Delete",
    "kind": "object"|"exhibition", "id": object id or exhibition slug, "time": datetime or ISO 8601
    string}`; its `id` is its own address (`/iiif/discovery/activity/{number}`)."""
    if row["type"] not in ACTIVITY_TYPES:
        raise ValueError(f"unknown activity type {row['type']!r} (one of {', '.join(ACTIVITY_TYPES)})")
    return {
        "id": urls.discovery_activity(base_url, row["number"]),
        "type": row["type"],
        "object": {"id": _manifest_url(row["kind"], row["id"], base_url), "type": "Manifest"},
        "endTime": _timestamp(row["time"]),
    }


def activity_document(row: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """One activity on its own, as its `id` answers it."""
    return {"@context": DISCOVERY_CONTEXT, **activity(row, base_url),
            "partOf": {"id": urls.discovery_collection(base_url), "type": "OrderedCollection"}}


def discovery_collection(total: int, base_url: str, page_size: int = PAGE_SIZE) -> dict[str, Any]:
    """The stream's entry point: how many activities it holds and where its first and last pages are."""
    return {
        "@context": DISCOVERY_CONTEXT,
        "id": urls.discovery_collection(base_url),
        "type": "OrderedCollection",
        "totalItems": total,
        "first": _page_ref(base_url, 1),
        "last": _page_ref(base_url, page_count(total, page_size)),
    }


def discovery_page(
    page: int, rows: Iterable[Mapping[str, Any]], total: int, base_url: str, page_size: int = PAGE_SIZE
) -> dict[str, Any]:
    """Page `page` (from 1): the activities at positions (page-1)*page_size .. page*page_size-1 of
    the whole stream, oldest first, which the caller reads in that order.

    Raises ValueError for a page outside 1..page_count(total), which the route answers with 404."""
    pages = page_count(total, page_size)
    if not 1 <= page <= pages:
        raise ValueError(f"page {page} is outside 1..{pages}")
    document: dict[str, Any] = {
        "@context": DISCOVERY_CONTEXT,
        "id": urls.discovery_page(base_url, page),
        "type": "OrderedCollectionPage",
        "partOf": {"id": urls.discovery_collection(base_url), "type": "OrderedCollection"},
        "startIndex": (page - 1) * page_size,
    }
    if page > 1:
        document["prev"] = _page_ref(base_url, page - 1)
    if page < pages:
        document["next"] = _page_ref(base_url, page + 1)
    document["orderedItems"] = [activity(row, base_url) for row in rows]
    return document
