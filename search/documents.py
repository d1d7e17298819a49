"""The one document builder: an object record (the API's JSON of an object) to its search document.

Every backend indexes this same document. Its fields:

- ``id``, ``museum`` (slug), ``country``, ``object_type``, ``materials``: exact values, the
  filters and facets; a type or material that the record's ``terms`` name a vocabulary term is
  the term's id ("bronze" for "青铜"), which the application labels in the reader's language;
- ``date_start``/``date_end`` (integer years, BCE negative) for the overlap filter and the date
  sorts, ``centuries`` for the century facet (see ``search.query.centuries``: "-3" is the 3rd
  century BCE, "12" the 12th century CE), ``timeline_start``/``timeline_end`` the same years on
  the gapless scale that time buckets divide (``search.timeline.year_number``);
- ``location`` ({lat, lon}, or None without both coordinates) for the box filter and the map;
- ``*_folded``: the searchable text (``other`` holds every label, in every language, of the
  record's terms, so that 青铜, бронза and bronze all find the bronze objects), accent- and
  case-folded by the application (every language of every language map), one list entry per
  original string, in the same order as the originals kept under ``display.texts`` (highlights
  are mapped back through that order);
- ``cjk_title``/``cjk_body``: the runs of CJK characters, for bigram matching;
- ``sort_title``: the folded display title;
- ``place_folded`` (the place's name in every language its label has) and ``accession``
  (folded, whole): what the fielded search ``place:`` and ``accession:`` match (see ``search.syntax``);
- ``suggest_inputs``/``suggest_labels``: completions for the search box, folded inputs with the
  original label each completes to;
- ``version``: the record's ``modified`` time in microseconds (None without one): backends keep
  the newest state of an object when writes arrive out of order (a rebuild's batch read
  before a contributor's edit, written after it);
- ``display``: what a hit shows (title language map, museum, date, site-relative thumbnail and
  manifest paths that the API makes absolute, and the original texts), and ``record``: the
  public record itself, which exports, citations and IIIF collections of a result set carry.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from .query import centuries
from .text import accession_key, all_values, cjk_runs, fold, pick_language
from .timeline import year_number

# The fields this builder makes. Each index records the format it was built with, and one built
# with another is rebuilt by `search reindex --if-needed`. 2: location and timeline fields.
# 3: the whole record, place_folded and accession for fielded search. 4: term ids as the type and
# material values, the terms' labels in every language searchable. 5: the place's name in every
# language (its label) searchable, the display date and place with their labels.
DOCUMENT_FORMAT = 5
# The longest completion input kept: completions are for short things (titles, names).
_MAX_SUGGEST_LENGTH = 80
_MAX_SUGGEST_TAILS = 6
# The other texts are mostly the terms' labels (a dozen per term), museum names and places, which
# recur from object to object: each is folded once.
_fold_other = lru_cache(maxsize=16384)(fold)


def document_version(record: dict[str, Any]) -> int | None:
    """The record's modified time as microseconds since 1970, or None when it has none."""
    modified = record.get("modified")
    if not modified:
        return None
    try:
        moment = datetime.fromisoformat(modified.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1_000_000)


def _thumbnail(image: dict[str, Any]) -> str:
    """The thumbnail the record gives for the image, else one asked of the image's service."""
    if image.get("thumbnail"):
        return image["thumbnail"]
    service = image.get("service") or f"/iiif/3/{image['id']}"
    return f"{service}/full/400,/0/default.jpg"


def _suggest_inputs(label: str) -> list[str]:
    """The folded label and its tails from each later word, so "jar" completes to "Blue jar"."""
    folded = " ".join(fold(label).split())[:_MAX_SUGGEST_LENGTH]
    if not folded:
        return []
    words = folded.split(" ")
    inputs = [" ".join(words[i:]) for i in range(min(len(words), _MAX_SUGGEST_TAILS))]
    # Texts without spaces (Chinese, Japanese) complete from each character instead.
    if len(words) == 1 and len(cjk_runs(folded)) and len(folded) > 1:
        inputs += [folded[i:] for i in range(1, min(len(folded), _MAX_SUGGEST_TAILS))]
    return list(dict.fromkeys(inputs))


def _term_value(entry: dict[str, Any] | None, written: str | None) -> str | None:
    """A filter and facet value: the term's id when the record names one, else the words written."""
    return (entry or {}).get("id") or written


def shown_terms(record: dict[str, Any], field: str, language: str) -> list[str]:
    """The words a reader in `language` sees for a term field of a record ("object_type",
    "materials", "techniques"): each term's label in that language, other values as written."""
    written = record.get(field)
    written = ([written] if written else []) if field == "object_type" else list(written or [])
    entries = (record.get("terms") or {}).get(field)
    entries = [entries] if field == "object_type" else list(entries or [])
    return [pick_language((entry or {}).get("label"), language) or value
            for entry, value in zip(entries + [None] * (len(written) - len(entries)), written, strict=False)]


def term_labels(terms: dict[str, Any]) -> list[str]:
    """Every label, in every language, of the terms a record's ``terms`` name."""
    entries = [terms.get("object_type"), *(terms.get("materials") or []), *(terms.get("techniques") or [])]
    return [label for entry in entries if entry for label in all_values(entry.get("label"))]


