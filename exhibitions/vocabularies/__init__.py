"""Controlled vocabularies: the object types, materials and techniques that objects are described
with, each term with a stable id, its Getty AAT identifier where one was checked, and a label in
every interface language (the data modules beside this one).

Contributors may write a term however they know it: its id ("bronze"), its AAT identifier
("aat:300010957" or the AAT URI), or any of its labels in any language ("青铜", "Бронза"),
case, accents and spacing aside. `match` is the one place that reads such a value. A value that
names no term is kept as the contributor wrote it (free text) and reported as a warning; a value
written as an identifier ("aat:...", "term:...") that names no term is an error, since the
contributor meant a term and would lose it silently.

Records carry the terms beside the strings they were written as (`object_terms`), so that
pages, manifests, exports and search read the labels in every language from the record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from search import parse_search_args
from search.query import SearchQuery
from search.text import fold

from . import materials, object_types, techniques

# The interface languages, in the order of the data modules' label columns.
LANGUAGES = ("en", "zh", "ru", "fa", "ar", "tr", "uz", "kk", "lv", "hu", "el", "fr")
AAT_URI = "http://vocab.getty.edu/aat/"
# "aat:300010957", the AAT's URIs (http or https, its /page/ and .json forms) and "term:bronze".
_AAT = re.compile(r"^(?:aat:|https?://vocab\.getty\.edu/(?:page/)?aat/)([0-9]{9})(?:\.json(?:ld)?)?/?$", re.IGNORECASE)
_TERM_ID = re.compile(r"^term:(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    """One term of a vocabulary."""

    vocabulary: str
    id: str
    aat: str | None  # the nine digits of its Getty AAT identifier
    labels: Mapping[str, str]  # one label per interface language
    also: tuple[str, ...] = ()  # other names that map to it (plurals, synonyms)

    @property
    def aat_uri(self) -> str | None:
        return f"{AAT_URI}{self.aat}" if self.aat else None

    def label(self, language: str) -> str:
        """The label in the language (its primary subtag: "zh-Hans" reads "zh"), else English."""
        return self.labels.get(language.split("-")[0].lower(), self.labels["en"])

    def language_map(self) -> dict[str, list[str]]:
        """The labels as an IIIF language map."""
        return {language: [label] for language, label in self.labels.items()}

    def to_dict(self) -> dict[str, Any]:
        """The term as the API shows it."""
        return {"id": self.id, "aat": f"aat:{self.aat}" if self.aat else None, "aat_uri": self.aat_uri,
                "label": self.language_map()}


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]
    by_key: Mapping[str, Term]
    by_id: Mapping[str, Term]
    by_aat: Mapping[str, Term]


class UnknownIdentifier(ValueError):
    """A value written as a term identifier that names no term of the vocabulary."""


# The object fields that take terms, and the vocabulary each takes them from.
FIELDS = {"object_type": "types", "materials": "materials", "techniques": "techniques"}
NAMES = ("types", "materials", "techniques")


def vocabulary_fields() -> dict[str, list[str]]:
    """Each vocabulary and the object fields and search filters that take its terms."""
    return {name: [field for field, of in FIELDS.items() if of == name]
            + [f"search: {facet}" for facet, of in SEARCH_FILTERS.items() if of == name] for name in NAMES}
_SOURCES = {"types": object_types, "materials": materials, "techniques": techniques}


def key(text: str) -> str:
    """What two spellings of one label share: case, accents and spacing aside."""
    return " ".join(fold(text).split())


def _parse(name: str, table: str) -> Vocabulary:
    terms, by_key, by_id, by_aat = [], {}, {}, {}
    for line in table.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != len(LANGUAGES) + 3:
            raise ValueError(f"{name}: {cells[0]!r} has {len(cells)} columns, not {len(LANGUAGES) + 3}")
        term_id, aat, labels, also = cells[0], cells[1] or None, cells[2:-1], cells[-1]
        if not all(labels):
            raise ValueError(f"{name}: {term_id!r} lacks a label")
        term = Term(name, term_id, aat, MappingProxyType(dict(zip(LANGUAGES, labels, strict=True))),
                    tuple(a.strip() for a in also.split(";") if a.strip()))
        if term_id in by_id or (aat and aat in by_aat):
            raise ValueError(f"{name}: {term_id!r} or its AAT id is given twice")
        by_id[term_id] = term
        if aat:
            by_aat[aat] = term
        for text in (term_id, *labels, *term.also):
            held = by_key.setdefault(key(text), term)
            if held is not term:
                raise ValueError(f"{name}: {text!r} names both {held.id!r} and {term_id!r}")
        terms.append(term)
    return Vocabulary(name, tuple(terms), MappingProxyType(by_key), MappingProxyType(by_id),
                      MappingProxyType(by_aat))


@cache
def vocabulary(name: str) -> Vocabulary:
    """A vocabulary by name (one of NAMES); KeyError for another."""
    return _parse(name, _SOURCES[name].TERMS)


@lru_cache(maxsize=4096)
def match(name: str, value: str) -> Term | None:
    """The term of vocabulary `name` that a contributor's value means, or None for free text.
    Cached: a bulk import's rows name the same few values again and again.

    Raises UnknownIdentifier for "aat:..." (or an AAT URI) and "term:..." values that name no
    term of the vocabulary."""
    words = value.strip()
    found = _AAT.match(words)
    if found:
        term = vocabulary(name).by_aat.get(found.group(1))
        if term is None:
            raise UnknownIdentifier(f"names no term of the {name} vocabulary with AAT id {found.group(1)}")
        return term
    found = _TERM_ID.match(words)
    if found:
        term = vocabulary(name).by_id.get(found.group(1).strip().lower())
        if term is None:
            raise UnknownIdentifier(f"names no term of the {name} vocabulary ({found.group(1).strip()!r})")
        return term
    return vocabulary(name).by_key.get(key(words))


def _values(fields: Mapping[str, Any], field: str) -> list[tuple[str, str]]:
    """(field path, value) for each term value of a field: "object_type", "materials.0", ..."""
    value = fields.get(field)
    if field == "object_type":
        return [(field, value)] if value else []
    return [(f"{field}.{position}", item) for position, item in enumerate(value or [])]


@dataclass(frozen=True)
class Reading:
    """What `read_terms` made of an object's term fields."""

    fields: dict[str, Any]  # the metadata, identifiers written as the terms' English labels
    warnings: list[dict[str, str]]  # the values kept as free text
    errors: list[dict[str, str]]  # the identifiers that name no term


