"""Presentation 3.0 collections: the alliance's top collection, museums' collections in pages, exhibitions.

A museum may hold 100,000 objects, so no collection lists them all. A museum's collection lists
its objects' manifests directly while it has at most `page_size` objects; past that it lists
sub-collections ("pages") of `page_size` manifests each, `/iiif/3/museums/{slug}/collection/{n}`
(n from 1), and each page is `partOf` the museum's collection. Presentation 3.0 has no paging
property for collections, so nesting is how IIIF viewers browse a large set. The builders take a
page of object summaries and the totals, never all objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from iiif import prezi3, urls
from iiif.presentation import (
    english,
    language_map,
    museum_provider,
    nav_place,
    plain_language_map,
    text_value,
    thumbnail,
    to_json,
    with_extension_contexts,
)

PAGE_SIZE = 1000


def page_count(total: int, page_size: int = PAGE_SIZE) -> int:
    """How many pages a museum of `total` objects has (at least one, possibly empty)."""
    return max(1, -(-total // page_size))


def _museum_name(museum: Mapping[str, Any]) -> dict[str, list[str]]:
    return language_map(museum.get("name")) or {"none": [museum["slug"]]}


def _museum_place(museum: Mapping[str, Any], base_url: str) -> dict[str, Any] | None:
    """Where the museum stands (navPlace), labelled with its name; None when it gave no location."""
    return nav_place({"name": museum.get("name"), **(museum.get("location") or {})},
                     urls.museum_collection(base_url, museum["slug"]))


def _manifest_ref(summary: Mapping[str, Any], base_url: str) -> prezi3.ManifestRef:
    """A reference to an object's manifest. A summary is any mapping with `id`, `title` and
    `images` (only the first image is used, as the thumbnail): an object record will do."""
    images = summary.get("images") or []
    return prezi3.ManifestRef(
        id=urls.object_manifest(base_url, summary["id"]),
        type="Manifest",
        label=language_map(summary.get("title")) or {"none": [summary["id"]]},
        thumbnail=[thumbnail(images[0], base_url)] if images else None,
    )


def museum_collection(
    museum: Mapping[str, Any],
    total: int,
    base_url: str,
    objects: Iterable[Mapping[str, Any]] = (),
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """A museum's collection (`/iiif/3/museums/{slug}/collection`), with the museum's description
    as its summary and its profile image as its thumbnail.

    With `total` <= `page_size`, `objects` must hold the museum's object summaries (all of them) and
    they are listed as manifests; otherwise `objects` is ignored and the pages are listed."""
    slug = museum["slug"]
    name = _museum_name(museum)
    pages = page_count(total, page_size)
    if total <= page_size:
        items: list = [_manifest_ref(summary, base_url) for summary in objects]
    else:
        items = [
            prezi3.CollectionRef(
                id=urls.museum_collection_page(base_url, slug, page),
                type="Collection",
                label=_page_label(museum, page, total, page_size),
            )
            for page in range(1, pages + 1)
        ]
    profile = museum.get("profile_image")
    collection = prezi3.Collection(
        id=urls.museum_collection(base_url, slug),
        label=name,
        # The museum's own words when it gave some; else what the collection holds.
        summary=text_value(museum.get("description")) or english(f"{total} objects" if total != 1 else "1 object"),
        thumbnail=[thumbnail(profile, base_url)] if profile else None,
        provider=[museum_provider(museum, base_url)],
        homepage=[{"id": urls.museum_page(base_url, slug), "type": "Text", "format": "text/html", "label": name}],
        partOf=[{"id": urls.top_collection(base_url), "type": "Collection"}],
        navPlace=_museum_place(museum, base_url),
        items=items,
    )
    return with_extension_contexts(to_json(collection))


def _page_label(museum: Mapping[str, Any], page: int, total: int, page_size: int) -> dict[str, list[str]]:
    """The museum's name with the page's span in numbers only, so that it reads in every language."""
    return _span_label(_museum_name(museum), page, total, page_size)


def museum_collection_page(
    museum: Mapping[str, Any],
    page: int,
    total: int,
    objects: Iterable[Mapping[str, Any]],
    base_url: str,
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """Page `page` (from 1) of a large museum's collection (`/iiif/3/museums/{slug}/collection/{page}`):
    the manifests of that page's objects, in the order the caller gives.

    Raises ValueError for a page outside 1..page_count(total), which the route answers with 404."""
    if not 1 <= page <= page_count(total, page_size):
        raise ValueError(f"page {page} is outside 1..{page_count(total, page_size)}")
    slug = museum["slug"]
    collection = prezi3.Collection(
        id=urls.museum_collection_page(base_url, slug, page),
        label=_page_label(museum, page, total, page_size),
        provider=[museum_provider(museum, base_url)],
        partOf=[{"id": urls.museum_collection(base_url, slug), "type": "Collection", "label": _museum_name(museum)}],
        items=[_manifest_ref(summary, base_url) for summary in objects],
    )
    return to_json(collection)


def top_collection(
    museums: Iterable[Mapping[str, Any]], base_url: str, label: Any = None, include_exhibitions: bool = True
) -> dict[str, Any]:
    """The alliance's collection (`/iiif/3/collection`): every museum's collection in the given
    order, each with where the museum stands (navPlace), then the exhibitions' collection."""
    museums = list(museums)
    items: list = [
        prezi3.CollectionRef(
            id=urls.museum_collection(base_url, museum["slug"]), type="Collection", label=_museum_name(museum)
        )
        for museum in museums
    ]
    if include_exhibitions:
        items.append(
            prezi3.CollectionRef(
                id=urls.exhibitions_collection(base_url), type="Collection", label=english("Exhibitions")
            )
        )
    collection = prezi3.Collection(
        id=urls.top_collection(base_url),
        label=language_map(label) or english("Caravanserai: the collections of the Silk Road museums"),
        summary=english(f"{len(museums)} museums"),
        items=items,
    )
    document = to_json(collection)
    # iiif-prezi3's references have no navPlace, which the schema allows on any reference.
    for reference, museum in zip(document["items"], museums, strict=False):
        place = _museum_place(museum, base_url)
        if place:
            reference["navPlace"] = place
    return with_extension_contexts(document)


