"""Researchers' query syntax: the text of a search (`q`) read into phrases, exclusions and fields.

    blue jar                 plain words: every one somewhere in the object's text (as ever)
    "blue and white"         a phrase: its words together and in order, in one text field
    -modern, -"late copy"    an exclusion: no hit holds the word or phrase
    creator:li, place:"Chang'an", keyword:export, culture:sogdian
                             a field: the word or quoted phrase in that field only
    accession:1985.12.3      the accession number, whole (case and accents aside)
    -culture:tang            an excluded field value

Anything else is plain text and never an error: a quote without its pair, a lone "-", an
unknown prefix ("foo:bar" searches foo and bar). Both backends translate the parsed query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import accession_key, tokens

FIELDS = ("creator", "culture", "place", "keyword", "accession")

_CLAUSE = re.compile(
    r'(?<!\S)(?P<negated>-)?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"(?!\S)|(?P<bare>[^\s"]+)(?!\S))'
)


@dataclass(frozen=True)
class Clause:
    """A phrase, a field's value or an excluded one. `field` is None for every text field;
    `value` is the text as typed (a single word is a phrase of one)."""

    value: str
    field: str | None = None
    negated: bool = False


@dataclass(frozen=True)
class TextQuery:
    """What the text of a search asks: plain words (`words`, matched as before the syntax) and
    the clauses that must, or must not, match."""

    words: str = ""
    clauses: tuple[Clause, ...] = ()

    @property
    def required(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if not clause.negated)

    @property
    def excluded(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if clause.negated)

    @property
    def searchable(self) -> bool:
        """Whether anything is left to search: stop words and punctuation alone find nothing."""
        return bool(tokens(self.words) or self.clauses)


def _meaningful(clause: Clause) -> bool:
    if clause.field == "accession":
        return bool(accession_key(clause.value))
    return bool(tokens(clause.value))


def parse_text(text: str) -> TextQuery:
    """The query the text asks (see the module docstring); never raises."""
    words: list[str] = []
    clauses: list[Clause] = []
    position = 0
    for match in _CLAUSE.finditer(text):
        words.append(text[position:match.start()])
        position = match.end()
        field = (match["field"] or "").lower() or None
        quoted = match["quoted"]
        if field is not None and field not in FIELDS:
            words.append(match[0])  # an unknown prefix is text: "foo:bar"
            continue
        if field is None and quoted is None and not match["negated"]:
            words.append(match["bare"])
            continue
        clause = Clause(quoted if quoted is not None else match["bare"], field, bool(match["negated"]))
        if _meaningful(clause):
            clauses.append(clause)
    words.append(text[position:])
    return TextQuery(" ".join(" ".join(words).split()), tuple(dict.fromkeys(clauses)))