def read_terms(fields: Mapping[str, Any]) -> Reading:
    """Read the term fields of validated object metadata (the API, the form and imports alike).

    A value written as an identifier is stored as its term's English label, so that the string
    fields stay words a reader understands; labels in any language stay as written."""
    result = dict(fields)
    warnings, errors = [], []
    for field, name in FIELDS.items():
        written = []
        for path, value in _values(fields, field):
            try:
                term = match(name, value)
            except UnknownIdentifier as error:
                errors.append({"field": path, "message": str(error)})
                written.append(value)
                continue
            if term is None:
                warnings.append({"field": path, "value": value,
                                 "message": f"is not a term of the {name} vocabulary; kept as free text"})
            identifier = term is not None and (_AAT.match(value.strip()) or _TERM_ID.match(value.strip()))
            written.append(term.labels["en"] if identifier else value)
        if field in fields:
            result[field] = (written[0] if written else fields[field]) if field == "object_type" else written
    return Reading(result, warnings, errors)


def _entry(name: str, value: str) -> dict[str, Any]:
    try:
        term = match(name, value)
    except UnknownIdentifier:  # a term since removed from the vocabulary: its words stay
        term = None
    return {"value": value, **(term.to_dict() if term else {"id": None})}


def object_terms(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The `terms` of an object record: for object_type (or None) and for each material and
    technique, the value as written and, when it names a term, the term's id, AAT id and labels."""
    return {
        field: (_entry(name, fields[field]) if fields.get(field) else None) if field == "object_type"
        else [_entry(name, value) for value in fields.get(field) or []]
        for field, name in FIELDS.items()
    }


def facet_label(name: str, value: str, language: str) -> str:
    """A facet value's label: the term's label in the language when the value is a term id."""
    return facet_labels(name, language).get(value, value)


def filter_values(name: str, values: Iterable[str]) -> tuple[str, ...]:
    """A search filter's values as the index holds them: a term's id for any way of writing the
    term, other values as they are."""
    result = []
    for value in values:
        try:
            term = match(name, value)
        except UnknownIdentifier:
            term = None
        result.append(term.id if term else value)
    return tuple(dict.fromkeys(result))


# The search filters and facets whose values are terms, and the vocabulary of each.
SEARCH_FILTERS = {"object_type": "types", "material": "materials"}


# (vocabulary name, language) -> the vocabulary the labels were read from, and its terms' labels
# by id. A search page labels some seventy facet values; a vocabulary read anew (another
# Vocabulary) has its labels read anew. Languages are few; the bound is a safeguard.
_FACET_LABELS: dict[tuple[str, str], tuple[Vocabulary, dict[str, str]]] = {}
_FACET_LABELS_KEPT = 256


def facet_labels(name: str, language: str) -> Mapping[str, str]:
    """Each term's facet_label in the language, by term id."""
    current = vocabulary(name)
    held = _FACET_LABELS.get((name, language))
    if held is not None and held[0] is current:
        return held[1]
    labels = {term.id: term.label(language) for term in current.terms}
    if len(_FACET_LABELS) >= _FACET_LABELS_KEPT:
        _FACET_LABELS.clear()
    _FACET_LABELS[(name, language)] = (current, labels)
    return labels


def label_facets(facets: Mapping[str, Sequence[dict[str, Any]]], language: str) -> None:
    """Relabel the term facets of a search answer in the reader's language (in place)."""
    for facet, name in SEARCH_FILTERS.items():
        values = facets.get(facet)
        if values:
            labels = facet_labels(name, language)
            for value in values:
                value["label"] = labels.get(value["value"], value["value"])


def with_term_filters(query: SearchQuery) -> SearchQuery:
    """The query with its type and material filters as the index holds them (filter_values), so
    that ?material=青铜 and ?material=aat:300010957 select the bronze objects as ?material=bronze does."""
    read = {facet: filter_values(name, getattr(query, facet)) for facet, name in SEARCH_FILTERS.items()}
    # Most queries name no term, or name them by id already: the query as it is, not checked anew.
    if all(values == getattr(query, facet) for facet, values in read.items()):
        return query
    return replace(query, **read)


def parse_query(args: Mapping[str, Any], language: str, parse: Callable = parse_search_args) -> Any:
    """A search request's query (and whatever else `parse` reads beside it, such as a map's zoom),
    its term filters read by with_term_filters."""
    parsed = parse(args, language=language)
    if isinstance(parsed, tuple):
        return (with_term_filters(parsed[0]), *parsed[1:])
    return with_term_filters(parsed)