def exhibitions_collection(
    exhibitions: Iterable[Mapping[str, Any]],
    base_url: str,
    thumbnails: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The published exhibitions (`/iiif/3/exhibitions/collection`), as manifests, in the given order.

    `thumbnails` may map an exhibition's slug to an image (`id`, `width`, `height`) to show for it."""
    thumbnails = thumbnails or {}
    items = []
    for exhibition in exhibitions:
        slug = exhibition["slug"]
        image = thumbnails.get(slug)
        items.append(
            prezi3.ManifestRef(
                id=urls.exhibition_manifest(base_url, slug),
                type="Manifest",
                label=plain_language_map(exhibition.get("title")) or {"none": [slug]},
                thumbnail=[thumbnail(image, base_url)] if image else None,
            )
        )
    collection = prezi3.Collection(
        id=urls.exhibitions_collection(base_url),
        label=english("Exhibitions"),
        partOf=[{"id": urls.top_collection(base_url), "type": "Collection"}],
        items=items,
    )
    return to_json(collection)


def result_collection(
    collection_id: str,
    label: Mapping[str, list[str]],
    total: int,
    base_url: str,
    objects: Iterable[Mapping[str, Any]] = (),
    page_id: Callable[[int], str] | None = None,
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """A set of objects chosen by a reader (a search's hits, a comparison), paged as a museum's
    collection is: with `total` <= `page_size` the objects' manifests, in the given order;
    otherwise `objects` is ignored and the pages `page_id(n)` (see result_collection_page)."""
    if total <= page_size:
        items: list = [_manifest_ref(summary, base_url) for summary in objects]
    else:
        assert page_id is not None, "a set larger than a page needs its pages' ids"
        items = [
            prezi3.CollectionRef(id=page_id(page), type="Collection", label=_span_label(label, page, total, page_size))
            for page in range(1, page_count(total, page_size) + 1)
        ]
    collection = prezi3.Collection(
        id=collection_id,
        label=dict(label),
        summary=english(f"{total} objects" if total != 1 else "1 object"),
        partOf=[{"id": urls.top_collection(base_url), "type": "Collection"}],
        items=items,
    )
    return to_json(collection)


def result_collection_page(
    page_id: str, collection_id: str, label: Mapping[str, list[str]], page: int, total: int,
    objects: Iterable[Mapping[str, Any]], base_url: str, page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """Page `page` (from 1) of a large result_collection: its objects' manifests, partOf the set.
    Raises ValueError for a page outside 1..page_count(total)."""
    if not 1 <= page <= page_count(total, page_size):
        raise ValueError(f"page {page} is outside 1..{page_count(total, page_size)}")
    collection = prezi3.Collection(
        id=page_id,
        label=_span_label(label, page, total, page_size),
        partOf=[{"id": collection_id, "type": "Collection", "label": dict(label)}],
        items=[_manifest_ref(summary, base_url) for summary in objects],
    )
    return to_json(collection)


def _span_label(label: Mapping[str, list[str]], page: int, total: int, page_size: int) -> dict[str, list[str]]:
    """The label with the page's span in numbers: "Bronze 1001-2000 / 4500"."""
    first, last = (page - 1) * page_size + 1, min(page * page_size, total)
    return {language: [f"{names[0]} {first}-{last} / {total}"] for language, names in label.items()}