def place_names(place: dict[str, Any] | None) -> list[str]:
    """A place's name in every language its label has (and its plain name), without repeats."""
    place = place or {}
    return [name for name in dict.fromkeys([place.get("name") or "", *all_values(place.get("label"))]) if name]


def build_document(record: dict[str, Any]) -> dict[str, Any]:
    """The search document of one object record (see the module docstring for its fields)."""
    museum = record.get("museum") or {}
    date = record.get("date") or None
    place = record.get("place") or None
    images = record.get("images") or []
    terms = record.get("terms") or {}
    written = record.get("materials") or []
    entries = terms.get("materials") or [None] * len(written)
    materials = list(dict.fromkeys(_term_value(entry, value) for entry, value in zip(entries, written, strict=False)))
    object_type = _term_value(terms.get("object_type"), record.get("object_type"))
    places = place_names(place)

    texts = {
        "title": all_values(record.get("title")),
        "description": all_values(record.get("description")),
        "creator": all_values(record.get("creator")),
        "culture": all_values(record.get("culture")),
        "keywords": list(dict.fromkeys(record.get("keywords") or [])),
    }
    other = [
        record.get("accession") or "",
        *(record.get("techniques") or []),
        *written,
        record.get("object_type") or "",
        *term_labels(terms),
        *places,
        *all_values(museum.get("name")),
    ]
    texts["other"] = [t for t in dict.fromkeys(other) if t]

    start = end = None
    if date and date.get("start") is not None and date.get("end") is not None:
        start, end = int(date["start"]), int(date["end"])

    title = pick_language(record.get("title"))
    labels: dict[str, None] = {}
    for value in texts["title"] + texts["creator"] + texts["culture"]:
        labels[value] = None
    suggest_labels = []
    for label in labels:
        inputs = _suggest_inputs(label)
        if inputs:
            suggest_labels.append({"label": label, "inputs": inputs})

    location = None
    if place and place.get("lat") is not None and place.get("lon") is not None:
        location = {"lat": float(place["lat"]), "lon": float(place["lon"])}

    return {
        "id": record["id"],
        "museum": museum.get("slug"),
        "country": museum.get("country"),
        "object_type": object_type,
        "materials": materials,
        "date_start": start,
        "date_end": end,
        "timeline_start": year_number(start) if start is not None else None,
        "timeline_end": year_number(end) if end is not None else None,
        "centuries": centuries(start, end) if start is not None else [],
        "has_image": bool(images),
        "place_name": (place or {}).get("name"),
        "location": location,
        "sort_title": " ".join(fold(title).split()),
        "place_folded": [fold(name) for name in places],
        "accession": accession_key(record.get("accession") or ""),
        **{f"{name}_folded": [(_fold_other if name == "other" else fold)(t) for t in values]
           for name, values in texts.items()},
        "cjk_title": [run for t in texts["title"] for run in cjk_runs(t)],
        "cjk_body": [
            run
            for name in ("description", "creator", "culture", "keywords", "other")
            for t in texts[name]
            for run in cjk_runs(t)
        ],
        "suggest_inputs": [i for entry in suggest_labels for i in entry["inputs"]],
        "suggest_labels": suggest_labels,
        "version": document_version(record),
        "display": {
            "title": record.get("title") or {},
            "accession": record.get("accession"),
            "museum": {
                "slug": museum.get("slug"),
                "name": museum.get("name") or {},
                "country": museum.get("country"),
            },
            "date": date,
            "object_type": record.get("object_type"),
            "materials": materials,
            "place": place,
            "thumbnail": _thumbnail(images[0]) if images else None,
            "manifest": record.get("manifest") or f"/iiif/3/objects/{record['id']}/manifest",
            "texts": texts,
            "record": record,
        },
    }


def hit_item(document: dict[str, Any], highlight: dict[str, str] | None = None) -> dict[str, Any]:
    """A search response item from a stored document (DESIGN.md: id, title, museum, date, ...)."""
    display = document["display"]
    return {
        "id": document["id"],
        "title": display["title"],
        "museum": display["museum"],
        "date": display["date"],
        "thumbnail": display["thumbnail"],
        "manifest": display["manifest"],
        "highlight": highlight or {},
    }


def export_row(document: dict[str, Any]) -> dict[str, Any]:
    """A row of an exported result set: the object's public record (the API's shape, with
    site-relative URLs), its museum's country and its thumbnail beside it."""
    display = document["display"]
    # An index built before DOCUMENT_FORMAT 3 holds no record until `search reindex`.
    record = display.get("record") or {
        "id": document["id"], "title": display["title"], "accession": display.get("accession"),
        "museum": display["museum"], "date": display["date"], "object_type": display.get("object_type"),
        "materials": display.get("materials") or [], "place": display.get("place"), "manifest": display["manifest"],
    }
    return {**record, "country": display["museum"].get("country"), "thumbnail": display["thumbnail"]}


def map_item(document: dict[str, Any]) -> dict[str, Any]:
    """An object on a map (``/api/v1/map``): what a marker shows and where it stands."""
    display = document["display"]
    place = display["place"]
    return {
        "id": document["id"],
        "title": display["title"],
        "thumbnail": display["thumbnail"],
        "lat": place["lat"],
        "lon": place["lon"],
        "museum": display["museum"],
    }
