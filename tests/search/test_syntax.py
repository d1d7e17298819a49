"""The query syntax read from the text of a search: phrases, exclusions, fields, and text for the rest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.syntax import Clause, TextQuery, parse_text


@pytest.mark.parametrize(("text", "parsed"), [
    ("blue jar", TextQuery("blue jar")),
    ('"blue and white" jar', TextQuery("jar", (Clause("blue and white"),))),
    ("-modern", TextQuery("", (Clause("modern", negated=True),))),
    ('-"late copy"', TextQuery("", (Clause("late copy", negated=True),))),
    ('place:"Chang\'an"', TextQuery("", (Clause("Chang'an", "place"),))),
    ("CREATOR:li", TextQuery("", (Clause("li", "creator"),))),
    ("-culture:tang", TextQuery("", (Clause("tang", "culture", negated=True),))),
    ("accession:1985.12.3", TextQuery("", (Clause("1985.12.3", "accession"),))),
    ("keyword:silk keyword:silk", TextQuery("", (Clause("silk", "keyword"),))),
])
def test_the_syntax_reads_into_clauses(text, parsed):
    assert parse_text(text) == parsed


@pytest.mark.parametrize(("text", "words"), [
    ("foo:bar", "foo:bar"),  # an unknown prefix is text
    ('"unbalanced quote', '"unbalanced quote'),
    ("-", "-"),
    ("creator:", "creator:"),
    ('a"b', 'a"b'),
    ('mid"dle" x', 'mid"dle" x'),
])
def test_what_is_not_syntax_stays_text(text, words):
    assert parse_text(text) == TextQuery(words)


def test_phrases_of_stop_words_alone_are_dropped_and_find_nothing():
    assert parse_text('"the of"') == TextQuery("")
    assert not parse_text('"the of" -and').searchable
    assert parse_text("accession:x").searchable


@given(st.text(max_size=80))
def test_any_text_parses(text):
    parsed = parse_text(text)
    assert all(clause.value.strip() for clause in parsed.clauses)
